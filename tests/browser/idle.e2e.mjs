#!/usr/bin/env node
// An idle page draws next to nothing, and nothing waits for a frame (client/platform/
// frame_pacer.hpp). The loop runs on every animation frame but draws only when something may
// have changed; a phone's battery and the software WebGL of headless Chromium both pay for
// every frame drawn.
// - On the login screen, with nothing happening, at most a few frames a second are drawn, at
//   desktop width and again at phone width.
// - A network answer that arrives while the page is idle is drawn in one of the next two
//   animation frames: the login's answer, held back by the test until the page is idle.
// - A key typed while the page is idle reaches the client's field within a few animation
//   frames, not at the next idle frame a second later; so does a turn of the mouse wheel.
// Reduced motion is asked for throughout, so that no blinking text cursor draws frames of its
// own (the blinking itself is contrast.e2e.mjs's).
//
// Usage: node idle.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import {
  DEMO_PASSWORD, DEMO_USER, fail, log, nextFrames, openLoginScreen, runBrowserTest, settle, untilClient,
  waitForState,
} from './harness.mjs';
import { fillIn } from './steps.mjs';

// Animation frames the client's loop ran and frames it drew, since the page loaded.
async function frameInfo(page) {
  return page.evaluate(() => JSON.parse(window.Module.UTF8ToString(window.Module._einblick_frame_info())));
}

// Frames drawn over the next `ticks` animation frames, once the screen has settled and the
// last event's settling window (half a second) is over.
async function drawnWhileIdle(page, what, ticks) {
  await settle(page, what);
  await nextFrames(page, 60);
  const before = await frameInfo(page);
  await nextFrames(page, ticks);
  const after = await frameInfo(page);
  const seen = { ticks: after.ticks - before.ticks, drawn: after.drawn - before.drawn };
  log(`${what}: ${seen.drawn} frames drawn in ${seen.ticks} animation frames`);
  if (seen.ticks < ticks) fail(`${what}: the loop ran ${seen.ticks} animation frames, not ${ticks}`);
  return seen;
}

async function expectIdle(page, what) {
  const { ticks, drawn } = await drawnWhileIdle(page, what, 180);
  // One frame a second while idle; 180 animation frames are three seconds at 60 Hz, more when
  // the machine is slow to deliver them.
  if (drawn > Math.max(6, ticks / 20)) fail(`${what}: ${drawn} of ${ticks} animation frames drew a frame while nothing happened`);
}

// Animation frames from the text input of `key` (beforeinput: the mirror keeps a text field's
// key events from reaching anything else) until the client reported the field's new value
// (null: not within two seconds). Counted in the page, so the test's own round trips add none.
async function framesForKey(page, locator, key, expected) {
  await locator.evaluate((el, want) => {
    window.einblickKeyFrames = new Promise((resolve) => {
      window.addEventListener('beforeinput', () => {
        const start = window.Module.einblickFrames;
        const check = () => {
          const seen = window.einblickA11y.reported(el);
          const frames = window.Module.einblickFrames - start;
          if (seen && seen.value === want) resolve(frames);
          else if (frames > 120) resolve(null);
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }, { once: true, capture: true });
    });
  }, expected);
  await page.keyboard.press(key);
  return page.evaluate(() => window.einblickKeyFrames);
}

// Animation frames from a turn of the mouse wheel over the middle of the page until the
// mirror changed (the content scrolled under it; null: not within two seconds).
async function framesForWheel(page) {
  const viewport = page.viewportSize();
  await page.mouse.move(viewport.width / 2, viewport.height / 2);
  await drawnWhileIdle(page, 'the page with the mouse over it', 30);
  await page.evaluate(() => {
    window.einblickWheelFrames = new Promise((resolve) => {
      window.addEventListener('wheel', () => {
        const start = window.Module.einblickFrames;
        const operations = window.einblickA11y.operations;
        const check = () => {
          const frames = window.Module.einblickFrames - start;
          if (window.einblickA11y.operations !== operations) resolve(frames);
          else if (frames > 120) resolve(null);
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }, { once: true, capture: true });
    });
  });
  await page.mouse.wheel(0, 200);
  return page.evaluate(() => window.einblickWheelFrames);
}

// Notes, for every answer of the server to the page, how many animation frames passed until
// the client drew its next frame (null: none within two seconds); `done` once that is known.
async function watchAnswers(page) {
  await page.evaluate(() => {
    window.einblickAnswers = [];
    const info = () => JSON.parse(window.Module.UTF8ToString(window.Module._einblick_frame_info()));
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (...args) {
      this.addEventListener('loadend', () => {
        const answer = { url: this.responseURL, drawnBefore: info().drawn, framesToDraw: null, done: false };
        window.einblickAnswers.push(answer);
        let frames = 0;
        const check = () => {
          frames += 1;
          if (info().drawn > answer.drawnBefore) answer.framesToDraw = frames;
          if (answer.framesToDraw !== null || frames >= 120) answer.done = true;
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
      return send.apply(this, args);
    };
  });
}

async function scenario(page, baseUrl) {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openLoginScreen(page, baseUrl);
  await untilClient(page, 'the client to take reduced motion', async () => {
    const seen = await page.evaluate(() => JSON.parse(window.Module.UTF8ToString(window.Module._einblick_display_preferences())));
    return { done: seen.reduced_motion === true && seen.cursor_blink === false, seen };
  });
  await expectIdle(page, 'the login screen at 1280 px');

  log('typing keys into the idle page');
  const user = page.getByRole('textbox', { name: 'Benutzername' });
  await fillIn(user, DEMO_USER.slice(0, -2), 'the field "Benutzername"');
  for (let typed = DEMO_USER.length - 2; typed < DEMO_USER.length; typed += 1) {
    await drawnWhileIdle(page, `the login screen with "${DEMO_USER.slice(0, typed)}" typed`, 30);
    const frames = await framesForKey(page, user, DEMO_USER[typed], DEMO_USER.slice(0, typed + 1));
    log(`the key "${DEMO_USER[typed]}" reached the client's field ${frames} animation frames after its input`);
    if (frames === null || frames > 3) fail(`a key typed into the idle page waited for a frame: ${frames} animation frames`);
  }

  log('an answer of the server arriving while the page is idle');
  await fillIn(page.getByLabel('Passwort'), DEMO_PASSWORD, 'the field "Passwort"');
  await watchAnswers(page);
  // The login's answer is held back until well after the click's settling window.
  await page.route('**/api/v1/session', async (route) => {
    await new Promise((resolve) => { setTimeout(resolve, 1500); });
    await route.continue();
  });
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await waitForState(page, 'the dashboard after the held-back login', (s) => s.screen === 'dashboard' && s.user);
  await page.unroute('**/api/v1/session');
  const answers = await untilClient(page, 'every answer so far to be drawn or given up on', async () => {
    const seen = await page.evaluate(() => window.einblickAnswers);
    return { done: seen.every((answer) => answer.done), seen };
  });
  const login = answers.find((answer) => answer.url.endsWith('/api/v1/session'));
  log(`answers and the animation frames to the next frame drawn: ${JSON.stringify(answers.map((a) => [a.url.replace(baseUrl, ''), a.framesToDraw]))}`);
  if (!login) fail(`the login's answer was not seen: ${JSON.stringify(answers)}`);
  const late = answers.filter((answer) => answer.framesToDraw === null || answer.framesToDraw > 3);
  if (late.length > 0) fail(`answers that waited for a frame: ${JSON.stringify(late)}`);

  await expectIdle(page, 'the overview at 1280 px');
  await page.setViewportSize({ width: 400, height: 800 });
  await expectIdle(page, 'the overview at 400 px');

  // The wheel reaches only the canvas's own listeners (GLFW's): nothing of the mirror wakes
  // the loop for it.
  const wheelFrames = await framesForWheel(page);
  log(`the wheel scrolled the idle overview ${wheelFrames} animation frames after it turned`);
  if (wheelFrames === null || wheelFrames > 3) fail(`a wheel turned over the idle page waited for a frame: ${wheelFrames} animation frames`);
}

runBrowserTest('idle', scenario, { viewport: { width: 1280, height: 800 } });
