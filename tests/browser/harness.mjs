// Shared setup of the browser tests: the real server on a free port with a fresh demo
// database, Debian's headless Chromium through playwright-core, and checks every test uses.
// Each *.e2e.mjs calls runBrowserTest(name, scenario, contextOptions). With --pg-url-file FILE
// (the URL file of the CTest fixture pg_cluster) the server runs the demo on PostgreSQL, in a
// database of its own, instead of on a SQLite file.
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
      'pg-url-file': { type: 'string' },
    },
  });
  if (!values.server || !values['web-root']) {
    fail(`usage: ${name}.e2e.mjs --server PATH --web-root DIR [--artifacts DIR] [--pg-url-file FILE]`);
  }
  for (const file of WEB_FILES) {
    if (!fs.existsSync(path.join(values['web-root'], file))) {
      fail(`web root ${values['web-root']} has no ${file}: build the client first`);
    }
  }
  if (!fs.existsSync(values.server)) fail(`server executable not found: ${values.server}`);
  if (!fs.existsSync(CHROMIUM)) fail(`Chromium not found at ${CHROMIUM}`);
  return {
    server: values.server, webRoot: values['web-root'], artifacts: values.artifacts,
    postgresql: values['pg-url-file'] ? postgresqlCluster(values['pg-url-file']) : undefined,
  };
}

// [SECTION] PostgreSQL
// The cluster of the CTest fixture pg_cluster (tests/support/pg_cluster.py) writes its URL,
// password included, to a file. The password goes to libpq (the server's and psql's) as
// PGPASSWORD in their environment, never on a command line that `ps` shows.
function postgresqlCluster(urlFile) {
  if (!fs.existsSync(urlFile)) fail(`no PostgreSQL URL file ${urlFile}: is the pg_cluster fixture running?`);
  const written = fs.readFileSync(urlFile, 'utf8').trim();
  const match = /^(postgresql:\/\/[^:/@]+):([^@]*)@([^/]*)\/([^?]*)$/.exec(written);
  if (!match) fail(`${urlFile} holds no postgresql://user:password@host/database URL`);
  return { server: `${match[1]}@${match[3]}`, database: match[4], password: decodeURIComponent(match[2]) };
}

function databaseUrl(cluster, database) {
  return `${cluster.server}/${database}`;
}

// Every run on PostgreSQL uses these keys (the environment takes precedence over the key files
// in --demo-dir): a test's database is a copy of a template seeded by another server, whose
// pseudonyms and signed checkpoints the copy holds.
const FIXED_CHECKPOINT_KEY = '5eed0c4e'.repeat(8);

function postgresqlEnvironment(cluster) {
  return {
    ...process.env, PGPASSWORD: cluster.password,
    EINBLICK_PSEUDONYM_KEY: FIXED_DEMO_KEY, EINBLICK_CHECKPOINT_KEY: FIXED_CHECKPOINT_KEY,
  };
}

// Runs one SQL statement with psql in the cluster's database; returns what it printed.
async function psql(cluster, sql) {
  const child = spawn('psql', ['--no-psqlrc', '--quiet', '--tuples-only', '--no-align', '--set',
    'ON_ERROR_STOP=1', '--dbname', databaseUrl(cluster, cluster.database), '--command', sql],
  { stdio: ['ignore', 'pipe', 'pipe'], env: postgresqlEnvironment(cluster) });
  const output = [];
  const errors = [];
  child.stdout.on('data', (chunk) => output.push(String(chunk)));
  child.stderr.on('data', (chunk) => errors.push(String(chunk)));
  const code = await withTimeout(new Promise((resolve, reject) => {
    child.on('error', (error) => reject(new TestFailure(`could not run psql: ${error.message}`)));
    child.on('exit', resolve);
  }), 60_000, `psql: ${sql}`);
  if (code !== 0) fail(`psql failed (${code}) on "${sql}": ${errors.join('').trim()}`);
  return output.join('').trim();
}

// Seeding the demo on PostgreSQL takes far longer than on SQLite (every access event is a
// durable commit), so the first test of a run that needs it seeds a template database (per
// server build and day, as copyDemoTemplate does; the cluster itself lives for one CTest run)
// and every test gets a database of its own created from it (CREATE DATABASE … TEMPLATE).
async function copyPostgresqlTemplate(executable, webRoot, workDir, server) {
  const { postgresql: cluster } = server;
  const stat = fs.statSync(executable);
  const day = server.demoDate ? server.demoDate.replace(/\W/g, '').toLowerCase()
    : new Date().toISOString().slice(0, 10).replace(/\W/g, '');
  const template = `e2e_demo_${stat.size}_${Math.round(stat.mtimeMs)}_${day}`;
  const exists = async (name) => (await psql(cluster, `SELECT 1 FROM pg_database WHERE datname = '${name}'`)) === '1';
  if (!(await exists(template))) {
    const staging = `e2e_seeding_${process.pid}_${Date.now().toString(36)}`;
    await psql(cluster, `CREATE DATABASE ${staging}`);
    const seedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'einblick-e2e-seeding-'));
    try {
      const started = Date.now();
      const seeding = startServer(executable, webRoot, seedDir,
        { ...server, witness: false, postgresql: { ...cluster, database: staging } });
      await withTimeout(seeding.url, 240_000, 'the server to seed the demo template on PostgreSQL');
      await stopServer(seeding);
      log(`seeded the template ${template} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      fs.rmSync(seedDir, { recursive: true, force: true });
    }
    if (await exists(template)) {
      await psql(cluster, `DROP DATABASE ${staging}`); // another run was faster: use its template
    } else {
      await psql(cluster, `ALTER DATABASE ${staging} RENAME TO ${template}`);
    }
  }
  const database = `e2e_${process.pid}_${Date.now().toString(36)}_${path.basename(workDir)}`
    .toLowerCase().replace(/\W/g, '_').slice(0, 63);
  await psql(cluster, `CREATE DATABASE ${database} TEMPLATE ${template}`);
  log(`backend: PostgreSQL, database ${database} (a copy of ${template}) at ${cluster.server}`);
  return { ...cluster, database };
}

async function dropDatabase(cluster) {
  await psql({ ...cluster, database: 'postgres' }, `DROP DATABASE ${cluster.database} WITH (FORCE)`);
}

// [SECTION] The server under test
// A fixed pseudonym key for a demo on a fixed date: what is derived from pseudonyms (the
// agency log's citizen references) is then the same in every run, too.
const FIXED_DEMO_KEY = 'e1b1c0de'.repeat(8);

// `demoDate`: the demo runs as if that instant were now (serve --demo-date). `witness`: run the
// demo witness, which cosigns the log's checkpoints every 2 s; off by default, so that what a
// test sees does not depend on when the witness's round came (--no-demo-witness).
// `extraArgs`: more options for `serve`. `postgresql` (a cluster and a `database` in it): the
// demo runs there (--demo-dir workDir/demo) instead of in workDir's SQLite file.
export function startServer(executable, webRoot, workDir,
  { demoDate, witness = false, extraArgs = [], postgresql } = {}) {
  const db = postgresql ? databaseUrl(postgresql, postgresql.database) : path.join(workDir, 'einblick-e2e.db');
  const args = ['serve', '--demo', '--db', db, '--port', '0', '--bind', '127.0.0.1', '--web-root', webRoot];
  if (postgresql) args.push('--demo-dir', path.join(workDir, 'demo'));
  if (demoDate) args.push('--demo-date', demoDate);
  if (!witness) args.push('--no-demo-witness');
  args.push(...extraArgs);
  let env = postgresql ? postgresqlEnvironment(postgresql) : process.env;
  if (demoDate) env = { ...env, EINBLICK_PSEUDONYM_KEY: FIXED_DEMO_KEY };
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
    // The server says why it stopped on stderr; a seeding server has no artifacts to look in.
    exited.then(({ code, signal }) => reject(new TestFailure(
      `server exited before listening (code ${code}, signal ${signal}): ${lastLines(output.join(''), 8)}`)));
  });
  return { child, url, exited, output };
}

function lastLines(text, count) {
  const trimmed = text.trim();
  return trimmed ? trimmed.split('\n').slice(-count).join('\n') : '(no output)';
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

// startServer on a copy of the seeded demo database (see copyDemoTemplate), or with
// `server.postgresql` (a cluster) on a database of its own there (copyPostgresqlTemplate),
// named in the result's `postgresql` for dropDatabase once the server has stopped.
export async function startDemoServer(executable, webRoot, workDir, server = {}) {
  if (server.postgresql) {
    const postgresql = await copyPostgresqlTemplate(executable, webRoot, workDir, server);
    return { ...startServer(executable, webRoot, workDir, { ...server, postgresql }), postgresql };
  }
  log('backend: SQLite');
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
  let timer;
  const watchdog = {
    arm() {
      clearTimeout(timer);
      timer = setTimeout(() => {
        process.stderr.write(`[e2e] FAILED: the whole test took longer than ${budgetMs} ms\n`);
        process.exit(1);
      }, budgetMs);
      timer.unref();
    },
    disarm() {
      clearTimeout(timer);
    },
  };
  watchdog.arm();
  main(name, scenario, contextOptions, { demoDate }, watchdog).catch((error) => {
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

// PostgreSQL's own word that the server under test runs on it: its connections to the test's
// database.
async function assertServedFromPostgresql(server) {
  const { postgresql } = server;
  const connections = await psql(postgresql, 'SELECT count(*) FROM pg_stat_activity WHERE datname = '
    + `'${postgresql.database}' AND pid <> pg_backend_pid()`);
  if (!(Number(connections) > 0)) fail(`the server holds no connection to ${postgresql.database} on PostgreSQL`);
  log(`PostgreSQL: the server holds ${connections} connection(s) to ${postgresql.database}`);
}

// On PostgreSQL the budget (`watchdog`) starts once the server listens: the first test of a
// run seeds a template first (copyPostgresqlTemplate), under a timeout of its own.
async function main(name, scenario, contextOptions, serverOptions, watchdog) {
  const options = parseOptions(name);
  if (options.postgresql) watchdog.disarm();
  fs.mkdirSync(options.artifacts, { recursive: true });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `einblick-${name}-`));
  let server;
  let context;
  let failure;
  try {
    server = await startDemoServer(options.server, options.webRoot, workDir,
      { ...serverOptions, postgresql: options.postgresql });
    const baseUrl = await withTimeout(server.url, 15_000, 'the server to print "listening on"');
    log(`server at ${baseUrl}`);
    if (server.postgresql) {
      await assertServedFromPostgresql(server);
      watchdog.arm();
    }
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
    if (server && server.postgresql) {
      await dropDatabase(server.postgresql).catch((error) => {
        failure = failure || error;
      });
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
