// Steps the browser tests share: using the page the way a keyboard or screen reader user
// does (through the DOM mirror, never canvas coordinates), asking the server's API with the
// page's own cookies, logging in and out, and recording a screen (screenshot, drawn canvas,
// axe-core). harness.mjs holds the set-up (server, Chromium) and the low-level checks.
import path from 'node:path';
import {
  DEMO_PASSWORD, STEP_TIMEOUT_MS, assertCanvasDrew, assertNoAxeViolations, clientSummary, fail, log, reported,
  settle, waitForReported, waitForState,
} from './harness.mjs';

// [SECTION] Waiting for the mirror

export async function expectVisible(locator, what, timeout = STEP_TIMEOUT_MS) {
  await locator.first().waitFor({ timeout }).catch(async () =>
    fail(`${what} did not appear within ${timeout} ms; client: ${await clientSummary(locator.page())}`));
  return locator.first();
}

export async function expectGone(locator, what, timeout = STEP_TIMEOUT_MS) {
  await locator.first().waitFor({ state: 'detached', timeout }).catch(async () =>
    fail(`${what} did not go away within ${timeout} ms; client: ${await clientSummary(locator.page())}`));
}

// The page's live regions are filled a moment after they appear (see a11y_mirror.js).
export async function textOf(locator) {
  await locator.page().waitForFunction((el) => el.textContent.trim() !== '', await locator.elementHandle(),
    { timeout: 5_000 });
  return (await locator.textContent()).trim();
}

// [SECTION] Using controls

// Focuses the control in the mirror and waits until the client reports it focused: from then
// on no older focus of the client can move the page's focus away before the next key.
export async function focusControl(locator, what) {
  await locator.waitFor({ timeout: STEP_TIMEOUT_MS }).catch(async () =>
    fail(`no ${what} in the mirror within ${STEP_TIMEOUT_MS} ms; client: ${await clientSummary(locator.page())}`));
  // Anew if the page's focus is there already: the mirror tells the client on the focus event.
  await locator.evaluate((el) => {
    if (document.activeElement === el) el.blur();
    el.focus();
  });
  await waitForReported(locator, `the client to take the focus of ${what}`, { focused: true });
}

// A control may lie below the fold of the canvas (the page scrolls inside ImGui), where a
// pointer cannot reach it: focus it in the mirror and press a key, as a keyboard user would;
// the client moves ImGui's focus there and scrolls it into view. Space for radios.
export async function press(page, locator, what, key = 'Enter') {
  await focusControl(locator, what);
  await page.keyboard.press(key);
}

// The text the client reports for a text box holding `text`: a password as one bullet per
// character (the tree never holds the password itself).
async function reportedText(locator, text) {
  const password = await locator.evaluate((el) => el.type === 'password');
  return password ? '\u2022'.repeat([...text].length) : text;
}

// Fills a text box and waits until the client holds the text, so that a button pressed next
// acts on it.
export async function fillIn(locator, text, what) {
  await locator.fill(text, { timeout: STEP_TIMEOUT_MS }).catch((error) =>
    fail(`could not fill ${what}: ${error.message.split('\n')[0]}`));
  const expected = await reportedText(locator, text);
  await waitForReported(locator, `the client to hold the text typed into ${what}`, { value: expected });
}

// The accessible name of the focused element of the page.
export async function activeName(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el ? (el.getAttribute('aria-label') || el.textContent || el.tagName).trim().slice(0, 80) : null;
  });
}

export async function expectFocus(page, name, what = `focus on "${name}"`) {
  await page.waitForFunction((expected) => {
    const el = document.activeElement;
    return el && (el.getAttribute('aria-label') || el.textContent || '').trim() === expected;
  }, name, { timeout: 5_000 }).catch(async () => fail(`${what}: focus is on ${JSON.stringify(await activeName(page))}`));
}

// [SECTION] Session and navigation

// The login form's labels in each language of the interface.
const LOGIN_LABELS = {
  de: { username: 'Benutzername', password: 'Passwort', submit: 'Anmelden' },
  en: { username: 'Username', password: 'Password', submit: 'Sign in' },
};

export async function logIn(page, username, { role, password = DEMO_PASSWORD, language = 'de' } = {}) {
  log(`logging in as ${username}`);
  const labels = LOGIN_LABELS[language];
  const user = page.getByRole('textbox', { name: labels.username });
  await fillIn(user, username, `the field "${labels.username}"`);
  await fillIn(page.getByLabel(labels.password), password, `the field "${labels.password}"`);
  // Typing the password must not have gone anywhere else (the focus once moved back to the
  // username field under it, see Recorder::request_focus).
  const kept = await reported(user);
  if (!kept || kept.value !== username) fail(`after typing the password the username field holds ${JSON.stringify(kept && kept.value)}`);
  await page.getByRole('button', { name: labels.submit, exact: true }).click();
  await waitForState(page, `the dashboard of ${username}`,
    (s) => s.screen === 'dashboard' && s.user && (!role || s.role === role));
}

export async function logOut(page) {
  await press(page, page.getByRole('button', { name: 'Abmelden' }), 'button "Abmelden"');
  await waitForState(page, 'the login screen after logging out', (s) => s.screen === 'login');
  await page.getByRole('textbox', { name: 'Benutzername' }).waitFor({ timeout: STEP_TIMEOUT_MS });
}

// Opens a tab of the dashboard by its German title; `englishTitle` is the page's name in the
// client's test state.
export async function openPage(page, title, englishTitle) {
  await page.getByRole('tab', { name: title }).click();
  await waitForState(page, `the page ${title}`, (s) => s.screen === 'dashboard' && s.page === englishTitle);
  await expectVisible(page.getByRole('heading', { name: title, level: 2 }), `heading "${title}"`);
}

// [SECTION] The server's API, from inside the page

// fetch() in the page: the session cookie of the page, or an API key (then no cookies).
// Answers { status, body } with the body parsed as JSON where it is JSON.
export async function api(page, method, url, { body, key } = {}) {
  return page.evaluate(async ({ method: m, url: u, body: b, key: k }) => {
    const headers = { Accept: 'application/json' };
    if (b !== undefined) headers['Content-Type'] = 'application/json';
    if (k) headers.Authorization = `Bearer ${k}`;
    const response = await fetch(u, {
      method: m, headers, credentials: k ? 'omit' : 'same-origin',
      body: b === undefined ? undefined : JSON.stringify(b),
    });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = text; }
    return { status: response.status, body: json };
  }, { method, url, body, key });
}

// The body of an answer that must have `status`; fails with the answer otherwise.
export function expectStatus(response, status, what) {
  if (response.status !== status) fail(`${what}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

// [SECTION] Recording a screen

// A screenshot of the canvas, the check that it drew (not blank, context not lost) and, with
// `axe`, axe-core on the mirror under that name. The pixel statistics cost about a second on
// this machine; `checkDrawn: false` takes a plain screenshot where an earlier step checked.
export async function recordScreen(page, artifacts, file, { axe, checkDrawn = true } = {}) {
  await settle(page, file); // the frames with the state the test waited for are drawn
  if (checkDrawn) {
    await assertCanvasDrew(page, path.join(artifacts, file), file);
  } else {
    await page.locator('#canvas').screenshot({ path: path.join(artifacts, file) });
  }
  if (axe) await assertNoAxeViolations(page, axe, artifacts);
}
