#!/usr/bin/env node
// End-to-end: the demo citizen logs in through the real page and sees her access history.
//
// Starts the real `einblick serve --demo` on a free port with a fresh database, drives
// Debian's Chromium headless through playwright-core (never a downloaded browser), types into
// the ImGui login form with the keyboard, waits for the history table, checks the first row and
// that the canvas really drew, then stops the server with SIGTERM and expects exit code 0.
//
// Usage: node citizen_history.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
// Exit code 0 on success, 1 with a message naming the failed step otherwise.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';


// [SECTION] Settings
const CHROMIUM = process.env.EINBLICK_CHROMIUM || '/usr/bin/chromium';
// From docs: WebGL needs SwiftShader here, and the background-networking flags stop Chromium
// from calling home. --headless comes from `headless: true`, --user-data-dir from
// launchPersistentContext (a fresh temporary folder).
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic',
];
const DEMO_USER = 'erika';
const DEMO_PASSWORD = 'Einblick-Demo-2026';
const TOTAL_BUDGET_MS = 85_000; // CTest's TIMEOUT is 90 s
const STEP_TIMEOUT_MS = 20_000;
const GERMAN_DATE_TIME = /^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/;

// [SECTION] Small helpers
class TestFailure extends Error {}

function fail(message) {
  throw new TestFailure(message);
}

function log(message) {
  process.stdout.write(`[e2e] ${message}\n`);
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new TestFailure(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      server: { type: 'string' },
      'web-root': { type: 'string' },
      artifacts: { type: 'string', default: path.join(process.cwd(), 'browser-artifacts') },
    },
  });
  if (!values.server || !values['web-root']) {
    fail('usage: citizen_history.e2e.mjs --server PATH --web-root DIR [--artifacts DIR]');
  }
  for (const file of ['index.html', 'boot.js', 'einblick.js', 'einblick.wasm', 'einblick.data']) {
    if (!fs.existsSync(path.join(values['web-root'], file))) {
      fail(`web root ${values['web-root']} has no ${file}: build the client first`);
    }
  }
  if (!fs.existsSync(values.server)) fail(`server executable not found: ${values.server}`);
  if (!fs.existsSync(CHROMIUM)) fail(`Chromium not found at ${CHROMIUM}`);
  return { server: values.server, webRoot: values['web-root'], artifacts: values.artifacts };
}

// [SECTION] The server under test
function startServer(executable, webRoot, workDir) {
  const db = path.join(workDir, 'einblick-e2e.db');
  const args = ['serve', '--demo', '--db', db, '--port', '0', '--bind', '127.0.0.1', '--web-root', webRoot];
  log(`starting ${executable} ${args.join(' ')}`);
  const child = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const url = new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      output.push(String(chunk));
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(buffered);
      if (match) resolve(match[1]);
    });
    child.stderr.on('data', (chunk) => output.push(String(chunk)));
    child.on('error', (error) => reject(new TestFailure(`could not start the server: ${error.message}`)));
    exited.then(({ code, signal }) =>
      reject(new TestFailure(`server exited before listening (code ${code}, signal ${signal})`)));
  });
  return { child, url, exited, output };
}

async function stopServer(server) {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.exited;
  server.child.kill('SIGTERM');
  try {
    return await withTimeout(server.exited, 10_000, 'server to exit after SIGTERM');
  } catch (error) {
    server.child.kill('SIGKILL');
    throw error;
  }
}

// [SECTION] Page helpers
async function testState(page) {
  return page.evaluate(() => window.einblickTestState());
}

// Polls the client's state until `predicate` holds; fails early on a fatal client error.
async function waitForState(page, description, predicate, timeoutMs = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  let state;
  while (Date.now() < deadline) {
    state = await testState(page);
    const fatal = await page.evaluate(() => window.Module && window.Module.einblickFatalError);
    if (fatal) fail(`client reported a fatal error while waiting for ${description}: ${fatal}`);
    if (predicate(state)) return state;
    await page.waitForTimeout(100);
  }
  fail(`timed out waiting for ${description}; last state: ${JSON.stringify(state)}`);
}

// Holds the key briefly like a person would (the client also copes with instant presses).
async function pressKey(page, key) {
  await page.keyboard.down(key);
  await page.waitForTimeout(50);
  await page.keyboard.up(key);
  await page.waitForTimeout(50);
}

async function typeText(page, text) {
  await page.keyboard.type(text, { delay: 30 });
}

// Fails unless the canvas shows a drawn frame: a blank or lost WebGL canvas is one colour.
// The screenshot is what Chromium composited, decoded in the page with createImageBitmap
// (a Blob needs no URL, so the app's CSP is not in the way, and no second tab is opened: a
// background tab gets no animation frames, which would stall the client).
async function assertCanvasDrew(page, file, what) {
  const lost = await page.evaluate(() => window.Module.einblickContextLost);
  if (lost) fail(`WebGL context lost (${what})`);
  const png = await page.locator('#canvas').screenshot({ path: file });
  const stats = await page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    let sum = 0;
    let sumSquares = 0;
    const colours = new Set();
    const pixels = data.length / 4;
    for (let i = 0; i < data.length; i += 4) {
      const luma = 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
      sum += luma;
      sumSquares += luma * luma;
      if (colours.size < 1000) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    }
    const mean = sum / pixels;
    return { width: bitmap.width, height: bitmap.height, stddev: Math.sqrt(Math.max(0, sumSquares / pixels - mean * mean)), colours: colours.size };
  }, png.toString('base64'));
  log(`canvas ${what}: ${stats.width}x${stats.height}, luma stddev ${stats.stddev.toFixed(1)}, ${stats.colours} colours`);
  if (stats.width < 100 || stats.height < 100) fail(`canvas too small (${what}): ${stats.width}x${stats.height}`);
  if (stats.colours < 8 || stats.stddev < 3) fail(`canvas looks blank (${what}): ${JSON.stringify(stats)}`);
}

// [SECTION] The scenario
// Types into the ImGui form like a person: a wrong password first (the German error must
// appear and the username stay), then the right one, which replaces the selected wrong one.
async function logInThroughTheForm(page, artifacts) {
  log('logging in with a wrong password');
  await typeText(page, 'erikx');
  await pressKey(page, 'Backspace'); // also proves Backspace reaches ImGui
  await typeText(page, 'a');
  await pressKey(page, 'Tab');
  await typeText(page, 'falsch');
  await pressKey(page, 'Enter');
  const rejected = await waitForState(page, 'the wrong-password error', (s) => s.screen === 'login' && !s.loading && s.error);
  log(`error shown: ${rejected.error}`);
  if (!/[a-zäöüß]/i.test(rejected.error) || /HTTP|401|json/i.test(rejected.error)) {
    fail(`error is not a readable German sentence: ${rejected.error}`);
  }
  await page.locator('#canvas').screenshot({ path: path.join(artifacts, '02-login-error.png') });

  log('logging in as the demo citizen');
  await typeText(page, DEMO_PASSWORD);
  await pressKey(page, 'Enter');
}

// The canvas fills the window and follows a resize with its drawing buffer.
async function assertCanvasFollowsResize(page, artifacts) {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.waitForFunction(() => {
    const canvas = document.getElementById('canvas');
    return canvas.width === 1024 && canvas.height === 700;
  }, null, { timeout: 5_000 }).catch(async () => {
    const size = await page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
    fail(`canvas did not follow the window to 1024x700 (drawing buffer ${size.join('x')})`);
  });
  await page.waitForTimeout(300);
  await assertCanvasDrew(page, path.join(artifacts, '04-resized.png'), 'after resize');
}

async function scenario(context, baseUrl, artifacts) {
  const page = context.pages()[0] || (await context.newPage());
  await page.setViewportSize({ width: 1280, height: 800 });
  const consoleLines = [];
  page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.message}`));
  const saveConsole = () => fs.writeFileSync(path.join(artifacts, 'console.log'), consoleLines.join('\n') + '\n');

  try {
    log(`loading ${baseUrl}/`);
    const response = await page.goto(`${baseUrl}/`, { waitUntil: 'load', timeout: STEP_TIMEOUT_MS });
    if (!response || response.status() !== 200) fail(`GET / answered ${response && response.status()}`);
    await page.waitForFunction(() => window.Module && window.Module.calledRun === true, null, { timeout: STEP_TIMEOUT_MS })
      .catch(() => fail('the wasm runtime did not start (Module.calledRun never became true)'));
    await page.waitForFunction(() => window.Module.einblickFirstFrameRendered === true, null, { timeout: STEP_TIMEOUT_MS })
      .catch(() => fail('no frame was rendered'));
    await waitForState(page, 'the login screen', (s) => s.screen === 'login');
    await page.locator('#canvas').focus();
    await page.waitForTimeout(200);
    await assertCanvasDrew(page, path.join(artifacts, '01-login.png'), 'login screen');

    await logInThroughTheForm(page, artifacts);
    const history = await waitForState(page, 'the history with rows', (s) => s.screen === 'history' && !s.loading && s.rows > 0);
    log(`history: ${history.rows} rows, has_more=${history.has_more}, user=${history.user}`);
    checkFirstRow(history);
    await page.waitForTimeout(300); // let the table's frame reach the compositor
    await assertCanvasDrew(page, path.join(artifacts, '03-history.png'), 'history table');

    await assertCanvasFollowsResize(page, artifacts);
  } catch (error) {
    await page.screenshot({ path: path.join(artifacts, 'failure.png') }).catch(() => {});
    const state = await testState(page).catch(() => null);
    fs.writeFileSync(path.join(artifacts, 'failure-state.json'), JSON.stringify(state, null, 2));
    throw error;
  } finally {
    saveConsole();
  }
}

function checkFirstRow(state) {
  const row = state.first_row;
  if (state.error) fail(`history shows an error: ${state.error}`);
  if (!row) fail('history reports rows but no first_row');
  if (!GERMAN_DATE_TIME.test(row.occurred_at)) fail(`first row's time is not "TT.MM.JJJJ, hh:mm": ${row.occurred_at}`);
  for (const field of ['agency', 'purpose', 'legal_basis', 'data_categories']) {
    if (typeof row[field] !== 'string' || row[field].trim() === '') fail(`first row has no ${field}: ${JSON.stringify(row)}`);
  }
  if (/^[a-z_]+(, [a-z_]+)*$/.test(row.data_categories)) fail(`data categories are codes, not German labels: ${row.data_categories}`);
  log(`first row: ${row.occurred_at} | ${row.agency} | ${row.purpose} | ${row.legal_basis} | ${row.data_categories}`);
}

// [SECTION] Main: set up, run, always clean up
async function main() {
  const options = parseOptions();
  // Imported here so that a missing `npm ci` fails with a message saying so.
  const { chromium } = await import('playwright-core').catch(() =>
    fail('playwright-core is not installed: run `npm ci` in tests/browser (./emsdk-setup.sh does)'));
  fs.mkdirSync(options.artifacts, { recursive: true });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'einblick-e2e-'));
  let server;
  let context;
  let failure;
  try {
    server = startServer(options.server, options.webRoot, workDir);
    const baseUrl = await withTimeout(server.url, 15_000, 'the server to print "listening on"');
    log(`server at ${baseUrl}`);
    context = await chromium.launchPersistentContext(path.join(workDir, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: STEP_TIMEOUT_MS,
    });
    await scenario(context, baseUrl, options.artifacts);
  } catch (error) {
    failure = error;
  } finally {
    if (context) await context.close().catch(() => {});
    if (server) {
      try {
        const { code, signal } = await stopServer(server);
        fs.writeFileSync(path.join(options.artifacts, 'server.log'), server.output.join(''));
        if (!failure && code !== 0) failure = new TestFailure(`server exited with code ${code} (signal ${signal}) after SIGTERM`);
        else log(`server stopped: exit code ${code}`);
      } catch (error) {
        failure = failure || error;
      }
    }
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  if (failure) {
    process.stderr.write(`[e2e] FAILED: ${failure instanceof TestFailure ? failure.message : failure.stack}\n`);
    process.stderr.write(`[e2e] artifacts (screenshots, console.log, server.log): ${options.artifacts}\n`);
    process.exitCode = 1;
  } else {
    log('PASSED');
  }
}

const watchdog = setTimeout(() => {
  process.stderr.write(`[e2e] FAILED: the whole test took longer than ${TOTAL_BUDGET_MS} ms\n`);
  process.exit(1);
}, TOTAL_BUDGET_MS);
watchdog.unref();

main().catch((error) => {
  process.stderr.write(`[e2e] FAILED: ${error instanceof TestFailure ? error.message : error.stack}\n`);
  process.exitCode = 1;
});
