#!/usr/bin/env node
// End-to-end: lost connection, server errors and an expired session produce a clear message
// and a way to retry, and nothing typed is lost (issue 4, "One app"). The demo citizen:
// - opens "Einwilligungen" while offline: the consents loaded before stay, below an alert
//   that says so, and "Erneut versuchen" reloads them once the connection is back;
// - starts an objection from the purpose registry, types a reason (with ä ö ü ß € @) and
//   reaches the check-your-answers step;
// - sends it while offline, then into an HTTP 500 (plain text) and a 503 with a German
//   problem+json detail: each time the reason for the failure, "Ihre Angaben sind erhalten"
//   and "Erneut senden", and the server has stored nothing;
// - sends it after her session was ended on the server: the login screen says the session
//   expired and that her input is kept, with her username filled in; after logging in again
//   the check step still shows her reason, and sending files exactly one objection with it.
// axe-core runs on each error screen. All through the DOM mirror.
//
// Usage: node resilience.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import {
  DEMO_USER, fail, log, openLoginScreen, runBrowserTest, waitForState,
} from './harness.mjs';
import {
  api, expectGone, expectStatus, expectVisible, fillIn, logIn, openPage, press, recordScreen, textOf,
} from './steps.mjs';

const REASON = 'Prüfung für E2E: Ich widerspreche – Größe der Datenmenge, Gebühr 12 € @ Amt, '
  + `Nachweis ${Date.now()}.`;
const OBJECTIONS = '/api/v1/me/objections';
const NETWORK_ERROR = 'Der Server ist nicht erreichbar. Bitte prüfen Sie Ihre Internetverbindung '
  + 'und versuchen Sie es erneut.';
const SERVER_ERROR = 'Beim Server ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut.';
const PROBLEM_DETAIL = 'Der Dienst wird gerade gewartet. Bitte versuchen Sie es in einigen Minuten erneut.';
const EXPIRED = 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an. Ihre Eingaben bleiben erhalten.';

// [SECTION] Helpers

async function alertWith(page, text, what) {
  const alert = page.getByRole('alert').filter({ hasText: text });
  await expectVisible(alert, what);
  return textOf(alert.first());
}

async function objectionCount(page) {
  return expectStatus(await api(page, 'GET', OBJECTIONS), 200, 'GET /api/v1/me/objections').items.length;
}

// The failed send left the flow on its check step with the reason and a way to send again.
async function expectKeptForRetry(page, failure, what, artifacts, file) {
  const message = await alertWith(page, 'Ihr Widerspruch konnte nicht gesendet werden', `the failure alert (${what})`);
  if (!message.includes(failure)) fail(`${what}: the alert says "${message}", expected "${failure}"`);
  await expectVisible(page.getByText('Ihre Angaben sind erhalten. Bitte versuchen Sie es erneut.'),
    `"Ihre Angaben sind erhalten" (${what})`);
  await expectVisible(page.getByText(REASON, { exact: true }), `the typed reason after ${what}`);
  await expectVisible(page.getByRole('button', { name: 'Erneut senden' }), `"Erneut senden" (${what})`);
  log(`${what}: "${message}"; the reason and "Erneut senden" are still there`);
  await recordScreen(page, artifacts, file, { axe: what, checkDrawn: false });
}

// [SECTION] A page that cannot load

// The consents were loaded with the overview; opening the page reloads them, which fails: the
// list loaded before stays, below an alert that says so, with "Erneut versuchen".
async function pageReloadsAfterRetry(page, artifacts) {
  // Only a list that finished loading can stay: wait for the overview's consents first.
  await expectVisible(page.getByRole('heading', { name: 'Bald ablaufende Einwilligungen' }), 'the overview');
  await expectGone(page.getByText('Ihre Einwilligungen werden geladen …'), 'the overview loading the consents');
  log('opening "Einwilligungen" without a connection');
  await page.context().setOffline(true);
  await page.getByRole('tab', { name: 'Einwilligungen' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Der Server ist nicht erreichbar' });
  const message = await alertWith(page, 'Der Server ist nicht erreichbar', 'the alert of the page that could not load');
  if (!message.includes('Angezeigt wird der zuletzt geladene Stand.')) fail(`the alert does not say the list is old: ${message}`);
  await expectVisible(page.getByRole('heading', { name: 'Erteilte Einwilligungen' }), 'the consents loaded before');
  const retry = await expectVisible(page.getByRole('button', { name: 'Erneut versuchen' }), '"Erneut versuchen"');
  await recordScreen(page, artifacts, '01-consents-offline.png', { axe: 'page reload failed' });
  await page.context().setOffline(false);
  await press(page, retry, '"Erneut versuchen"');
  await expectGone(alert, 'the alert after "Erneut versuchen"');
  log('"Erneut versuchen" reloaded the consents');
}

// [SECTION] The objection flow through every failure

// A purpose Erika may object to: not consent-based, no objection of hers pending against it.
async function purposeToObjectTo(page) {
  const purposes = expectStatus(await api(page, 'GET', '/api/v1/purposes'), 200, 'GET /api/v1/purposes');
  const mine = expectStatus(await api(page, 'GET', OBJECTIONS), 200, 'GET /api/v1/me/objections');
  const pending = new Set(mine.items.filter((o) => o.status === 'pending').map((o) => o.purpose.id));
  const purpose = purposes.items.find((p) => p.in_force && p.in_force.gdpr_basis !== 'A6-1-a' && !pending.has(p.id));
  if (!purpose) fail('no purpose left that the demo citizen could object to');
  return purpose.in_force.name;
}

async function reachCheckStep(page, purposeName) {
  await openPage(page, 'Zweckregister', 'Purpose registry');
  await fillIn(page.getByRole('textbox', { name: 'Zweckregister durchsuchen' }), purposeName, 'the search');
  await press(page, page.getByRole('button', { name: `Widerspruch einlegen: ${purposeName}` }),
    `"Widerspruch einlegen: ${purposeName}"`);
  await expectVisible(page.getByRole('heading', { name: 'Widerspruch einlegen', level: 2 }), 'the objection form');
  await fillIn(page.getByRole('textbox', { name: 'Begründung' }), REASON, 'the reason');
  await press(page, page.getByRole('button', { name: 'Weiter' }), '"Weiter"');
  await expectVisible(page.getByRole('heading', { name: 'Bitte prüfen Sie Ihre Angaben' }), 'the check step');
  await expectVisible(page.getByText(REASON, { exact: true }), 'the reason on the check step');
  log(`on the check step of an objection to "${purposeName}"`);
}

async function sendWhileOffline(page, artifacts) {
  await page.context().setOffline(true);
  await press(page, page.getByRole('button', { name: 'Widerspruch einlegen', exact: true }), 'the send button');
  await expectKeptForRetry(page, NETWORK_ERROR, 'send without a connection', artifacts, '02-send-offline.png');
  await page.context().setOffline(false);
}

// The next POST of an objection gets `answer` from a stand-in for the server; others pass.
async function failNextSend(page, answer) {
  let used = false;
  await page.route(`**${OBJECTIONS}`, async (route) => {
    if (route.request().method() !== 'POST' || used) return route.continue();
    used = true;
    return route.fulfill(answer);
  });
  return () => page.unroute(`**${OBJECTIONS}`);
}

async function sendIntoServerErrors(page, artifacts) {
  let restore = await failNextSend(page, { status: 500, contentType: 'text/plain', body: 'Internal Server Error' });
  await press(page, page.getByRole('button', { name: 'Erneut senden' }), '"Erneut senden"');
  await expectKeptForRetry(page, SERVER_ERROR, 'send into HTTP 500', artifacts, '03-send-500.png');
  await restore();

  restore = await failNextSend(page, {
    status: 503,
    contentType: 'application/problem+json',
    body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: PROBLEM_DETAIL }),
  });
  await press(page, page.getByRole('button', { name: 'Erneut senden' }), '"Erneut senden"');
  await expectKeptForRetry(page, PROBLEM_DETAIL, 'send into HTTP 503 with a problem detail', artifacts, '04-send-503.png');
  await restore();
}

async function sendAfterSessionExpired(page, artifacts) {
  log('ending the session on the server');
  expectStatus(await api(page, 'DELETE', '/api/v1/session'), 204, 'DELETE /api/v1/session');
  await press(page, page.getByRole('button', { name: 'Erneut senden' }), '"Erneut senden"');
  await waitForState(page, 'the login screen after the expiry', (s) => s.screen === 'login');
  await alertWith(page, EXPIRED, 'the expiry message on the login screen');
  const username = page.getByRole('textbox', { name: 'Benutzername' });
  if ((await username.inputValue()) !== DEMO_USER) fail(`the username field holds "${await username.inputValue()}"`);
  await recordScreen(page, artifacts, '05-session-expired.png', { axe: 'session expired', checkDrawn: false });

  await logIn(page, DEMO_USER, { role: 'citizen' });
  await expectVisible(page.getByRole('heading', { name: 'Bitte prüfen Sie Ihre Angaben' }),
    'the check step after logging in again');
  await expectVisible(page.getByText(REASON, { exact: true }), 'the reason after logging in again');
  log('after logging in again the check step still holds the reason');
}

// The login said why the send stopped; back on the check step it is a fresh attempt.
async function sendForReal(page, artifacts, before) {
  await press(page, page.getByRole('button', { name: 'Widerspruch einlegen', exact: true }), 'the send button');
  const status = page.getByRole('status').filter({ hasText: 'Aktenzeichen:' });
  const reference = (await textOf(await expectVisible(status, 'the confirmation'))).replace('Aktenzeichen:', '').trim();
  await recordScreen(page, artifacts, '06-sent.png', { axe: 'sent after the failures' });
  const items = expectStatus(await api(page, 'GET', OBJECTIONS), 200, 'GET /api/v1/me/objections').items;
  const sent = items.filter((o) => o.reason === REASON);
  if (sent.length !== 1) fail(`the server has ${sent.length} objections with the reason, expected exactly 1`);
  if (sent[0].reference !== reference) fail(`the page shows ${reference}, the server ${sent[0].reference}`);
  if (items.length !== before + 1) fail(`${items.length} objections on the server, expected ${before + 1}`);
  log(`sent once: ${reference}`);
}

async function scenario(page, baseUrl, artifacts) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLoginScreen(page, baseUrl);
  await logIn(page, DEMO_USER, { role: 'citizen' });
  await pageReloadsAfterRetry(page, artifacts);

  const before = await objectionCount(page);
  await reachCheckStep(page, await purposeToObjectTo(page));
  await sendWhileOffline(page, artifacts);
  await sendIntoServerErrors(page, artifacts);
  if ((await objectionCount(page)) !== before) fail('a failed send left an objection on the server');
  await sendAfterSessionExpired(page, artifacts);
  await sendForReal(page, artifacts, before);
}

runBrowserTest('resilience', scenario, {}, { budgetMs: 115_000 });
