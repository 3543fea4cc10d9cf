#!/usr/bin/env node
// End-to-end: "the agency proposes a purpose and the DPO approves it", through the real page,
// driven only through the DOM mirror (getByRole / getByLabel), with axe-core on every screen
// and the server's word on every change:
// - agency staff (kfz) open "Zwecke", submit the empty form (error summary, invalid fields,
//   the summary's entries move the focus), fill in every field and submit: the notice, and
//   the purpose listed as submitted for review (also in GET /api/v1/purposes);
// - "API-Schlüssel": a new key is shown once; it authenticates POST /api/v1/access-checks
//   (the new purpose is not approved yet: deny); revoked after a confirmation, it is refused
//   (401);
// - the DPO (dsb-kfz) opens "Zwecke prüfen" and approves the proposal with a reason;
// - agency staff see the purpose as approved with the DPO's reason.
//
// Usage: node agency_purpose.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import { fail, log, openLoginScreen, runBrowserTest, waitForState } from './harness.mjs';
import {
  api, expectFocus, expectGone, expectStatus, expectVisible, fillIn, logIn, logOut, openPage, press,
  recordScreen, textOf,
} from './steps.mjs';
import { accessibilityTreeDriver } from './journeys/drivers.mjs';
import { PURPOSE, fillAndSubmitPurpose, proposeWithErrorsFirst } from './journeys/staff.mjs';

const AGENCY_USER = 'kfz';
const DPO_USER = 'dsb-kfz';
const ERIKA_ID = '45678901239'; // the demo citizen's IdNr (valid check digit)

const KEY_LABEL = 'E2E Fachverfahren Zulassung';
const APPROVAL_REASON = 'Rechtsgrundlage und Umfang geprüft; erforderlich und verhältnismäßig.';

// [SECTION] API keys

async function accessCheck(page, key, purposeId) {
  return api(page, 'POST', '/api/v1/access-checks', {
    key,
    body: { citizen_id: ERIKA_ID, purpose_id: purposeId, register: 'versicherungsnachweise', data_categories: ['insurance'] },
  });
}

async function createAndRevokeKey(page, artifacts, purposeId) {
  await openPage(page, 'API-Schlüssel', 'API keys');
  await expectVisible(page.getByRole('heading', { name: 'Neuen Schlüssel erstellen' }), 'the create section');
  log('creating an API key');
  await fillIn(page.getByRole('textbox', { name: 'Bezeichnung' }), KEY_LABEL, '"Bezeichnung"');
  await press(page, page.getByRole('button', { name: 'Schlüssel erstellen' }), 'button "Schlüssel erstellen"');
  const box = page.getByRole('region', { name: 'Neuer API-Schlüssel' });
  await expectVisible(box, 'the box with the new key');
  const field = box.getByRole('textbox', { name: 'API-Schlüssel' });
  await page.waitForFunction((el) => el.value.startsWith('ebk_'), await field.elementHandle(), { timeout: 5_000 })
    .catch(() => fail('the new key is not shown'));
  const key = await field.inputValue();
  const status = await textOf(box.getByRole('status'));
  if (!status.includes('nur dieses eine Mal')) fail(`no "shown once" warning: ${status}`);
  await expectVisible(box.getByText('Einblick speichert nur einen Hashwert', { exact: false }), 'the warning about the hash');
  await expectFocus(page, 'API-Schlüssel', 'the key appeared');
  await recordScreen(page, artifacts, '06-api-key-created.png', { axe: 'api key created' });

  log('the key authenticates an access check');
  const allowedCheck = await accessCheck(page, key, purposeId);
  if (allowedCheck.status !== 200) fail(`POST /api/v1/access-checks with the new key answered ${allowedCheck.status}`);
  if (allowedCheck.body.decision !== 'deny' || allowedCheck.body.reason !== 'purpose_not_approved') {
    fail(`an unapproved purpose was not denied: ${JSON.stringify(allowedCheck.body)}`);
  }
  const listed = expectStatus(await api(page, 'GET', '/api/v1/agency/api-keys'), 200, 'the key list');
  const info = listed.items.find((k) => k.label === KEY_LABEL);
  if (!info || !info.active) fail(`the server does not list "${KEY_LABEL}" as active`);
  if (JSON.stringify(listed).includes(key)) fail('the key list contains the key itself');

  log('dismissing: the key is gone for good');
  await press(page, box.getByRole('button', { name: 'Ich habe den Schlüssel sicher gespeichert' }), 'the dismiss button');
  await expectGone(box, 'the box with the new key');
  const leaked = await page.evaluate((k) => document.getElementById('a11y-root').innerHTML.includes(k)
    || [...document.querySelectorAll('#a11y-root input')].some((el) => el.value === k), key);
  if (leaked) fail('the key is still in the page after it was dismissed');

  log('revoking it, with confirmation');
  const row = page.getByRole('row').filter({ hasText: KEY_LABEL });
  await press(page, row.getByRole('button', { name: `Widerrufen: ${KEY_LABEL}` }), 'the revoke button');
  const question = row.getByRole('alert');
  if (!(await textOf(question)).startsWith('Wirklich widerrufen?')) fail('no "Wirklich widerrufen?"');
  await expectFocus(page, `Abbrechen: ${KEY_LABEL} nicht widerrufen`, 'the confirmation appeared');
  await recordScreen(page, artifacts, '07-api-key-confirm-revoke.png', { axe: 'api key revoke confirmation' });
  await press(page, row.getByRole('button', { name: `Ja, widerrufen: ${KEY_LABEL}` }), 'the confirm button');
  await expectVisible(page.getByRole('status').filter({ hasText: 'Der Schlüssel wurde widerrufen' }), 'the revoked notice');
  await expectVisible(row.getByRole('cell', { name: /^widerrufen am / }), 'the key listed as revoked');
  const refused = await accessCheck(page, key, purposeId);
  if (refused.status !== 401) fail(`the revoked key still works: ${refused.status}`);
  const after = expectStatus(await api(page, 'GET', '/api/v1/agency/api-keys'), 200, 'the key list after revoking');
  if (after.items.find((k) => k.label === KEY_LABEL).active) fail('the server lists the key as active');
  await recordScreen(page, artifacts, '08-api-key-revoked.png', { axe: 'api key revoked' });
}

// [SECTION] The DPO approves

async function approveAsDpo(page, artifacts, purposeId) {
  await logIn(page, DPO_USER, { role: 'dpo' });
  await openPage(page, 'Zwecke prüfen', 'Review purposes');
  const table = page.getByRole('table', { name: 'Zur Prüfung eingereichte Zwecke' });
  await expectVisible(table, 'the proposals to review');
  const open = table.getByRole('link', { name: `${PURPOSE.name} (Version 1)` });
  await expectVisible(open, 'the new proposal in the review list');
  await recordScreen(page, artifacts, '09-dpo-review-list.png', { axe: 'dpo review list' });
  await press(page, open, 'the proposal link');
  await expectVisible(page.getByRole('heading', { name: `Zweck prüfen: ${PURPOSE.name}`, level: 2 }), 'the proposal');
  await press(page, page.getByRole('radio', { name: 'genehmigen' }), 'radio "genehmigen"', 'Space');
  await fillIn(page.getByRole('textbox', { name: 'Begründung (wird der Stelle mitgeteilt)' }), APPROVAL_REASON,
    'the reason of the approval');
  await recordScreen(page, artifacts, '10-dpo-approve.png', { axe: 'dpo approving' });
  await press(page, page.getByRole('button', { name: 'Entscheidung speichern' }), 'button "Entscheidung speichern"');
  await expectVisible(page.getByRole('status').filter({ hasText: 'Der Zweck wurde genehmigt' }), 'the DPO\'s notice');
  await recordScreen(page, artifacts, '11-dpo-approved.png', { axe: 'dpo approved' });
  const { body } = await api(page, 'GET', `/api/v1/purposes/${purposeId}`);
  if (!body || body.status !== 'approved') fail(`after the DPO's decision the purpose is ${body && body.status}`);
  await logOut(page);
}

async function seeApproved(page, artifacts, purposeId) {
  await logIn(page, AGENCY_USER, { role: 'agency' });
  const row = page.getByRole('row').filter({ hasText: PURPOSE.name });
  await expectVisible(row, 'the purpose in the agency\'s list');
  const cells = (await row.getByRole('cell').allTextContents()).map((t) => t.trim());
  log(`approved row: ${cells.join(' | ')}`);
  if (!cells.some((c) => c.startsWith('genehmigt am '))) fail(`the purpose is not listed as approved: ${cells.join(' | ')}`);
  if (!cells.includes(APPROVAL_REASON)) fail('the DPO\'s reason is not shown');
  const { status, body } = await api(page, 'GET', `/api/v1/purposes/${purposeId}`);
  if (status !== 200 || body.status !== 'approved' || body.in_force.decision_reason !== APPROVAL_REASON) {
    fail(`the server has the purpose as ${JSON.stringify(body && body.status)}`);
  }
  await recordScreen(page, artifacts, '12-agency-approved.png', { axe: 'agency purpose approved' });
}

async function scenario(page, baseUrl, artifacts) {
  const started = Date.now();
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLoginScreen(page, baseUrl);
  await logIn(page, AGENCY_USER, { role: 'agency' });
  await waitForState(page, 'the purposes page', (s) => s.page === 'Purposes');
  const ctx = { page, driver: accessibilityTreeDriver(page, { verifyAxTree: false }), artifacts };
  await proposeWithErrorsFirst(ctx); // journeys/staff.mjs
  const purposeId = await fillAndSubmitPurpose(ctx);
  await createAndRevokeKey(page, artifacts, purposeId);
  await logOut(page);
  await approveAsDpo(page, artifacts, purposeId);
  await seeApproved(page, artifacts, purposeId);
  log(`scenario took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// Three logins and ten screens with axe: more than the default budget.
runBrowserTest('agency_purpose', scenario, {}, { budgetMs: 145_000 });
