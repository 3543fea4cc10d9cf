#!/usr/bin/env node
// Download size and start-up time of the browser client, for BENCHMARKS.md (issue 4, item 8).
// Not a test: figures vary from machine to machine; the budgets are printed next to them.
//
// - Size: every file the page loads (index.html, boot.js, a11y_mirror.js, einblick.css,
//   einblick.js, .wasm, .data), raw, gzip -9 and brotli (quality 11; Node's zlib has both).
//   Budget: 1 MB compressed in total.
// - Time: from navigation start to the client's first drawn frame (Module.einblickFirstFrameTime,
//   performance.now() when the first frame was rendered), in headless Chromium against the real
//   server on loopback: once in a just-started browser with a fresh profile, once more in the
//   running browser with its HTTP cache emptied. Median of --runs.
//   Budget: 1 s.
// - Idle CPU: the CPU time of all of Chromium's processes (browser, renderer, GPU) while the
//   login screen sits untouched for 10 s, from /proc (Linux), as a share of one core. An idle
//   page should cost next to nothing (client/platform/frame_pacer.hpp).
//
// Usage: node measure.mjs --server PATH/TO/einblick --web-root DIR [--runs 5]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { WEB_FILES, launchChromium, startServer, stopServer, withTimeout } from './harness.mjs';

const SIZE_BUDGET = 1_000_000;
const FIRST_FRAME_BUDGET_MS = 1_000;

function kb(bytes) {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

function measureSizes(webRoot) {
  const rows = WEB_FILES.map((file) => {
    const data = fs.readFileSync(path.join(webRoot, file));
    return {
      file,
      raw: data.length,
      gzip: zlib.gzipSync(data, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(data, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length },
      }).length,
    };
  });
  const total = rows.reduce((sum, r) => ({ raw: sum.raw + r.raw, gzip: sum.gzip + r.gzip, brotli: sum.brotli + r.brotli }),
    { raw: 0, gzip: 0, brotli: 0 });
  console.log('| file | raw | gzip -9 | brotli 11 |');
  console.log('|---|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.file} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`);
  console.log(`| **total** | ${kb(total.raw)} | ${kb(total.gzip)} | ${kb(total.brotli)} |`);
  console.log(`\nBudget ${kb(SIZE_BUDGET)} compressed: gzip ${total.gzip <= SIZE_BUDGET ? 'within' : 'OVER'}, brotli ${total.brotli <= SIZE_BUDGET ? 'within' : 'OVER'}.\n`);
}

async function oneRun(baseUrl, profileDir) {
  const context = await launchChromium(profileDir, { viewport: { width: 1280, height: 800 } });
  try {
    const page = context.pages()[0] || (await context.newPage());
    await page.goto(`${baseUrl}/`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.Module && window.Module.einblickFirstFrameTime, null, { timeout: 20_000 });
    const firstFrame = await page.evaluate(() => window.Module.einblickFirstFrameTime);
    await page.getByRole('textbox', { name: 'Benutzername' }).waitFor({ timeout: 20_000 });
    const loginReady = await page.evaluate(() => performance.now());
    // Again in the running browser with its HTTP cache emptied: what a visitor whose browser
    // is already open waits for, without Chromium's own start-up on these 2 cores.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    await page.goto('about:blank');
    await page.goto(`${baseUrl}/`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.Module && window.Module.einblickFirstFrameTime, null, { timeout: 20_000 });
    const warmBrowser = await page.evaluate(() => window.Module.einblickFirstFrameTime);
    return { firstFrame, loginReady, warmBrowser };
  } finally {
    await context.close();
  }
}

// [SECTION] Idle CPU

const CLOCK_TICKS_PER_S = 100; // USER_HZ on Linux

// pid → { ppid, ticks } for every process, from /proc/<pid>/stat.
function processTable() {
  const table = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After the name: state(0) ppid(1) … utime(11) stime(12)
      table.set(Number(name), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended while the table was read
    }
  }
  return table;
}

// CPU seconds used so far by the Chromium whose command line names `profileDir`, and by all
// its descendants.
function chromiumCpuSeconds(profileDir) {
  const table = processTable();
  const roots = [...table.keys()].filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(profileDir);
    } catch {
      return false;
    }
  });
  const members = new Set(roots);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, { ppid }] of table) {
      if (!members.has(pid) && members.has(ppid)) {
        members.add(pid);
        grew = true;
      }
    }
  }
  let ticks = 0;
  for (const pid of members) ticks += table.get(pid).ticks;
  return ticks / CLOCK_TICKS_PER_S;
}

// The login screen as it opens, the text cursor blinking in "Benutzername"; with
// `reducedMotion` the cursor does not blink.
async function measureIdleCpu(baseUrl, profileDir, seconds, reducedMotion) {
  const context = await launchChromium(profileDir, { viewport: { width: 1280, height: 800 } });
  try {
    const page = context.pages()[0] || (await context.newPage());
    if (reducedMotion) await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
    await page.getByRole('textbox', { name: 'Benutzername' }).waitFor({ timeout: 20_000 });
    await new Promise((resolve) => { setTimeout(resolve, 2_000); }); // start-up work done
    const before = chromiumCpuSeconds(profileDir);
    const start = performance.now();
    await new Promise((resolve) => { setTimeout(resolve, seconds * 1_000); });
    const elapsed = (performance.now() - start) / 1_000;
    return (chromiumCpuSeconds(profileDir) - before) / elapsed;
  } finally {
    await context.close();
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function measureFirstFrame(server, webRoot, runs) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'einblick-measure-'));
  const instance = startServer(server, webRoot, workDir);
  try {
    const baseUrl = await withTimeout(instance.url, 15_000, 'the server to listen');
    const results = [];
    for (let i = 0; i < runs; ++i) {
      results.push(await oneRun(baseUrl, path.join(workDir, `profile-${i}`)));
    }
    const frames = results.map((r) => r.firstFrame);
    const logins = results.map((r) => r.loginReady);
    const warm = results.map((r) => r.warmBrowser);
    console.log(`First frame after navigation start, ${runs} cold runs (headless Chromium, SwiftShader, ${os.cpus().length} cores):`);
    console.log(`- fresh browser (Chromium starting with the page): median ${median(frames).toFixed(0)} ms (min ${Math.min(...frames).toFixed(0)}, max ${Math.max(...frames).toFixed(0)}): ${median(frames) <= FIRST_FRAME_BUDGET_MS ? 'within' : 'OVER'} the ${FIRST_FRAME_BUDGET_MS} ms budget`);
    console.log(`- running browser, empty HTTP cache: median ${median(warm).toFixed(0)} ms (min ${Math.min(...warm).toFixed(0)}, max ${Math.max(...warm).toFixed(0)}): ${median(warm) <= FIRST_FRAME_BUDGET_MS ? 'within' : 'OVER'} the budget`);
    console.log(`- login form in the DOM mirror (seen by the test, includes polling): median ${median(logins).toFixed(0)} ms`);
    console.log('\nChromium\'s CPU while the login screen sits untouched for 10 s (all its processes):');
    for (const reducedMotion of [false, true]) {
      const idle = [];
      for (let i = 0; i < Math.min(runs, 3); ++i) {
        idle.push(await measureIdleCpu(baseUrl, path.join(workDir, `idle-${reducedMotion}-${i}`), 10, reducedMotion));
      }
      const what = reducedMotion ? 'reduced motion, the cursor still' : 'the text cursor blinking';
      console.log(`- ${what}: median ${median(idle).toFixed(3)} cores (${idle.map((v) => v.toFixed(3)).join(', ')})`);
    }
  } finally {
    await stopServer(instance);
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

const { values } = parseArgs({
  options: { server: { type: 'string' }, 'web-root': { type: 'string' }, runs: { type: 'string', default: '5' } },
});
if (!values.server || !values['web-root']) {
  console.error('usage: node measure.mjs --server PATH/TO/einblick --web-root DIR [--runs 5]');
  process.exit(2);
}
measureSizes(values['web-root']);
await measureFirstFrame(values.server, values['web-root'], Number(values.runs));
