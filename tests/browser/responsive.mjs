// Responsive layout (WCAG 1.4.10 reflow, 1.4.4 resize text): every page of every role (citizen,
// DPO, agency staff) at 320, 400, 768 and 1366 px and at 200 % zoom of a 1366 px window,
// checked on the geometry of the DOM mirror, whose elements lie over the canvas at the
// widgets' CSS-pixel rectangles:
// - no mirrored element lies outside the viewport horizontally (we have no horizontally
//   scrolling region, so there is no exception);
// - no two visible elements overlap unless one holds the other (the title and "Angemeldet
//   als …" once did);
// - no control is narrower than its label's text (tabs once shrank to "Übe…"), and no table
//   cell is narrower than its longest word (cells once wrapped one letter per line);
// and axe-core on each page at 320 px. Pixels: 200 % zoom gives the same layout as a window of
// half the width at 100 % (the mirror's rectangles equal, the canvas screenshots near equal
// with pixelmatch), and a narrow layout is drawn the same again after a trip to the wide one.
// Then Erika's journey at 320 px: history → the detail as a view of its own → objection form.
//
// Zoom: Chromium's page zoom shrinks the CSS viewport by the zoom factor and raises
// devicePixelRatio by it. Our canvas is sized in CSS pixels and rendered at devicePixelRatio
// (client/platform/display.cpp), and the layout reads only the CSS width, so a 683 × 400 CSS
// viewport at device scale 2 is what a 1366 × 800 window at 200 % shows. 400 % zoom of the same
// window is 341 CSS px at scale 4: between the 320 and 400 px checks, which run at scale 1 and
// lay out the same way; it is not run separately.
//
// Shared by responsive_citizen.e2e.mjs (Erika's pages and journey) and responsive_staff.e2e.mjs
// (the DPO's and agency staff's pages): one test for all would take too long for CTest's budget.
import fs from 'node:fs';
import path from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import {
  STEP_TIMEOUT_MS, assertNoAxeViolations, fail, log, openLoginScreen, runBrowserTest, settle,
} from './harness.mjs';
import { expectVisible, logIn, logOut, press } from './steps.mjs';
import { VIEWPORTS, cdpSession, setViewport } from './viewports.mjs';

// The UI font as the client draws it, to measure labels in the page: DejaVu Sans, which ImGui
// sizes at 17 px from ascent to descent (stb_truetype's pixel height), that is 17 / 1.164 px of
// CSS font size (DejaVu's ascent + descent are 1.164 em).
const FONT = `${17 / 1.164}px "DejaVu Sans"`;

const started = Date.now();


// Waits until no status is busy (the page's data has arrived) and the screen has settled.
export async function pageLoaded(page, what) {
  await page.waitForFunction(() => ![...document.querySelectorAll('#a11y-root [aria-busy=true]')].length,
    null, { timeout: STEP_TIMEOUT_MS }).catch(() => fail(`${what} kept loading`));
  await settle(page, what);
}

// Opens a page by its tab; in the narrow layout the tabs are in the header's menu.
export async function openPage(page, title) {
  const tab = page.getByRole('tab', { name: title, exact: true });
  if (await tab.count() === 0) {
    const menu = page.getByRole('button', { name: 'Menü', exact: true });
    if (await menu.getAttribute('aria-expanded') !== 'false') fail('the closed menu\'s button is not aria-expanded=false');
    await press(page, menu, 'the menu button');
    // A disclosure: open, it says so and points at the menu, which holds the tabs.
    await page.waitForFunction(() => {
      const button = [...document.querySelectorAll('#a11y-root button')].find((b) => b.textContent.trim() === 'Menü');
      const target = button && document.getElementById(button.getAttribute('aria-controls') || '');
      return button?.getAttribute('aria-expanded') === 'true' && target?.querySelector('[role=tab]');
    }, null, { timeout: STEP_TIMEOUT_MS }).catch(() => fail('the open menu\'s button has no aria-expanded=true, or its aria-controls names no menu with the tabs'));
  }
  await expectVisible(tab, `the tab "${title}"`);
  await tab.click();
  await expectVisible(page.getByRole('heading', { name: title, level: 2, exact: true }), `the heading "${title}"`);
  await pageLoaded(page, title);
}

// [SECTION] Geometry of the mirror

// Every mirrored element with a size: role, name, rectangle, the longest word of its name
// and the widths the page's font needs for its name and that word.
async function mirrorBoxes(page) {
  return page.evaluate((font) => {
    const context = new OffscreenCanvas(1, 1).getContext('2d');
    context.font = font;
    const width = (text) => context.measureText(text).width;
    const all = [...document.querySelectorAll('#a11y-root .a11y-node')];
    const boxes = all.map((el, index) => {
      const r = el.getBoundingClientRect();
      const role = el.getAttribute('role') || el.tagName.toLowerCase();
      const name = (el.getAttribute('aria-label') || el.textContent || '').trim();
      // A cell's own text, without what its children (a note, a button) add; a cell that only
      // holds a control has none (the control is checked as one).
      const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(' ');
      const longest = own.split(/\s+/).reduce((a, b) => (width(b) > width(a) ? b : a), '');
      return {
        index, role, name: name.slice(0, 60), x: r.left, y: r.top, w: r.width, h: r.height,
        nameWidth: width(name), longest, longestWidth: width(longest),
        leaf: !el.querySelector('.a11y-node'),
        // Rows of a table may lie beyond its scrolled view, over what follows the table.
        inTable: Boolean(el.parentElement && el.parentElement.closest('[role=table], table')),
      };
    });
    const indexOf = new Map(all.map((el, index) => [el, index]));
    for (const [index, el] of all.entries()) {
      const parent = el.parentElement && el.parentElement.closest('.a11y-node');
      boxes[index].parent = parent ? indexOf.get(parent) : -1;
    }
    return boxes;
  }, FONT);
}

function contains(boxes, outer, inner) {
  for (let at = inner.parent; at >= 0; at = boxes[at].parent) if (at === outer.index) return true;
  return false;
}

function overlaps(a, b) {
  const dx = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const dy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return dx > 2 && dy > 2;
}

const CONTROLS = new Set(['button', 'a', 'link', 'tab']);
const SKIP_LINKS = new Set(['Zum Inhalt springen', 'Skip to content']);
// Controls whose visible text is their name (a button may be named more fully than it reads).
const LABELLED_BY_TEXT = new Set(['a', 'link', 'tab']);
const TEXTS = new Set(['h1', 'h2', 'h3', 'heading', 'status', 'alert', 'cell', 'columnheader', 'div']);

async function checkGeometry(page, where) {
  const viewport = await page.evaluate(() => ({ width: window.innerWidth, height: window.innerHeight }));
  const boxes = await mirrorBoxes(page);
  const sized = boxes.filter((b) => b.w > 0 && b.h > 0 && b.role !== 'option');
  const problems = [];
  for (const b of sized) {
    if (b.x < -1 || b.x + b.w > viewport.width + 1) {
      problems.push(`${b.role} "${b.name}" outside the viewport: x ${b.x.toFixed(0)}..${(b.x + b.w).toFixed(0)}`);
    }
    if (LABELLED_BY_TEXT.has(b.role) && b.name && b.w + 2 < b.nameWidth) {
      problems.push(`${b.role} "${b.name}" is ${b.w.toFixed(0)} px wide, its label needs ${b.nameWidth.toFixed(0)}`);
    }
    if (b.role === 'cell' && b.longest && b.w + 2 < b.longestWidth) {
      problems.push(`cell "${b.name}" is ${b.w.toFixed(0)} px wide, the word "${b.longest}" needs ${b.longestWidth.toFixed(0)}`);
    }
  }
  // Overlaps among visible leaves (text and controls), where neither holds the other. The skip
  // link is drawn only while it has the focus, over the page's top left corner by design.
  // The page scrolls in its own area under the header: what is scrolled up under the header is
  // clipped there, not drawn over it.
  const panel = boxes.find((b) => b.role === 'tabpanel');
  const inPanel = (b) => Boolean(panel) && contains(boxes, panel, b);
  const headerBottom = Math.max(0, ...sized.filter((b) => b.leaf && !inPanel(b) && !SKIP_LINKS.has(b.name))
    .map((b) => b.y + b.h));
  const visible = sized.filter((b) => b.leaf && !b.inTable && (CONTROLS.has(b.role) || TEXTS.has(b.role)) &&
    b.y >= 0 && b.y + b.h <= viewport.height && !SKIP_LINKS.has(b.name) &&
    !(inPanel(b) && b.y < headerBottom - 2));
  for (let i = 0; i < visible.length; ++i) {
    for (let j = i + 1; j < visible.length; ++j) {
      const a = visible[i];
      const b = visible[j];
      if (overlaps(a, b) && !contains(boxes, a, b) && !contains(boxes, b, a)) {
        problems.push(`${a.role} "${a.name}" overlaps ${b.role} "${b.name}"`);
      }
    }
  }
  if (problems.length) fail(`${where}: ${problems.length} layout problems: ${problems.slice(0, 6).join('; ')}`);
  return sized;
}

// [SECTION] Pixels

// The canvas in CSS pixels. A canvas drawn at a higher device scale is shot in device pixels
// through the DevTools protocol (Playwright's capture knows only the context's scale 1 and
// would capture at it) and scaled down in the page. The canvas fills the viewport.
async function canvasPng(page, file, artifacts) {
  const { width, height, ratio } = await page.evaluate(() => ({
    width: window.innerWidth, height: window.innerHeight, ratio: window.devicePixelRatio,
  }));
  let buffer = await page.locator('#canvas').screenshot();
  if (ratio !== 1) {
    const shot = await (await cdpSession(page)).send('Page.captureScreenshot', { format: 'png' });
    buffer = Buffer.from(shot.data, 'base64');
    const device = PNG.sync.read(buffer);
    if (device.width !== width * ratio) fail(`the screenshot at scale ${ratio} is ${device.width} px wide, not ${width * ratio}`);
    const scaled = await page.evaluate(async ([base64, w, h]) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(w, h);
      const context = canvas.getContext('2d');
      context.imageSmoothingQuality = 'high';
      context.drawImage(bitmap, 0, 0, w, h);
      const out = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
      let binary = '';
      for (let i = 0; i < out.length; i += 0x8000) binary += String.fromCharCode(...out.subarray(i, i + 0x8000));
      return btoa(binary);
    }, [buffer.toString('base64'), width, height]);
    buffer = Buffer.from(scaled, 'base64');
  }
  fs.writeFileSync(path.join(artifacts, file), buffer);
  return PNG.sync.read(buffer);
}

// Share of pixels that differ (pixelmatch's anti-aliasing-aware comparison).
function difference(a, b, artifacts, file) {
  if (a.width !== b.width || a.height !== b.height) return 1;
  const diff = new PNG({ width: a.width, height: a.height });
  const count = pixelmatch(a.data, b.data, diff.data, a.width, a.height, { threshold: 0.2 });
  fs.writeFileSync(path.join(artifacts, file), PNG.sync.write(diff));
  return count / (a.width * a.height);
}

// 200 % zoom lays out exactly as half the width at 100 %: the same mirror rectangles, and a
// canvas that differs only in how sharp the glyphs are.
async function zoomEqualsHalfWidth(page, artifacts, user) {
  const { width, height } = VIEWPORTS.zoom200;
  await setViewport(page, VIEWPORTS.zoom200);
  const zoomed = await mirrorBoxes(page);
  const zoomedPng = await canvasPng(page, `${user}-zoom200.png`, artifacts);
  await setViewport(page, { width, height, scale: 1 });
  const plain = await mirrorBoxes(page);
  const plainPng = await canvasPng(page, `${user}-683.png`, artifacts);
  const moved = plain.filter((b, i) => !zoomed[i] || Math.abs(b.x - zoomed[i].x) > 1 || Math.abs(b.w - zoomed[i].w) > 1);
  if (plain.length !== zoomed.length || moved.length) {
    fail(`${user}: 200 % zoom lays out differently from 683 px at 100 %: ${plain.length} vs ${zoomed.length} elements, moved: ${moved.slice(0, 3).map((b) => b.name).join(', ')}`);
  }
  const share = difference(zoomedPng, plainPng, artifacts, `${user}-zoom200-diff.png`);
  const exact = pixelmatch(zoomedPng.data, plainPng.data, null, zoomedPng.width, zoomedPng.height, { threshold: 0, includeAA: true });
  log(`${user}: ${exact} pixels differ at all (sharper glyphs at scale 2)`);
  log(`${user}: 200 % zoom vs 683 px: same ${plain.length} rectangles, ${(share * 100).toFixed(2)} % of pixels differ`);
  if (share > 0.04) fail(`${user}: 200 % zoom and 683 px differ in ${(share * 100).toFixed(1)} % of the pixels`);
}

// The narrow layout is drawn the same after a trip to the wide one (nothing kept from it).
async function relayoutIsStable(page, artifacts, user) {
  await setViewport(page, VIEWPORTS.phone);
  const before = await canvasPng(page, `${user}-320-before.png`, artifacts);
  await setViewport(page, VIEWPORTS.desktop);
  await setViewport(page, VIEWPORTS.phone);
  const after = await canvasPng(page, `${user}-320-after.png`, artifacts);
  const share = difference(before, after, artifacts, `${user}-320-relayout-diff.png`);
  log(`${user}: 320 px after a trip to 1366 px: ${(share * 100).toFixed(3)} % of pixels differ`);
  if (share > 0.001) fail(`${user}: the 320 px layout changed after a trip to 1366 px (${(share * 100).toFixed(2)} %)`);
}

// [SECTION] The tour

async function tour(page, artifacts, { user, role }) {
  await setViewport(page, VIEWPORTS.desktop);
  await logIn(page, user, { role });
  const titles = (await page.getByRole('tab').allTextContents()).map((t) => t.trim());
  log(`${user}: pages ${titles.join(', ')}`);
  // Alternate the order of widths, so that every page is opened once wide (by its tab) and
  // once narrow (through the menu).
  for (const [n, title] of titles.entries()) {
    const order = n % 2 === 0 ? ['desktop', 'tablet', 'zoom200', 'small', 'phone']
      : ['phone', 'small', 'zoom200', 'tablet', 'desktop'];
    await setViewport(page, VIEWPORTS[order[0]]);
    await openPage(page, title);
    for (const name of order) {
      await setViewport(page, VIEWPORTS[name]);
      const boxes = await checkGeometry(page, `${user}: ${title} at ${name}`);
      if (name === 'phone') {
        await page.locator('#canvas').screenshot({ path: path.join(artifacts, `${user}-${n}-320.png`) });
        await assertNoAxeViolations(page, `${user} ${title} at 320 px`, artifacts);
      }
      log(`${user}: ${title} at ${name}: ${boxes.length} elements in place (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
    if (n === 0) {
      await zoomEqualsHalfWidth(page, artifacts, user);
      await relayoutIsStable(page, artifacts, user);
    }
  }
  await setViewport(page, VIEWPORTS.desktop);
  await logOut(page);
}

// Erika's journey: at 1366 px the detail opens beside the list and covers none of its columns;
// at 320 px (the same detail still open) it is a view of its own with a way back; then the
// objection form at 320 px.
async function objectionJourneyOnPhone(page, artifacts) {
  await setViewport(page, VIEWPORTS.desktop);
  await logIn(page, 'erika', { role: 'citizen' });
  await openPage(page, 'Zugriffe');
  const table = page.getByRole('table', { name: 'Zugriffe auf Ihre Daten' });
  await expectVisible(table, 'the history table');
  await press(page, table.getByRole('link').first(), 'the first access');
  await settle(page, 'the detail at 1366 px');
  const beside = await page.getByRole('dialog', { name: 'Einzelheiten zum Zugriff' }).boundingBox();
  for (const column of ['Zweck', 'Rechtsgrundlage', 'Datenkategorien']) {
    const header = await table.getByRole('columnheader', { name: column, exact: true }).boundingBox();
    if (!header) fail(`no column header "${column}" beside the detail`);
    if (overlaps({ x: header.x, y: header.y, w: header.width, h: header.height },
      { x: beside.x, y: beside.y, w: beside.width, h: beside.height })) {
      fail(`at 1366 px the detail ${JSON.stringify(beside)} covers the column "${column}" ${JSON.stringify(header)}`);
    }
  }
  await checkGeometry(page, 'the detail at 1366 px');
  await setViewport(page, VIEWPORTS.phone);
  const detail = page.getByRole('dialog', { name: 'Einzelheiten zum Zugriff' });
  await expectVisible(detail, 'the detail of the access at 320 px');
  await expectVisible(page.getByRole('button', { name: 'Zurück zur Liste' }), 'the way back to the list');
  if (await table.count() !== 0) fail('at 320 px the list is still shown beside the detail');
  await settle(page, 'the detail at 320 px');
  const box = await detail.boundingBox();
  // The page's and the detail's narrow margins and a scroll bar: 258 px (234 with the wide margins).
  if (box.width < 0.75 * 320) fail(`the detail is only ${box.width} px wide at 320 px`);
  await checkGeometry(page, 'the detail at 320 px');
  await page.locator('#canvas').screenshot({ path: path.join(artifacts, 'journey-detail-320.png') });
  await assertNoAxeViolations(page, 'the detail at 320 px', artifacts);
  const object = page.getByRole('button', { name: 'Widerspruch einlegen' });
  if (await object.count() === 0) {
    // The first access may have a pending objection or rest on consent: back and take another.
    await press(page, page.getByRole('button', { name: 'Zurück zur Liste' }), 'back to the list');
    await expectVisible(table, 'the list again');
    const links = table.getByRole('link');
    let found = false;
    for (let i = 1; i < Math.min(await links.count(), 12) && !found; ++i) {
      await press(page, links.nth(i), `access ${i + 1}`);
      await expectVisible(detail, 'the detail');
      await settle(page, 'the detail');
      found = await object.count() > 0;
      if (!found) await press(page, page.getByRole('button', { name: 'Zurück zur Liste' }), 'back');
    }
    if (!found) fail('no access of the first twelve offers "Widerspruch einlegen"');
  }
  await press(page, object, '"Widerspruch einlegen"');
  await expectVisible(page.getByRole('heading', { name: 'Widerspruch einlegen', level: 2 }), 'the objection form');
  await expectVisible(page.getByRole('textbox', { name: 'Begründung' }), 'the field "Begründung"');
  await pageLoaded(page, 'the objection form');
  await checkGeometry(page, 'the objection form at 320 px');
  await page.locator('#canvas').screenshot({ path: path.join(artifacts, 'journey-form-320.png') });
  await assertNoAxeViolations(page, 'the objection form at 320 px', artifacts);
}

// Runs the tour for `users` (each { user, role }), then Erika's journey if `journey` is set.
export function runResponsiveTest(name, users, { journey = false } = {}) {
  const scenario = async (page, baseUrl, artifacts) => {
    await openLoginScreen(page, baseUrl);
    await setViewport(page, VIEWPORTS.phone);
    await checkGeometry(page, 'login at 320 px');
    await assertNoAxeViolations(page, 'login at 320 px', artifacts);
    for (const who of users) await tour(page, artifacts, who);
    if (journey) await objectionJourneyOnPhone(page, artifacts);
  };
  runBrowserTest(name, scenario, { viewport: VIEWPORTS.desktop }, { budgetMs: 170_000 });
}
