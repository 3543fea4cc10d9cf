#!/usr/bin/env node
// Touch on a phone-sized screen (400 x 800, touch events, mobile viewport): Erika logs in by
// tapping the fields and the button, opens a page by tapping the menu and a tab, swipes the
// history up (the page scrolls inside the canvas, and glides on after the finger lifts), and
// taps a text field, which must hold the page's focus already while the touchend is handled,
// so that a phone shows its keyboard (client/platform/touch.cpp). axe-core on the states.
import {
  DEMO_PASSWORD, DEMO_USER, fail, log, openLoginScreen, runBrowserTest, settle, untilClient,
  waitForReported, waitForState,
} from './harness.mjs';
import { expectVisible, recordScreen } from './steps.mjs';

const VIEWPORT = { width: 400, height: 800 };

// The touch input's own account (touch.cpp): taps, drags, whether it glides, pixels scrolled.
async function touchInfo(page) {
  return page.evaluate(() => JSON.parse(window.Module.UTF8ToString(window.Module._einblick_touch_info())));
}

// Records, for every touchend, which element had the page's focus while the event was being
// handled (a listener on window after the client's, same task) and where a watched element was.
async function watchTouchEnds(page) {
  await page.evaluate(() => {
    window.einblickTouchEnds = [];
    window.addEventListener('touchend', (event) => {
      const watched = window.einblickWatched;
      window.einblickTouchEnds.push({
        target: event.target.id,
        active: document.activeElement ? document.activeElement.id : null,
        watchedTop: watched && watched.isConnected ? watched.getBoundingClientRect().top : null,
      });
    });
  });
}

async function lastTouchEnd(page) {
  return page.evaluate(() => window.einblickTouchEnds[window.einblickTouchEnds.length - 1] || null);
}

async function tap(page, locator, what) {
  await expectVisible(locator, what);
  const box = await locator.boundingBox();
  if (!box) fail(`${what} has no box to tap`);
  log(`tap on ${what}`);
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
}

// A tap on a text field: the field holds the page's focus in the touchend's own task, and the
// client takes the focus there.
async function tapTextField(page, locator, what) {
  await tap(page, locator, what);
  const id = await locator.evaluate((el) => el.id);
  const end = await lastTouchEnd(page);
  if (!end || end.target !== id) fail(`no touchend on ${what}: ${JSON.stringify(end)}`);
  if (end.active !== id) fail(`during the touchend on ${what} the focus was on ${JSON.stringify(end.active)}`);
  await waitForReported(locator, `the client to focus ${what}`, { focused: true });
}

async function typeInto(page, locator, text, reportedText, what) {
  await page.keyboard.type(text); // the on-screen keyboard types into the focused field
  await waitForReported(locator, `the client to hold what was typed into ${what}`, { value: reportedText });
}

async function logInByTouch(page, artifacts) {
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  const user = page.getByRole('textbox', { name: 'Benutzername' });
  const password = page.getByLabel('Passwort');
  await tapTextField(page, user, 'the field "Benutzername"');
  await typeInto(page, user, DEMO_USER, DEMO_USER, '"Benutzername"');
  await tapTextField(page, password, 'the field "Passwort"');
  await typeInto(page, password, DEMO_PASSWORD, '\u2022'.repeat(DEMO_PASSWORD.length), '"Passwort"');
  await recordScreen(page, artifacts, '01-login-typed.png', { axe: 'login by touch' });
  await tap(page, page.getByRole('button', { name: 'Anmelden', exact: true }), 'the button "Anmelden"');
  await waitForState(page, 'the dashboard after tapping "Anmelden"', (s) => s.screen === 'dashboard' && s.role === 'citizen');
}

async function openByMenu(page, tab, englishName) {
  await tap(page, page.getByRole('button', { name: 'Menü' }), 'the button "Menü"');
  await tap(page, page.getByRole('tab', { name: tab }), `the tab "${tab}"`);
  await waitForState(page, `the page ${tab}`, (s) => s.page === englishName && !s.loading);
  await expectVisible(page.getByRole('heading', { name: tab, level: 2 }), `the heading "${tab}"`);
  await settle(page, `the page ${tab}`);
}

// One finger from (x, y0) to (x, y1) in a quick stroke, through the DevTools protocol.
async function swipe(page, x, y0, y1, steps = 8) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y: y0 }] });
  for (let i = 1; i <= steps; ++i) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y0 + ((y1 - y0) * i) / steps }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

async function swipeHistory(page, artifacts) {
  await openByMenu(page, 'Zugriffe', 'Accesses');
  const heading = page.getByRole('heading', { name: 'Zugriffe', level: 2 });
  const top = await heading.evaluate((el) => { window.einblickWatched = el; return el.getBoundingClientRect().top; });
  const before = await touchInfo(page);
  // The stroke starts on a control (a select of the filters): a drag is a scroll, not a press.
  await swipe(page, VIEWPORT.width / 2, 600, 200);
  const release = await lastTouchEnd(page);
  const glided = await untilClient(page, 'the page to glide to a stop', async () => {
    const info = await touchInfo(page);
    return { done: !info.gliding, seen: info };
  });
  await settle(page, 'after the swipe');
  const topAfter = await heading.evaluate((el) => el.getBoundingClientRect().top);
  const dragged = glided.released[1] - before.scrolled[1];
  const total = glided.scrolled[1] - before.scrolled[1];
  log(`swipe 400 px up: heading ${top} → ${release.watchedTop} at the release → ${topAfter}; ` +
    `scrolled ${dragged} px by the finger, ${total} px in all`);
  if (dragged < 300) fail(`the finger's 400 px scrolled only ${dragged} px`);
  if (!(top - topAfter >= 300)) fail(`the mirror's heading moved from ${top} to ${topAfter}: the page did not scroll`);
  // Inertia: it went on after the finger lifted, on the canvas and in the mirror.
  if (!(total > dragged + 50)) fail(`no glide after the release: ${total} px in all, ${dragged} by the finger`);
  if (!(topAfter < release.watchedTop - 50)) {
    fail(`the heading stood at ${release.watchedTop} at the release and at ${topAfter} after: no glide`);
  }
  const state = await waitForState(page, 'the history, no detail opened by the swipe', (s) => s.page === 'Accesses');
  if (state.detail !== null) fail(`the swipe opened the access ${state.detail}`);
  await recordScreen(page, artifacts, '02-history-swiped.png', { axe: 'history after a swipe' });
}

// After the swipe the page's controls lie under the fixed header, drawn cut off by the page's
// scroll region; their mirrored elements must be cut off the same way (clip-path), or a tap
// on "Menü" lands on a filter scrolled beneath it. Every point of the header band must hit
// the header or the canvas, never an element of the page's content.
async function expectHeaderNotCovered(page) {
  const menu = await page.getByRole('button', { name: 'Menü' }).boundingBox();
  if (!menu) fail('no "Menü" button after the swipe');
  const covered = await page.evaluate((bottom) => {
    const content = document.querySelector('#a11y-root [role=tabpanel]');
    const hits = [];
    for (let y = 1; y < bottom; y += 4) {
      for (let x = 1; x < window.innerWidth; x += 8) {
        const el = document.elementFromPoint(x, y);
        if (content && el && content.contains(el) && el !== content) hits.push(`${x},${y} ${el.id}`);
      }
    }
    return hits;
  }, menu.y + menu.height);
  log(`header band 0–${Math.round(menu.y + menu.height)} px: ${covered.length} points hit the page's content`);
  if (covered.length > 0) fail(`page content scrolled under the header catches presses at ${covered.slice(0, 5).join('; ')} (${covered.length} points)`);
}

async function tapSearchField(page, artifacts) {
  await expectHeaderNotCovered(page);
  // By the menu, with the page still scrolled: the tap must reach "Menü", not what lies beneath.
  await tap(page, page.getByRole('button', { name: 'Menü' }), 'the button "Menü"');
  await tap(page, page.getByRole('tab', { name: 'Zweckregister' }), 'the tab "Zweckregister"');
  await waitForState(page, 'the registry', (s) => s.page === 'Purpose registry' && !s.loading);
  await settle(page, 'the registry');
  const search = page.getByRole('textbox', { name: 'Zweckregister durchsuchen' });
  await tapTextField(page, search, 'the field "Zweckregister durchsuchen"');
  await typeInto(page, search, 'Kfz', 'Kfz', 'the search');
  await recordScreen(page, artifacts, '03-registry-search.png', { axe: 'registry search by touch' });
}

async function scenario(page, baseUrl, artifacts) {
  await openLoginScreen(page, baseUrl);
  const touch = await page.evaluate(() => navigator.maxTouchPoints);
  if (!(touch > 0)) fail('the browser offers no touch screen');
  await watchTouchEnds(page);
  await logInByTouch(page, artifacts);
  await swipeHistory(page, artifacts);
  await tapSearchField(page, artifacts);
  const info = await touchInfo(page);
  log(`touch: ${JSON.stringify(info)}`);
}

runBrowserTest('touch', scenario, { viewport: VIEWPORT, hasTouch: true, isMobile: true }, { budgetMs: 110_000 });
