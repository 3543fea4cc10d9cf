#!/usr/bin/env node
// The citizen's browser checks her history against the signed log itself (issue 11, item 4):
// Web Crypto verifies the checkpoint's Ed25519 signature and every shown entry's inclusion
// proof, and localStorage keeps the checkpoint for the next visit.
//  (a) the real demo server: every entry of the first page "geprüft", the page says what that
//      means, the checkpoint is remembered, and the 50 entries' check is timed (BENCHMARKS.md);
//  (b) a server whose database was changed with raw SQL (one of Erika's entries got another
//      time): that entry "nicht bestätigt", the others still "geprüft";
//  (c) the remembered checkpoint from another history of the same size (a fork), then from a
//      larger log (a rollback): the warning "Das Protokoll wurde zurückgesetzt oder verändert".
//  (d) witnesses (item 5): the demo server without its witness (a) says no independent witness
//      confirmed the log; with the demo witness, once it cosigned, "Von 1 unabhängigen
//      Prüfstelle bestätigt" at desktop and phone width; the same server restarted with the
//      witness's key still listed but its stored cosignature changed with SQL: not counted.
//
// Usage: node log_verification.e2e.mjs --server PATH/TO/einblick --web-root DIR [--artifacts DIR]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  fail, log, openLoginScreen, runBrowserTest, startDemoServer, startServer, stopServer, waitForState,
  withTimeout,
} from './harness.mjs';
import { expectVisible, logIn, openPage, recordScreen, textOf } from './steps.mjs';
import { VIEWPORTS, setViewport } from './viewports.mjs';

const STORE_KEY = 'einblick.log.checkpoint';
const MEANING = /„Geprüft“ heißt: Ihr Browser hat selbst nachgerechnet/;
const WARNING = /Das Protokoll wurde zurückgesetzt oder verändert/;
const NO_WITNESS = 'Noch von keiner unabhängigen Prüfstelle bestätigt.';
const ONE_WITNESS = 'Von 1 unabhängigen Prüfstelle bestätigt.';

const { values: options } = parseArgs({
  options: { server: { type: 'string' }, 'web-root': { type: 'string' }, artifacts: { type: 'string' } },
  strict: false,
});

// Waits until every shown row has its result; answers the client's state.
async function checkedHistory(page, what) {
  return waitForState(page, what, (s) => s.page === 'Accesses' && !s.loading && s.rows > 0 &&
    s.log.pending === 0 && s.log.status !== 'checking' && s.log.verified + s.log.not_confirmed === s.rows);
}

// The overview checks its latest accesses on arrival; waits for that check and for each row's word.
async function checkedOverview(page, what) {
  const state = await waitForState(page, what, (s) => s.page === 'Overview' && s.log.pending === 0 &&
    s.log.status !== 'checking');
  const table = page.getByRole('table', { name: 'Letzte Zugriffe' });
  // The mirror follows the state at the next frame.
  for (let attempt = 0; ; attempt += 1) {
    const cells = await table.getByRole('row').evaluateAll((rows) =>
      rows.slice(1).map((row) => (row.querySelector('[role=cell]') || row).textContent.trim()));
    const words = cells.map((text) => text.replace(/\s*nachträglich gemeldet$/, ''));
    if (attempt >= 50 || (words.length > 0 && !words.some((text) => text.endsWith('wird geprüft')))) {
      return { state, words };
    }
    await page.waitForTimeout(100);
  }
}

async function rowWords(page) {
  const table = page.getByRole('table', { name: 'Zugriffe auf Ihre Daten' });
  const cells = await table.getByRole('row').evaluateAll((rows) =>
    rows.slice(1).map((row) => (row.querySelector('[role=cell]') || row).textContent.trim()));
  // A late report's cell ends in its mark, after the check's word (citizen_history.e2e.mjs).
  return cells.map((text) => text.replace(/\s*nachträglich gemeldet$/, ''));
}

async function realServer(page, baseUrl, artifacts) {
  await openLoginScreen(page, baseUrl);
  await logIn(page, 'erika', { role: 'citizen' });
  // The overview's latest accesses are checked first, each marked "geprüft".
  const overview = await checkedOverview(page, 'the overview\'s latest accesses checked');
  if (overview.state.log.status !== 'verified') fail(`the overview's check: ${overview.state.log.status}`);
  const final = (text) => text.endsWith('geprüft') && !text.endsWith('wird geprüft');
  if (overview.words.length !== 5 || !overview.words.every(final)) {
    fail(`the overview's latest accesses: ${JSON.stringify(overview.words)}`);
  }
  await openPage(page, 'Zugriffe', 'Accesses');
  const state = await checkedHistory(page, 'every row of the first page checked');
  log(`log: ${JSON.stringify(state.log)}`);
  if (state.log.status !== 'verified') fail(`the real log is ${state.log.status}`);
  if (state.log.not_confirmed !== 0) fail(`${state.log.not_confirmed} entries not confirmed on the real server`);
  if (state.log.widest_count !== 50) fail(`the widest check covered ${state.log.widest_count} entries, not 50`);
  const words = await rowWords(page);
  const unverified = words.filter((text) => !text.endsWith('geprüft') || text.endsWith('nicht geprüft'));
  if (unverified.length > 0) fail(`rows without "geprüft" in the mirror: ${unverified.slice(0, 3).join(' | ')}`);
  const line = await textOf(await expectVisible(page.getByRole('status').filter({ hasText: MEANING }),
    'the page line saying what "geprüft" means'));
  if (!line.startsWith(`${state.rows} von ${state.rows} Einträgen geprüft.`)) fail(`the page line says: ${line}`);
  // The harness's server runs without the demo witness: it lists no witness.
  if (state.log.witnesses !== 0 || !line.includes(NO_WITNESS)) fail(`without a witness: ${state.log.witnesses}, "${line}"`);
  const stored = await page.evaluate((key) => window.localStorage.getItem(key), STORE_KEY);
  if (!stored || JSON.parse(stored).size !== state.log.tree_size) fail(`remembered checkpoint: ${stored}`);
  await recordScreen(page, artifacts, '01-verified.png', { axe: 'the verified history' });

  // The figure for BENCHMARKS.md: the 50 entries' check (signature, key id, 50 leaves, the
  // proofs' levels, facts) in Web Crypto, without the network, over three fresh visits.
  const timings = [state.log.widest_ms];
  for (let i = 0; i < 2; ++i) {
    await page.reload();
    const again = await checkedHistory(page, `the check after reload ${i + 1}`);
    if (again.log.status !== 'verified' || again.log.widest_count !== 50) fail(`reload ${i + 1}: ${JSON.stringify(again.log)}`);
    timings.push(again.log.widest_ms);
  }
  const figure = `browser verification of 50 entries: ${timings.map((t) => t.toFixed(1)).join(' ms, ')} ms ` +
    `(tree size ${state.log.tree_size})`;
  log(figure);
  fs.writeFileSync(path.join(artifacts, 'timing.txt'), `${figure}\n`);
  return state;
}

// (c) The checkpoint this browser remembered changed under it: another root at the same size,
// then a size larger than the log now has. Both mean the log was rolled back or forked.
async function forkAndRollback(page, artifacts) {
  const stored = JSON.parse(await page.evaluate((key) => window.localStorage.getItem(key), STORE_KEY));
  const root = Buffer.from(stored.root, 'base64');
  root[0] ^= 0xff;
  const cases = [
    ['fork', { ...stored, root: root.toString('base64') }, 'forked'],
    ['rollback', { ...stored, size: stored.size + 1000 }, 'rolled_back'],
  ];
  for (const [name, remembered, status] of cases) {
    log(`remembered checkpoint of a ${name}: size ${remembered.size}`);
    await page.evaluate(([key, value]) => window.localStorage.setItem(key, value), [STORE_KEY, JSON.stringify(remembered)]);
    await page.reload();
    const state = await checkedHistory(page, `the check against the ${name}`);
    if (state.log.status !== status) fail(`a ${name} gave ${state.log.status}`);
    if (state.log.verified !== 0) fail(`a ${name} left ${state.log.verified} entries "geprüft"`);
    const warning = await textOf(await expectVisible(page.getByRole('status').filter({ hasText: WARNING }),
      `the warning after a ${name}`));
    log(`warning: ${warning}`);
    if (!warning.includes(`${remembered.size} Einträge, jetzt ${state.log.tree_size}`)) fail(`the warning does not name the sizes: ${warning}`);
    const words = await rowWords(page);
    if (!words.every((text) => text.endsWith('nicht bestätigt'))) fail(`rows after a ${name}: ${words.slice(0, 3).join(' | ')}`);
    const kept = JSON.parse(await page.evaluate((key) => window.localStorage.getItem(key), STORE_KEY));
    if (kept.size !== remembered.size || kept.root !== remembered.root) fail(`the ${name} replaced the remembered checkpoint`);
    await recordScreen(page, artifacts, `02-${name}.png`, { axe: `the warning after a ${name}` });
  }
}

// (b) The same demo, with one of Erika's entries changed in the database file while the server
// was stopped, as an attacker with write access would.
async function tamperedServer(page, artifacts, entryId) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'einblick-log-tampered-'));
  let server;
  try {
    const seeding = await startDemoServer(options.server, options['web-root'], workDir);
    await withTimeout(seeding.url, 15_000, 'the second server to listen');
    await stopServer(seeding);
    const db = path.join(workDir, 'einblick-e2e.db');
    const sql = `UPDATE access_log SET occurred_at = occurred_at - 3600000 WHERE id = ${Number(entryId)};`;
    const run = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
    if (run.status !== 0) fail(`sqlite3 failed: ${run.stderr}`);
    log(`tampered: ${sql}`);
    server = startServer(options.server, options['web-root'], workDir);
    const url = await withTimeout(server.url, 15_000, 'the tampered server to listen');
    await openLoginScreen(page, url);
    await logIn(page, 'erika', { role: 'citizen' });
    await openPage(page, 'Zugriffe', 'Accesses');
    const state = await checkedHistory(page, 'the tampered history checked');
    log(`log: ${JSON.stringify(state.log)}`);
    if (state.log.status !== 'verified') fail(`the tampered server's checkpoint is ${state.log.status}`);
    if (JSON.stringify(state.log.not_confirmed_ids) !== JSON.stringify([String(entryId)])) {
      fail(`not confirmed: ${JSON.stringify(state.log.not_confirmed_ids)}, expected only ${entryId}`);
    }
    if (state.log.verified !== state.rows - 1) fail(`${state.log.verified} of ${state.rows} verified`);
    const words = await rowWords(page);
    const flagged = words.filter((text) => text.endsWith('nicht bestätigt'));
    if (flagged.length !== 1) fail(`${flagged.length} rows "nicht bestätigt" in the mirror`);
    await recordScreen(page, artifacts, '03-tampered.png', { axe: 'the history of a tampered server' });
  } finally {
    if (server) await stopServer(server);
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

// Resolves once the server's output (its demo witness's lines are on the same stdout) says that
// a checkpoint was cosigned.
function cosigned(server) {
  return new Promise((resolve) => {
    const seen = () => server.output.join('').includes('einblick witness: cosigned: ');
    if (seen()) return resolve();
    const listener = () => {
      if (!seen()) return;
      server.child.stdout.off('data', listener);
      resolve();
    };
    server.child.stdout.on('data', listener);
  });
}

// The history's page line once checked, with the witnesses the client counted.
async function witnessLine(page, what, expected, count) {
  const state = await checkedHistory(page, what);
  log(`${what}: ${JSON.stringify(state.log)}`);
  if (state.log.status !== 'verified') fail(`${what}: the log is ${state.log.status}`);
  if (state.log.witnesses !== count) fail(`${what}: ${state.log.witnesses} witnesses counted, expected ${count}`);
  const line = await textOf(await expectVisible(page.getByRole('status').filter({ hasText: MEANING }),
    `the page line (${what})`));
  if (!line.includes(expected)) fail(`${what}: the page line says: ${line}`);
  return state;
}

// (d) The demo witness cosigns; then its stored cosignature is changed and no longer counts.
async function witnessedServer(page, artifacts) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'einblick-log-witnessed-'));
  let server;
  try {
    server = await startDemoServer(options.server, options['web-root'], workDir, { witness: true });
    const url = await withTimeout(server.url, 15_000, 'the witnessed server to listen');
    await withTimeout(cosigned(server), 30_000, 'the demo witness to cosign a checkpoint');
    const key = await (await fetch(`${url}/api/v1/log/public-key`)).json();
    if (key.witness_keys.length !== 1) fail(`witness_keys: ${JSON.stringify(key.witness_keys)}`);
    const witnessKey = key.witness_keys[0];
    log(`demo witness: ${witnessKey}`);
    await openLoginScreen(page, url);
    await logIn(page, 'erika', { role: 'citizen' });
    await openPage(page, 'Zugriffe', 'Accesses');
    for (const [name, viewport] of [['desktop', VIEWPORTS.desktop], ['phone', VIEWPORTS.phone]]) {
      await setViewport(page, viewport);
      await page.reload();
      const state = await witnessLine(page, `witnessed, ${name}`, ONE_WITNESS, 1);
      if (state.log.witnessed_size < 1 || state.log.witnessed_size > state.log.tree_size) {
        fail(`witnessed size ${state.log.witnessed_size} of a tree of ${state.log.tree_size}`);
      }
      await recordScreen(page, artifacts, `04-witnessed-${name}.png`, { axe: `the witnessed history (${name})` });
    }
    await stopServer(server);
    server = undefined;

    // The witness's stored line, changed inside its signature: the server still serves it after
    // the log's own line (it checked the line when it took it), the browser must not count it.
    const db = path.join(workDir, 'einblick-e2e.db');
    const sql = "UPDATE log_cosignatures SET signature_line = substr(signature_line, 1, length(signature_line) - 7) || " +
      "CASE substr(signature_line, length(signature_line) - 6, 1) WHEN 'A' THEN 'B' ELSE 'A' END || " +
      'substr(signature_line, length(signature_line) - 5);';
    const run = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
    if (run.status !== 0) fail(`sqlite3 failed: ${run.stderr}`);
    server = startServer(options.server, options['web-root'], workDir, { extraArgs: ['--witness-key', witnessKey] });
    const again = await withTimeout(server.url, 15_000, 'the server with a changed cosignature to listen');
    const note = await (await fetch(`${again}/api/v1/log/cosigned-checkpoint`)).text();
    if (!note.includes(`\u2014 ${witnessKey.split('+')[0]} `)) fail(`the changed cosignature is not served:\n${note}`);
    // The same database: the session cookie (per host, not port) would still be valid.
    await page.context().clearCookies();
    await setViewport(page, VIEWPORTS.desktop); // the navigation as openPage finds it
    await openLoginScreen(page, again);
    await logIn(page, 'erika', { role: 'citizen' });
    await openPage(page, 'Zugriffe', 'Accesses');
    for (const [name, viewport] of [['phone', VIEWPORTS.phone], ['desktop', VIEWPORTS.desktop]]) {
      await setViewport(page, viewport);
      await page.reload();
      await witnessLine(page, `a changed cosignature, ${name}`, NO_WITNESS, 0);
    }
    await recordScreen(page, artifacts, '05-bad-cosignature.png', { axe: 'the history with a changed cosignature' });
  } finally {
    if (server) await stopServer(server);
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

runBrowserTest('log_verification', async (page, baseUrl, artifacts) => {
  const state = await realServer(page, baseUrl, artifacts);
  await forkAndRollback(page, artifacts);
  await tamperedServer(page, artifacts, state.first_row.id);
  await witnessedServer(page, artifacts);
}, { viewport: { width: 1366, height: 900 } }, { budgetMs: 240_000 });
