#!/usr/bin/env node
// End-to-end: the demo citizen lands on her overview, opens "Zugriffe", reads the details of
// one access (purpose, legal basis, registry entry) and objects to it: reason, check your
// answers, send, confirmation with the reference number and the deadline. All through the DOM
// mirror (getByRole / getByLabel), axe-core on every screen, a screenshot of every step, and
// the server confirms that the objection exists.
//
// Usage: node citizen_objection.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import {
  DEMO_USER, STEP_TIMEOUT_MS, fail, log, openLoginScreen, runBrowserTest, waitForReported, waitForState,
} from './harness.mjs';
import { api, expectVisible, fillIn, logIn, press, recordScreen } from './steps.mjs';

const REASON = 'Ich bin Berufsgeheimnisträgerin; meine Anschrift ist melderechtlich gesperrt.';
const REFERENCE = /^W-\d{4}-\d{6,}$/;
const GERMAN_DATE = /^\d{2}\.\d{2}\.\d{4}$/;

const started = Date.now();

// A picture of each step with axe-core, and the time taken so far. Only the first picture
// also checks that the canvas really drew (the pixel statistics cost about a second each).
async function record(page, artifacts, file, what) {
  await recordScreen(page, artifacts, file, { axe: what, checkDrawn: file.startsWith('01-') });
  log(`${what}: done after ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function readOverview(page, artifacts) {
  await expectVisible(page.getByRole('heading', { name: 'Übersicht', level: 2 }), 'the heading "Übersicht" after login');
  // The 30-day count has arrived when the busy status is gone.
  await expectVisible(page.getByRole('listitem').getByText(/^Zugriffe? in den letzten 30 Tagen: (mehr als )?\d/),
    'the 30-day count, a key figure read as "label: value"');
  await page.waitForFunction(() => ![...document.querySelectorAll('#a11y-root [role=status]')]
    .some((el) => el.getAttribute('aria-busy') === 'true'), null, { timeout: STEP_TIMEOUT_MS })
    .catch(() => fail('the overview kept loading'));
  const monthly = page.getByRole('table', { name: 'Zugriffe je Monat' });
  await expectVisible(monthly, 'the table "Zugriffe je Monat"');
  const months = await monthly.getByRole('row').count();
  log(`overview: monthly table with ${months - 1} months`);
  if (months < 13) fail(`the monthly table has only ${months} rows`);
  const stats = await api(page, 'GET', '/api/v1/me/statistics/monthly');
  const newest = stats.body.months[stats.body.months.length - 1];
  const firstRow = (await monthly.getByRole('row').nth(1).getByRole('cell').allTextContents()).map((t) => t.trim());
  if (firstRow[1] !== String(newest.accesses)) {
    fail(`the table's newest month shows ${firstRow.join(' | ')}, the server counts ${JSON.stringify(newest)}`);
  }
  const chart = page.getByRole('figure', { name: 'Zugriffe je Monat: Diagramm und Tabelle' })
    .getByRole('img', { name: /^Balkendiagramm der Zugriffe je Monat von / });
  await expectVisible(chart, 'the chart, an image named by its summary', 5_000);
  await record(page, artifacts, '01-overview.png', 'overview');
}

// An access the citizen may object to: not based on consent, no objection pending for it,
// and an access that took place (not a refused check).
async function chooseAccess(page) {
  const purposes = await api(page, 'GET', '/api/v1/purposes');
  const objections = await api(page, 'GET', '/api/v1/me/objections');
  if (purposes.status !== 200 || objections.status !== 200) {
    fail(`registry ${purposes.status}, objections ${objections.status}`);
  }
  const excluded = new Set();
  for (const p of purposes.body.items) {
    if (p.in_force && p.in_force.gdpr_basis === 'A6-1-a') excluded.add(p.in_force.name);
  }
  const pending = new Set(objections.body.items.filter((o) => o.status === 'pending').map((o) => o.purpose.name));
  for (const name of pending) excluded.add(name);
  log(`not to object to: ${[...excluded].join('; ')}`);
  return { excluded, before: objections.body.items.length };
}

async function openDetail(page, excluded, artifacts) {
  const table = page.getByRole('table', { name: 'Zugriffe auf Ihre Daten' });
  await expectVisible(table, 'the table "Zugriffe auf Ihre Daten"');
  await waitForState(page, 'the history with rows', (s) => s.page === 'Accesses' && !s.loading && s.rows > 0);
  const rows = table.getByRole('row');
  const count = await rows.count();
  for (let i = 1; i < count; ++i) {
    const cells = (await rows.nth(i).getByRole('cell').allTextContents()).map((t) => t.trim());
    const purpose = cells[2];
    if (excluded.has(purpose) || purpose.includes('abgelehnt')) continue;
    log(`opening the detail of ${cells[0]}: ${purpose} (${cells[1]})`);
    await rows.nth(i).getByRole('link').click();
    const panel = page.getByRole('dialog', { name: 'Einzelheiten zum Zugriff' });
    await expectVisible(panel, 'the detail panel after choosing the time');
    await expectVisible(panel.getByRole('heading', { name: 'Eintrag im Zweckregister' }), 'the registry entry in the detail');
    const text = await panel.textContent();
    if (!text.includes('Öffentliche Aufgabe (Art. 6 Abs. 1 lit. e DSGVO)')) fail(`the detail does not name the GDPR basis: ${text.slice(0, 300)}`);
    if (!text.includes(purpose)) fail(`the detail does not name the purpose ${purpose}`);
    if (!/Speicherdauer/.test(text)) fail('the detail shows no retention period');
    return { time: cells[0], purpose };
  }
  fail('no access in the first page of the history one could object to');
}

async function fileObjection(page, chosen, artifacts) {
  // Below the fold of the detail panel: a keyboard user tabs there (ImGui scrolls it into view)
  // and presses Enter; so does the test.
  await press(page, page.getByRole('button', { name: 'Widerspruch einlegen' }), 'button "Widerspruch einlegen"');
  await expectVisible(page.getByRole('heading', { name: 'Widerspruch einlegen', level: 2 }), 'the objection form');
  const target = await page.getByText(chosen.purpose, { exact: false }).first().textContent();
  log(`objection to: ${target.trim()}`);

  // "Weiter" without a reason: the summary and the field say what is missing.
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expectVisible(page.getByRole('alert').filter({ hasText: 'Bitte korrigieren Sie' }),
    'the error summary after "Weiter" with an empty reason');
  const reason = page.getByRole('textbox', { name: 'Begründung' });
  if ((await reason.getAttribute('aria-invalid')) !== 'true') fail('the empty reason is not marked invalid');
  await record(page, artifacts, '04-form-error.png', 'objection form with an error');

  await fillIn(reason, REASON, 'the reason');
  const restrict = page.getByRole('checkbox', { name: 'Verarbeitung bis zur Entscheidung einschränken' });
  await restrict.check();
  await waitForReported(restrict, 'the client to check "Verarbeitung … einschränken"', { checked: true });
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expectVisible(page.getByRole('heading', { name: 'Bitte prüfen Sie Ihre Angaben' }), 'the check-your-answers step');
  await expectVisible(page.getByText(REASON, { exact: true }), 'the reason on the check step', 5_000);
  await expectVisible(page.getByText('Ja, bis zur Entscheidung (Art. 18 DSGVO)'), 'the restriction on the check step', 5_000);
  await record(page, artifacts, '05-review.png', 'check your answers');

  await page.getByRole('button', { name: 'Widerspruch einlegen' }).click();
  const status = page.getByRole('status').filter({ hasText: 'Aktenzeichen:' });
  await expectVisible(status, 'the confirmation with a reference number');
  await page.waitForFunction(() => [...document.querySelectorAll('#a11y-root [role=status]')]
    .some((el) => /Aktenzeichen: W-/.test(el.textContent)), null, { timeout: 5_000 })
    .catch(() => fail('the confirmation shows no reference number "Aktenzeichen: W-…"'));
  const reference = (await status.textContent()).replace('Aktenzeichen:', '').trim();
  const due = (await page.getByText(/^Antwort spätestens am: /).textContent()).replace('Antwort spätestens am:', '').trim();
  log(`filed: ${reference}, answer due by ${due}`);
  if (!REFERENCE.test(reference)) fail(`reference number ${reference} is not W-JJJJ-NNNNNN`);
  if (!GERMAN_DATE.test(due)) fail(`deadline ${due} is not TT.MM.JJJJ`);
  await record(page, artifacts, '06-confirmation.png', 'confirmation');
  return { reference, due };
}

async function assertServerHasObjection(page, filed, before) {
  const objections = await api(page, 'GET', '/api/v1/me/objections');
  const mine = objections.body.items.find((o) => o.reference === filed.reference);
  if (!mine) fail(`GET /api/v1/me/objections has no ${filed.reference} (${objections.body.items.length} items, ${before} before)`);
  if (mine.reason !== REASON) fail(`the server stored the reason ${JSON.stringify(mine.reason)}`);
  if (!mine.restriction_requested) fail('the server did not store the restriction request');
  if (mine.status !== 'pending') fail(`the new objection is ${mine.status}`);
  const [day, month, year] = filed.due.split('.');
  const dueServer = new Date(mine.due_at);
  const dueBerlin = dueServer.toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' });
  if (dueBerlin !== `${day}.${month}.${year}`) fail(`the page shows the deadline ${filed.due}, the server ${mine.due_at}`);
  if (objections.body.items.length !== before + 1) fail(`${objections.body.items.length} objections, expected ${before + 1}`);
  log(`the server has ${mine.reference}: pending, due ${mine.due_at}`);
}

async function scenario(page, baseUrl, artifacts) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLoginScreen(page, baseUrl);
  await logIn(page, DEMO_USER, { role: 'citizen' });
  await waitForState(page, 'the overview', (s) => s.page === 'Overview');
  await readOverview(page, artifacts);

  const { excluded, before } = await chooseAccess(page);
  await page.getByRole('tab', { name: 'Zugriffe' }).click();
  await expectVisible(page.getByRole('table', { name: 'Zugriffe auf Ihre Daten' }), 'the table "Zugriffe auf Ihre Daten"');
  await waitForState(page, 'the history', (s) => s.page === 'Accesses' && !s.loading && s.rows > 0);
  await record(page, artifacts, '02-history.png', 'history');

  const chosen = await openDetail(page, excluded, artifacts);
  await record(page, artifacts, '03-detail.png', 'access detail');

  const filed = await fileObjection(page, chosen, artifacts);
  await assertServerHasObjection(page, filed, before);

  // Back to the page the objection was started from.
  await page.getByRole('button', { name: 'Zurück' }).click();
  await expectVisible(page.getByRole('table', { name: 'Zugriffe auf Ihre Daten' }), 'the history after "Zurück"');
}

runBrowserTest('citizen_objection', scenario, {}, { budgetMs: 145_000 });
