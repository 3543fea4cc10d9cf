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
import { DEMO_USER, fail, log, openLoginScreen, runBrowserTest } from './harness.mjs';
import { api, expectStatus, expectVisible, fillIn, logIn, openPage, press, recordScreen } from './steps.mjs';
import { downloadExport, withdrawConsent } from './journeys/citizen.mjs';
import { accessibilityTreeDriver } from './journeys/drivers.mjs';

const GIVEN_PURPOSE = 'Wiederverwendung der Anschrift statt Nachweisvorlage';
const NEW_PURPOSE = 'Berechnung des Elterngeldes';
const NEW_AGENCY = 'Elterngeldstelle Leipzig';

async function serverConsents(page) {
  return expectStatus(await api(page, 'GET', '/api/v1/me/consents'), 200, 'GET /api/v1/me/consents').items;
}

async function grantConsent(page, artifacts) {
  log('giving a consent through the flow');
  await press(page, page.getByRole('button', { name: 'Einwilligung erteilen', exact: true }), '"Einwilligung erteilen"');
  await expectVisible(page.getByRole('radiogroup', { name: 'Zweck der Einwilligung' }), 'the purpose choice');
  await page.getByRole('radio', { name: `${NEW_PURPOSE} – ${NEW_AGENCY}` }).check();
  await expectVisible(page.getByText('Was Sie damit erlauben'), 'the explanation of the chosen purpose');

  // An impossible date first: the summary on top and the field marked invalid.
  const date = page.getByRole('textbox', { name: 'Gültig bis (TT.MM.JJJJ)' });
  await fillIn(date, '31.02.2027', 'the date');
  await press(page, page.getByRole('button', { name: 'Weiter zur Prüfung' }), '"Weiter zur Prüfung"');
  await expectVisible(page.getByRole('alert').filter({ hasText: 'Bitte korrigieren Sie Ihre Angaben' }),
    'the error summary');
  await page.waitForFunction(() => {
    const field = [...document.querySelectorAll('#a11y-root input[type=text]')]
      .find((el) => el.getAttribute('aria-invalid') === 'true');
    return Boolean(field);
  }, null, { timeout: 5_000 }).catch(() => fail('the date field is not marked invalid'));
  await recordScreen(page, artifacts, '03-consent-form-errors.png',
    { axe: 'consent form with errors', checkDrawn: false });

  const year = new Date().getFullYear() + 2;
  const expires = `30.06.${year}`;
  await fillIn(date, expires, 'the date');
  await press(page, page.getByRole('button', { name: 'Weiter zur Prüfung' }), '"Weiter zur Prüfung"');
  await expectVisible(page.getByRole('heading', { name: 'Bitte prüfen Sie Ihre Angaben' }), 'the check page');
  await expectVisible(page.getByRole('cell', { name: expires }), `the date ${expires} on the check page`);
  await recordScreen(page, artifacts, '04-consent-review.png', { axe: 'consent review', checkDrawn: false });

  await press(page, page.getByRole('button', { name: 'Einwilligung erteilen', exact: true }), 'the submit button');
  await expectVisible(page.getByRole('heading', { name: 'Einwilligung erteilt' }), 'the confirmation');
  const given = (await serverConsents(page)).find((c) => c.purpose.name === NEW_PURPOSE && c.state === 'given');
  if (!given) fail(`the server has no given consent for "${NEW_PURPOSE}"`);
  log(`server: consent ${given.id} given until ${given.expires_at}`);
  await recordScreen(page, artifacts, '05-consent-given.png', { axe: 'consent confirmation', checkDrawn: false });

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
  const { items } = expectStatus(await api(page, 'GET', '/api/v1/me/objections'), 200, 'GET /api/v1/me/objections');
  if (headings !== items.length) fail(`${headings} objections shown, the server has ${items.length}`);
  await recordScreen(page, artifacts, '06-objections.png', { axe: 'objections', checkDrawn: false });
}

async function readRegistry(page, artifacts) {
  await openPage(page, 'Zweckregister', 'Purpose registry');
  const table = page.getByRole('table', { name: 'Zweckregister' });
  await expectVisible(table, 'the registry table');
  const headers = (await table.getByRole('columnheader').allTextContents()).map((t) => t.trim());
  if (headers.join('|') !== 'Stelle|Zweck|Rechtsgrundlage|Daten|Ihre Rechte') fail(`registry columns: ${headers}`);
  const { items } = expectStatus(await api(page, 'GET', '/api/v1/purposes'), 200, 'GET /api/v1/purposes');
  const rows = await table.getByRole('row').count();
  if (rows !== items.length + 1) fail(`${rows - 1} registry rows for ${items.length} purposes`);
  await expectVisible(page.getByRole('button', { name: 'Widerspruch einlegen: Zulassung eines Fahrzeugs' }),
    'an objection button per purpose');
  await expectVisible(page.getByRole('button', { name: `Einwilligung verwalten: ${NEW_PURPOSE}` }),
    'the consent given just now');
  await recordScreen(page, artifacts, '07-registry.png', { axe: 'registry', checkDrawn: false });

  await fillIn(page.getByRole('textbox', { name: 'Zweckregister durchsuchen' }), 'polizeidirektion', 'the search');
  await expectVisible(page.getByRole('status').filter({ hasText: /^2 von \d+ Zwecken angezeigt$/ }), 'the search result');
  await recordScreen(page, artifacts, '08-registry-search.png', { axe: 'registry search', checkDrawn: false });
}

async function scenario(page, baseUrl, artifacts) {
  const started = Date.now();
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLoginScreen(page, baseUrl);
  await logIn(page, DEMO_USER, { role: 'citizen' });
  const ctx = { page, driver: accessibilityTreeDriver(page, { verifyAxTree: false }), artifacts };
  await withdrawConsent(ctx, GIVEN_PURPOSE); // journeys/citizen.mjs
  await grantConsent(page, artifacts);
  await readObjections(page, artifacts);
  await readRegistry(page, artifacts);
  await downloadExport(ctx, (exported) => {
    if (!exported.consents.some((c) => c.purpose.name === NEW_PURPOSE && c.state === 'given')) {
      fail('the export lacks the consent given in this test');
    }
  });
  log(`scenario took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// Ten screens with axe-core: more than the default budget on a loaded machine.
runBrowserTest('citizen_consent', scenario, {}, { budgetMs: 140_000 });
