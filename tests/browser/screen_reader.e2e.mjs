#!/usr/bin/env node
// What a screen reader gets beyond the controls (WCAG 1.1.1, 1.3.1, 3.1.2), read from the
// accessibility tree (getByRole, and Chromium's own tree through the DevTools protocol):
// - the main landmark is named in the page's language ("Einblick – Datenschutzcockpit",
//   "Einblick – privacy dashboard");
// - the overview's three key figures are a list of three items, each "label: value";
// - the monthly chart is an image named by a summary (span, total, busiest month) inside a
//   figure together with its table;
// - on English pages the German data is marked lang="de": the agencies and purposes offered
//   by the history's filters, the citizen's own reasons under "Objections", and the citizen's
//   reasons in the DPO's case view;
// with axe-core on every screen.
//
// Usage: node screen_reader.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import {
  assertNoAxeViolations, fail, log, openLoginScreen, runBrowserTest, settle, waitForState,
} from './harness.mjs';
import { api, expectStatus, expectVisible, logIn, press } from './steps.mjs';

// [SECTION] Chromium's accessibility tree

async function chromiumTree(page) {
  const session = await page.context().newCDPSession(page);
  try {
    const { nodes } = await session.send('Accessibility.getFullAXTree');
    return nodes.filter((n) => !n.ignored).map((n) => ({
      role: n.role && n.role.value,
      name: (n.name && n.name.value) || '',
    }));
  } finally {
    await session.detach();
  }
}

async function expectInChromiumTree(page, role, namePattern, what) {
  const nodes = await chromiumTree(page);
  const found = nodes.find((n) => n.role === role && namePattern.test(n.name));
  if (!found) {
    const seen = nodes.filter((n) => n.role === role).map((n) => n.name.slice(0, 60));
    fail(`${what}: Chromium's accessibility tree has no ${role} named ${namePattern}; ${role}s: ${JSON.stringify(seen)}`);
  }
  return found;
}

// [SECTION] Checks

async function mainLandmark(page, name) {
  await expectVisible(page.getByRole('main', { name, exact: true }), `the main landmark "${name}"`);
  await expectInChromiumTree(page, 'main', new RegExp(`^${name}$`), 'the main landmark');
}

const FIGURE_LABELS = /^(Accesses? in the last 30 days|Refused retrieval attempts? in 30 days|Open objections?): (\d[\d.]*|more than \d[\d.]*|at least \d[\d.]*)$/;

async function keyFigures(page) {
  const list = await expectVisible(page.getByRole('list', { name: 'Key figures of the last 30 days' }),
    'the list of key figures');
  const items = list.getByRole('listitem');
  if ((await items.count()) !== 3) fail(`the key figures are ${await items.count()} list items, not 3`);
  const texts = [];
  for (let i = 0; i < 3; i += 1) {
    const first = (await items.nth(i).locator(':scope > .a11y-node').first().textContent()).trim();
    if (!FIGURE_LABELS.test(first)) fail(`key figure ${i + 1} reads "${first}", not "label: value"`);
    texts.push(first);
  }
  log(`key figures: ${texts.join(' | ')}`);
  const listItems = (await chromiumTree(page)).filter((n) => n.role === 'listitem');
  if (listItems.length < 3) fail(`Chromium's tree has ${listItems.length} list items`);
}

async function chartFigure(page) {
  const figure = await expectVisible(page.getByRole('figure', { name: 'Accesses per month: chart and table' }),
    'the figure of the monthly chart and table');
  const image = figure.getByRole('img');
  if ((await image.count()) !== 1) fail(`the figure holds ${await image.count()} images`);
  const name = await image.getAttribute('aria-label');
  if (!/^Bar chart of accesses per month from \w+ \d{4} to \w+ \d{4}: \d+ access(es)? in total/.test(name)) {
    fail(`the chart's text alternative is "${name}"`);
  }
  await expectVisible(figure.getByRole('table', { name: 'Accesses per month' }), 'the table inside the figure');
  await expectInChromiumTree(page, 'image', /^Bar chart of accesses per month from /, 'the chart');
  log(`chart: "${name}"`);
}

// Every option of the select but the first ("All …", the app's own words) is German data.
async function optionsMarked(page, name) {
  const select = await expectVisible(page.getByRole('combobox', { name, exact: true }), `the select "${name}"`);
  const options = await select.evaluate((el) => [...el.options].map((o) => ({ text: o.text, lang: o.closest('[lang]') && o.closest('[lang]').lang })));
  if (options.length < 3) fail(`the select "${name}" offers only ${options.length} options`);
  if (options[0].lang === 'de') fail(`"${options[0].text}" in "${name}" is English but marked German`);
  const unmarked = options.slice(1).filter((o) => o.lang !== 'de');
  if (unmarked.length) fail(`options of "${name}" not marked lang="de": ${unmarked.map((o) => o.text).join(', ')}`);
  log(`"${name}": ${options.length - 1} German options marked, e.g. "${options[1].text}"`);
}

// The element holding exactly `text` is marked German (itself or a container).
async function expectMarkedGerman(page, text, what) {
  const found = await page.evaluate((wanted) => {
    const el = [...document.querySelectorAll('#a11y-root .a11y-node')]
      .find((node) => (node.getAttribute('aria-label') || node.textContent).trim() === wanted);
    return el ? { lang: el.closest('[lang]') && el.closest('[lang]').lang } : null;
  }, text);
  if (!found) fail(`${what}: no element reads "${text.slice(0, 60)}"`);
  if (found.lang !== 'de') fail(`${what} is not marked lang="de" (lang ${found.lang})`);
}

// [SECTION] The tour

async function citizen(page, artifacts) {
  await logIn(page, 'erika', { role: 'citizen', language: 'en' });
  await mainLandmark(page, 'Einblick – privacy dashboard');
  await page.waitForFunction(() => !document.querySelector('#a11y-root [aria-busy=true]'), null, { timeout: 20_000 })
    .catch(() => fail('the overview kept loading'));
  await keyFigures(page);
  await chartFigure(page);
  await settle(page, 'the overview');
  await assertNoAxeViolations(page, 'overview in English', artifacts);

  await page.getByRole('tab', { name: 'Accesses', exact: true }).click();
  await waitForState(page, 'the history', (s) => s.page === 'Accesses' && s.rows > 0);
  await optionsMarked(page, 'Authority');
  await optionsMarked(page, 'Purpose');
  await settle(page, 'the history');
  await assertNoAxeViolations(page, 'history in English', artifacts);

  const objections = expectStatus(await api(page, 'GET', '/api/v1/me/objections'), 200, 'erika\'s objections');
  if (!objections.items.length) fail('the demo citizen has no objection');
  await page.getByRole('tab', { name: 'Objections', exact: true }).click();
  await waitForState(page, 'the objections', (s) => s.page === 'Objections');
  await expectVisible(page.getByRole('heading', { name: new RegExp(`^Objection ${objections.items[0].reference}`) }),
    'the first objection');
  await expectMarkedGerman(page, objections.items[0].reason.trim(), 'the citizen\'s own reason');
  await settle(page, 'the objections');
  await assertNoAxeViolations(page, 'objections in English', artifacts);
  await press(page, page.getByRole('button', { name: 'Sign out', exact: true }), '"Sign out"');
  await waitForState(page, 'the login screen', (s) => s.screen === 'login');
  return objections.items;
}

async function dpoCase(page, artifacts) {
  await logIn(page, 'dsb', { role: 'dpo', language: 'en' });
  const queue = expectStatus(await api(page, 'GET', '/api/v1/objections?status=pending'), 200, 'the queue');
  const objection = queue.items[0];
  if (!objection) fail('the DPO\'s queue is empty');
  await press(page, page.getByRole('link', { name: objection.reference, exact: true }), `the case ${objection.reference}`);
  await expectVisible(page.getByRole('heading', { name: 'The citizen\'s reasons' }), 'the citizen\'s reasons');
  await expectMarkedGerman(page, objection.reason.trim(), 'the citizen\'s reason in the case view');
  await settle(page, 'the case');
  await assertNoAxeViolations(page, 'DPO case in English', artifacts);
}

async function scenario(page, baseUrl, artifacts) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openLoginScreen(page, baseUrl);
  await mainLandmark(page, 'Einblick – Datenschutzcockpit');
  await press(page, page.getByRole('button', { name: 'English', exact: true }), 'the "English" switch');
  await expectVisible(page.getByRole('textbox', { name: 'Username' }), 'the English login form');
  await mainLandmark(page, 'Einblick – privacy dashboard');
  await citizen(page, artifacts);
  await dpoCase(page, artifacts);
  log('landmarks, key figures, chart and German data are right for screen readers');
}

runBrowserTest('screen_reader', scenario, {}, { budgetMs: 100_000 });
