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

const STORE_KEY = 'einblick.log.checkpoint';
const MEANING = /„Geprüft“ heißt: Ihr Browser hat selbst nachgerechnet/;
const WARNING = /Das Protokoll wurde zurückgesetzt oder verändert/;

const { values: options } = parseArgs({
  options: { server: { type: 'string' }, 'web-root': { type: 'string' }, artifacts: { type: 'string' } },
  strict: false,
});

// Waits until every shown row has its result; answers the client's state.
async function checkedHistory(page, what) {
  return waitForState(page, what, (s) => s.page === 'Accesses' && !s.loading && s.rows > 0 &&
    s.log.pending === 0 && s.log.status !== 'checking' && s.log.verified + s.log.not_confirmed === s.rows);
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
  await openPage(page, 'Zugriffe', 'Accesses');
  const state = await checkedHistory(page, 'every row of the first page checked');
  log(`log: ${JSON.stringify(state.log)}`);
  if (state.log.status !== 'verified') fail(`the real log is ${state.log.status}`);
  if (state.log.not_confirmed !== 0) fail(`${state.log.not_confirmed} entries not confirmed on the real server`);
  if (state.log.last_count !== 50) fail(`the first check covered ${state.log.last_count} entries, not 50`);
  const words = await rowWords(page);
  const unverified = words.filter((text) => !text.endsWith('geprüft') || text.endsWith('nicht geprüft'));
  if (unverified.length > 0) fail(`rows without "geprüft" in the mirror: ${unverified.slice(0, 3).join(' | ')}`);
  const line = await textOf(await expectVisible(page.getByRole('status').filter({ hasText: MEANING }),
    'the page line saying what "geprüft" means'));
  if (!line.startsWith(`${state.rows} von ${state.rows} Einträgen geprüft.`)) fail(`the page line says: ${line}`);
  const stored = await page.evaluate((key) => window.localStorage.getItem(key), STORE_KEY);
  if (!stored || JSON.parse(stored).size !== state.log.tree_size) fail(`remembered checkpoint: ${stored}`);
  await recordScreen(page, artifacts, '01-verified.png', { axe: 'the verified history' });

  // The figure for BENCHMARKS.md: the 50 entries' check (signature, key id, 50 leaves, the
  // proofs' levels, facts) in Web Crypto, without the network, over three fresh visits.
  const timings = [state.log.last_ms];
  for (let i = 0; i < 2; ++i) {
    await page.reload();
    const again = await checkedHistory(page, `the check after reload ${i + 1}`);
    if (again.log.status !== 'verified' || again.log.last_count !== 50) fail(`reload ${i + 1}: ${JSON.stringify(again.log)}`);
    timings.push(again.log.last_ms);
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

runBrowserTest('log_verification', async (page, baseUrl, artifacts) => {
  const state = await realServer(page, baseUrl, artifacts);
  await forkAndRollback(page, artifacts);
  await tamperedServer(page, artifacts, state.first_row.id);
}, { viewport: { width: 1366, height: 900 } }, { budgetMs: 150_000 });
