#!/usr/bin/env node
// Contrast on the drawn pixels (WCAG 2.1 1.4.3, 1.4.11), in each palette, and reduced motion
// (2.3.3). For the login screen and pages of all three roles (the citizen's history with its
// filters, tabs, links and table, the DPO's objection queue with its radios, the agency's purpose
// form with text areas, a select and check boxes), in the standard palette, with
// `prefers-contrast: more` and with `forced-colors: active` (a dark system theme, whose colours
// the canvas must then take): every mirrored control's boundary and the focus ring keep 3:1
// against what is around them, and every mirrored text 4.5:1 against its background (3:1
// only for text of 24 px and more), measured on a screenshot with the mirror's rectangles
// (pixels.mjs), and axe-core finds nothing. The palette switches at run time, when the media query changes. With
// `prefers-reduced-motion: reduce` the text cursor stops blinking and the page's CSS allows no
// transition or animation.
//
// Usage: node contrast.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import fs from 'node:fs';
import path from 'node:path';
import {
  assertNoAxeViolations, fail, log, nextFrames, openLoginScreen, runBrowserTest, settle, untilClient,
} from './harness.mjs';
import { expectVisible, focusControl, logIn, logOut, openPage, press } from './steps.mjs';
import { decodePng, measureScreen, mirroredNodes, weakestByRole } from './pixels.mjs';

const VIEWPORT = { width: 1280, height: 1500 };
const MODES = [
  { name: 'standard', expect: 'standard',
    media: { contrast: 'no-preference', forcedColors: 'none', colorScheme: 'light' } },
  { name: 'more contrast', expect: 'more',
    media: { contrast: 'more', forcedColors: 'none', colorScheme: 'light' } },
  // Chromium's dark forced theme: black canvas, white text, cyan highlight, yellow links.
  { name: 'forced colours', expect: 'forced',
    media: { contrast: 'no-preference', forcedColors: 'active', colorScheme: 'dark' } },
];
// Every kind of control the client has, each to be measured in every palette.
const CONTROL_ROLES = ['textbox', 'button', 'tab', 'checkbox', 'radio', 'combobox'];

// [SECTION] The client's display preferences

async function displayPreferences(page) {
  return page.evaluate(() => JSON.parse(window.Module.UTF8ToString(window.Module._einblick_display_preferences())));
}

async function useMode(page, mode) {
  await page.emulateMedia(mode.media);
  await untilClient(page, `the client to take the ${mode.name} palette`, async () => {
    const seen = await displayPreferences(page);
    return { done: seen.contrast === mode.expect, seen };
  });
  await nextFrames(page, 2); // a frame drawn entirely in the new palette
}

// The CSS system colour `name` as the page resolves it now, e.g. [0, 0, 0] for Canvas.
async function systemColour(page, name) {
  return page.evaluate((colour) => {
    const probe = document.createElement('span');
    probe.style.cssText = `forced-color-adjust:none;color:${colour}`;
    document.body.appendChild(probe);
    const value = getComputedStyle(probe).color;
    probe.remove();
    return value.match(/\d+/g).slice(0, 3).map(Number);
  }, name);
}

// [SECTION] Measuring a screen in every palette

function pixelAt(image, x, y) {
  const i = (image.width * y + x) * 4;
  return [image.data[i], image.data[i + 1], image.data[i + 2]];
}

// The window's background, away from every widget: the bottom right corner.
async function expectBackground(page, image, mode) {
  const corner = pixelAt(image, image.width - 3, image.height - 3);
  let expected = null;
  if (mode.expect === 'forced') expected = await systemColour(page, 'Canvas');
  if (mode.expect === 'more') expected = [255, 255, 255];
  if (expected && corner.join() !== expected.join()) {
    fail(`${mode.name}: the window's background is rgb(${corner}), not rgb(${expected})`);
  }
}

async function measureIn(page, artifacts, screen, mode, coverage) {
  await page.mouse.move(VIEWPORT.width - 2, VIEWPORT.height - 2); // nothing hovered
  await settle(page, `${screen} in the ${mode.name} palette`);
  const file = `${screen}-${mode.expect}.png`.replace(/[^\w.-]+/g, '-');
  const png = await page.screenshot();
  fs.writeFileSync(path.join(artifacts, file), png);
  const image = decodePng(png);
  await expectBackground(page, image, mode);
  const result = measureScreen(image, await mirroredNodes(page), { viewport: VIEWPORT });
  const ring = result.rings.length ? `; focus ring ${result.rings[0].ratio.toFixed(2)}` : '';
  log(`${screen}, ${mode.name}: ${result.controls.length} control boundaries (weakest: ${weakestByRole(result.controls)}); `
    + `${result.texts.length} texts (weakest: ${weakestByRole(result.texts)})${ring}`);
  if (result.failures.length) {
    fail(`${screen} in the ${mode.name} palette (${file}): ${result.failures.length} contrast failures:\n  ${result.failures.join('\n  ')}`);
  }
  for (const control of result.controls) coverage[mode.expect].add(control.role);
  for (const text of result.texts) if (text.role === 'link') coverage[mode.expect].add('link');
  if (result.rings.length) coverage[mode.expect].add('focus ring');
  await assertNoAxeViolations(page, `${screen} (${mode.name})`, artifacts);
}

// The screen as it is now, in each palette in turn, then back to the standard one.
async function measureAllModes(page, artifacts, screen, coverage) {
  for (const mode of MODES) {
    await useMode(page, mode);
    await measureIn(page, artifacts, screen, mode, coverage);
  }
  await useMode(page, MODES[0]);
}

// [SECTION] The selected row in forced colours

// Every row has the canvas behind it there: a bar in the system's Highlight colour, left of
// the row's first cell, marks the selected one (and it is aria-current).
async function checkSelectedRow(page, artifacts) {
  const table = page.getByRole('table', { name: 'Zugriffe auf Ihre Daten' });
  await press(page, table.getByRole('link').first(), 'the first access');
  await expectVisible(page.getByRole('dialog', { name: 'Einzelheiten zum Zugriff' }), 'the detail');
  await useMode(page, MODES.find((mode) => mode.expect === 'forced'));
  await settle(page, 'the selected row in forced colours');
  const row = await page.locator('#a11y-root [role=row][aria-current=true]').boundingBox();
  if (!row) fail('no row is aria-current while its detail is shown');
  const image = decodePng(await page.screenshot());
  // Chromium's Highlight is translucent: the client lays it over the canvas, as here.
  const [red, green, blue, alpha = 1] = await page.evaluate(() => {
    const probe = document.createElement('span');
    probe.style.cssText = 'forced-color-adjust:none;color:Highlight';
    document.body.appendChild(probe);
    const value = getComputedStyle(probe).color;
    probe.remove();
    return value.match(/[\d.]+/g).map(Number);
  });
  const canvas = await systemColour(page, 'Canvas');
  const highlight = [red, green, blue].map((c, i) => Math.round(c * alpha + canvas[i] * (1 - alpha))).join();
  const y = Math.round(row.y + row.height / 2);
  let marked = false;
  for (let x = Math.max(0, Math.floor(row.x) - 14); x <= row.x; x += 1) {
    marked ||= pixelAt(image, x, y).join() === highlight;
  }
  if (!marked) fail(`forced colours: no Highlight (rgb(${highlight})) left of the selected row at y ${y}`);
  log('forced colours: the selected row is marked in the Highlight colour');
  // The next screen's measuring starts in the standard palette again.
}

// [SECTION] Reduced motion

// The client's clock (ImGui's time, seconds), for waits that must span a blink period.
async function clientTime(page) {
  return (await displayPreferences(page)).time;
}

// Whether the field's pixels change while the client's clock runs on for `seconds`: the
// text cursor blinks with a period of 1.2 s (0.4 s of it hidden). The samples are 1 to 3
// frames apart, so that a slow machine cannot take them in step with the blinking.
async function fieldChanges(page, field, seconds) {
  const box = await field.boundingBox();
  const first = decodePng(await page.screenshot({ clip: box })).data;
  const until = (await clientTime(page)) + seconds;
  for (let sample = 0; ; sample += 1) {
    await nextFrames(page, 1 + (sample % 3));
    const now = decodePng(await page.screenshot({ clip: box })).data;
    if (!now.equals(first)) return true;
    if ((await clientTime(page)) > until) return false;
  }
}

async function cssTransitionAllowed(page) {
  return page.evaluate(() => {
    const probe = document.createElement('div');
    probe.style.cssText = 'transition: opacity 2s; animation: none 2s';
    document.body.appendChild(probe);
    const duration = getComputedStyle(probe).transitionDuration;
    probe.remove();
    return duration !== '0s';
  });
}

async function checkReducedMotion(page) {
  const field = page.getByRole('textbox', { name: 'Benutzername' });
  await focusControl(field, 'the field "Benutzername"');
  if (!(await displayPreferences(page)).cursor_blink) fail('the text cursor does not blink without reduced motion');
  // Returns at the first change; the long limit is for a loaded machine's slow screenshots.
  if (!(await fieldChanges(page, field, 15))) fail('the focused field did not change in 15 s: no blinking cursor to stop');
  if (!(await cssTransitionAllowed(page))) fail('the page allows no CSS transition even without reduced motion');

  await page.emulateMedia({ reducedMotion: 'reduce' });
  await untilClient(page, 'the client to take reduced motion', async () => {
    const seen = await displayPreferences(page);
    return { done: seen.reduced_motion === true && seen.cursor_blink === false, seen };
  });
  await focusControl(field, 'the field "Benutzername"');
  if (await fieldChanges(page, field, 2.6)) fail('with reduced motion the focused field still changes (cursor blinking)');
  if (await cssTransitionAllowed(page)) fail('with reduced motion the page\'s CSS still allows transitions');
  log('reduced motion: the cursor stays, CSS transitions are off');
  await page.emulateMedia({ reducedMotion: 'no-preference' });
}

// [SECTION] The screens

async function citizenScreens(page, artifacts, coverage) {
  // The history has every control of the overview (tabs, buttons, links, a table) and more.
  await logIn(page, 'erika', { role: 'citizen' });
  await openPage(page, 'Zugriffe', 'Accesses');
  await expectVisible(page.getByRole('combobox', { name: 'Abrufende Stelle' }), 'the history filters');
  await measureAllModes(page, artifacts, 'citizen history', coverage);
  await checkSelectedRow(page, artifacts);
  await logOut(page);
}

async function dpoScreens(page, artifacts, coverage) {
  await logIn(page, 'dsb', { role: 'dpo' });
  await expectVisible(page.getByRole('radio', { name: 'nur offene' }), 'the queue\'s radios');
  await measureAllModes(page, artifacts, 'dpo objection queue', coverage);
  await logOut(page);
}

async function agencyScreens(page, artifacts, coverage) {
  await logIn(page, 'kfz', { role: 'agency' });
  await press(page, page.getByRole('button', { name: 'Neuen Zweck vorschlagen' }), 'button "Neuen Zweck vorschlagen"');
  await expectVisible(page.getByRole('form', { name: 'Neuen Zweck vorschlagen' }), 'the purpose form');
  await expectVisible(page.getByRole('checkbox').first(), 'the form\'s check boxes');
  await measureAllModes(page, artifacts, 'agency purpose form', coverage);
}

async function scenario(page, baseUrl, artifacts) {
  await page.setViewportSize(VIEWPORT);
  await openLoginScreen(page, baseUrl);
  await checkReducedMotion(page);
  const coverage = Object.fromEntries(MODES.map((m) => [m.expect, new Set()]));
  await measureAllModes(page, artifacts, 'login', coverage);
  await citizenScreens(page, artifacts, coverage);
  await dpoScreens(page, artifacts, coverage);
  await agencyScreens(page, artifacts, coverage);
  for (const mode of MODES) {
    const missing = [...CONTROL_ROLES, 'link', 'focus ring'].filter((role) => !coverage[mode.expect].has(role));
    if (missing.length) fail(`${mode.name}: no ${missing.join(', ')} was measured`);
  }
  const { changes } = await displayPreferences(page);
  log(`every control type measured in every palette; the client switched palettes ${changes} times`);
}

runBrowserTest('contrast', scenario, {}, { budgetMs: 115_000 });
