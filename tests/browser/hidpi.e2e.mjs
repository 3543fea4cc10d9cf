#!/usr/bin/env node
// HiDPI: in a context with devicePixelRatio 2 the canvas's drawing buffer is twice its CSS
// size, ImGui renders at framebuffer scale 2 with a font atlas rasterised at 2 × 17 px, and
// text is sharp: the device-pixel screenshot loses clearly more edge sharpness when shrunk to
// CSS pixels and scaled back (what a 1× canvas stretched by the browser would look like) than
// a blurry one could. The mirror still sits at CSS coordinates.
//
// Usage: node hidpi.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import fs from 'node:fs';
import path from 'node:path';
import { fail, log, openLoginScreen, pngStats, runBrowserTest, settle } from './harness.mjs';

const WIDTH = 800;
const HEIGHT = 600;

// Sharpness of the PNG after a round trip through half the resolution (bilinear both ways).
async function roundTripSharpness(page, png) {
  const halved = await page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const small = new OffscreenCanvas(bitmap.width / 2, bitmap.height / 2);
    const smallContext = small.getContext('2d');
    smallContext.imageSmoothingQuality = 'high';
    smallContext.drawImage(bitmap, 0, 0, small.width, small.height);
    const big = new OffscreenCanvas(bitmap.width, bitmap.height);
    const bigContext = big.getContext('2d');
    bigContext.imageSmoothingQuality = 'high';
    bigContext.drawImage(small, 0, 0, big.width, big.height);
    const blob = await big.convertToBlob({ type: 'image/png' });
    const buffer = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (let i = 0; i < buffer.length; i += 0x8000) binary += String.fromCharCode(...buffer.subarray(i, i + 0x8000));
    return btoa(binary);
  }, png.toString('base64'));
  return (await pngStats(page, Buffer.from(halved, 'base64'))).sharpness;
}

async function scenario(page, baseUrl, artifacts) {
  await openLoginScreen(page, baseUrl);
  await settle(page, 'the login screen at devicePixelRatio 2'); // drawn with the final font and scale
  const size = await page.evaluate(() => {
    const canvas = document.getElementById('canvas');
    return { dpr: window.devicePixelRatio, width: canvas.width, height: canvas.height, cssWidth: canvas.clientWidth, cssHeight: canvas.clientHeight };
  });
  const info = await page.evaluate(() => window.einblickRenderInfo());
  log(`devicePixelRatio ${size.dpr}: canvas ${size.width}x${size.height} for ${size.cssWidth}x${size.cssHeight} CSS px; client ${JSON.stringify(info)}`);
  if (size.dpr !== 2) fail(`the context's devicePixelRatio is ${size.dpr}, not 2`);
  if (size.cssWidth !== WIDTH || size.cssHeight !== HEIGHT) fail(`canvas CSS size ${size.cssWidth}x${size.cssHeight}`);
  if (size.width !== 2 * WIDTH || size.height !== 2 * HEIGHT) fail(`drawing buffer ${size.width}x${size.height} is not 2× the CSS size`);
  if (info.framebuffer_scale[0] !== 2 || info.css[0] !== WIDTH) fail(`ImGui renders at ${JSON.stringify(info)}`);
  if (!info.font_loaded || info.font_px !== 34) fail(`font atlas rasterised at ${info.font_px} px, not 34`);

  // The login panel: heading, paragraph and field labels.
  const box = await page.getByRole('form', { name: 'Anmeldung' }).boundingBox();
  const png = await page.screenshot({ clip: box, scale: 'device' });
  fs.writeFileSync(path.join(artifacts, '01-login-panel-2x.png'), png);
  const stats = await pngStats(page, png);
  const roundTrip = await roundTripSharpness(page, png);
  log(`login panel ${stats.width}x${stats.height} device px: sharpness ${stats.sharpness.toFixed(3)}, after 1× round trip ${roundTrip.toFixed(3)}`);
  if (stats.width < 2 * box.width - 2) fail(`screenshot is ${stats.width} px wide for ${box.width} CSS px`);
  if (stats.sharpness < 1.3 * roundTrip) fail(`text is not sharper than a 1× rendering scaled up (${stats.sharpness.toFixed(3)} vs ${roundTrip.toFixed(3)})`);

  // The mirror is in CSS pixels: the field's element lies over the field's pixels.
  const field = await page.getByRole('textbox', { name: 'Benutzername' }).boundingBox();
  if (field.x < box.x || field.x + field.width > box.x + box.width + 1) fail(`the mirrored field ${JSON.stringify(field)} is outside the form ${JSON.stringify(box)}`);
}

runBrowserTest('hidpi', scenario, { viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 2 });
