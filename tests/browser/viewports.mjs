// The viewports the browser tests lay the client out at (issue 10: 320, 400, 768 and 1366 px
// and 200 % zoom), and how a page is set to one. One home for responsive.mjs and the journeys.
//
// Zoom: Chromium's page zoom shrinks the CSS viewport by the zoom factor and raises
// devicePixelRatio by it, so a 683 × 400 CSS viewport at device scale 2 is what a 1366 × 800
// window at 200 % shows. The device scale is set through the DevTools protocol (Playwright's
// context has a fixed one).
import { STEP_TIMEOUT_MS, settle } from './harness.mjs';

export const VIEWPORTS = {
  phone: { width: 320, height: 640, scale: 1, label: '320 px' },
  small: { width: 400, height: 800, scale: 1, label: '400 px' },
  tablet: { width: 768, height: 1024, scale: 1, label: '768 px' },
  zoom200: { width: 683, height: 400, scale: 2, label: '200 % zoom' },
  desktop: { width: 1366, height: 800, scale: 1, label: '1366 px' },
};

const sessions = new WeakMap();

// The page's DevTools session (one per page, made on first use).
export async function cdpSession(page) {
  let session = sessions.get(page);
  if (!session) {
    session = await page.context().newCDPSession(page);
    sessions.set(page, session);
  }
  return session;
}

// Sets the CSS viewport and the device scale, and waits until the client has laid out at them.
export async function setViewport(page, { width, height, scale }) {
  await page.setViewportSize({ width, height });
  await (await cdpSession(page)).send('Emulation.setDeviceMetricsOverride',
    { width, height, deviceScaleFactor: scale, mobile: false });
  await page.waitForFunction(([w, s]) => window.innerWidth === w && window.devicePixelRatio === s,
    [width, scale], { timeout: STEP_TIMEOUT_MS });
  await settle(page, `the layout at ${width} px, scale ${scale}`);
}
