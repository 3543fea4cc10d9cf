#!/usr/bin/env node
// Focus management and copyable text (issue 10, items 3 and 4), by keyboard through the DOM
// mirror, with axe-core on every state:
// - after logging in the focus is on the page's content (the tab panel), with the ring;
// - the skip link is the first stop of Tab, shows itself while focused and leads to the content;
// - the navigation is a tab list: one Tab stop, arrow keys, Home and End move between the
//   tabs, Enter opens one, and the selected tab controls the panel;
// - opening an access's detail moves the focus into it (a dialog with a name), "Widerspruch
//   einlegen" is a Tab or two away, and Escape closes it and gives the focus back to the row.
// A busy button and copying an Aktenzeichen: focus_copy.e2e.mjs. The forms after an error is
// fixed: focus_forms.mjs.
//
// Usage: node focus.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import { fail, log, openLoginScreen, runBrowserTest, waitForReported, waitForState } from './harness.mjs';
import { activeName, expectFocus, expectGone, expectVisible, logIn, press, recordScreen } from './steps.mjs';
import { expectFocusOn, expectRing, ringOnEdges } from './focus_checks.mjs';

// [SECTION] After login, the skip link and the tab list

async function afterLogin(page, artifacts) {
  const panel = page.getByRole('tabpanel', { name: 'Übersicht' });
  await expectFocusOn(page, panel, 'the overview\'s panel after logging in');
  await expectRing(page, panel, 'the overview\'s panel');
  await recordScreen(page, artifacts, '01-after-login.png', { axe: 'overview, focus on the content' });

  log('the skip link is the first stop of Tab and leads to the content');
  const first = await page.evaluate(() => {
    const all = [...document.querySelectorAll('#a11y-root a, #a11y-root button, #a11y-root input, #a11y-root select, #a11y-root textarea')];
    const el = all.find((e) => e.tabIndex >= 0 && !e.disabled);
    return el ? el.textContent.trim() : null;
  });
  if (first !== 'Zum Inhalt springen') fail(`the first stop of Tab is ${JSON.stringify(first)}`);
  // Backwards from the content: the selected tab (one stop for the list), "Abmelden",
  // "English", the skip link.
  const expected = ['Übersicht', 'Abmelden', 'English', 'Zum Inhalt springen'];
  for (const name of expected) {
    await page.keyboard.press('Shift+Tab');
    await expectFocus(page, name, `Shift+Tab back to "${name}"`);
  }
  const skip = page.getByRole('link', { name: 'Zum Inhalt springen' });
  await waitForReported(skip, 'the client to focus the skip link', { focused: true });
  const ring = await ringOnEdges(page, skip, 6);
  log(`skip link while focused: ${(ring * 100).toFixed(1)} % ring on its edges`);
  if (ring < 0.2) fail('the focused skip link is not shown with its ring');
  await recordScreen(page, artifacts, '02-skip-link.png', { axe: 'skip link focused' });
  await page.keyboard.press('Enter');
  await expectFocusOn(page, panel, 'the content after the skip link');

  log('the tab list: one stop, arrow keys, Home, End, Enter');
  const tabs = page.getByRole('tab');
  const stops = await tabs.evaluateAll((all) => all.map((t) => t.tabIndex));
  if (stops.filter((i) => i === 0).length !== 1) fail(`the tabs' tabindex: ${stops.join(',')} (one 0 expected)`);
  const names = (await tabs.allTextContents()).map((t) => t.trim());
  await page.keyboard.press('Shift+Tab');
  await expectFocus(page, 'Übersicht', 'the selected tab');
  await page.keyboard.press('ArrowRight');
  await expectFocusOn(page, page.getByRole('tab', { name: names[1] }), `ArrowRight to "${names[1]}"`);
  await page.keyboard.press('End');
  await expectFocusOn(page, page.getByRole('tab', { name: names[names.length - 1] }), 'End to the last tab');
  await page.keyboard.press('ArrowRight');
  await expectFocusOn(page, page.getByRole('tab', { name: names[0] }), 'ArrowRight from the last to the first');
  await page.keyboard.press('ArrowLeft');
  await expectFocusOn(page, page.getByRole('tab', { name: names[names.length - 1] }), 'ArrowLeft from the first to the last');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  const accesses = page.getByRole('tab', { name: 'Zugriffe' });
  await expectFocusOn(page, accesses, 'Home, ArrowRight to "Zugriffe"');
  const still = await testPage(page);
  if (still !== 'Overview') fail(`moving over the tabs opened ${still}`);
  await page.keyboard.press('Enter');
  await waitForState(page, 'the history after Enter on its tab', (s) => s.page === 'Accesses');
  await waitForReported(accesses, 'the tab "Zugriffe" selected', { selected: true, focused: true });
  const controls = await accesses.getAttribute('aria-controls');
  const panelId = await page.getByRole('tabpanel', { name: 'Zugriffe' }).getAttribute('id');
  if (!controls || controls !== panelId) fail(`the selected tab controls ${controls}, the panel is ${panelId}`);
  await recordScreen(page, artifacts, '03-tabs.png', { axe: 'history, focus on its tab' });
}

async function testPage(page) {
  return page.evaluate(() => window.einblickTestState().page);
}

// [SECTION] The access detail

// Opens the detail of each row in turn until one offers "Widerspruch einlegen"; returns it.
async function openObjectableDetail(page) {
  await waitForState(page, 'the history with rows', (s) => s.page === 'Accesses' && !s.loading && s.rows > 0);
  const rows = page.getByRole('table', { name: 'Zugriffe auf Ihre Daten' }).getByRole('row');
  const dialog = page.getByRole('dialog', { name: 'Einzelheiten zum Zugriff' });
  for (let i = 1; i < Math.min(await rows.count(), 12); ++i) {
    const link = rows.nth(i).getByRole('link');
    await press(page, link, `the time of row ${i}`);
    await expectFocusOn(page, dialog.getByRole('button', { name: 'Schließen' }), 'the detail\'s first control after opening it');
    await expectVisible(dialog.getByRole('heading', { name: 'Eintrag im Zweckregister' }).or(
      dialog.getByText('Mit diesem Abruf ist kein Eintrag')), 'the detail loaded');
    if (await dialog.getByRole('button', { name: 'Widerspruch einlegen' }).count() === 1) return link;
    await page.keyboard.press('Escape');
    await expectGone(dialog, 'the detail after Escape');
  }
  fail('no access among the first rows one could object to');
}

async function detail(page, artifacts) {
  const link = await openObjectableDetail(page);
  const dialog = page.getByRole('dialog', { name: 'Einzelheiten zum Zugriff' });
  await recordScreen(page, artifacts, '04-detail.png', { axe: 'detail opened, focus in it' });
  let tabs = 0;
  while ((await activeName(page)) !== 'Widerspruch einlegen') {
    if (++tabs > 3) fail(`"Widerspruch einlegen" is more than 3 Tabs away from the opened detail (at ${JSON.stringify(await activeName(page))})`);
    await page.keyboard.press('Tab');
  }
  log(`"Widerspruch einlegen" is ${tabs} Tab(s) after opening the detail`);
  await waitForReported(dialog.getByRole('button', { name: 'Widerspruch einlegen' }), 'the client on "Widerspruch einlegen"', { focused: true });
  await page.keyboard.press('Escape');
  await expectGone(dialog, 'the detail after Escape');
  await expectFocusOn(page, link, 'the row\'s link after Escape');
  await expectRing(page, link, 'the row\'s link');
  await recordScreen(page, artifacts, '05-detail-closed.png', { axe: 'detail closed, focus on its row' });
}

async function scenario(page, baseUrl, artifacts) {
  await page.setViewportSize({ width: 1366, height: 800 });
  await openLoginScreen(page, baseUrl);
  await logIn(page, 'erika');
  await afterLogin(page, artifacts);
  await detail(page, artifacts);
}

runBrowserTest('focus', scenario, {}, { budgetMs: 115_000 });
