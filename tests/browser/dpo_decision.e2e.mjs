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
import { fail, log, openLoginScreen, runBrowserTest, waitForState } from './harness.mjs';
import { api, expectStatus, expectVisible, logIn, logOut, openPage, press, recordScreen } from './steps.mjs';
import { accessibilityTreeDriver } from './journeys/drivers.mjs';
import { DECISION_REASON, decideObjection, fileObjectionAsErika } from './journeys/staff.mjs';

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
  await decideObjection({ page, driver: accessibilityTreeDriver(page, { verifyAxTree: false }), artifacts }, filed); // journeys/staff.mjs
  await reviewPurposes(page, artifacts);
  await unusualAccess(page, artifacts);
  await logOut(page);

  await logIn(page, 'erika', { role: 'citizen' });
  await citizenSeesDecision(page, artifacts, filed);
}

// Nine screens with axe-core and three logins: more than the default budget (CTest TIMEOUT 180).
runBrowserTest('dpo_decision', scenario, {}, { budgetMs: 175_000 });
