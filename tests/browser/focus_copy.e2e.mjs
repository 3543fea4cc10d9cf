#!/usr/bin/env node
// Issue 10, items 3 and 4, continued from focus.e2e.mjs:
// - a busy "Weitere laden" stays focused (aria-disabled, not disabled) until it is done;
// - the Aktenzeichen of an objection can be copied with its button and selected with the
//   mouse (the mirrored text over the canvas) and Ctrl+C.
//
// Usage: node focus_copy.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import {
  fail, log, openLoginScreen, runBrowserTest, waitForReported, waitForState, withTimeout,
} from './harness.mjs';
import { expectVisible, logIn, openPage, press, recordScreen } from './steps.mjs';

// [SECTION] A busy button keeps the focus

async function busyButton(page) {
  const more = page.getByRole('button', { name: 'Weitere laden' });
  if (await more.count() === 0) fail('the history offers no "Weitere laden"');
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  let requestedNext;
  const requested = new Promise((resolve) => { requestedNext = resolve; });
  await page.route((url) => url.pathname === '/api/v1/me/access-events' && url.searchParams.has('cursor'), async (route) => {
    requestedNext();
    await held;
    await route.continue();
  });
  await press(page, more, 'button "Weitere laden"');
  await withTimeout(requested, 10_000, 'the request for the next page');
  const busy = page.locator('#a11y-root button[aria-busy=true]');
  await expectVisible(busy, 'the busy button');
  const state = await busy.evaluate((el) => ({
    focused: document.activeElement === el, ariaDisabled: el.getAttribute('aria-disabled'), disabled: el.disabled,
  }));
  log(`busy button: ${JSON.stringify(state)}`);
  if (!state.focused || state.ariaDisabled !== 'true' || state.disabled) fail(`the busy button lost the focus or is not aria-disabled: ${JSON.stringify(state)}`);
  await waitForReported(busy, 'the client to keep the focus on the busy button', { focused: true, disabled: true });
  release();
  await waitForState(page, 'the next page loaded', (s) => s.rows > 50);
  await page.unroute('**/*');
  const after = await page.evaluate(() => document.activeElement && document.activeElement.tagName);
  if (after === 'BODY') fail('the focus went to the page\'s body after loading more');
}

// [SECTION] Copying an Aktenzeichen

async function copyReference(page, artifacts) {
  await openPage(page, 'Widersprüche', 'Objections');
  const heading = page.getByRole('heading', { level: 3, name: /^Widerspruch W-\d{4}-\d+/ }).first();
  await expectVisible(heading, 'an objection with its Aktenzeichen');
  const reference = /W-\d{4}-\d+/.exec(await heading.textContent())[0];
  const button = page.getByRole('button', { name: `Kopieren: Aktenzeichen ${reference}` });
  await press(page, button, `the copy button of ${reference}`);
  await page.waitForFunction(async (want) => (await navigator.clipboard.readText()) === want, reference, { timeout: 5_000, polling: 200 })
    .catch(async () => fail(`the copy button put ${JSON.stringify(await page.evaluate(() => navigator.clipboard.readText()))} on the clipboard`));
  await expectVisible(page.getByRole('status').filter({ hasText: 'In die Zwischenablage kopiert.' }), 'the confirmation of the copy');
  log(`copied ${reference} with its button`);
  await recordScreen(page, artifacts, '06-copied.png', { axe: 'objections, reference copied' });

  log('selecting the heading with the mouse and copying it with Ctrl+C');
  await page.evaluate(() => navigator.clipboard.writeText(''));
  const box = await heading.locator('span').boundingBox();
  await page.mouse.move(box.x + 1, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const selected = await page.evaluate(() => String(window.getSelection()));
  if (!selected.includes(reference)) fail(`the mouse selected ${JSON.stringify(selected)}, not the Aktenzeichen`);
  await page.keyboard.press('Control+C');
  await page.waitForFunction(async (want) => (await navigator.clipboard.readText()).includes(want), reference, { timeout: 5_000, polling: 200 })
    .catch(async () => fail(`Ctrl+C put ${JSON.stringify(await page.evaluate(() => navigator.clipboard.readText()))} on the clipboard`));
  log(`selected and copied: ${JSON.stringify(selected)}`);
}

async function scenario(page, baseUrl, artifacts) {
  await page.setViewportSize({ width: 1366, height: 800 });
  await openLoginScreen(page, baseUrl);
  await logIn(page, 'erika');
  await openPage(page, 'Zugriffe', 'Accesses');
  await waitForState(page, 'the history with rows', (s) => s.page === 'Accesses' && !s.loading && s.rows > 0);
  await busyButton(page);
  await copyReference(page, artifacts);
}

// Reading the clipboard back needs the permission a page asks the person for.
runBrowserTest('focus_copy', scenario, { permissions: ['clipboard-read', 'clipboard-write'] });
