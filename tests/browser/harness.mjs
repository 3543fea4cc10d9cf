// Shared setup of the browser tests: the real server on a free port with a fresh demo
// database, Debian's headless Chromium through playwright-core, and checks every test uses.
// Each *.e2e.mjs calls runBrowserTest(name, scenario, contextOptions).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { lumaStats } from './pixels.mjs';
import { installTrace } from './trace.mjs';

// [SECTION] Settings
export const CHROMIUM = process.env.EINBLICK_CHROMIUM || '/usr/bin/chromium';
// WebGL needs SwiftShader here, and the background-networking flags stop Chromium from calling
// home. --headless comes from `headless: true`, --user-data-dir from launchPersistentContext.
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic',
];
export const DEMO_USER = 'erika';
export const DEMO_PASSWORD = 'Einblick-Demo-2026';
export const STEP_TIMEOUT_MS = 20_000;
const TOTAL_BUDGET_MS = 85_000; // CTest's TIMEOUT is 90 s
export const WEB_FILES = ['index.html', 'boot.js', 'a11y_mirror.js', 'einblick.css', 'einblick.js',
  'einblick.wasm', 'einblick.data'];

// [SECTION] Small helpers
export class TestFailure extends Error {}

export function fail(message) {
  throw new TestFailure(message);
}

export function log(message) {
  process.stdout.write(`[e2e] ${message}\n`);
}

export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new TestFailure(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function parseOptions(name) {
  const { values } = parseArgs({
    options: {
      server: { type: 'string' },
      'web-root': { type: 'string' },
      artifacts: { type: 'string', default: path.join(process.cwd(), 'browser-artifacts', name) },
    },
  });
  if (!values.server || !values['web-root']) {
    fail(`usage: ${name}.e2e.mjs --server PATH --web-root DIR [--artifacts DIR]`);
  }
  for (const file of WEB_FILES) {
    if (!fs.existsSync(path.join(values['web-root'], file))) {
      fail(`web root ${values['web-root']} has no ${file}: build the client first`);
    }
  }
  if (!fs.existsSync(values.server)) fail(`server executable not found: ${values.server}`);
  if (!fs.existsSync(CHROMIUM)) fail(`Chromium not found at ${CHROMIUM}`);
  return { server: values.server, webRoot: values['web-root'], artifacts: values.artifacts };
}

// [SECTION] The server under test
// A fixed pseudonym key for a demo on a fixed date: what is derived from pseudonyms (the
// agency log's citizen references) is then the same in every run, too.
const FIXED_DEMO_KEY = 'e1b1c0de'.repeat(8);

// `demoDate`: the demo runs as if that instant were now (serve --demo-date). `witness`: run the
// demo witness, which cosigns the log's checkpoints every 2 s; off by default, so that what a
// test sees does not depend on when the witness's round came (--no-demo-witness).
// `extraArgs`: more options for `serve`.
export function startServer(executable, webRoot, workDir, { demoDate, witness = false, extraArgs = [] } = {}) {
  const db = path.join(workDir, 'einblick-e2e.db');
  const args = ['serve', '--demo', '--db', db, '--port', '0', '--bind', '127.0.0.1', '--web-root', webRoot];
  if (demoDate) args.push('--demo-date', demoDate);
  if (!witness) args.push('--no-demo-witness');
  args.push(...extraArgs);
  const env = demoDate ? { ...process.env, EINBLICK_PSEUDONYM_KEY: FIXED_DEMO_KEY } : process.env;
  log(`starting ${executable} ${args.join(' ')}`);
  const child = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
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

// Seeding the demo database takes seconds, and every browser test wants a fresh one. The first
// test of a run seeds a template (per server build and day: the demo is relative to today);
// the others start from a copy. Each test still gets its own database to change.
async function copyDemoTemplate(executable, webRoot, workDir, server) {
  const stat = fs.statSync(executable);
  const day = server.demoDate ? server.demoDate.replace(/\W/g, '') : new Date().toISOString().slice(0, 10);
  const template = path.join(os.tmpdir(), `einblick-e2e-demo-${stat.size}-${Math.round(stat.mtimeMs)}-${day}`);
  if (!fs.existsSync(path.join(template, 'ready'))) {
    const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'einblick-e2e-seeding-'));
    const seeding = startServer(executable, webRoot, staging, { ...server, witness: false });
    await withTimeout(seeding.url, 120_000, 'the server to seed the demo template');
    await stopServer(seeding);
    fs.writeFileSync(path.join(staging, 'ready'), day);
    try {
      fs.renameSync(staging, template);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // another run was faster: use its copy
    }
  }
  for (const file of fs.readdirSync(template)) {
    if (file.startsWith('einblick-e2e.db')) fs.copyFileSync(path.join(template, file), path.join(workDir, file));
  }
}

// startServer on a copy of the seeded demo database (see copyDemoTemplate).
export async function startDemoServer(executable, webRoot, workDir, server = {}) {
  await copyDemoTemplate(executable, webRoot, workDir, server);
  return startServer(executable, webRoot, workDir, server);
}

export async function stopServer(server) {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.exited;
  server.child.kill('SIGTERM');
  try {
    return await withTimeout(server.exited, 10_000, 'server to exit after SIGTERM');
  } catch (error) {
    server.child.kill('SIGKILL');
    throw error;
  }
}

export async function launchChromium(profileDir, contextOptions = {}) {
  const { chromium } = await import('playwright-core').catch(() =>
    fail('playwright-core is not installed: run `npm ci` in tests/browser (./emsdk-setup.sh does)'));
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: STEP_TIMEOUT_MS,
    ...contextOptions,
  });
}

// [SECTION] Waiting for the client
// The tests never sleep to let the client catch up: they wait for a state (the client's test
// snapshot, what the client reported to the DOM mirror, a network answer). The client's state
// and its mirror change only in its frames, so waits check once per frame (boot.js counts
// them in Module.einblickFrames) until a deadline, and fail saying what they waited for and
// what they saw last.

export async function testState(page) {
  return page.evaluate(() => window.einblickTestState());
}

// Where the client is, in short, for a failure message.
export async function clientSummary(page) {
  const s = await testState(page).catch(() => null);
  if (!s) return 'client state unavailable';
  return JSON.stringify({ screen: s.screen, page: s.page, loading: s.loading, error: s.error, notice: s.notice });
}

// Resolves once the client has run `count` more frames. A page whose main loop stopped runs
// none: then it fails after `timeoutMs`.
export async function nextFrames(page, count = 1, timeoutMs = STEP_TIMEOUT_MS) {
  const frames = page.evaluate((n) => new Promise((resolve) => {
    const until = window.Module.einblickFrames + n;
    const check = () => (window.Module.einblickFrames >= until ? resolve() : requestAnimationFrame(check));
    requestAnimationFrame(check);
  }), count);
  frames.catch(() => {}); // outlived by the timeout when the page closes
  return withTimeout(frames, timeoutMs, `${count} more frame(s) of the client`);
}

// Calls `check` (node side, async) once per client frame until it answers { done: true, seen };
// returns `seen`. Fails after `timeoutMs` with `what` and the last `seen`.
export async function untilClient(page, what, check, timeoutMs = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { done, seen } = await check();
    if (done) return seen;
    const left = deadline - Date.now();
    if (left <= 0) fail(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(seen)}`);
    await nextFrames(page, 1, left).catch(() => {}); // no frame in time: the check above fails next
  }
}

// Waits until the client's state satisfies `predicate`; fails early on a fatal client error.
export async function waitForState(page, description, predicate, timeoutMs = STEP_TIMEOUT_MS) {
  return untilClient(page, description, async () => {
    const { state, fatal } = await page.evaluate(() => ({
      state: window.einblickTestState(),
      fatal: window.Module && window.Module.einblickFatalError,
    }));
    if (fatal) fail(`client reported a fatal error while waiting for ${description}: ${fatal}`);
    return { done: Boolean(predicate(state)), seen: state };
  }, timeoutMs);
}

// What the client last reported to the mirror for the element of `locator` (see
// window.einblickA11y.reported: value, focused, checked, …), or null.
export async function reported(locator) {
  return locator.evaluate((el) => window.einblickA11y.reported(el));
}

// Waits until what the client reported for the element has every field of `expected` (e.g.
// { value: 'erika' }, { focused: true }): the client has taken what the page did. Checked in
// the page on every animation frame, the client's frames included.
export async function waitForReported(locator, what, expected, timeoutMs = STEP_TIMEOUT_MS) {
  const page = locator.page();
  const handle = await locator.first().elementHandle({ timeout: timeoutMs }).catch(() => null);
  if (!handle) fail(`waiting for ${what}: no such element in the mirror; client: ${await clientSummary(page)}`);
  await page.waitForFunction(([el, want]) => {
    const seen = window.einblickA11y.reported(el);
    return Boolean(seen) && Object.keys(want).every((key) => seen[key] === want[key]);
  }, [handle, expected], { polling: 'raf', timeout: timeoutMs }).catch(async (error) => {
    const seen = await handle.evaluate((el) => ({ ...window.einblickA11y.reported(el), inPage: el.isConnected }))
      .catch(() => error.message.split('\n')[0]);
    fail(`timed out after ${timeoutMs} ms waiting for ${what} (${JSON.stringify(expected)}); last seen: ${JSON.stringify(seen)}`);
  });
}

// Waits until the screen has settled: `quiet` frames in a row changed nothing in the mirror
// and no live region is still being filled. Then the canvas shows the state the test waited
// for (screenshots) and the mirror is complete (axe-core).
export async function settle(page, what, { quiet = 2, timeoutMs = STEP_TIMEOUT_MS } = {}) {
  const settled = page.evaluate((frames) => new Promise((resolve) => {
    const a11y = window.einblickA11y;
    const client = window.Module;
    let operations = a11y.operations;
    let since = client.einblickFrames;
    const check = () => {
      if (a11y.operations !== operations || a11y.announcing > 0) {
        operations = a11y.operations;
        since = client.einblickFrames;
      }
      if (client.einblickFrames - since >= frames) resolve();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }), quiet);
  settled.catch(() => {}); // outlived by the timeout when the page closes
  await withTimeout(settled, timeoutMs, `the screen to settle (${what})`).catch(async (error) => {
    const seen = await page.evaluate(() => ({
      frame: window.Module.einblickFrames,
      operations: window.einblickA11y.operations,
      announcing: window.einblickA11y.announcing,
    })).catch(() => null);
    fail(`${error.message}; the mirror kept changing: ${JSON.stringify(seen)}`);
  });
}

// Loads the page and waits for the runtime, the first frame and the login screen.
export async function openLoginScreen(page, baseUrl) {
  log(`loading ${baseUrl}/`);
  const response = await page.goto(`${baseUrl}/`, { waitUntil: 'load', timeout: STEP_TIMEOUT_MS });
  if (!response || response.status() !== 200) fail(`GET / answered ${response && response.status()}`);
  await page.waitForFunction(() => window.Module && window.Module.calledRun === true, null, { timeout: STEP_TIMEOUT_MS })
    .catch(() => fail('the wasm runtime did not start (Module.calledRun never became true)'));
  await page.waitForFunction(() => window.Module.einblickFirstFrameRendered === true, null, { timeout: STEP_TIMEOUT_MS })
    .catch(() => fail('no frame was rendered'));
  await waitForState(page, 'the login screen', (s) => s.screen === 'login');
  await page.getByRole('textbox', { name: 'Benutzername' }).waitFor({ timeout: STEP_TIMEOUT_MS })
    .catch(() => fail('the DOM mirror has no textbox "Benutzername"'));
}

// Luma statistics of a PNG (pixels.mjs, decoded with pngjs). `page` is kept for the callers.
export async function pngStats(page, png) {
  return lumaStats(png);
}

// Fails unless the canvas shows a drawn frame: a blank or lost WebGL canvas is one colour.
export async function assertCanvasDrew(page, file, what) {
  const lost = await page.evaluate(() => window.Module.einblickContextLost);
  if (lost) fail(`WebGL context lost (${what})`);
  const png = await page.locator('#canvas').screenshot({ path: file });
  const stats = await pngStats(page, png);
  log(`canvas ${what}: ${stats.width}x${stats.height}, luma stddev ${stats.stddev.toFixed(1)}, ${stats.colours} colours`);
  if (stats.width < 100 || stats.height < 100) fail(`canvas too small (${what}): ${stats.width}x${stats.height}`);
  if (stats.colours < 8 || stats.stddev < 3) fail(`canvas looks blank (${what}): ${JSON.stringify(stats)}`);
  return stats;
}

// Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and fails on any violation.
export async function assertNoAxeViolations(page, what, artifacts) {
  const { AxeBuilder } = await import('@axe-core/playwright').catch(() =>
    fail('@axe-core/playwright is not installed: run `npm ci` in tests/browser'));
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  fs.writeFileSync(path.join(artifacts, `axe-${what.replace(/\W+/g, '-')}.json`),
    JSON.stringify(results.violations, null, 2));
  log(`axe ${what}: ${results.passes.length} rules passed, ${results.violations.length} violated`);
  if (results.violations.length > 0) {
    const summary = results.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help}`).join('; ');
    fail(`axe found violations on ${what}: ${summary}`);
  }
}

// [SECTION] Main: set up, run, always clean up
// A long flow may ask for a larger budget (`budgetMs`, with a matching CTest TIMEOUT);
// `demoDate` runs the demo as if that instant were now (see startServer).
export function runBrowserTest(name, scenario, contextOptions = {}, { budgetMs = TOTAL_BUDGET_MS, demoDate } = {}) {
  const watchdog = setTimeout(() => {
    process.stderr.write(`[e2e] FAILED: the whole test took longer than ${budgetMs} ms\n`);
    process.exit(1);
  }, budgetMs);
  watchdog.unref();
  main(name, scenario, contextOptions, { demoDate }).catch((error) => {
    process.stderr.write(`[e2e] FAILED: ${error instanceof TestFailure ? error.message : error.stack}\n`);
    process.exitCode = 1;
  });
}

async function runScenario(context, scenario, baseUrl, artifacts) {
  const page = context.pages()[0] || (await context.newPage());
  const consoleLines = [];
  await installTrace(page); // only with EINBLICK_TRACE=1
  page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.message}`));
  try {
    await scenario(page, baseUrl, artifacts);
    const errors = consoleLines.filter((line) => line.startsWith('[pageerror]'));
    if (errors.length > 0) fail(`the page threw: ${errors.join(' | ')}`);
  } catch (error) {
    await page.screenshot({ path: path.join(artifacts, 'failure.png') }).catch(() => {});
    const state = await testState(page).catch(() => null);
    fs.writeFileSync(path.join(artifacts, 'failure-state.json'), JSON.stringify(state, null, 2));
    throw error;
  } finally {
    fs.writeFileSync(path.join(artifacts, 'console.log'), consoleLines.join('\n') + '\n');
  }
}

async function main(name, scenario, contextOptions, serverOptions) {
  const options = parseOptions(name);
  fs.mkdirSync(options.artifacts, { recursive: true });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `einblick-${name}-`));
  let server;
  let context;
  let failure;
  try {
    server = await startDemoServer(options.server, options.webRoot, workDir, serverOptions);
    const baseUrl = await withTimeout(server.url, 15_000, 'the server to print "listening on"');
    log(`server at ${baseUrl}`);
    context = await launchChromium(path.join(workDir, 'chromium-profile'), contextOptions);
    await runScenario(context, scenario, baseUrl, options.artifacts);
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
