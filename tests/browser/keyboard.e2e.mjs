#!/usr/bin/env node
// Keyboard only (WCAG 2.1.1, 2.4.3, 2.4.7): the client puts the focus into the username
// field, Tab and Shift+Tab move between the mirrored fields and ImGui's focus ring follows,
// typing (with ä ö ü ß € @) fills the fields, Ctrl+C copies a field's text to the system
// clipboard and Ctrl+V pastes the username, Enter logs in (to the overview, the focus on its
// content), Shift+Tab reaches the selected tab and then "Abmelden", and Enter there logs out
// again. No mouse, no canvas coordinates.
//
// Usage: node keyboard.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import {
  DEMO_PASSWORD, DEMO_USER, fail, log, openLoginScreen, runBrowserTest, settle, waitForReported, waitForState,
} from './harness.mjs';
import { ringShare } from './pixels.mjs';
import { expectFocus, recordScreen } from './steps.mjs';

// Share of pixels in the frame around a mirrored widget that have the focus ring's colour
// (#00528F): ImGui draws the ring where ImGui's focus is, so this shows that it followed.
async function ringAround(page, locator) {
  const box = await locator.boundingBox();
  const margin = 6;
  const clip = { x: box.x - margin, y: box.y - margin, width: box.width + 2 * margin, height: box.height + 2 * margin };
  const png = await page.screenshot({ clip });
  return ringShare(png);
}

async function expectRing(page, focusedName, otherName) {
  const focused = page.getByRole('textbox', { name: focusedName }).or(page.getByLabel(focusedName)).first();
  const other = page.getByRole('textbox', { name: otherName }).or(page.getByLabel(otherName)).first();
  // The ring is drawn where the client has the focus, in the frame that reports it.
  await waitForReported(focused, `the client to take the focus of ${focusedName}`, { focused: true });
  await settle(page, `the focus ring around ${focusedName}`);
  const [on, off] = [await ringAround(page, focused), await ringAround(page, other)];
  log(`focus ring: ${(on * 100).toFixed(1)} % around ${focusedName}, ${(off * 100).toFixed(1)} % around ${otherName}`);
  if (on < 0.05 || off > 0.01) fail(`the focus ring is not around ${focusedName} (${on.toFixed(3)} vs ${off.toFixed(3)})`);
}

async function scenario(page, baseUrl, artifacts) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLoginScreen(page, baseUrl);
  await expectFocus(page, 'Benutzername');
  await expectRing(page, 'Benutzername', 'Passwort');

  log('typing special characters, then the real username');
  const user = page.getByRole('textbox', { name: 'Benutzername' });
  await page.keyboard.type('äöüß€@');
  const typed = await user.inputValue();
  if (typed !== 'äöüß€@') fail(`typed "äöüß€@" but the field holds ${JSON.stringify(typed)}`);
  await waitForReported(user, 'the client to hold "äöüß€@"', { value: 'äöüß€@' });

  log('copying the field with Ctrl+C, pasting the username with Ctrl+V');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+C');
  await page.waitForFunction(async () => (await navigator.clipboard.readText()) === 'äöüß€@', null,
    { timeout: 5_000, polling: 200 })
    .catch(async () => fail(`Ctrl+C put ${JSON.stringify(await page.evaluate(() => navigator.clipboard.readText()))} on the clipboard`));
  await page.evaluate((text) => navigator.clipboard.writeText(text), DEMO_USER);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await waitForReported(user, `the client to hold the pasted "${DEMO_USER}"`, { value: DEMO_USER });
  if ((await user.inputValue()) !== DEMO_USER) fail(`after Ctrl+V the field holds ${JSON.stringify(await user.inputValue())}`);

  await page.keyboard.press('Tab');
  await expectFocus(page, 'Passwort');
  await expectRing(page, 'Passwort', 'Benutzername');
  await page.keyboard.press('Shift+Tab');
  await expectFocus(page, 'Benutzername');
  await expectRing(page, 'Benutzername', 'Passwort');
  await page.keyboard.press('Tab');
  await page.keyboard.type(DEMO_PASSWORD);
  await waitForReported(page.getByLabel('Passwort'), 'the client to hold the typed password',
    { value: '\u2022'.repeat(DEMO_PASSWORD.length) });
  await recordScreen(page, artifacts, '01-keyboard-login.png', { checkDrawn: false });
  await page.keyboard.press('Enter');
  const overview = await waitForState(page, 'the overview after Enter',
    (s) => s.screen === 'dashboard' && s.page === 'Overview');
  log(`logged in by keyboard as ${overview.user}`);

  // The password field is gone: the focus is on the page's content (the overview's tab
  // panel, focus.e2e.mjs checks its ring). Shift+Tab goes back over the tab list (one stop,
  // its selected tab) to "Abmelden".
  await page.waitForFunction(() => document.activeElement.getAttribute('role') === 'tabpanel', null, { timeout: 5_000 })
    .catch(async () => fail(`after logging in the focus is on ${JSON.stringify(await page.evaluate(() => document.activeElement.outerHTML.slice(0, 80)))}`));
  await page.keyboard.press('Shift+Tab');
  await expectFocus(page, 'Übersicht');
  await page.keyboard.press('Shift+Tab');
  await expectFocus(page, 'Abmelden');
  await page.keyboard.press('Enter');
  await waitForState(page, 'the login screen after logging out', (s) => s.screen === 'login');
  log('logged out by keyboard');
}

// Reading the clipboard back needs the permission a page asks the person for.
runBrowserTest('keyboard', scenario, { permissions: ['clipboard-read', 'clipboard-write'] });
