// Contrast measured on the drawn pixels (WCAG 2.1 1.4.3 text, 1.4.11 control boundaries): a
// screenshot decoded with pngjs, the mirror's rectangles to find each control and text on it,
// and the contrast ratio from the `color` package. Only sampling pixels is done here.
import Color from 'color';
import { PNG } from 'pngjs';

export const TEXT_MINIMUM = 4.5;
export const LARGE_TEXT_MINIMUM = 3; // 24 CSS px and more (the client has no bold font)
export const BOUNDARY_MINIMUM = 3;
const LARGE_TEXT_PX = 24;

// The sides of a control's rectangle that are its boundary. A check box's, a radio's and a
// select's rectangle runs on over its label to the right, so only the box's left, top and
// bottom count there; a tab's bottom meets the tab bar's line.
const BOUNDARY_SIDES = {
  textbox: ['left', 'right', 'top', 'bottom'],
  button: ['left', 'right', 'top', 'bottom'],
  tab: ['left', 'right', 'top'],
  checkbox: ['left', 'top', 'bottom'],
  radio: ['left', 'top', 'bottom'],
  combobox: ['left', 'top', 'bottom'],
};
// Roles whose name (or value) is drawn as text inside their rectangle.
const TEXT_ROLES = new Set(['heading', 'text', 'cell', 'columnheader', 'link', 'button', 'tab',
  'status', 'alert', 'textbox', 'combobox']);
// Inside a control's frame the text starts after its border and padding.
const FRAMED = new Set(['button', 'tab', 'textbox', 'combobox']);

export function decodePng(buffer) {
  return PNG.sync.read(buffer);
}

function pixel(image, x, y) {
  const cx = Math.min(image.width - 1, Math.max(0, Math.round(x)));
  const cy = Math.min(image.height - 1, Math.max(0, Math.round(y)));
  const i = (image.width * cy + cx) * 4;
  return [image.data[i], image.data[i + 1], image.data[i + 2]];
}

const ratios = new Map();
export function contrast(a, b) {
  const key = `${a}|${b}`;
  let ratio = ratios.get(key);
  if (ratio === undefined) {
    ratio = Color.rgb(a).contrast(Color.rgb(b));
    ratios.set(key, ratio);
  }
  return ratio;
}

function hex(rgb) {
  return Color.rgb(rgb).hex();
}

// One side of a control's boundary: the pixel across the edge (from just outside to just
// inside) that stands out most from the background just outside it.
function measureSide(image, rect, side, scale) {
  const { x, y, w, h } = rect;
  const s = (v) => v * scale;
  const along = Math.min(w, h) / 2; // past a rounded corner, inside a check box's square
  let outside;
  let band;
  switch (side) {
    case 'left':
      outside = pixel(image, s(x - 3), s(y + h / 2));
      band = [-1, 0, 1, 2].map((d) => pixel(image, s(x) + d, s(y + h / 2)));
      break;
    case 'right':
      outside = pixel(image, s(x + w + 2), s(y + h / 2));
      band = [-3, -2, -1, 0].map((d) => pixel(image, s(x + w) + d, s(y + h / 2)));
      break;
    case 'top':
      outside = pixel(image, s(x + along), s(y - 3));
      band = [-1, 0, 1, 2].map((d) => pixel(image, s(x + along), s(y) + d));
      break;
    default: // bottom
      outside = pixel(image, s(x + along), s(y + h + 2));
      band = [-3, -2, -1, 0].map((d) => pixel(image, s(x + along), s(y + h) + d));
  }
  let best = { ratio: 1, boundary: outside };
  for (const candidate of band) {
    const ratio = contrast(candidate, outside);
    if (ratio > best.ratio) best = { ratio, boundary: candidate };
  }
  return { side, ratio: best.ratio, boundary: hex(best.boundary), outside: hex(outside) };
}

// The focus ring (ui::draw_focus_ring: 3 px, 2 px outside the control) on the control's left:
// the pixel across it that stands out most from the background further out.
function measureFocusRing(image, rect, scale) {
  const y = (rect.y + rect.h / 2) * scale;
  const outside = pixel(image, (rect.x - 9) * scale, y);
  let best = { ratio: 1, ring: outside };
  for (let d = -6; d <= -2; d += 1) {
    const candidate = pixel(image, (rect.x + d) * scale, y);
    const ratio = contrast(candidate, outside);
    if (ratio > best.ratio) best = { ratio, ring: candidate };
  }
  return { ratio: best.ratio, ring: hex(best.ring), outside: hex(outside) };
}

// The text's contrast inside `rect`: the background is the rectangle's most frequent colour,
// the text the pixel that stands out most from it (anti-aliasing only lightens the edges).
function measureText(image, rect, inset, scale) {
  const counts = new Map();
  const x0 = Math.round((rect.x + inset) * scale);
  const x1 = Math.round((rect.x + rect.w - inset) * scale);
  const y0 = Math.round((rect.y + inset) * scale);
  const y1 = Math.round((rect.y + rect.h - inset) * scale);
  for (let y = y0; y < y1; y += 1) {
    for (let x = x0; x < x1; x += 1) {
      const rgb = pixel(image, x, y);
      const key = rgb.join(',');
      counts.set(key, (counts.get(key) || 0) + 1);
    }
  }
  if (counts.size < 2) return null; // nothing drawn here
  const colours = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([key]) => key.split(',').map(Number));
  const background = colours[0];
  let best = { ratio: 1, text: background };
  for (const colour of colours.slice(1)) {
    const ratio = contrast(colour, background);
    if (ratio > best.ratio) best = { ratio, text: colour };
  }
  return { ratio: best.ratio, text: hex(best.text), background: hex(best.background) };
}

// The mirror's elements as the client placed them: role, name, rectangle (CSS px), states.
// `clip` is the rectangle of the table a node lies in: a table that scrolls draws only the rows
// inside it, but the mirror has them all.
export async function mirroredNodes(page) {
  return page.evaluate(() => [...document.querySelectorAll('#a11y-root .a11y-node')].map((el) => {
    const reported = window.einblickA11y.reported(el) || {};
    const rectOf = (node) => ({
      x: parseFloat(node.style.left), y: parseFloat(node.style.top),
      w: parseFloat(node.style.width), h: parseFloat(node.style.height),
    });
    const table = el.parentElement && el.parentElement.closest('[role=table]');
    return {
      role: el.einblickRole,
      name: (el.einblickName || '').trim(),
      value: el.value === undefined ? '' : String(el.value),
      level: /^H\d$/.test(el.tagName) ? Number(el.tagName[1]) : 0,
      disabled: Boolean(reported.disabled),
      focused: Boolean(reported.focused) || document.activeElement === el,
      rect: rectOf(el),
      clip: table ? rectOf(table) : null,
    };
  }));
}

// Whether the node is drawn whole: inside the viewport less the window's padding at the bottom
// (the page scrolls inside it), and inside its table.
function visible(node, viewport) {
  const { rect, clip } = node;
  const margin = 6;
  const bottom = viewport.height - 20;
  const within = (outer) => rect.x >= outer.x && rect.y >= outer.y
    && rect.x + rect.w <= outer.x + outer.w && rect.y + rect.h <= outer.y + outer.h;
  return rect.w > 4 && rect.h > 4 && rect.x - margin >= 0 && rect.y - margin >= 0
    && rect.x + rect.w + margin <= viewport.width && rect.y + rect.h + margin <= bottom
    && (!clip || within(clip));
}

function near(rect, other, distance) {
  return rect.x < other.x + other.w + distance && other.x < rect.x + rect.w + distance
    && rect.y < other.y + other.h + distance && other.y < rect.y + rect.h + distance;
}

// Whether `rect` lies on or next to the focus ring drawn along `ring`'s edges: near it, and not
// well inside it (a focused panel holds the whole page; only what runs along its edges is
// touched by its ring).
function nearRing(rect, ring, distance) {
  const inside = rect.x >= ring.x + distance && rect.y >= ring.y + distance
    && rect.x + rect.w <= ring.x + ring.w - distance && rect.y + rect.h <= ring.y + ring.h - distance;
  return near(rect, ring, distance) && !inside;
}

// Measures every control's boundary and every text of the mirrored nodes on the screenshot,
// and the focus ring around the focused control. Leaves out what the ring lies on or next to,
// disabled controls (exempt) and what is not drawn whole (see visible). Returns { controls, texts,
// rings, failures }.
export function measureScreen(image, nodes, { viewport, scale = 1 }) {
  const focused = nodes.filter((n) => n.focused).map((n) => n.rect);
  const measurable = nodes.filter((n) => !n.disabled && visible(n, viewport)
    && !focused.some((f) => nearRing(n.rect, f, 8)));
  const controls = [];
  const texts = [];
  const rings = [];
  const failures = [];
  for (const node of nodes.filter((n) => n.focused && BOUNDARY_SIDES[n.role] && visible(n, viewport))) {
    const ring = measureFocusRing(image, node.rect, scale);
    rings.push({ role: node.role, name: node.name, ...ring });
    if (ring.ratio < BOUNDARY_MINIMUM) {
      failures.push(`focus ring of ${node.role} "${node.name}": ${ring.ratio.toFixed(2)}:1 (${ring.ring} on ${ring.outside})`);
    }
  }
  for (const node of measurable) {
    const sides = BOUNDARY_SIDES[node.role];
    if (sides) {
      const measured = sides.map((side) => measureSide(image, node.rect, side, scale));
      const weakest = measured.reduce((a, b) => (a.ratio <= b.ratio ? a : b));
      controls.push({ role: node.role, name: node.name, ...weakest });
      if (weakest.ratio < BOUNDARY_MINIMUM) {
        failures.push(`${node.role} "${node.name}": ${weakest.side} boundary ${weakest.ratio.toFixed(2)}:1 (${weakest.boundary} on ${weakest.outside})`);
      }
    }
    const hasText = node.role === 'textbox' || node.role === 'combobox' ? node.value !== '' : node.name !== '';
    if (TEXT_ROLES.has(node.role) && hasText) {
      const inset = FRAMED.has(node.role) ? 4 : 0;
      const measured = measureText(image, node.rect, inset, scale);
      if (!measured) continue;
      const large = node.role === 'heading' && node.rect.h >= LARGE_TEXT_PX;
      const minimum = large ? LARGE_TEXT_MINIMUM : TEXT_MINIMUM;
      texts.push({ role: node.role, name: node.name, minimum, ...measured });
      if (measured.ratio < minimum) {
        failures.push(`${node.role} "${node.name.slice(0, 50)}": text ${measured.ratio.toFixed(2)}:1 (${measured.text} on ${measured.background}), needs ${minimum}:1`);
      }
    }
  }
  return { controls, texts, rings, failures };
}

// The weakest measurement per role, for the log.
export function weakestByRole(measurements) {
  const byRole = new Map();
  for (const m of measurements) {
    const seen = byRole.get(m.role);
    if (!seen || m.ratio < seen.ratio) byRole.set(m.role, m);
  }
  return [...byRole.values()].map((m) => `${m.role} ${m.ratio.toFixed(2)}`).join(', ');
}

// Whether two decoded images differ inside `rect` (CSS px).
export function differsIn(a, b, rect, scale = 1) {
  for (let y = Math.round(rect.y * scale); y < Math.round((rect.y + rect.h) * scale); y += 1) {
    for (let x = Math.round(rect.x * scale); x < Math.round((rect.x + rect.w) * scale); x += 1) {
      if (pixel(a, x, y).join() !== pixel(b, x, y).join()) return true;
    }
  }
  return false;
}

// [SECTION] Shares and statistics of a screenshot

// The focus ring's colour (#00528F, ui::draw_focus_ring) and how far a pixel may be from it
// per channel (anti-aliased edges, sRGB rounding).
export const FOCUS_RING_RGB = [0x00, 0x52, 0x8f];
const RING_TOLERANCE = 30;

// Share of the PNG's pixels that have the focus ring's colour.
export function ringShare(png) {
  const { data } = decodePng(png);
  let ring = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (FOCUS_RING_RGB.every((c, k) => Math.abs(data[i + k] - c) < RING_TOLERANCE)) ring += 1;
  }
  return ring / (data.length / 4);
}

// Luma statistics of a PNG: its size, the luma's standard deviation, the number of colours
// (counted up to 1000) and edge sharpness: of the horizontal steps that are edges at all (> 24
// levels), the share that is steep (> 96). Glyphs rasterised at device pixels have steep
// edges; a canvas scaled up by the browser smears each edge over two pixels.
export function lumaStats(png) {
  const { width, height, data } = decodePng(png);
  const pixels = width * height;
  const luma = new Float32Array(pixels);
  const colours = new Set();
  let sum = 0;
  let sumSquares = 0;
  for (let p = 0; p < pixels; ++p) {
    const i = p * 4;
    const y = 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
    luma[p] = y;
    sum += y;
    sumSquares += y * y;
    if (colours.size < 1000) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
  }
  let edges = 0;
  let steep = 0;
  for (let y = 0; y < height; ++y) {
    for (let x = 1; x < width; ++x) {
      const step = Math.abs(luma[y * width + x] - luma[y * width + x - 1]);
      if (step > 24) edges += 1;
      if (step > 96) steep += 1;
    }
  }
  const mean = sum / pixels;
  return {
    width, height, stddev: Math.sqrt(Math.max(0, sumSquares / pixels - mean * mean)),
    colours: colours.size, sharpness: edges ? steep / edges : 0,
  };
}
