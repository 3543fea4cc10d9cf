#!/usr/bin/env node
// Each role's main pages as drawn, compared with approved images (tests/browser/approved/) at
// 320 px, 1366 px and 200 % zoom (683 CSS px at device scale 2), with a tolerance.
//
// The pictures must be the same on every day: the server runs the demo as if it were
// DEMO_DATE (`serve --demo-date`), with a fixed pseudonym key, and the page's Date says the
// same instant. The client draws its own text (Dear ImGui's rasteriser, not the system's
// fonts), so a different Chromium changes little; what changes is what this test is for.
//
// When a change to the look is intended: `EINBLICK_APPROVE=1 ctest --test-dir build/ci -R
// browser.snapshots` writes the new images; look at every one, and commit them with the change.
//
// Usage: node snapshots.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { fail, log, openLoginScreen, runBrowserTest, settle } from './harness.mjs';
import { pageLoaded } from './responsive.mjs';
import { VIEWPORTS, cdpSession, setViewport } from './viewports.mjs';
import { expectVisible, logIn, logOut, press } from './steps.mjs';

export const DEMO_DATE = '2026-11-30T10:00:00Z';
const APPROVED = path.join(path.dirname(fileURLToPath(import.meta.url)), 'approved');
const APPROVING = process.env.EINBLICK_APPROVE === '1';
// pixelmatch's per-pixel colour threshold (0..1; anti-aliased pixels are told apart), and how
// many pixels may differ: a few glyph edges. The drawing is deterministic (0 pixels differ
// between runs on this machine), while one changed digit of a date is 20-40 pixels: a demo
// one day earlier makes 97-543 pixels differ on the screens that show dates.
const COLOUR_THRESHOLD = 0.1;
const TOLERATED_PIXELS = 8;

const ROLES = [
  { user: 'erika', role: 'citizen', pages: ['Übersicht', 'Zugriffe', 'Einwilligungen'] },
  { user: 'dsb', role: 'dpo', pages: ['Widersprüche', 'Auffällige Zugriffe'] },
  { user: 'kfz', role: 'agency', pages: ['Zwecke'] },
];
const SIZES = ['phone', 'desktop', 'zoom200'];

// The canvas in device pixels: at 200 % zoom that is the picture a person sees.
async function capture(page) {
  const shot = await (await cdpSession(page)).send('Page.captureScreenshot', { format: 'png' });
  return PNG.sync.read(Buffer.from(shot.data, 'base64'));
}

function slug(text) {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase();
}

// Compares with the approved image, or writes it when approving. Returns how many pixels differ.
function compare(actual, name, artifacts) {
  const approvedFile = path.join(APPROVED, `${name}.png`);
  fs.writeFileSync(path.join(artifacts, `${name}.png`), PNG.sync.write(actual));
  if (APPROVING) {
    fs.mkdirSync(APPROVED, { recursive: true });
    fs.writeFileSync(approvedFile, PNG.sync.write(actual, { deflateLevel: 9 }));
    log(`${name}: approved`);
    return 0;
  }
  if (!fs.existsSync(approvedFile)) {
    fail(`${name}: no approved image ${approvedFile}; run with EINBLICK_APPROVE=1 and review it`);
  }
  const approved = PNG.sync.read(fs.readFileSync(approvedFile));
  if (approved.width !== actual.width || approved.height !== actual.height) {
    fail(`${name}: drawn ${actual.width}x${actual.height}, approved ${approved.width}x${approved.height}`);
  }
  const diff = new PNG({ width: actual.width, height: actual.height });
  const count = pixelmatch(approved.data, actual.data, diff.data, actual.width, actual.height,
    { threshold: COLOUR_THRESHOLD });
  fs.writeFileSync(path.join(artifacts, `${name}-diff.png`), PNG.sync.write(diff));
  return count;
}

// Opens a page by keyboard (the pointer never moves: a hovered control would look different).
async function openPageByKeyboard(page, title) {
  const tab = page.getByRole('tab', { name: title, exact: true });
  if (await tab.count() === 0) await press(page, page.getByRole('button', { name: /^Menü/ }), 'the menu button');
  await press(page, tab, `the tab "${title}"`);
  await expectVisible(page.getByRole('heading', { name: title, level: 2, exact: true }), `the heading "${title}"`);
  await pageLoaded(page, title);
}

async function snapshotRole(page, artifacts, { user, role, pages }, results) {
  await setViewport(page, VIEWPORTS.desktop);
  await logIn(page, user, { role });
  for (const title of pages) {
    for (const size of SIZES) {
      await setViewport(page, VIEWPORTS[size]);
      await openPageByKeyboard(page, title);
      await settle(page, `${title} at ${size}`);
      const name = `${user}-${slug(title)}-${size}`;
      const differing = compare(await capture(page), name, artifacts);
      log(`${name}: ${differing} pixels differ from the approved image`);
      results.push({ name, differing });
    }
  }
  await setViewport(page, VIEWPORTS.desktop);
  await logOut(page);
}

async function scenario(page, baseUrl, artifacts) {
  await page.clock.setFixedTime(new Date(DEMO_DATE));
  await openLoginScreen(page, baseUrl);
  const results = [];
  for (const role of ROLES) await snapshotRole(page, artifacts, role, results);
  const different = results.filter((r) => r.differing > TOLERATED_PIXELS);
  if (different.length > 0) {
    fail(`${different.length} of ${results.length} screens differ from their approved images in more than ` +
      `${TOLERATED_PIXELS} pixels: ${different.map((r) => `${r.name} ${r.differing}`).join(', ')} ` +
      '(the drawn images and the differences are in the artifacts)');
  }
  log(`${results.length} screens match their approved images`);
}

runBrowserTest('snapshots', scenario, { viewport: VIEWPORTS.desktop },
  { budgetMs: 170_000, demoDate: DEMO_DATE });
