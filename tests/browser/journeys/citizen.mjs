// Erika's journeys as functions of the page and a driver (drivers.mjs), at any width: history
// → detail → objection; withdrawing a consent; the export. Each checks the server's word on
// what it changed, runs axe-core on every state it reaches (common.mjs: reached) and, where a
// place has an address, that Back, Forward and a reload keep it. citizen_objection.e2e.mjs and
// citizen_consent.e2e.mjs call them at the desktop width; journeys.mjs at every width.
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_USER, STEP_TIMEOUT_MS, fail, log, waitForReported, waitForState } from '../harness.mjs';
import { api, expectStatus, expectVisible } from '../steps.mjs';
import { backForwardKeeps, openPage, reached, reloadKeeps } from './common.mjs';

export const OBJECTION_REASON = 'Ich bin Berufsgeheimnisträgerin; meine Anschrift ist melderechtlich gesperrt.';
const REFERENCE = /^W-\d{4}-\d{6,}$/;
const GERMAN_DATE = /^\d{2}\.\d{2}\.\d{4}$/;
const DETAIL = 'Einzelheiten zum Zugriff';

// [SECTION] History → detail → objection

// What the citizen may object to: not an access based on consent, none with an objection
// pending. Also the number of her objections before.
export async function objectableAccesses(page) {
  const purposes = await api(page, 'GET', '/api/v1/purposes');
  const objections = await api(page, 'GET', '/api/v1/me/objections');
  if (purposes.status !== 200 || objections.status !== 200) {
    fail(`registry ${purposes.status}, objections ${objections.status}`);
  }
  const excluded = new Set();
  for (const p of purposes.body.items) {
    if (p.in_force && p.in_force.gdpr_basis === 'A6-1-a') excluded.add(p.in_force.name);
  }
  for (const o of objections.body.items.filter((item) => item.status === 'pending')) excluded.add(o.purpose.name);
  log(`not to object to: ${[...excluded].join('; ')}`);
  return { excluded, before: objections.body.items.length };
}

export async function openHistory(ctx) {
  const { page } = ctx;
  await openPage(ctx, 'Zugriffe', 'Accesses');
  await expectVisible(page.getByRole('table', { name: 'Zugriffe auf Ihre Daten' }), 'the table "Zugriffe auf Ihre Daten"');
  await waitForState(page, 'the history', (s) => s.page === 'Accesses' && !s.loading && s.rows > 0);
  await reached(ctx, '02-history.png', 'history');
}

// Opens the detail of the first access one may object to (wide: beside the list; narrow: a
// view of its own) and checks what it says. Answers { time, purpose, id }.
export async function openDetail(ctx, excluded) {
  const { page, driver } = ctx;
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
    await driver.activate(rows.nth(i).getByRole('link'), `the access of ${cells[0]}`);
    const panel = page.getByRole('dialog', { name: DETAIL });
    await expectVisible(panel, 'the detail panel after choosing the time');
    await expectVisible(panel.getByRole('heading', { name: 'Eintrag im Zweckregister' }), 'the registry entry in the detail');
    const text = await panel.textContent();
    if (!text.includes('Öffentliche Aufgabe (Art. 6 Abs. 1 lit. e DSGVO)')) fail(`the detail does not name the GDPR basis: ${text.slice(0, 300)}`);
    if (!text.includes(purpose)) fail(`the detail does not name the purpose ${purpose}`);
    if (!/Speicherdauer/.test(text)) fail('the detail shows no retention period');
    const { detail } = await waitForState(page, 'the open detail in the state', (s) => s.detail !== null);
    return { time: cells[0], purpose, id: detail };
  }
  return fail('no access in the first page of the history one could object to');
}

// The open detail has an address: a reload opens it again, Back closes it, Forward reopens it.
export async function detailKeepsItsPlace(ctx, chosen) {
  const atDetail = (s) => s.page === 'Accesses' && s.detail === chosen.id;
  await reloadKeeps(ctx, 'the open detail', atDetail);
  await expectVisible(ctx.page.getByRole('dialog', { name: DETAIL }), 'the detail after the reload');
  await backForwardKeeps(ctx, 'the open detail', atDetail, (s) => s.page === 'Accesses' && s.detail === null);
  await expectVisible(ctx.page.getByRole('dialog', { name: DETAIL }), 'the detail after Forward');
}

// From the open detail: "Widerspruch einlegen", "Weiter" without a reason (the error), the
// reason and the restriction, the check step, sending; the confirmation. Answers
// { reference, due }.
export async function fileObjection(ctx, chosen) {
  const { page, driver } = ctx;
  // Below the fold of the detail: a keyboard user tabs there (ImGui scrolls it into view).
  await driver.activate(page.getByRole('button', { name: 'Widerspruch einlegen' }), 'button "Widerspruch einlegen"');
  await expectVisible(page.getByRole('heading', { name: 'Widerspruch einlegen', level: 2 }), 'the objection form');
  const target = await page.getByText(chosen.purpose, { exact: false }).first().textContent();
  log(`objection to: ${target.trim()}`);

  // "Weiter" without a reason: the summary and the field say what is missing.
  await driver.activate(page.getByRole('button', { name: 'Weiter' }), 'button "Weiter"');
  await expectVisible(page.getByRole('alert').filter({ hasText: 'Bitte korrigieren Sie' }),
    'the error summary after "Weiter" with an empty reason');
  const reason = page.getByRole('textbox', { name: 'Begründung' });
  if ((await reason.getAttribute('aria-invalid')) !== 'true') fail('the empty reason is not marked invalid');
  await reached(ctx, '04-form-error.png', 'objection form with an error');

  await driver.fill(reason, OBJECTION_REASON, 'the reason');
  const restrict = page.getByRole('checkbox', { name: 'Verarbeitung bis zur Entscheidung einschränken' });
  await driver.toggle(restrict, 'the check box "Verarbeitung … einschränken"');
  await waitForReported(restrict, 'the client to check "Verarbeitung … einschränken"', { checked: true });
  await driver.activate(page.getByRole('button', { name: 'Weiter' }), 'button "Weiter"');
  await expectVisible(page.getByRole('heading', { name: 'Bitte prüfen Sie Ihre Angaben' }), 'the check-your-answers step');
  await expectVisible(page.getByText(OBJECTION_REASON, { exact: true }), 'the reason on the check step', 5_000);
  await expectVisible(page.getByText('Ja, bis zur Entscheidung (Art. 18 DSGVO)'), 'the restriction on the check step', 5_000);
  await reached(ctx, '05-review.png', 'check your answers');

  await driver.activate(page.getByRole('button', { name: 'Widerspruch einlegen' }), 'the send button "Widerspruch einlegen"');
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
  await reached(ctx, '06-confirmation.png', 'confirmation');
  return { reference, due };
}

// The server has the objection as filed: reason, restriction, pending, the deadline shown.
export async function expectServerHasObjection(page, filed, before) {
  const objections = await api(page, 'GET', '/api/v1/me/objections');
  const mine = objections.body.items.find((o) => o.reference === filed.reference);
  if (!mine) fail(`GET /api/v1/me/objections has no ${filed.reference} (${objections.body.items.length} items, ${before} before)`);
  if (mine.reason !== OBJECTION_REASON) fail(`the server stored the reason ${JSON.stringify(mine.reason)}`);
  if (!mine.restriction_requested) fail('the server did not store the restriction request');
  if (mine.status !== 'pending') fail(`the new objection is ${mine.status}`);
  const [day, month, year] = filed.due.split('.');
  const dueBerlin = new Date(mine.due_at).toLocaleDateString('de-DE',
    { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' });
  if (dueBerlin !== `${day}.${month}.${year}`) fail(`the page shows the deadline ${filed.due}, the server ${mine.due_at}`);
  if (objections.body.items.length !== before + 1) fail(`${objections.body.items.length} objections, expected ${before + 1}`);
  log(`the server has ${mine.reference}: pending, due ${mine.due_at}`);
}

// Back from the confirmation to where the objection was started: the list (wide) or the
// detail's own view (narrow, where the list is one step further).
export async function backFromConfirmation(ctx) {
  const { page, driver } = ctx;
  await driver.activate(page.getByRole('button', { name: 'Zurück' }), 'button "Zurück"');
  await expectVisible(page.getByRole('table', { name: 'Zugriffe auf Ihre Daten' })
    .or(page.getByRole('dialog', { name: DETAIL })), 'the history after "Zurück"');
}

// The whole journey from a logged-in citizen's dashboard.
export async function objectionJourney(ctx) {
  const { excluded, before } = await objectableAccesses(ctx.page);
  await openHistory(ctx);
  const chosen = await openDetail(ctx, excluded);
  await reached(ctx, '03-detail.png', 'access detail');
  if (ctx.places) await detailKeepsItsPlace(ctx, chosen);
  const filed = await fileObjection(ctx, chosen);
  await expectServerHasObjection(ctx.page, filed, before);
  await backFromConfirmation(ctx);
  return filed;
}

// [SECTION] Withdrawing a consent

async function serverConsents(page) {
  return expectStatus(await api(page, 'GET', '/api/v1/me/consents'), 200, 'GET /api/v1/me/consents').items;
}

// Withdraws the consent to `purposeName` in one step (Art. 7(3)); the server shows it withdrawn.
export async function withdrawConsent(ctx, purposeName) {
  const { page, driver } = ctx;
  await openPage(ctx, 'Einwilligungen', 'Consents');
  const withdraw = page.getByRole('button', { name: `Einwilligung widerrufen: ${purposeName}` });
  await expectVisible(withdraw, `the withdraw button of "${purposeName}"`);
  const before = (await serverConsents(page)).find((c) => c.purpose.name === purposeName && c.state === 'given');
  if (!before) fail(`the demo has no given consent for "${purposeName}"`);
  await expectVisible(page.getByRole('table', { name: 'Widerrufene und abgelaufene Einwilligungen' }),
    'the table of earlier consents');
  await reached(ctx, '01-consents.png', 'consents', { checkDrawn: true });
  if (ctx.places) await reloadKeeps(ctx, 'the consents', (s) => s.page === 'Consents');

  log('withdrawing in one step');
  await driver.activate(withdraw, 'the withdraw button');
  const notice = page.getByRole('status').filter({ hasText: 'Ihre Einwilligung wurde widerrufen.' });
  await expectVisible(notice, 'the withdrawal notice');
  const after = (await serverConsents(page)).find((c) => c.id === before.id);
  if (!after || after.state !== 'withdrawn' || !after.withdrawn_at) {
    fail(`the server does not show consent ${before.id} withdrawn: ${JSON.stringify(after)}`);
  }
  log(`server: consent ${after.id} ${after.state} at ${after.withdrawn_at}`);
  if (await withdraw.count() !== 0) fail('the withdraw button is still there after the withdrawal');
  await reached(ctx, '02-withdrawn.png', 'consent withdrawn');
}

// [SECTION] The export

// "Als JSON herunterladen" saves a real file that parses and holds her events; `check` (if
// given) looks further into it. Back and Forward between the previous page and the export.
export async function downloadExport(ctx, check = () => {}) {
  const { page, driver } = ctx;
  const previous = await waitForState(page, 'the page before the export', (s) => s.screen === 'dashboard');
  await openPage(ctx, 'Export', 'Export');
  await expectVisible(page.getByRole('heading', { name: 'Was der Export enthält' }), 'what the export contains');
  await reached(ctx, '09-export-page.png', 'export');
  if (ctx.places && previous.page !== 'Export') {
    await backForwardKeeps(ctx, 'the export page', (s) => s.page === 'Export', (s) => s.page === previous.page);
  }
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: STEP_TIMEOUT_MS }),
    driver.activate(page.getByRole('button', { name: 'Als JSON herunterladen' }), '"Als JSON herunterladen"'),
  ]);
  const file = path.join(ctx.artifacts, `${ctx.tag ? `${ctx.tag.replace(/\W+/g, '-')}-` : ''}${download.suggestedFilename() || 'export.json'}`);
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
  check(exported);
  log(`export ${download.suggestedFilename()}: ${exported.access_log.length} events, ${exported.consents.length} consents, ${exported.objections.length} objections`);
  await expectVisible(page.getByRole('status').filter({ hasText: 'Download gestartet' }), 'the download status');
  await reached(ctx, '09-export.png', 'export started');
  return exported;
}

