// deploy.nginx_front: Debian's real nginx with the committed site (deploy/nginx/einblick.conf)
// in front of a real `einblick serve` started with the committed unit's command line
// (deploy/systemd/einblick.service), both throwaway: a temporary folder, free loopback ports, a
// self-signed certificate made here, nginx unprivileged (as `nobody` when the test runs as
// root), everything stopped at the end. Each check talks through nginx (HTTPS) and, where the
// comparison says something, directly to the server (HTTP).
//
// usage: node nginx_front.mjs --server BIN --source DIR [--nginx BIN] [--openssl BIN]

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

const STARTUP_TIMEOUT_MS = 180_000; // demo seeding: seconds optimised, longer on a busy machine
const NGINX_START_TIMEOUT_MS = 15_000;
const REQUEST_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 15_000;
const BODY_LIMIT = 1024 * 1024; // the server's --max-body (HttpOptions::max_body_bytes)
const DEMO_PASSWORD = 'Einblick-Demo-2026';
const AGENCY_KEY = 'ebk_demo_kfz-zulassung-leipzig';

function parseArguments(argv) {
    const options = { nginx: '/usr/sbin/nginx', openssl: 'openssl' };
    for (let i = 0; i < argv.length; i += 2) {
        const name = argv[i].replace(/^--/, '');
        if (!(name in { server: 1, source: 1, nginx: 1, openssl: 1 }) || argv[i + 1] === undefined) {
            throw new Error(`unknown or incomplete argument ${argv[i]}`);
        }
        options[name] = argv[i + 1];
    }
    if (!options.server || !options.source) throw new Error('--server and --source are required');
    return options;
}

const options = parseArguments(process.argv.slice(2));
const children = new Set(); // every process started here, killed on any way out

function killChildren() {
    for (const child of children) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
}
let work; // the throwaway folder, removed on any way out
for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
        killChildren();
        if (work) fs.rmSync(work, { recursive: true, force: true });
        process.exit(1);
    });
}

// ---------------------------------------------------------------------------------------------
// Waiting on conditions, with deadlines

function withDeadline(promise, ms, what) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: not within ${ms / 1000} s`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Calls `probe` until it returns a truthy value; `probe` is a condition, not a timer.
async function waitFor(probe, ms, what) {
    const deadline = Date.now() + ms;
    for (;;) {
        const value = await probe();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
}

function freePort() {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

function canConnect(port) {
    return new Promise((resolve) => {
        const socket = net.connect({ host: '127.0.0.1', port });
        socket.on('connect', () => { socket.destroy(); resolve(true); });
        socket.on('error', () => resolve(false));
    });
}

function exitOf(child) {
    return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
        else child.on('exit', (code, signal) => resolve({ code, signal }));
    });
}

async function stopChild(child, signal) {
    if (child.exitCode !== null || child.signalCode !== null) return exitOf(child);
    child.kill(signal);
    try {
        return await withDeadline(exitOf(child), STOP_TIMEOUT_MS, `exit after ${signal}`);
    } catch {
        child.kill('SIGKILL');
        await exitOf(child);
        return { code: null, signal: `SIGKILL (no exit within ${STOP_TIMEOUT_MS / 1000} s of ${signal})` };
    }
}

// ---------------------------------------------------------------------------------------------
// The throwaway folder, certificate and key

const unprivileged = process.getuid() === 0 ? { uid: 65534, gid: 65534 } : null; // nobody:nogroup
work = fs.mkdtempSync(path.join(os.tmpdir(), 'einblick-nginx-'));
fs.chmodSync(work, 0o711); // nginx (nobody) passes through to its own folder, sees nothing else

function makeCertificate(dir) {
    const key = path.join(dir, 'tls.key');
    const cert = path.join(dir, 'tls.pem');
    const result = spawnSync(options.openssl, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
        '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout', key, '-out', cert], { encoding: 'utf8', timeout: 30_000 });
    if (result.status !== 0) throw new Error(`openssl req failed: ${result.stderr || result.error}`);
    return { key, cert, pem: fs.readFileSync(cert) };
}

// ---------------------------------------------------------------------------------------------
// einblick serve, with the command line of the committed unit

function serverArguments(dir) {
    const unit = fs.readFileSync(path.join(options.source, 'deploy/systemd/einblick.service'), 'utf8');
    const execStart = unit.match(/^ExecStart=(.*)$/m);
    if (!execStart) throw new Error('einblick.service has no ExecStart');
    const words = execStart[1].trim().split(/\s+/);
    if (words[0] !== '/usr/bin/einblick' || words[1] !== 'serve') {
        throw new Error(`ExecStart must run "/usr/bin/einblick serve …", got: ${execStart[1]}`);
    }
    const keyFile = path.join(dir, 'pseudonym-key');
    fs.writeFileSync(keyFile, `${'5a'.repeat(32)}\n`, { mode: 0o600 });
    const signingKeyFile = path.join(dir, 'checkpoint-key');
    fs.writeFileSync(signingKeyFile, `${'c3'.repeat(32)}\n`, { mode: 0o600 });
    const web = path.join(dir, 'web');
    fs.mkdirSync(web);
    fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Einblick</title>\n');
    // Only what must differ in a test; every other flag of the unit applies as it is.
    const replace = {
        '--db': path.join(dir, 'einblick.db'),
        '--port': '0',
        '--web-root': web,
        '--pseudonym-key-file': keyFile,
        '--checkpoint-key-file': signingKeyFile,
    };
    const args = words.slice(1);
    for (const [flag, value] of Object.entries(replace)) {
        const at = args.indexOf(flag);
        if (at < 0 || args.indexOf(flag, at + 1) >= 0) throw new Error(`ExecStart must hold ${flag} once`);
        args[at + 1] = value;
    }
    return [...args, '--demo'];
}

async function startServer(dir) {
    const args = serverArguments(dir);
    const child = spawn(options.server, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    const url = await withDeadline(new Promise((resolve, reject) => {
        const look = () => {
            const match = output.match(/listening on http:\/\/127\.0\.0\.1:([0-9]+)/);
            if (match) resolve(Number(match[1]));
        };
        child.stdout.on('data', look);
        child.on('error', reject);
        child.on('exit', (code, signal) => reject(new Error(`einblick exited (${code ?? signal}):\n${output}`)));
    }), STARTUP_TIMEOUT_MS, 'einblick serve: "listening on"');
    return { child, port: url, args, output: () => output };
}

// ---------------------------------------------------------------------------------------------
// nginx with the committed site

// The committed lines a test must change, each replaced whole; a line the site no longer has
// fails the test (keep deploy/nginx/einblick.conf and this list together).
function renderSite(committed, { upstreamPort, httpsPort, httpPort, certificate }) {
    const rendered = new Map([
        ['    server 127.0.0.1:8080; # rendered by the test', `    server 127.0.0.1:${upstreamPort};`],
        ['    listen 80; # rendered by the test', `    listen 127.0.0.1:${httpPort};`],
        ['    listen [::]:80; # rendered by the test', '    # (no IPv6 in the test)'],
        ['    listen 443 ssl http2; # rendered by the test', `    listen 127.0.0.1:${httpsPort} ssl http2;`],
        ['    listen [::]:443 ssl http2; # rendered by the test', '    # (no IPv6 in the test)'],
        ['    ssl_certificate /etc/ssl/certs/einblick.pem; # rendered by the test', `    ssl_certificate ${certificate.cert};`],
        ['    ssl_certificate_key /etc/ssl/private/einblick.key; # rendered by the test', `    ssl_certificate_key ${certificate.key};`],
    ]);
    const used = new Set();
    const lines = committed.split('\n').map((line) => {
        if (rendered.has(line)) {
            if (used.has(line)) throw new Error(`deploy/nginx/einblick.conf holds this line twice: ${line}`);
            used.add(line);
            return rendered.get(line);
        }
        if (line.includes('# rendered by the test')) throw new Error(`the test does not know how to render: ${line}`);
        return line;
    });
    for (const line of rendered.keys()) {
        if (!used.has(line)) throw new Error(`deploy/nginx/einblick.conf no longer holds: ${line}`);
    }
    return lines.join('\n');
}

// What Debian's /etc/nginx/nginx.conf provides around a site, with every path in `dir`.
function mainConfig(dir) {
    return `# throwaway nginx for deploy.nginx_front
daemon off;
master_process off; # one process: nothing can outlive the test
pid ${dir}/nginx.pid;
error_log ${dir}/error.log notice;
events { worker_connections 1024; } # at most the usual soft descriptor limit: no warning
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log ${dir}/access.log;
    client_body_temp_path ${dir}/body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    include ${dir}/einblick.conf;
}
`;
}

function chownTree(target, owner) {
    fs.chownSync(target, owner.uid, owner.gid);
    if (fs.statSync(target).isDirectory()) {
        for (const entry of fs.readdirSync(target)) chownTree(path.join(target, entry), owner);
    }
}

async function startNginx(name, upstreamPort) {
    const dir = path.join(work, name);
    fs.mkdirSync(dir);
    const certificate = makeCertificate(dir);
    const httpsPort = await freePort();
    const httpPort = await freePort();
    const committed = fs.readFileSync(path.join(options.source, 'deploy/nginx/einblick.conf'), 'utf8');
    fs.writeFileSync(path.join(dir, 'einblick.conf'), renderSite(committed, { upstreamPort, httpsPort, httpPort, certificate }));
    const config = path.join(dir, 'nginx.conf');
    fs.writeFileSync(config, mainConfig(dir));
    if (unprivileged) chownTree(dir, unprivileged);
    const args = ['-p', dir, '-c', config, '-e', path.join(dir, 'error.log')];
    const spawnOptions = { ...(unprivileged ?? {}) };

    const test = spawnSync(options.nginx, [...args, '-t'], { ...spawnOptions, encoding: 'utf8', timeout: 30_000 });
    if (test.status !== 0 || !/syntax is ok/.test(test.stderr) || !/test is successful/.test(test.stderr) ||
        /\[(warn|error|crit|alert|emerg)\]/.test(test.stderr)) {
        throw new Error(`nginx -t refused the rendered site:\n${test.stderr}${fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : ''}`);
    }
    const child = spawn(options.nginx, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    const errorLog = () => (fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '');
    await waitFor(async () => {
        if (child.exitCode !== null || child.signalCode !== null) {
            throw new Error(`nginx exited (${child.exitCode ?? child.signalCode}):\n${output}${errorLog()}`);
        }
        return (await canConnect(httpsPort)) && (await canConnect(httpPort));
    }, NGINX_START_TIMEOUT_MS, `nginx (${name}) accepting on ${httpsPort} and ${httpPort}`);
    return { child, dir, httpsPort, httpPort, certificate, errorLog, output: () => output };
}

// ---------------------------------------------------------------------------------------------
// HTTP(S) requests

let front; // nginx in front of einblick
let server; // einblick serve

// One request on a fresh connection. `via`: 'nginx' (HTTPS to `nginx`, by default the one in
// front of the server) or 'direct' (HTTP to the server, or to `port`).
// An error after the answer (nginx closing while a refused body is still being sent) is no error.
function send({ via, method = 'GET', target, headers = {}, body, localAddress, chunked = false, port, nginx = front }) {
    const secure = via === 'nginx';
    const options = {
        host: '127.0.0.1',
        port: secure ? nginx.httpsPort : (port ?? server.port),
        method,
        path: target,
        headers: { ...headers },
        agent: false,
        timeout: REQUEST_TIMEOUT_MS,
        localAddress,
    };
    if (secure) options.ca = nginx.certificate.pem;
    if (body !== undefined && !chunked) options.headers['Content-Length'] = Buffer.byteLength(body);
    return new Promise((resolve, reject) => {
        let answered = false;
        const request = (secure ? https : http).request(options, (response) => {
            answered = true;
            const chunks = [];
            response.on('data', (chunk) => chunks.push(chunk));
            response.on('end', () => resolve({
                status: response.statusCode,
                headers: response.headers,
                raw: response.rawHeaders,
                body: Buffer.concat(chunks).toString('utf8'),
                socket: response.socket,
            }));
            response.on('error', reject);
        });
        request.on('timeout', () => request.destroy(new Error(`${method} ${target} (${via}): no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
        request.on('error', (error) => { if (!answered) reject(error); });
        if (body !== undefined) {
            if (chunked) {
                const piece = 64 * 1024;
                for (let at = 0; at < body.length; at += piece) request.write(body.subarray(at, at + piece));
            } else {
                request.write(body);
            }
        }
        request.end();
    });
}

function headerCount(response, name) {
    let count = 0;
    for (let i = 0; i < response.raw.length; i += 2) if (response.raw[i].toLowerCase() === name) count += 1;
    return count;
}

function expect(condition, message) {
    if (!condition) throw new Error(message);
}

function expectStatus(response, status, what) {
    expect(response.status === status, `${what}: status ${response.status}, expected ${status}; body: ${response.body.slice(0, 300)}`);
}

function json(response, what) {
    try {
        return JSON.parse(response.body);
    } catch {
        throw new Error(`${what}: not JSON: ${response.body.slice(0, 300)}`);
    }
}

// ---------------------------------------------------------------------------------------------
// A stand-in upstream that records exactly what nginx forwards (headers, when the body arrives)

function startRecorder() {
    const requests = []; // each entry from the moment its head arrives; `complete` once its body has
    const recorder = net.createServer((socket) => {
        let buffer = Buffer.alloc(0);
        let current = null;
        socket.on('data', (chunk) => {
            buffer = Buffer.concat([buffer, chunk]);
            for (;;) {
                if (!current) {
                    const end = buffer.indexOf('\r\n\r\n');
                    if (end < 0) return;
                    const lines = buffer.subarray(0, end).toString('latin1').split('\r\n');
                    const headers = lines.slice(1).map((line) => {
                        const colon = line.indexOf(':');
                        return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
                    });
                    const length = Number(headers.find(([name]) => name === 'content-length')?.[1] ?? 0);
                    current = { line: lines[0], headers, length, body: Buffer.alloc(0), complete: false };
                    requests.push(current);
                    buffer = buffer.subarray(end + 4);
                }
                if (buffer.length < current.length) return;
                current.body = buffer.subarray(0, current.length);
                current.complete = true;
                buffer = buffer.subarray(current.length);
                current = null;
                socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
            }
        });
        socket.on('error', () => {});
    });
    return new Promise((resolve) => {
        recorder.listen(0, '127.0.0.1', () => resolve({ server: recorder, port: recorder.address().port, requests }));
    });
}

const recorded = (request, name) => request.headers.filter(([header]) => header === name).map(([, value]) => value);

// ---------------------------------------------------------------------------------------------
// The checks, in order (the address throttle comes last: it blocks 127.0.0.2)

const checks = [];
const check = (name, run) => checks.push({ name, run });

check('health through nginx and directly; HSTS once either way, nginx\'s through nginx', async () => {
    const proxied = await send({ via: 'nginx', target: '/health/ready' });
    expectStatus(proxied, 200, 'GET /health/ready via nginx');
    expect(headerCount(proxied, 'strict-transport-security') === 1,
        `HSTS ${headerCount(proxied, 'strict-transport-security')} times via nginx, expected once`);
    expect(/^max-age=\d{8,}/.test(proxied.headers['strict-transport-security']), 'HSTS max-age below a year');
    expect(proxied.headers['x-content-type-options'] === 'nosniff', 'the server\'s security headers pass through nginx');
    expect(proxied.socket.getProtocol?.() === 'TLSv1.3' || proxied.socket.getProtocol?.() === 'TLSv1.2',
        `TLS protocol ${proxied.socket.getProtocol?.()}`);
    const direct = await send({ via: 'direct', target: '/health/ready' });
    expectStatus(direct, 200, 'GET /health/ready directly');
    // The unit passes --secure-cookies, so the server sends its own (a year); nginx replaces it.
    expect(headerCount(direct, 'strict-transport-security') === 1 &&
        direct.headers['strict-transport-security'] === 'max-age=31536000',
    `the server's own HSTS directly: ${direct.headers['strict-transport-security']}`);
    expect(proxied.headers['strict-transport-security'] !== direct.headers['strict-transport-security'],
        'through nginx the HSTS is nginx\'s, not the server\'s');
});

check('plain HTTP redirects to HTTPS', async () => {
    const response = await send({ via: 'direct', port: front.httpPort, target: '/health/live?x=1', headers: { Host: 'einblick.example.org' } });
    expectStatus(response, 301, 'GET http://…/health/live');
    expect(response.headers.location === 'https://einblick.example.org/health/live?x=1', `Location: ${response.headers.location}`);
});

check('the browser client\'s files through nginx', async () => {
    const response = await send({ via: 'nginx', target: '/' });
    expectStatus(response, 200, 'GET / via nginx');
    expect(response.body.includes('<title>Einblick</title>'), 'index.html from the web root');
    expect(response.headers['content-security-policy']?.length > 0, 'Content-Security-Policy passes through');
    expect(headerCount(response, 'strict-transport-security') === 1, 'HSTS on static files');
});

check('login through nginx: a Secure, HttpOnly session cookie that works', async () => {
    const login = await send({
        via: 'nginx', method: 'POST', target: '/api/v1/session',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'erika', password: DEMO_PASSWORD }),
    });
    expectStatus(login, 201, 'POST /api/v1/session via nginx');
    const cookie = login.headers['set-cookie']?.[0] ?? '';
    expect(/;\s*Secure/i.test(cookie) && /;\s*HttpOnly/i.test(cookie), `Set-Cookie not Secure and HttpOnly: ${cookie}`);
    const me = await send({ via: 'nginx', target: '/api/v1/session', headers: { Cookie: cookie.split(';')[0] } });
    expectStatus(me, 200, 'GET /api/v1/session with the cookie via nginx');
    expect(json(me, 'session').username === 'erika', `session of ${me.body}`);
    expect(me.headers['cache-control'] === 'no-store', 'Cache-Control: no-store on the API');
});

check('the signed log checkpoint and its public key through nginx, without login', async () => {
    const key = await send({ via: 'nginx', target: '/api/v1/log/public-key' });
    expectStatus(key, 200, 'GET /api/v1/log/public-key via nginx');
    const { origin, verifier_key: verifierKey } = json(key, 'public key');
    expect(verifierKey?.startsWith(`${origin}+`), `verifier key ${verifierKey} of origin ${origin}`);
    const checkpoint = await send({ via: 'nginx', target: '/api/v1/log/checkpoint' });
    expectStatus(checkpoint, 200, 'GET /api/v1/log/checkpoint via nginx');
    expect(checkpoint.headers['content-type'] === 'text/plain; charset=utf-8', `checkpoint as ${checkpoint.headers['content-type']}`);
    const [name, size] = checkpoint.body.split('\n');
    expect(name === origin && Number(size) > 0, `checkpoint of ${name}, size ${size}`);
    expect(checkpoint.body.includes(`\n\u2014 ${origin} `), 'the checkpoint carries the server\'s signature line');
});

check('a JSON POST through nginx: an access check with an agency key', async () => {
    const response = await send({
        via: 'nginx', method: 'POST', target: '/api/v1/access-checks',
        headers: { Authorization: `Bearer ${AGENCY_KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ citizen_id: '45678901239', purpose_id: 6, register: 'melderegister', data_categories: ['address'] }),
    });
    expectStatus(response, 200, 'POST /api/v1/access-checks via nginx');
    const decision = json(response, 'access check').decision;
    expect(decision === 'allow' || decision === 'deny', `decision ${decision}`);
});

check('bodies: 1 MiB passes nginx, 1 MiB + 1 gets the same 413 problem from nginx as from the server', async () => {
    const headers = { Authorization: `Bearer ${AGENCY_KEY}`, 'Content-Type': 'application/json' };
    const atLimit = Buffer.alloc(BODY_LIMIT, 0x20);
    const exact = await send({ via: 'nginx', method: 'POST', target: '/api/v1/access-checks', headers, body: atLimit });
    expect(exact.status === 400, `exactly 1 MiB (spaces, not JSON) via nginx: ${exact.status}, expected the server's 400`);
    expect(json(exact, '1 MiB').status === 400, 'the 400 comes from the server (problem+json)');

    // The server logs each request it answers as a JSON line (README.md, "Request log"), its own
    // refusals with the route that would have taken them, in order: once the line of the direct
    // request (to another route) is there, a proxied one would be too.
    const logged = (route) => server.output().split('\n').filter((logLine) => {
        try {
            const entry = JSON.parse(logLine);
            return entry.method === 'POST' && entry.status === 413 && entry.route === route;
        } catch {
            return false;
        }
    }).length;
    const proxiedLine = '/api/v1/access-checks';
    const directLine = '/api/v1/access-events';
    const [proxiedBefore, directBefore] = [logged(proxiedLine), logged(directLine)];
    const over = Buffer.alloc(BODY_LIMIT + 1, 0x20);
    const proxied = await send({ via: 'nginx', method: 'POST', target: '/api/v1/access-checks', headers, body: over });
    const direct = await send({ via: 'direct', method: 'POST', target: '/api/v1/access-events', headers, body: over });
    expectStatus(proxied, 413, '1 MiB + 1 via nginx');
    expectStatus(direct, 413, '1 MiB + 1 directly');
    await waitFor(() => logged(directLine) > directBefore, REQUEST_TIMEOUT_MS, 'the server\'s log line of its 413');
    expect(logged(proxiedLine) === proxiedBefore, 'the oversized body went through nginx to the server: nginx must refuse it');
    for (const [name, response] of [['nginx', proxied], ['server', direct]]) {
        expect(response.headers['content-type'] === 'application/problem+json; charset=utf-8', `${name}: Content-Type ${response.headers['content-type']}`);
    }
    const fromNginx = json(proxied, 'nginx 413');
    const fromServer = json(direct, 'server 413');
    for (const member of ['type', 'title', 'status', 'detail']) {
        expect(fromNginx[member] === fromServer[member], `413 ${member}: nginx "${fromNginx[member]}", server "${fromServer[member]}"`);
    }
    expect(headerCount(proxied, 'strict-transport-security') === 1, 'HSTS on nginx\'s 413');

    const chunked = await send({ via: 'nginx', method: 'POST', target: '/api/v1/access-checks', headers, body: over, chunked: true });
    expectStatus(chunked, 413, '1 MiB + 1, chunked, via nginx');
});

check('request heads: a 7 KiB field passes both, a 9 KiB field is refused by both', async () => {
    const fits = { 'X-Padding': 'a'.repeat(7 * 1024) };
    expectStatus(await send({ via: 'nginx', target: '/health/live', headers: fits }), 200, '7 KiB field via nginx');
    expectStatus(await send({ via: 'direct', target: '/health/live', headers: fits }), 200, '7 KiB field directly');
    const tooLong = { 'X-Padding': 'a'.repeat(9 * 1024) };
    expectStatus(await send({ via: 'nginx', target: '/health/live', headers: tooLong }), 400, '9 KiB field via nginx (nginx: 400)');
    expectStatus(await send({ via: 'direct', target: '/health/live', headers: tooLong }), 431, '9 KiB field directly (server: 431)');
});

// Against the recorder: what exactly reaches the upstream.
let recorderFront;
let recorder;

check('the client address reaches the upstream as X-Real-IP and X-Forwarded-For; a client\'s own are replaced', async () => {
    const response = await send({
        via: 'nginx', nginx: recorderFront, target: '/api/v1/session', localAddress: '127.0.0.2',
        headers: { 'X-Forwarded-For': '203.0.113.7', 'X-Real-IP': '203.0.113.8', 'X-Forwarded-Proto': 'http' },
    });
    expectStatus(response, 200, 'GET via nginx to the recorder');
    const request = recorder.requests.at(-1);
    expect(request?.line === 'GET /api/v1/session HTTP/1.1', `upstream request line ${request?.line}`);
    expect(JSON.stringify(recorded(request, 'x-real-ip')) === '["127.0.0.2"]', `X-Real-IP ${recorded(request, 'x-real-ip')}`);
    expect(JSON.stringify(recorded(request, 'x-forwarded-for')) === '["127.0.0.2"]', `X-Forwarded-For ${recorded(request, 'x-forwarded-for')}`);
    expect(JSON.stringify(recorded(request, 'x-forwarded-proto')) === '["https"]', `X-Forwarded-Proto ${recorded(request, 'x-forwarded-proto')}`);
});

check('a slow client: nginx holds the request until its body is complete, then passes it at once', async () => {
    const bodyLength = 200_000;
    const before = recorder.requests.length;
    const socket = tls.connect({ host: '127.0.0.1', port: recorderFront.httpsPort, ca: recorderFront.certificate.pem });
    let received = '';
    socket.on('data', (chunk) => { received += chunk.toString('latin1'); });
    socket.on('error', () => {});
    await withDeadline(new Promise((resolve, reject) => { socket.once('secureConnect', resolve); socket.once('error', reject); }), REQUEST_TIMEOUT_MS, 'TLS to nginx');
    // "Expect: 100-continue": nginx answers 100 once it starts reading the body, which tells
    // when the request is in its hands.
    socket.write(`POST /api/v1/access-events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${bodyLength}\r\nExpect: 100-continue\r\n\r\n`);
    await waitFor(() => received.includes('100 Continue'), REQUEST_TIMEOUT_MS, 'nginx: 100 Continue');
    socket.write(Buffer.alloc(bodyLength / 2, 0x20));
    // Another, complete request after it reaches the recorder; the slow one must not have.
    const other = await send({ via: 'nginx', nginx: recorderFront, target: '/health/live' });
    expectStatus(other, 200, 'a complete request while the slow one is half sent');
    expect(recorder.requests.length === before + 1 && recorder.requests.at(-1).line.startsWith('GET /health/live'),
        `the upstream saw ${recorder.requests.slice(before).map((r) => r.line).join(', ')}; expected only GET /health/live`);
    socket.write(Buffer.alloc(bodyLength / 2, 0x20));
    await waitFor(() => recorder.requests.length === before + 2 && recorder.requests.at(-1).complete, REQUEST_TIMEOUT_MS, 'the slow request at the upstream');
    const slow = recorder.requests.at(-1);
    expect(slow.line === 'POST /api/v1/access-events HTTP/1.1', `upstream request line ${slow.line}`);
    expect(slow.body.length === bodyLength, `upstream body ${slow.body.length} bytes`);
    expect(JSON.stringify(recorded(slow, 'content-length')) === `["${bodyLength}"]`, 'passed on with its Content-Length');
    expect(recorded(slow, 'transfer-encoding').length === 0 && recorded(slow, 'expect').length === 0,
        'no Transfer-Encoding or Expect towards the upstream');
    await waitFor(() => /HTTP\/1\.1 200/.test(received), REQUEST_TIMEOUT_MS, 'the slow client\'s answer');
    socket.destroy();
});

check('a head that does not arrive within 5 s (the server\'s --request-head-timeout): nginx closes, the upstream sees nothing', async () => {
    const headTimeoutMs = 5_000;
    const before = recorder.requests.length;
    const socket = tls.connect({ host: '127.0.0.1', port: recorderFront.httpsPort, ca: recorderFront.certificate.pem });
    socket.on('error', () => {});
    try {
        await withDeadline(new Promise((resolve, reject) => { socket.once('secureConnect', resolve); socket.once('error', reject); }), REQUEST_TIMEOUT_MS, 'TLS to nginx');
        const sent = Date.now();
        socket.write('GET /health/live HTTP/1.1\r\nHost: localhost\r\n');
        await withDeadline(new Promise((resolve) => socket.once('close', resolve)), 3 * headTimeoutMs, 'nginx closing a connection whose head stalls');
        const waited = Date.now() - sent;
        expect(waited >= headTimeoutMs - 250, `closed after ${waited} ms, before the head timeout of ${headTimeoutMs} ms`);
        expect(recorder.requests.length === before, 'the stalled head reached the upstream');
    } finally {
        socket.destroy();
    }
});

// Opens a request whose body never comes: it stays "in progress" at nginx, never reaching the
// upstream. Resolves with the socket once nginx asks for the body (100 Continue).
function openStalledRequest(nginx, sockets) {
    const socket = tls.connect({ host: '127.0.0.1', port: nginx.httpsPort, ca: nginx.certificate.pem });
    sockets.push(socket);
    let received = '';
    return new Promise((resolve, reject) => {
        socket.on('error', reject);
        socket.on('secureConnect', () => socket.write('POST /api/v1/access-events HTTP/1.1\r\nHost: localhost\r\n' +
            'Content-Type: application/json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n'));
        socket.on('data', (chunk) => {
            received += chunk.toString('latin1');
            if (received.includes('100 Continue')) resolve(socket);
        });
    });
}

// Opens plain TCP connections to the server and keeps them idle.
function openIdleConnection(sockets) {
    return new Promise((resolve, reject) => {
        const socket = net.connect({ host: '127.0.0.1', port: server.port });
        sockets.push(socket);
        socket.on('error', reject);
        socket.on('connect', () => resolve(socket));
    });
}

function readUntilClosed(socket) {
    let received = '';
    return withDeadline(new Promise((resolve) => {
        socket.on('data', (chunk) => { received += chunk.toString('utf8'); });
        socket.on('close', () => resolve(received));
        socket.on('error', () => resolve(received));
    }), REQUEST_TIMEOUT_MS, 'the server closing a refused connection');
}

check('per client address: the 257th request in progress gets the same 503 problem from nginx as from the server', async () => {
    const limit = 256; // the server's --max-connections-per-address
    const stalled = [];
    const idle = [];
    let proxied;
    let fromServer;
    try {
        await Promise.all(Array.from({ length: limit }, () => openStalledRequest(recorderFront, stalled)));
        proxied = await send({ via: 'nginx', nginx: recorderFront, target: '/health/live' });
        const otherAddress = await send({ via: 'nginx', nginx: recorderFront, target: '/health/live', localAddress: '127.0.0.2' });
        expectStatus(otherAddress, 200, 'another client address meanwhile');
        // The server directly: as many idle connections, then one more.
        await Promise.all(Array.from({ length: limit }, () => openIdleConnection(idle)));
        const refused = await openIdleConnection(idle);
        refused.write('GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n');
        fromServer = await readUntilClosed(refused);
    } finally {
        for (const socket of [...stalled, ...idle]) socket.destroy();
    }
    expectStatus(proxied, 503, `request ${limit + 1} from one address via nginx`);
    expect(/^HTTP\/1\.1 503 /.test(fromServer), `connection ${limit + 1} directly: ${fromServer.slice(0, 100)}`);
    const serverProblem = JSON.parse(fromServer.slice(fromServer.indexOf('\r\n\r\n') + 4));
    const nginxProblem = json(proxied, 'nginx 503');
    for (const member of ['type', 'title', 'status', 'detail']) {
        expect(nginxProblem[member] === serverProblem[member], `503 ${member}: nginx "${nginxProblem[member]}", server "${serverProblem[member]}"`);
    }
    expect(proxied.headers['retry-after'] === '1' && /\r\nRetry-After: 1\r\n/i.test(fromServer), 'Retry-After: 1 from both');
    expect(proxied.headers['content-type'] === 'application/problem+json; charset=utf-8', `Content-Type ${proxied.headers['content-type']}`);
    // The slots are free again once the stalled clients are gone.
    await waitFor(async () => (await send({ via: 'nginx', nginx: recorderFront, target: '/health/live' })).status === 200,
        REQUEST_TIMEOUT_MS, 'a request after the stalled ones closed');
});

check('behind nginx each client address is throttled on its own (--trusted-proxy 127.0.0.1 in the unit)', async () => {
    // nginx sets X-Forwarded-For to the address it sees; the server trusts it from 127.0.0.1
    // only. Without that, 20 failures by anyone would block every login through nginx.
    const headers = { 'Content-Type': 'application/json' };
    for (let i = 0; i < 20; i += 1) {
        const failed = await send({
            via: 'nginx', method: 'POST', target: '/api/v1/session', localAddress: '127.0.0.2', headers,
            body: JSON.stringify({ username: `nobody-${i}`, password: 'wrong' }),
        });
        expectStatus(failed, 401, `failed login ${i + 1} from 127.0.0.2 via nginx`);
    }
    const other = { username: 'nobody-else', password: 'wrong' };
    const blocked = await send({ via: 'nginx', method: 'POST', target: '/api/v1/session', localAddress: '127.0.0.2', headers, body: JSON.stringify(other) });
    expectStatus(blocked, 429, 'the client (127.0.0.2) that failed 20 times, via nginx');
    const proxied = await send({ via: 'nginx', method: 'POST', target: '/api/v1/session', localAddress: '127.0.0.3', headers, body: JSON.stringify(other) });
    expectStatus(proxied, 401, 'another client (127.0.0.3) via nginx after 20 failures of 127.0.0.2');
    // A client that talks to the server directly cannot name another address.
    const forged = await send({
        via: 'direct', method: 'POST', target: '/api/v1/session', localAddress: '127.0.0.2',
        headers: { ...headers, 'X-Forwarded-For': '127.0.0.9' }, body: JSON.stringify(other),
    });
    expectStatus(forged, 429, 'the blocked client directly, with a forged X-Forwarded-For');
});

// ---------------------------------------------------------------------------------------------

async function main() {
    const started = Date.now();
    let failures = 0;
    let passed = 0;
    try {
        server = await startServer(fs.mkdtempSync(path.join(work, 'server-')));
        front = await startNginx('front', server.port);
        recorder = await startRecorder();
        recorderFront = await startNginx('recorder-front', recorder.port);
        console.log(`einblick ${server.args.join(' ')} on ${server.port}; nginx on ${front.httpsPort} (https), ${front.httpPort} (http)` +
            `${unprivileged ? ', as nobody' : ''}; ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
        for (const { name, run } of checks) {
            const at = Date.now();
            try {
                await run();
                passed += 1;
                console.log(`ok: ${name} (${Date.now() - at} ms)`);
            } catch (error) {
                failures += 1;
                console.log(`FAIL: ${name}\n  ${error.stack ?? error}`);
            }
        }
    } catch (error) {
        failures += 1;
        console.log(`FAIL: set-up\n  ${error.stack ?? error}`);
    } finally {
        const stops = [];
        for (const [name, running] of [['nginx', front], ['nginx (recorder)', recorderFront]]) {
            if (running) stops.push(stopChild(running.child, 'SIGQUIT').then((result) => [name, result, running]));
        }
        if (server) stops.push(stopChild(server.child, 'SIGTERM').then((result) => ['einblick', result, server]));
        for (const [name, result, running] of await Promise.all(stops)) {
            if (result.code !== 0) {
                failures += 1;
                console.log(`FAIL: ${name} did not stop cleanly (${result.code ?? result.signal}):\n${running.output().slice(-2000)}`);
            }
        }
        recorder?.server.close();
        // Refusals the checks provoke are logged as [error]; nothing may be worse, or a warning.
        for (const running of [front, recorderFront]) {
            const serious = (running?.errorLog() ?? '').split('\n').filter((line) => /\[(warn|crit|alert|emerg)\]/.test(line));
            if (serious.length > 0) {
                failures += 1;
                console.log(`FAIL: ${running.dir}/error.log has warnings:\n  ${serious.join('\n  ')}`);
            }
        }
        if (failures > 0) {
            for (const running of [front, recorderFront]) {
                if (running) console.log(`--- ${running.dir}/error.log\n${running.errorLog().slice(-3000)}`);
            }
            if (server) console.log(`--- einblick output\n${server.output().slice(-3000)}`);
        }
        killChildren();
        fs.rmSync(work, { recursive: true, force: true });
    }
    console.log(`${passed} of ${checks.length} checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.exitCode = failures > 0 ? 1 : 0;
}

await main();
