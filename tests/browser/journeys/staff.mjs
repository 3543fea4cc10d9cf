// The DPO's and the agency's main flows as functions of the page and a driver (drivers.mjs),
// at any width: the DPO decides an objection (case, check step, binding decision); agency staff
// propose a purpose (errors first, then every field). Each checks the server's word, runs
// axe-core on every state it reaches and, where a place has an address, that Back, Forward and
// a reload keep it. dpo_decision.e2e.mjs and agency_purpose.e2e.mjs call them at the desktop
// width; journeys.mjs at every width.
import { DEMO_PASSWORD, fail, log, waitForReported } from '../harness.mjs';
import { api, expectFocus, expectStatus, expectVisible } from '../steps.mjs';
import { backForwardKeeps, reached, reloadKeeps } from './common.mjs';

// [SECTION] The DPO decides an objection

export const OBJECTION_REASON = 'E2E: Ich widerspreche der Verarbeitung wegen meiner besonderen Situation '
  + '(Prüfnummer ' + Date.now() + ').';
export const DECISION_REASON = 'Die Verarbeitung ist zur Erfüllung einer gesetzlichen Aufgabe erforderlich; '
  + 'zwingende schutzwürdige Gründe überwiegen Ihre Interessen.';
const REASON_FIELD = 'Begründung (wird der Bürgerin oder dem Bürger mitgeteilt)';
const QUEUE = 'Offene Widersprüche, nach Frist geordnet';

// Erika files a fresh objection through the API (her own session from the page, logged out
// again): to a purpose she has no pending objection against, not consent-based.
export async function fileObjectionAsErika(page) {
  log('filing a fresh objection as erika through the API');
  const credentials = { username: 'erika', password: DEMO_PASSWORD };
  expectStatus(await api(page, 'POST', '/api/v1/session', { body: credentials }), 201, 'erika logging in through the API');
  const purposes = expectStatus(await api(page, 'GET', '/api/v1/purposes'), 200, 'the purposes');
  const mine = expectStatus(await api(page, 'GET', '/api/v1/me/objections'), 200, 'erika\'s objections');
  const blocked = new Set(mine.items.filter((o) => o.status === 'pending').map((o) => o.purpose.id));
  const purpose = purposes.items.find((p) => p.in_force && p.in_force.gdpr_basis !== 'A6-1-a' && !blocked.has(p.id));
  if (!purpose) fail('no purpose left that erika could object to');
  const objection = { purpose_id: purpose.id, reason: OBJECTION_REASON, restrict_processing: true };
  const filed = expectStatus(await api(page, 'POST', '/api/v1/me/objections', { body: objection }), 201,
    'filing the objection');
  log(`filed ${filed.reference} against "${purpose.in_force.name}" (${purpose.agency.name})`);
  expectStatus(await api(page, 'DELETE', '/api/v1/session'), 204, 'erika logging out through the API');
  return filed;
}

// The open case has an address (#/widersprueche/<id>): a reload opens it again, Back goes to
// the queue, Forward to the case.
async function caseKeepsItsPlace(ctx, filed) {
  const heading = ctx.page.getByRole('heading', { name: `Widerspruch ${filed.reference}` });
  const onQueue = (s) => s.page === 'Objections';
  await reloadKeeps(ctx, 'the case', onQueue);
  await expectVisible(heading, 'the case after the reload');
  await backForwardKeeps(ctx, 'the case', onQueue, onQueue);
  await expectVisible(heading, 'the case after Forward');
}

// From the queue: the case of `filed`, rejected with a reason through the check step; the
// server has the decision, and the queue no longer lists it.
export async function decideObjection(ctx, filed) {
  const { page, driver } = ctx;
  await expectVisible(page.getByRole('table', { name: QUEUE }), 'the table of open objections');
  await driver.activate(page.getByRole('link', { name: filed.reference, exact: true }), `the link ${filed.reference}`);
  await expectVisible(page.getByRole('heading', { name: `Widerspruch ${filed.reference}` }), 'the case heading');
  await expectVisible(page.getByText(OBJECTION_REASON, { exact: true }), 'the citizen\'s reason in the case');
  await expectVisible(page.getByText('verlangt: Verarbeitung bis zur Entscheidung eingeschränkt'), 'the restriction request');
  await expectVisible(page.getByRole('button', { name: 'Frist verlängern' }), 'the extension (not yet extended)');
  await reached(ctx, '02-dpo-case.png', 'DPO objection case', { checkDrawn: true });
  if (ctx.places) await caseKeepsItsPlace(ctx, filed);

  log('rejecting with a reason');
  const reject = page.getByRole('radio', { name: 'zurückweisen' });
  await driver.toggle(reject, 'radio "zurückweisen"');
  await waitForReported(reject, 'the client to check "zurückweisen"', { checked: true });
  await driver.fill(page.getByRole('textbox', { name: REASON_FIELD }), DECISION_REASON, 'the reason of the decision');
  await driver.activate(page.getByRole('button', { name: 'Weiter zur Prüfung' }), 'button "Weiter zur Prüfung"');
  // The check step: nothing is binding yet, the server still has the objection pending.
  await expectVisible(page.getByRole('heading', { name: 'Bitte prüfen Sie Ihre Entscheidung' }), 'the check step');
  await expectVisible(page.getByText('Den Widerspruch zurückweisen', { exact: true }), 'the outcome on the check step');
  const pending = expectStatus(await api(page, 'GET', `/api/v1/objections/${filed.id}`), 200, 'the objection on the check step');
  if (pending.status !== 'pending') fail(`the check step already decided: ${pending.status}`);
  await reached(ctx, '02b-dpo-check.png', 'DPO decision check step', { checkDrawn: true });
  await driver.activate(page.getByRole('button', { name: 'Verbindlich entscheiden' }), 'button "Verbindlich entscheiden"');
  await expectVisible(page.getByRole('status').filter({ hasText: 'Die Entscheidung wurde gespeichert.' }), 'the notice after deciding');
  await expectVisible(page.getByText('Der Widerspruch wurde zurückgewiesen.'), 'the decided state in the case');
  if (await page.getByRole('button', { name: /Verbindlich entscheiden|Weiter zur Prüfung/ }).count() !== 0) {
    fail('the decision form is still offered after deciding');
  }
  const stored = expectStatus(await api(page, 'GET', `/api/v1/objections/${filed.id}`), 200, 'the decided objection');
  if (stored.status !== 'rejected') fail(`the server has status ${stored.status}, not rejected`);
  if (stored.decision_reason !== DECISION_REASON) fail(`the server stored the reason ${JSON.stringify(stored.decision_reason)}`);
  log(`server: ${stored.reference} ${stored.status} at ${stored.decided_at}`);
  await reached(ctx, '03-dpo-decided.png', 'DPO objection decided', { checkDrawn: true });
  await driver.activate(page.getByRole('button', { name: 'Zurück zur Liste' }), 'button "Zurück zur Liste"');
  await expectVisible(page.getByRole('table', { name: QUEUE }), 'the queue again');
  if (await page.getByRole('link', { name: filed.reference, exact: true }).count() !== 0) {
    fail('the decided objection is still in the queue of open objections');
  }
}

// [SECTION] Agency staff propose a purpose

export const PURPOSE = {
  name: 'Prüfung der Versicherungsbestätigung bei Zulassung',
  description: 'Vor der Zulassung eines Fahrzeugs wird geprüft, ob eine gültige '
    + 'Versicherungsbestätigung (eVB) vorliegt und zur Anschrift des Halters passt.',
  legalBasis: 'Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 6 Abs. 4 FZV',
  gdprBasis: 'Öffentliche Aufgabe (Art. 6 Abs. 1 lit. e DSGVO)',
  categories: ['Anschrift', 'Versicherungsnachweis'],
  registers: ['Versicherungsnachweise (eVB)'],
  recipients: 'Kraftfahrt-Bundesamt\nVersicherer des Fahrzeughalters',
  retention: '365',
};

async function serverPurpose(page) {
  const { items } = expectStatus(await api(page, 'GET', '/api/v1/purposes'), 200, 'GET /api/v1/purposes');
  return items.find((p) => p.versions.some((v) => v.name === PURPOSE.name));
}

// On "Zwecke": the form submitted empty (the summary with seven links, invalid fields), and an
// entry of the summary moves the focus to its field.
export async function proposeWithErrorsFirst(ctx) {
  const { page, driver } = ctx;
  await expectVisible(page.getByRole('table', { name: 'Zwecke Ihrer Stelle' }), 'table "Zwecke Ihrer Stelle"');
  // The demo data is dated relative to today, so only the shape of the date is fixed here.
  await expectVisible(page.getByRole('cell', { name: /^genehmigt am \d{2}\.\d{2}\.\d{4}$/ }), 'an approved demo purpose');
  await reached(ctx, '01-agency-purposes.png', 'agency purposes', { checkDrawn: true });
  if (ctx.places) await reloadKeeps(ctx, 'the purposes', (s) => s.page === 'Purposes');

  log('opening the form and submitting it empty');
  await driver.activate(page.getByRole('button', { name: 'Neuen Zweck vorschlagen' }), 'button "Neuen Zweck vorschlagen"');
  await expectVisible(page.getByRole('form', { name: 'Neuen Zweck vorschlagen' }), 'the purpose form');
  await expectFocus(page, 'Name des Zwecks', 'the form opened');
  await driver.activate(page.getByRole('button', { name: 'Zur Prüfung einreichen' }), 'the submit button');

  const summary = page.getByRole('alert').filter({ has: page.getByRole('link') });
  await expectVisible(summary, 'the error summary');
  const links = summary.getByRole('link');
  if ((await links.count()) !== 7) fail(`the error summary lists ${await links.count()} errors, not 7`);
  const title = (await summary.getByRole('heading').textContent()).trim();
  if (title !== 'Bitte korrigieren Sie Ihre Angaben') fail(`error summary heading: ${title}`);
  await expectFocus(page, 'Bitte geben Sie einen Namen an.', 'the error summary appeared');
  const name = page.getByRole('textbox', { name: 'Name des Zwecks' });
  if ((await name.getAttribute('aria-invalid')) !== 'true') fail('"Name des Zwecks" is not marked invalid');
  // Its hint, then its error, as the form shows them above it.
  if ((await name.getAttribute('aria-description'))
    !== 'Kurz und verständlich, so wie Bürgerinnen und Bürger ihn lesen. Fehler: Bitte geben Sie einen Namen an.') {
    fail(`"Name des Zwecks" is described as ${await name.getAttribute('aria-description')}`);
  }
  for (const field of ['Beschreibung', 'Rechtsvorschrift', 'Speicherdauer in Tagen']) {
    if ((await page.getByRole('textbox', { name: field }).getAttribute('aria-invalid')) !== 'true') {
      fail(`"${field}" is not marked invalid`);
    }
  }
  if ((await page.getByRole('textbox', { name: 'Empfänger (optional)' }).getAttribute('aria-invalid')) === 'true') {
    fail('the optional recipients are marked invalid');
  }
  await expectVisible(page.getByText('Fehler: Bitte wählen Sie mindestens eine Datenkategorie.'),
    'the inline error of the data categories');
  await reached(ctx, '02-purpose-form-errors.png', 'purpose form with errors', { checkDrawn: true });

  log('an entry of the error summary moves the focus to its field');
  await driver.activate(links.filter({ hasText: 'Speicherdauer' }), 'the summary entry of the retention');
  await expectFocus(page, 'Speicherdauer in Tagen', 'after the summary link');
  await reached(ctx, '03-purpose-form-error-field.png', 'purpose form, focus on an invalid field', { checkDrawn: true });
}

// Every field filled in and submitted: the notice, the row as submitted, and the server's
// proposed version with every field as entered. Answers the purpose's id.
export async function fillAndSubmitPurpose(ctx) {
  const { page, driver } = ctx;
  log('filling in every field');
  await driver.fill(page.getByRole('textbox', { name: 'Name des Zwecks' }), PURPOSE.name, '"Name des Zwecks"');
  await driver.fill(page.getByRole('textbox', { name: 'Beschreibung' }), PURPOSE.description, '"Beschreibung"');
  await driver.fill(page.getByRole('textbox', { name: 'Rechtsvorschrift' }), PURPOSE.legalBasis, '"Rechtsvorschrift"');
  const combo = page.getByRole('combobox', { name: 'Rechtsgrundlage nach DSGVO' });
  await driver.choose(combo, PURPOSE.gdprBasis, '"Rechtsgrundlage nach DSGVO"');
  for (const [group, names] of [['Datenkategorien', PURPOSE.categories], ['Quellregister', PURPOSE.registers]]) {
    for (const label of names) {
      const box = page.getByRole('group', { name: group }).getByRole('checkbox', { name: label, exact: true });
      await driver.toggle(box, `check box "${label}"`);
      await waitForReported(box, `the client to check "${label}"`, { checked: true });
    }
  }
  await driver.fill(page.getByRole('textbox', { name: 'Empfänger (optional)' }), PURPOSE.recipients, '"Empfänger (optional)"');
  await driver.fill(page.getByRole('textbox', { name: 'Speicherdauer in Tagen' }), PURPOSE.retention, '"Speicherdauer in Tagen"');
  const chosen = await combo.evaluate((el) => el.options[el.selectedIndex] && el.options[el.selectedIndex].textContent);
  if (chosen !== PURPOSE.gdprBasis) fail(`the GDPR basis shows "${chosen}"`);
  await reached(ctx, '04-purpose-form-filled.png', 'purpose form filled in', { checkDrawn: true });

  log('submitting');
  await driver.activate(page.getByRole('button', { name: 'Zur Prüfung einreichen' }), 'the submit button');
  const notice = page.getByRole('status').filter({ hasText: 'Der Zweck wurde zur Prüfung eingereicht' });
  await expectVisible(notice, 'the notice "Der Zweck wurde zur Prüfung eingereicht"');
  const row = page.getByRole('row').filter({ hasText: PURPOSE.name });
  await expectVisible(row, 'the new purpose in the table');
  const cells = (await row.getByRole('cell').allTextContents()).map((t) => t.trim());
  log(`new row: ${cells.join(' | ')}`);
  if (!cells.some((c) => c.startsWith('zur Prüfung eingereicht am '))) fail(`the new purpose is not listed as submitted: ${cells.join(' | ')}`);
  if (!cells.includes('Noch nicht entschieden.')) fail('the new purpose does not say it is undecided');

  const purpose = await serverPurpose(page);
  if (!purpose) fail('GET /api/v1/purposes does not list the new purpose');
  const version = purpose.versions[purpose.versions.length - 1];
  if (version.status !== 'proposed') fail(`the server has the new purpose as ${version.status}`);
  const expect = {
    gdpr_basis: 'A6-1-e', data_categories: ['address', 'insurance'],
    source_registers: ['versicherungsnachweise'], recipients: PURPOSE.recipients.split('\n'),
    retention_days: 365, legal_basis: PURPOSE.legalBasis, description: PURPOSE.description,
  };
  for (const [field, value] of Object.entries(expect)) {
    const actual = Array.isArray(value) ? [...version[field]].sort() : version[field];
    const wanted = Array.isArray(value) ? [...value].sort() : value;
    if (JSON.stringify(actual) !== JSON.stringify(wanted)) fail(`the server stored ${field} = ${JSON.stringify(version[field])}`);
  }
  await reached(ctx, '05-purpose-submitted.png', 'purpose submitted', { checkDrawn: true });
  return purpose.id;
}

