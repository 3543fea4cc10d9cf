#!/usr/bin/env node
// End-to-end: the demo citizen exercises her rights through the real page, driven only through
// the DOM mirror (getByRole / getByLabel), with axe-core on every screen and the server's word
// on every change:
// - "Einwilligungen": withdraws her consent in one step (Art. 7(3)); the notice appears and
//   GET /api/v1/me/consents shows it withdrawn;
// - gives a consent through the flow: an invalid date first (error summary, invalid field),
//   then check your answers and confirmation; the server lists the new consent as given;
// - "Widersprüche": her objections, the decided one with its reason and the remedies (Art. 77);
// - "Zweckregister": the approved purposes with legal basis and her rights per purpose;
// - "Export": "Als JSON herunterladen" saves a real file that parses and holds her events.
//
// Usage: node citizen_consent.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import fs from 'node:fs';
import path from 'node:path';
import {
  DEMO_PASSWORD, DEMO_USER, STEP_TIMEOUT_MS, assertCanvasDrew, assertNoAxeViolations, fail, log,
  openLoginScreen, runBrowserTest, waitForState,
} from './harness.mjs';

const GIVEN_PURPOSE = 'Wiederverwendung der Anschrift statt Nachweisvorlage';
const NEW_PURPOSE = 'Berechnung des Elterngeldes';
const NEW_AGENCY = 'Elterngeldstelle Leipzig';

// A control of the mirror may lie below the fold of the canvas (the page scrolls inside
// ImGui): focus it and press Enter, as a keyboard user would; ImGui scrolls it into view.
async function press(page, locator, what) {
  await locator.waitFor({ timeout: STEP_TIMEOUT_MS }).catch(() => fail(`no ${what} in the mirror`));
  await locator.focus();
  await page.keyboard.press('Enter');
}

async function expectVisible(locator, what, timeout = STEP_TIMEOUT_MS) {
  await locator.first().waitFor({ timeout }).catch(() => fail(`${what} did not appear`));
}

async function api(page, url) {
  return page.evaluate(async (target) => {
    const response = await fetch(target, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    return { status: response.status, body: await response.json() };
  }, url);
}

async function serverConsents(page) {
  const { status, body } = await api(page, '/api/v1/me/consents');
  if (status !== 200) fail(`GET /api/v1/me/consents answered ${status}`);
  return body.items;
}

// A screenshot of each step. The first one also checks that the canvas really drew; the
// pixel statistics cost a second each on this machine, so the others are plain screenshots.
let canvasChecked = false;
async function snap(page, artifacts, name) {
  await page.waitForTimeout(150); // let the frame with the new state reach the compositor
  if (!canvasChecked) {
    await assertCanvasDrew(page, path.join(artifacts, name), name);
    canvasChecked = true;
    return;
  }
  await page.screenshot({ path: path.join(artifacts, name) });
}

async function openPage(page, title, englishTitle) {
  await page.getByRole('tab', { name: title }).click();
  await waitForState(page, `the page ${title}`, (s) => s.screen === 'dashboard' && s.page === englishTitle);
  await expectVisible(page.getByRole('heading', { name: title, level: 2 }), `heading "${title}"`);
}

async function logIn(page) {
  await page.getByRole('textbox', { name: 'Benutzername' }).fill(DEMO_USER);
  await page.getByLabel('Passwort').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await waitForState(page, 'the dashboard', (s) => s.screen === 'dashboard' && s.role === 'citizen');
}

// [SECTION] Consents
async function withdrawConsent(page, artifacts) {
  await openPage(page, 'Einwilligungen', 'Consents');
  const withdraw = page.getByRole('button', { name: `Einwilligung widerrufen: ${GIVEN_PURPOSE}` });
  await expectVisible(withdraw, `the withdraw button of "${GIVEN_PURPOSE}"`);
  const before = (await serverConsents(page)).find((c) => c.purpose.name === GIVEN_PURPOSE && c.state === 'given');
  if (!before) fail(`the demo has no given consent for "${GIVEN_PURPOSE}"`);
  await expectVisible(page.getByRole('table', { name: 'Widerrufene und abgelaufene Einwilligungen' }),
    'the table of earlier consents');
  await snap(page, artifacts, '01-consents.png');
  await assertNoAxeViolations(page, 'consents', artifacts);

  log('withdrawing in one step');
  await press(page, withdraw, 'withdraw button');
  const notice = page.getByRole('status').filter({ hasText: 'Ihre Einwilligung wurde widerrufen.' });
  await expectVisible(notice, 'the withdrawal notice');
  const after = (await serverConsents(page)).find((c) => c.id === before.id);
  if (!after || after.state !== 'withdrawn' || !after.withdrawn_at) {
    fail(`the server does not show consent ${before.id} withdrawn: ${JSON.stringify(after)}`);
  }
  log(`server: consent ${after.id} ${after.state} at ${after.withdrawn_at}`);
  if (await withdraw.count() !== 0) fail('the withdraw button is still there after the withdrawal');
  await snap(page, artifacts, '02-withdrawn.png');
  await assertNoAxeViolations(page, 'consent withdrawn', artifacts);
}

async function grantConsent(page, artifacts) {
  log('giving a consent through the flow');
  await press(page, page.getByRole('button', { name: 'Einwilligung erteilen', exact: true }), '"Einwilligung erteilen"');
  await expectVisible(page.getByRole('radiogroup', { name: 'Zweck der Einwilligung' }), 'the purpose choice');
  await page.getByRole('radio', { name: `${NEW_PURPOSE} – ${NEW_AGENCY}` }).check();
  await expectVisible(page.getByText('Was Sie damit erlauben'), 'the explanation of the chosen purpose');

  // An impossible date first: the summary on top and the field marked invalid.
  const date = page.getByRole('textbox', { name: 'Gültig bis (TT.MM.JJJJ)' });
  await date.fill('31.02.2027');
  await press(page, page.getByRole('button', { name: 'Weiter zur Prüfung' }), '"Weiter zur Prüfung"');
  await expectVisible(page.getByRole('alert').filter({ hasText: 'Bitte korrigieren Sie Ihre Angaben' }),
    'the error summary');
  await page.waitForFunction(() => {
    const field = [...document.querySelectorAll('#a11y-root input[type=text]')]
      .find((el) => el.getAttribute('aria-invalid') === 'true');
    return Boolean(field);
  }, null, { timeout: 5_000 }).catch(() => fail('the date field is not marked invalid'));
  await snap(page, artifacts, '03-consent-form-errors.png');
  await assertNoAxeViolations(page, 'consent form with errors', artifacts);

  const year = new Date().getFullYear() + 2;
  const expires = `30.06.${year}`;
  await date.fill(expires);
  await press(page, page.getByRole('button', { name: 'Weiter zur Prüfung' }), '"Weiter zur Prüfung"');
  await expectVisible(page.getByRole('heading', { name: 'Bitte prüfen Sie Ihre Angaben' }), 'the check page');
  await expectVisible(page.getByRole('cell', { name: expires }), `the date ${expires} on the check page`);
  await snap(page, artifacts, '04-consent-review.png');
  await assertNoAxeViolations(page, 'consent review', artifacts);

  await press(page, page.getByRole('button', { name: 'Einwilligung erteilen', exact: true }), 'the submit button');
  await expectVisible(page.getByRole('heading', { name: 'Einwilligung erteilt' }), 'the confirmation');
  const given = (await serverConsents(page)).find((c) => c.purpose.name === NEW_PURPOSE && c.state === 'given');
  if (!given) fail(`the server has no given consent for "${NEW_PURPOSE}"`);
  log(`server: consent ${given.id} given until ${given.expires_at}`);
  await snap(page, artifacts, '05-consent-given.png');
  await assertNoAxeViolations(page, 'consent confirmation', artifacts);

  await press(page, page.getByRole('button', { name: 'Zurück zu den Einwilligungen' }), 'the way back');
  await expectVisible(page.getByRole('button', { name: `Einwilligung widerrufen: ${NEW_PURPOSE}` }),
    'the new consent in the list');
}

// [SECTION] Objections, registry, export
async function readObjections(page, artifacts) {
  await openPage(page, 'Widersprüche', 'Objections');
  await expectVisible(page.getByRole('heading', { name: /^Widerspruch W-\d{4}-\d+: Meldedatenabgleich zum Rundfunkbeitrag$/ }),
    'the decided objection');
  await expectVisible(page.getByText('zurückgewiesen am', { exact: false }), 'the rejection');
  await expectVisible(page.getByText('Feststellung der Beitragspflicht je Wohnung', { exact: false }),
    'the reason of the decision');
  await expectVisible(page.getByText('Art. 77 DSGVO', { exact: false }), 'the right to complain (Art. 77)');
  const headings = await page.getByRole('heading', { level: 3, name: /^Widerspruch / }).count();
  const { body } = await api(page, '/api/v1/me/objections');
  if (headings !== body.items.length) fail(`${headings} objections shown, the server has ${body.items.length}`);
  await snap(page, artifacts, '06-objections.png');
  await assertNoAxeViolations(page, 'objections', artifacts);
}

async function readRegistry(page, artifacts) {
  await openPage(page, 'Zweckregister', 'Purpose registry');
  const table = page.getByRole('table', { name: 'Zweckregister' });
  await expectVisible(table, 'the registry table');
  const headers = (await table.getByRole('columnheader').allTextContents()).map((t) => t.trim());
  if (headers.join('|') !== 'Stelle|Zweck|Rechtsgrundlage|Daten|Ihre Rechte') fail(`registry columns: ${headers}`);
  const { body } = await api(page, '/api/v1/purposes');
  const rows = await table.getByRole('row').count();
  if (rows !== body.items.length + 1) fail(`${rows - 1} registry rows for ${body.items.length} purposes`);
  await expectVisible(page.getByRole('button', { name: 'Widerspruch einlegen: Zulassung eines Fahrzeugs' }),
    'an objection button per purpose');
  await expectVisible(page.getByRole('button', { name: `Einwilligung verwalten: ${NEW_PURPOSE}` }),
    'the consent given just now');
  await snap(page, artifacts, '07-registry.png');
  await assertNoAxeViolations(page, 'registry', artifacts);

  await page.getByRole('textbox', { name: 'Zweckregister durchsuchen' }).fill('polizeidirektion');
  await expectVisible(page.getByRole('status').filter({ hasText: /^2 von \d+ Zwecken angezeigt$/ }), 'the search result');
  await snap(page, artifacts, '08-registry-search.png');
  await assertNoAxeViolations(page, 'registry search', artifacts);
}

async function downloadExport(page, artifacts) {
  await openPage(page, 'Export', 'Export');
  await expectVisible(page.getByRole('heading', { name: 'Was der Export enthält' }), 'what the export contains');
  await assertNoAxeViolations(page, 'export', artifacts);
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: STEP_TIMEOUT_MS }),
    press(page, page.getByRole('button', { name: 'Als JSON herunterladen' }), '"Als JSON herunterladen"'),
  ]);
  const file = path.join(artifacts, download.suggestedFilename() || 'export.json');
  await download.saveAs(file);
  let exported;
  try {
    exported = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`the downloaded export is not JSON: ${error.message}`);
  }
  if (exported.format !== 'einblick-export/1') fail(`export format is ${exported.format}`);
  if (exported.account.username !== DEMO_USER) fail(`the export is of ${exported.account.username}`);
  if (!Array.isArray(exported.access_log) || exported.access_log.length === 0) fail('the export holds no access events');
  if (!exported.consents.some((c) => c.purpose.name === NEW_PURPOSE && c.state === 'given')) {
    fail('the export lacks the consent given in this test');
  }
  log(`export ${download.suggestedFilename()}: ${exported.access_log.length} events, ${exported.consents.length} consents, ${exported.objections.length} objections`);
  await expectVisible(page.getByRole('status').filter({ hasText: 'Download gestartet' }), 'the download status');
  await snap(page, artifacts, '09-export.png');
  await assertNoAxeViolations(page, 'export started', artifacts);
}

async function scenario(page, baseUrl, artifacts) {
  const started = Date.now();
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLoginScreen(page, baseUrl);
  await logIn(page);
  await withdrawConsent(page, artifacts);
  await grantConsent(page, artifacts);
  await readObjections(page, artifacts);
  await readRegistry(page, artifacts);
  await downloadExport(page, artifacts);
  log(`scenario took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// Ten screens with axe-core: more than the default budget on a loaded machine.
runBrowserTest('citizen_consent', scenario, {}, { budgetMs: 140_000 });
