// What every journey does between its steps: open a page (through the "Menü" button in the
// narrow layout), record each state it reaches (a screenshot and axe-core), and check that
// Back, Forward and a reload keep the place (the fragment scheme of client/app/src/route.cpp).
// A journey takes `ctx`: { page, driver, artifacts, tag } (tag names the screenshots and axe
// reports of one run, e.g. "320-keyboard").
import {
  STEP_TIMEOUT_MS, fail, log, settle, untilClient, waitForState,
} from '../harness.mjs';
import { expectVisible, recordScreen } from '../steps.mjs';

// Waits until no status is busy (the page's data has arrived).
export async function dataLoaded(page, what) {
  await page.waitForFunction(() => ![...document.querySelectorAll('#a11y-root [aria-busy=true]')].length,
    null, { timeout: STEP_TIMEOUT_MS }).catch(() => fail(`${what} kept loading`));
}

// A state the journey reached: settled, a plain screenshot and axe-core.
export async function reached(ctx, file, what, { checkDrawn = false } = {}) {
  const name = ctx.tag ? `${ctx.tag} ${what}` : what;
  const prefix = ctx.tag ? `${ctx.tag.replace(/\W+/g, '-')}-` : '';
  await recordScreen(ctx.page, ctx.artifacts, `${prefix}${file}`, { axe: name, checkDrawn });
}

// Opens a page by its tab; in the narrow layout the tabs are behind the header's "Menü".
export async function openPage(ctx, title, englishTitle) {
  const { page, driver } = ctx;
  const tab = page.getByRole('tab', { name: title, exact: true });
  if (await tab.count() === 0) {
    await driver.activate(page.getByRole('button', { name: /^Menü/ }), 'the menu button');
    await expectVisible(tab, `the tab "${title}" in the menu`);
  }
  await driver.activate(tab, `the tab "${title}"`);
  await waitForState(page, `the page ${title}`, (s) => s.screen === 'dashboard' && s.page === englishTitle);
  await expectVisible(page.getByRole('heading', { name: title, level: 2, exact: true }), `the heading "${title}"`);
  await dataLoaded(page, title);
}

// [SECTION] Back, Forward and reload

async function fragment(page) {
  return page.evaluate(() => window.location.hash);
}

async function untilFragment(page, hash, what) {
  await untilClient(page, `${what}: the address ${hash}`, async () => {
    const now = await fragment(page);
    return { done: now === hash, seen: now };
  });
}

// Reloads and waits for the client to be back at `place` (a predicate on its test state).
export async function reloadKeeps(ctx, what, place) {
  const { page } = ctx;
  const hash = await fragment(page);
  log(`reload at ${hash} (${what})`);
  await page.reload({ waitUntil: 'load', timeout: STEP_TIMEOUT_MS });
  await page.waitForFunction(() => window.Module && window.Module.einblickFirstFrameRendered === true, null,
    { timeout: STEP_TIMEOUT_MS }).catch(() => fail('no frame after the reload'));
  await waitForState(page, `${what} after the reload`, (s) => s.screen === 'dashboard' && place(s));
  await untilFragment(page, hash, `after the reload (${what})`);
  await dataLoaded(page, `${what} after the reload`);
  await settle(page, `${what} after the reload`);
}

// Back leaves the place for the one before (`before`, a predicate), Forward returns to it.
export async function backForwardKeeps(ctx, what, place, before) {
  const { page } = ctx;
  const hash = await fragment(page);
  log(`Back and Forward at ${hash} (${what})`);
  await page.evaluate(() => window.history.back());
  const left = await untilClient(page, `Back to leave the address ${hash} (${what})`, async () => {
    const now = await fragment(page);
    return { done: now !== hash, seen: now };
  });
  await waitForState(page, `the place before ${what} (${left}) after Back`, (s) => s.screen === 'dashboard' && before(s));
  await settle(page, `the place before ${what} after Back`);
  await page.evaluate(() => window.history.forward());
  await waitForState(page, `${what} after Forward`, (s) => s.screen === 'dashboard' && place(s));
  await untilFragment(page, hash, `after Forward (${what})`);
  await dataLoaded(page, `${what} after Forward`);
  await settle(page, `${what} after Forward`);
}

