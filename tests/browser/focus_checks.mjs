// Checks of where the keyboard focus is, shared by focus.e2e.mjs and focus_forms.e2e.mjs: the
// page's focus together with what the client reports, and the focus ring on the drawn pixels.
import { fail, log, settle, waitForReported } from './harness.mjs';
import { ringShare } from './pixels.mjs';
import { activeName } from './steps.mjs';

// [SECTION] The focus ring, measured on the canvas

// Share of ring-coloured pixels (#00528F, ui::draw_focus_ring) in a strip of `band` px along
// the top and the left edge of the element, outside it: the ring is drawn 2–5 px outside the
// focused node. A large node (the tab panel) is checked on its edges, not its whole area.
export async function ringOnEdges(page, locator, band = 7) {
  const box = await locator.boundingBox();
  if (!box) fail('no box for the ring check');
  const viewport = page.viewportSize();
  const strips = [
    { x: Math.max(0, box.x), y: Math.max(0, box.y - band), width: Math.min(box.width, viewport.width - box.x), height: band },
    { x: Math.max(0, box.x - band), y: Math.max(0, box.y), width: band, height: Math.min(box.height, viewport.height - box.y) },
  ];
  const shares = [];
  for (const clip of strips) {
    const png = await page.screenshot({ clip });
    shares.push(ringShare(png));
  }
  return Math.min(...shares);
}

export async function expectRing(page, locator, what) {
  await settle(page, `the ring around ${what}`);
  const share = await ringOnEdges(page, locator);
  log(`focus ring on the edges of ${what}: ${(share * 100).toFixed(1)} %`);
  if (share < 0.2) fail(`no focus ring around ${what} (${(share * 100).toFixed(1)} % of its edges)`);
}

// The page's focus is on this element and the client reports it focused (so the ring is there).
export async function expectFocusOn(page, locator, what) {
  const handle = await locator.elementHandle({ timeout: 5_000 }).catch(() => null);
  if (!handle) fail(`${what}: no such element`);
  await page.waitForFunction((el) => document.activeElement === el, handle, { timeout: 5_000 })
    .catch(async () => fail(`${what}: the focus is on ${JSON.stringify(await activeName(page))}`));
  await waitForReported(locator, `the client to report ${what} focused`, { focused: true });
}

