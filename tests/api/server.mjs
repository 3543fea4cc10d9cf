// The real server as a child process, and a minimal HTTP client with full control over headers.

import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const STARTUP_TIMEOUT_MS = 180_000; // demo seeding: seconds optimised, a minute or more under ASan
const REQUEST_TIMEOUT_MS = 10_000;

// The server

// `extra`: more options for `einblick serve`. The demo witness is off: the conformance run
// plays its own witness and expects no cosigned checkpoint before it.
export function startServer(binary, dir, extra = []) {
    const web = path.join(dir, 'web');
    mkdirSync(web);
    const child = spawn(binary, ['serve', '--demo', '--db', path.join(dir, 'einblick.db'), '--port', '0',
        '--no-request-log', '--no-demo-witness', '--web-root', web, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
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
