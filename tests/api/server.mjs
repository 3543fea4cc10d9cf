// The real server as a child process, and a minimal HTTP client with full control over headers.

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const STARTUP_TIMEOUT_MS = 180_000; // demo seeding: seconds optimised, a minute or more under ASan
const REQUEST_TIMEOUT_MS = 10_000;

// The server

// `extra`: more options for `einblick serve`. The demo witness is off: the conformance run
// plays its own witness and expects no cosigned checkpoint before it. `postgresql` ({ url,
// password }): the demo in that database (its keys in `dir`/demo), the password in the
// server's environment, never on its command line; else in a SQLite file in `dir`.
export function startServer(binary, dir, extra = [], postgresql = undefined) {
    const web = path.join(dir, 'web');
    mkdirSync(web);
    const db = postgresql
        ? [postgresql.url, '--demo-dir', path.join(dir, 'demo')]
        : [path.join(dir, 'einblick.db')];
    const env = postgresql ? { ...process.env, PGPASSWORD: postgresql.password } : process.env;
    const child = spawn(binary, ['serve', '--demo', '--db', ...db, '--port', '0',
        '--no-request-log', '--no-demo-witness', '--web-root', web, ...extra], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const listening = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "listening on" line within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output}`)),
            STARTUP_TIMEOUT_MS);
        const onData = (chunk) => {
            output += chunk.toString();
            const match = output.match(/listening on (http:\/\/[0-9.]+:[0-9]+)/);
            if (match) {
                clearTimeout(timer);
                resolve(match[1]);
            }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', (chunk) => { output += chunk.toString(); });
        child.on('error', (error) => { clearTimeout(timer); reject(error); });
        exited.then(({ code, signal }) => { clearTimeout(timer); reject(new Error(`server exited (${code ?? signal}):\n${output}`)); });
    });
    return { child, exited, listening, output: () => output };
}

export async function stopServer(server) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return server.exited;
    server.child.kill('SIGTERM');
    let timer;
    const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), 15_000); });
    const result = await Promise.race([server.exited, timeout]);
    clearTimeout(timer);
    if (result === null) {
        server.child.kill('SIGKILL');
        return { code: null, signal: 'SIGKILL (no exit within 15 s of SIGTERM)' };
    }
    return result;
}

// ---------------------------------------------------------------------------------------------
// HTTP

export function send(base, method, target, headers, body) {
    const url = new URL(target, base);
    return new Promise((resolve, reject) => {
        const request = http.request(url, { method, headers, timeout: REQUEST_TIMEOUT_MS, agent: false }, (response) => {
            const chunks = [];
            response.on('data', (chunk) => chunks.push(chunk));
            response.on('end', () => resolve({
                status: response.statusCode,
                headers: response.headers,
                body: Buffer.concat(chunks).toString('utf8'),
            }));
            response.on('error', reject);
        });
        request.on('timeout', () => request.destroy(new Error(`${method} ${target}: no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
        request.on('error', reject);
        if (body !== undefined) request.write(body);
        request.end();
    });
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: a database of its own in the throwaway cluster of the CTest fixture pg_cluster
// (tests/support/pg_cluster.py writes its URL, password included, to a file), made and dropped
// with psql; the password reaches libpq through PGPASSWORD only.

function clusterOf(urlFile) {
    const written = readFileSync(urlFile, 'utf8').trim();
    const match = /^(postgresql:\/\/[^:/@]+):([^@]*)@([^/]*)\/([^?]*)$/.exec(written);
    if (!match) throw new Error(`${urlFile} holds no postgresql://user:password@host/database URL`);
    return { server: `${match[1]}@${match[3]}`, database: match[4], password: decodeURIComponent(match[2]) };
}

function psql(cluster, database, sql) {
    const result = spawnSync('psql', ['--no-psqlrc', '--quiet', '--set', 'ON_ERROR_STOP=1',
        '--dbname', `${cluster.server}/${database}`, '--command', sql],
    { env: { ...process.env, PGPASSWORD: cluster.password }, encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) throw new Error(`psql failed on "${sql}": ${result.stderr || result.error}`);
}

// Creates a fresh database; returns what startServer needs and a function that drops it.
export function freshPostgresqlDatabase(urlFile) {
    const cluster = clusterOf(urlFile);
    const database = `api_${process.pid}_${Date.now().toString(36)}`;
    psql(cluster, cluster.database, `CREATE DATABASE ${database}`);
    return {
        url: `${cluster.server}/${database}`,
        password: cluster.password,
        drop: () => psql(cluster, cluster.database, `DROP DATABASE ${database} WITH (FORCE)`),
    };
}
