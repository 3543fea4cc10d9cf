#!/usr/bin/env node
// End-to-end: the demo citizen logs in through the real page, lands on her overview and opens
// her access history with the "Zugriffe" tab, all through the DOM mirror of the canvas
// (getByRole, like a screen reader or keyboard user), never by canvas coordinates. A wrong
// password first (the German alert must appear), axe-core on the login screen, the error state
// and the history, a late report marked "nachträglich gemeldet", the canvas really drew, and it
// follows a resize.
//
// Usage: node citizen_history.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
// Exit code 0 on success, 1 with a message naming the failed step otherwise.
import {
  DEMO_PASSWORD, DEMO_USER, fail, log, openLoginScreen, runBrowserTest, untilClient, waitForState,
} from './harness.mjs';
import { expectVisible, fillIn, recordScreen, textOf } from './steps.mjs';

const GERMAN_DATE_TIME = /^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/;
const COLUMNS = ['Zeitpunkt', 'Abrufende Stelle', 'Zweck', 'Rechtsgrundlage', 'Datenkategorien'];

async function logInWithWrongPassword(page, artifacts) {
  log('logging in with a wrong password');
  await fillIn(page.getByRole('textbox', { name: 'Benutzername' }), DEMO_USER, 'the username');
  await fillIn(page.getByLabel('Passwort'), 'falsch', 'the password');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  const message = await textOf(await expectVisible(page.getByRole('alert'), 'a role=alert after a wrong password'));
  log(`alert: ${message}`);
  if (!/[a-zäöüß]/i.test(message) || /HTTP|401|json/i.test(message)) {
    fail(`error is not a readable German sentence: ${message}`);
  }
  const user = page.getByRole('textbox', { name: 'Benutzername' });
  if ((await user.inputValue()) !== DEMO_USER) fail('the username was not kept after the failure');
  if ((await user.getAttribute('aria-invalid')) !== 'true') fail('the username is not marked invalid');
  // The client moves focus to the (selected) password, and the page's focus follows.
  await page.waitForFunction(() => document.activeElement && document.activeElement.type === 'password',
    null, { timeout: 5_000 }).catch(() => fail('focus did not move to the password field after the failure'));
  await recordScreen(page, artifacts, '02-login-error.png', { axe: 'login error', checkDrawn: false });
}

async function readHistory(page) {
  const table = page.getByRole('table', { name: 'Zugriffe auf Ihre Daten' });
  await expectVisible(table, 'the table "Zugriffe auf Ihre Daten"');
  await waitForState(page, 'the history with rows',
    (s) => s.screen === 'dashboard' && s.page === 'Accesses' && !s.loading && s.rows > 0);
  const headers = (await page.getByRole('columnheader').allTextContents()).map((t) => t.trim());
  if (headers.join('|') !== COLUMNS.join('|')) fail(`column headers are ${JSON.stringify(headers)}`);
  const rows = page.getByRole('row');
  const count = await rows.count();
  const state = await waitForState(page, 'rows', (s) => s.rows > 0);
  if (count !== state.rows + 1) fail(`${count} rows in the mirror for ${state.rows} accesses plus the header`);
  const cells = (await rows.nth(1).getByRole('cell').allTextContents()).map((t) => t.trim());
  log(`first row: ${cells.join(' | ')}`);
  if (cells.length !== 5) fail(`first row has ${cells.length} cells`);
  // The time is the link; under it the browser's own check of the entry (log_verification).
  const time = (await rows.nth(1).getByRole('link').textContent()).trim();
  if (!GERMAN_DATE_TIME.test(time)) fail(`first row's time is not "TT.MM.JJJJ, hh:mm": ${time}`);
  if (!/^(wird geprüft|geprüft|nicht bestätigt)$/.test(cells[0].slice(time.length))) {
    fail(`first row's time cell does not say whether it was checked: ${cells[0]}`);
  }
  if (cells.some((cell) => cell === '')) fail(`first row has an empty cell: ${JSON.stringify(cells)}`);
  if (time !== state.first_row.occurred_at || cells[1] !== state.first_row.agency) {
    fail(`the mirror's first row differs from the client's: ${JSON.stringify(state.first_row)}`);
  }
  if (/^[a-z_]+(, [a-z_]+)*$/.test(cells[4])) fail(`data categories are codes, not German labels: ${cells[4]}`);
  await expectVisible(page.getByRole('status').filter({ hasText: 'Zugriffe angezeigt' }),
    'the status "… Zugriffe angezeigt"', 5_000);
}

// Two of the demo citizen's accesses were reported late (days after they happened): each such
// row says "nachträglich gemeldet" under its time, in the mirror as on the canvas (the detail's
// wording is checked natively, tests/client/views_history_test.cpp). Loads further pages until
// one is among the rows.
async function assertLateReportsMarked(page) {
  let state = await waitForState(page, 'the history', (s) => !s.loading && s.rows > 0);
  for (let pages = 1; state.late_rows === 0 && state.has_more && pages < 5; ++pages) {
    const rows = state.rows;
    await page.getByRole('button', { name: 'Weitere laden' }).click();
    state = await waitForState(page, 'the next page', (s) => !s.loading && s.rows > rows);
  }
  if (state.late_rows === 0) fail(`none of ${state.rows} rows is marked as reported late`);
  const marked = page.getByRole('cell').filter({ hasText: 'nachträglich gemeldet' });
  const count = await marked.count();
  if (count !== state.late_rows) {
    fail(`${count} cells say "nachträglich gemeldet" for ${state.late_rows} late reports`);
  }
  const text = (await marked.first().textContent()).trim();
  // The time, the log check's word under it (log_verification.e2e.mjs tests that), then the mark.
  if (!/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}\s*(wird geprüft|geprüft|nicht bestätigt)?\s*nachträglich gemeldet$/.test(text)) {
    fail(`a late report's time cell reads "${text}"`);
  }
  log(`${count} of ${state.rows} rows marked "nachträglich gemeldet": ${text}`);
}

// The canvas fills the window and follows a resize with its drawing buffer; the mirror moves.
async function assertCanvasFollowsResize(page, artifacts) {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.waitForFunction(() => {
    const canvas = document.getElementById('canvas');
    return canvas.width === 1024 && canvas.height === 700;
  }, null, { timeout: 5_000 }).catch(async () => {
    const size = await page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
    fail(`canvas did not follow the window to 1024x700 (drawing buffer ${size.join('x')})`);
  });
  // The client lays the header out again for the new width and the mirror follows.
  const logout = page.getByRole('button', { name: 'Abmelden' });
  await untilClient(page, '"Abmelden" to move inside the 1024 px wide window', async () => {
    const box = await logout.boundingBox();
    return { done: Boolean(box) && box.x + box.width <= 1024, seen: box };
  });
  await recordScreen(page, artifacts, '04-resized.png');
}

// The mouse wheel scrolls the page wherever the pointer is: over plain content (the canvas gets
// the event) and over a mirrored control (the mirror hands the event to the canvas).
async function assertWheelScrolls(page) {
  for (const over of ['control', 'content']) {
    // A row's link in the middle of the table, and where it is now.
    const target = await page.evaluate(() => {
      const links = [...document.querySelectorAll('#a11y-root table a, #a11y-root [role=table] a')];
      const boxes = links.map((el) => ({ id: el.id, box: el.getBoundingClientRect() }))
        .filter((l) => l.box.top > 400 && l.box.bottom < 700); // well inside the table
      if (boxes.length === 0) return null;
      const { id, box } = boxes[0];
      return { id, x: box.left + box.width / 2, y: box.top + box.height / 2, top: box.top };
    });
    if (!target) fail('no row link in the middle of the history table to scroll by');
    await page.mouse.move(over === 'control' ? target.x : 640, target.y);
    await page.mouse.wheel(0, 240);
    // 240 px down: the row moves up by about that much (not the other way, not by pages).
    const moved = await page.waitForFunction(([id, top]) => {
      const el = document.getElementById(id);
      return el && el.getBoundingClientRect().top < top - 100;
    }, [target.id, target.top], { timeout: 5_000 }).then(() => true, () => false);
    const now = await page.evaluate((id) => document.getElementById(id)?.getBoundingClientRect().top, target.id);
    if (!moved) fail(`the mouse wheel (240 px down) over ${over} did not scroll the history table down (row at ${target.top} px, now ${now})`);
    if (now < target.top - 500) fail(`the mouse wheel over ${over} scrolled ${target.top - now} px for 240 px`);
    log(`the wheel over ${over} scrolls the table by ${Math.round(target.top - now)} px`);
  }
}

async function scenario(page, baseUrl, artifacts) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLoginScreen(page, baseUrl);
  await recordScreen(page, artifacts, '01-login.png', { axe: 'login screen' });

  await logInWithWrongPassword(page, artifacts);
  // The username was kept, so (unlike steps.logIn) only the password is typed again.
  log('logging in as the demo citizen');
  await fillIn(page.getByLabel('Passwort'), DEMO_PASSWORD, 'the password');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await waitForState(page, 'the overview after login', (s) => s.screen === 'dashboard' && s.page === 'Overview');
  log('on the overview; opening "Zugriffe"');
  await page.getByRole('tab', { name: 'Zugriffe' }).click();
  await readHistory(page);
  await recordScreen(page, artifacts, '03-history.png', { axe: 'history' });
  await assertWheelScrolls(page);
  await assertLateReportsMarked(page);

  await assertCanvasFollowsResize(page, artifacts);
}

runBrowserTest('citizen_history', scenario);
