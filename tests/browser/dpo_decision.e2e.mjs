#!/usr/bin/env node
// End-to-end, the issue's flow "the citizen files an objection, the DPO decides it and the
// citizen sees the decision":
//   1. Erika files a fresh objection through the HTTP API (fetch from the page, her own
//      session), then logs out again.
//   2. The DPO "dsb" logs in through the UI: the queue (an overdue demo objection says
//      "überfällig"), opens Erika's objection by its reference, rejects it with a reason; the
//      notice appears and the server has the decision. "Zwecke prüfen" with a proposal opened
//      next to the version in force, and "Auffällige Zugriffe" with the demo's police burst.
//   3. Erika logs in through the UI and finds the decision and its reason under "Widersprüche"
//      (and through her own API).
// Everything through the DOM mirror (getByRole), axe-core on every screen, screenshots of each.
//
// Usage: node dpo_decision.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import {
  DEMO_PASSWORD, fail, log, openLoginScreen, runBrowserTest, waitForReported, waitForState,
} from './harness.mjs';
import {
  api, expectStatus, expectVisible, fillIn, logIn, logOut, openPage, press, recordScreen,
} from './steps.mjs';

const OBJECTION_REASON = 'E2E: Ich widerspreche der Verarbeitung wegen meiner besonderen Situation '
  + '(Prüfnummer ' + Date.now() + ').';
const DECISION_REASON = 'Die Verarbeitung ist zur Erfüllung einer gesetzlichen Aufgabe erforderlich; '
  + 'zwingende schutzwürdige Gründe überwiegen Ihre Interessen.';
const REASON_FIELD = 'Begründung (wird der Bürgerin oder dem Bürger mitgeteilt)';

// [SECTION] Step 1: Erika files an objection through the API

// A purpose Erika has no pending objection against, not consent-based (that one would
// be withdrawn, not objected to), and a new objection to it.
async function fileObjectionAsErika(page) {
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

// [SECTION] Step 2: the DPO
async function checkQueue(page, artifacts, filed) {
  const table = await expectVisible(page.getByRole('table', { name: 'Offene Widersprüche, nach Frist geordnet' }),
    'the table of open objections');
  await expectVisible(table.getByRole('link', { name: filed.reference, exact: true }), `the new objection ${filed.reference}`);
  // An overdue demo objection, as the server reports it, says so in words in its row.
  const queue = expectStatus(await api(page, 'GET', '/api/v1/objections?status=pending'), 200, 'the queue');
  const overdue = queue.items.find((o) => o.overdue);
  if (!overdue) fail('the demo queue has no overdue objection');
  const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: overdue.reference, exact: true }) });
  const text = (await row.textContent()) || '';
  if (!text.includes('überfällig')) fail(`the overdue objection ${overdue.reference}'s row does not say "überfällig": ${text}`);
  const newRow = table.getByRole('row').filter({ has: page.getByRole('link', { name: filed.reference, exact: true }) });
  if (((await newRow.textContent()) || '').includes('überfällig')) fail('the fresh objection is marked overdue');
  log(`queue: ${queue.items.length} open, ${overdue.reference} overdue`);
  await recordScreen(page, artifacts, '01-dpo-queue.png', { axe: 'DPO objection queue' });
}

async function decideObjection(page, artifacts, filed) {
  await press(page, page.getByRole('link', { name: filed.reference, exact: true }), `the link ${filed.reference}`);
  await expectVisible(page.getByRole('heading', { name: `Widerspruch ${filed.reference}` }), 'the case heading');
  await expectVisible(page.getByText(OBJECTION_REASON, { exact: true }), 'the citizen\'s reason in the case');
  await expectVisible(page.getByText('verlangt: Verarbeitung bis zur Entscheidung eingeschränkt'), 'the restriction request');
  await expectVisible(page.getByRole('button', { name: 'Frist verlängern' }), 'the extension (not yet extended)');
  await recordScreen(page, artifacts, '02-dpo-case.png', { axe: 'DPO objection case' });

  log('rejecting with a reason');
  const reject = page.getByRole('radio', { name: 'zurückweisen' });
  await press(page, reject, 'radio "zurückweisen"', 'Space');
  await waitForReported(reject, 'the client to check "zurückweisen"', { checked: true });
  await fillIn(page.getByRole('textbox', { name: REASON_FIELD }), DECISION_REASON, 'the reason of the decision');
  await press(page, page.getByRole('button', { name: 'Weiter zur Prüfung' }), 'button "Weiter zur Prüfung"');
  // The check step: nothing is binding yet, the server still has the objection pending.
  await expectVisible(page.getByRole('heading', { name: 'Bitte prüfen Sie Ihre Entscheidung' }), 'the check step');
  await expectVisible(page.getByText('Den Widerspruch zurückweisen', { exact: true }), 'the outcome on the check step');
  const pending = expectStatus(await api(page, 'GET', `/api/v1/objections/${filed.id}`), 200, 'the objection on the check step');
  if (pending.status !== 'pending') fail(`the check step already decided: ${pending.status}`);
  await recordScreen(page, artifacts, '02b-dpo-check.png', { axe: 'DPO decision check step' });
  await press(page, page.getByRole('button', { name: 'Verbindlich entscheiden' }), 'button "Verbindlich entscheiden"');
  await expectVisible(page.getByRole('status').filter({ hasText: 'Die Entscheidung wurde gespeichert.' }), 'the notice after deciding');
  await expectVisible(page.getByText('Der Widerspruch wurde zurückgewiesen.'), 'the decided state in the case');
  if (await page.getByRole('button', { name: /Verbindlich entscheiden|Weiter zur Prüfung/ }).count() !== 0) {
    fail('the decision form is still offered after deciding');
  }
  const stored = expectStatus(await api(page, 'GET', `/api/v1/objections/${filed.id}`), 200, 'the decided objection');
  if (stored.status !== 'rejected') fail(`the server has status ${stored.status}, not rejected`);
  if (stored.decision_reason !== DECISION_REASON) fail(`the server stored the reason ${JSON.stringify(stored.decision_reason)}`);
  log(`server: ${stored.reference} ${stored.status} at ${stored.decided_at}`);
  await recordScreen(page, artifacts, '03-dpo-decided.png', { axe: 'DPO objection decided' });
  await press(page, page.getByRole('button', { name: 'Zurück zur Liste' }), 'button "Zurück zur Liste"');
  await expectVisible(page.getByRole('table', { name: 'Offene Widersprüche, nach Frist geordnet' }), 'the queue again');
  if (await page.getByRole('link', { name: filed.reference, exact: true }).count() !== 0) {
    fail('the decided objection is still in the queue of open objections');
  }
}

async function reviewPurposes(page, artifacts) {
  await openPage(page, 'Zwecke prüfen', 'Review purposes');
  const table = await expectVisible(page.getByRole('table', { name: 'Zur Prüfung eingereichte Zwecke' }),
    'the table of proposed purposes');
  const links = table.getByRole('link');
  if (await links.count() < 1) fail('no proposal to review in the demo');
  await recordScreen(page, artifacts, '04-dpo-purposes.png', { axe: 'DPO purpose review' });
  const name = ((await links.first().textContent()) || '').trim();
  log(`opening the proposal "${name}"`);
  await press(page, links.first(), `the proposal "${name}"`);
  await expectVisible(page.getByRole('heading', { name: /^Zweck prüfen: / }), 'the proposal heading');
  await expectVisible(page.getByRole('table', { name: /Vorschlag und geltende Fassung im Vergleich|Der vorgeschlagene Zweck/ }),
    'the proposal\'s table');
  await expectVisible(page.getByRole('radio', { name: 'ablehnen' }), 'the decision choices');
  await recordScreen(page, artifacts, '05-dpo-proposal.png', { axe: 'DPO purpose proposal' });
  await press(page, page.getByRole('button', { name: 'Zurück zur Liste' }), 'button "Zurück zur Liste"');
  await expectVisible(page.getByRole('table', { name: 'Zur Prüfung eingereichte Zwecke' }), 'the proposals again');
}

async function unusualAccess(page, artifacts) {
  await openPage(page, 'Auffällige Zugriffe', 'Unusual access');
  const table = await expectVisible(page.getByRole('table', { name: 'Zugriffe je Stelle: diese Woche und üblich' }),
    'the table of access volume per agency');
  const volume = expectStatus(await api(page, 'GET', '/api/v1/statistics/agency-weekly'), 200, 'the volume');
  const police = volume.agencies.find((a) => a.unusual && /Polizei/.test(a.agency.name));
  if (!police) fail(`the demo's police burst is not unusual on the server: ${JSON.stringify(volume.agencies.slice(0, 3))}`);
  const rows = table.getByRole('row');
  const first = ((await rows.nth(1).textContent()) || '').replace(/\s+/g, ' ');
  log(`first row: ${first}`);
  if (!first.includes(volume.agencies[0].agency.name)) fail('the most unusual agency is not first');
  const policeRow = ((await rows.filter({ hasText: police.agency.name }).first().textContent()) || '').replace(/\s+/g, ' ');
  if (!policeRow.includes('auffällig:') || !policeRow.includes(String(police.this_week).replace(/\B(?=(\d{3})+(?!\d))/g, '.'))) {
    fail(`the police row does not say "auffällig" with its ${police.this_week} accesses: ${policeRow}`);
  }
  await recordScreen(page, artifacts, '06-dpo-unusual.png', { axe: 'DPO unusual access' });

  // The flagged agency's entries are one link away, citizens only as references.
  const open = rows.filter({ hasText: police.agency.name }).first().getByRole('link', { name: 'Zugriffe ansehen' });
  await press(page, open, `the police's "Zugriffe ansehen"`);
  await expectVisible(page.getByRole('heading', { name: `Zugriffe der Stelle ${police.agency.name}` }), 'the agency log heading');
  const logTable = await expectVisible(page.getByRole('table', { name: `Protokoll von ${police.agency.name}` }), 'the agency log table');
  const from = new Date(Date.now() - 7 * 86_400_000).toISOString();
  const entries = expectStatus(await api(page, 'GET',
    `/api/v1/agencies/${encodeURIComponent(police.agency.code)}/access-events?limit=50&from=${encodeURIComponent(from)}`), 200, 'the police log');
  if (entries.items.length === 0) fail('the server has no entries of the flagged agency in the last 7 days');
  const firstEntry = ((await logTable.getByRole('row').nth(1).textContent()) || '').replace(/\s+/g, ' ');
  if (!firstEntry.includes(entries.items[0].citizen_ref)) {
    fail(`the first log row does not carry the server's citizen reference ${entries.items[0].citizen_ref}: ${firstEntry}`);
  }
  log(`agency log: ${entries.items.length} entries on the first page, first ${entries.items[0].citizen_ref}`);
  await recordScreen(page, artifacts, '06b-dpo-agency-log.png', { axe: 'DPO agency log' });
  await press(page, page.getByRole('link', { name: 'Zurück zu den Zugriffszahlen' }), 'link "Zurück zu den Zugriffszahlen"');
  await expectVisible(page.getByRole('table', { name: 'Zugriffe je Stelle: diese Woche und üblich' }), 'the figures again');
}

// [SECTION] Step 3: the citizen sees the decision
async function citizenSeesDecision(page, artifacts, filed) {
  await page.getByRole('tab', { name: 'Widersprüche' }).click();
  await waitForState(page, 'the citizen\'s objections page', (s) => s.page === 'Objections');
  await expectVisible(page.getByText(DECISION_REASON, { exact: true }), 'the decision\'s reason on the citizen\'s page');
  await expectVisible(page.getByRole('heading', { name: new RegExp(filed.reference) }), `${filed.reference} on the citizen's page`);
  // Her objection's entry reads from its heading to the next one: outcome and reason in it.
  const entry = await page.evaluate((reference) => {
    const all = [...document.querySelectorAll('#a11y-root *')];
    const start = all.findIndex((el) => el.tagName === 'H3' && el.textContent.includes(reference));
    if (start < 0) return '';
    const end = all.findIndex((el, i) => i > start && el.tagName === 'H3');
    return all.slice(start, end < 0 ? undefined : end).map((el) => el.einblickLabel ? el.einblickLabel.data : '').join(' | ');
  }, filed.reference);
  if (!entry.includes('zurückgewiesen') || !entry.includes(DECISION_REASON)) {
    fail(`her objection's entry does not show the rejection with its reason: ${entry}`);
  }
  const mine = expectStatus(await api(page, 'GET', `/api/v1/me/objections/${filed.id}`), 200, 'her objection');
  if (mine.status !== 'rejected' || mine.decision_reason !== DECISION_REASON) {
    fail(`erika's API does not show the decision: ${JSON.stringify(mine)}`);
  }
  log('the citizen sees the decision and its reason');
  await recordScreen(page, artifacts, '07-citizen-objections.png', { axe: 'citizen objections after the decision' });
}

async function scenario(page, baseUrl, artifacts) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLoginScreen(page, baseUrl);
  const filed = await fileObjectionAsErika(page);

  await logIn(page, 'dsb', { role: 'dpo' });
  await waitForState(page, 'the DPO\'s queue page', (s) => s.role === 'dpo' && s.page === 'Objections');
  await checkQueue(page, artifacts, filed);
  await decideObjection(page, artifacts, filed);
  await reviewPurposes(page, artifacts);
  await unusualAccess(page, artifacts);
  await logOut(page);

  await logIn(page, 'erika', { role: 'citizen' });
  await citizenSeesDecision(page, artifacts, filed);
}

// Nine screens with axe-core and three logins: more than the default budget (CTest TIMEOUT 180).
runBrowserTest('dpo_decision', scenario, {}, { budgetMs: 175_000 });
