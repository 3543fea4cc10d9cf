#!/usr/bin/env node
// Conformance of the real server to docs/openapi.yaml.
//
// Starts `einblick serve --demo` on a fresh database and a free port, calls every operation of
// the document (success paths and the main error paths), and checks each answer against the
// document: the status must be documented for that operation, the content type must be one
// the document lists, the body must validate against that schema (JSON Schema 2020-12, with
// every $ref resolved) and documented required headers must be present and valid. Request
// bodies of successful calls are validated against the request schema too, so the document
// cannot be stricter than the server. Finally every operation must have been exercised.
//
//   node openapi_conformance.mjs --server build/dev/server/einblick [--spec docs/openapi.yaml]
//                                [--pg-url-file FILE]
//
// With --pg-url-file (the URL file of the CTest fixture's throwaway PostgreSQL cluster) the demo
// runs in a fresh database of that cluster, dropped afterwards: the same answers on both backends.
//
// Prints one line per failure and a summary `N passed, M failed`; exits non-zero on failure.

import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import YAML from 'yaml';

import { Contract, conformance } from './contract.mjs';
import { freshPostgresqlDatabase, send, startServer, stopServer } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const TOTAL_TIMEOUT_MS = 115_000;
const PASSWORD = 'Einblick-Demo-2026';
const KFZ_KEY = 'ebk_demo_kfz-zulassung-leipzig';
const POLIZEI_KEY = 'ebk_demo_polizei-leipzig';

// ---------------------------------------------------------------------------------------------
// Arguments, results

function parseArgs(argv) {
    const args = { spec: path.resolve(here, '../../docs/openapi.yaml') };
    for (let i = 0; i < argv.length; ++i) {
        if (argv[i] === '--server') args.server = argv[++i];
        else if (argv[i] === '--spec') args.spec = argv[++i];
        else if (argv[i] === '--pg-url-file') args.pgUrlFile = argv[++i];
        else throw new Error(`unknown argument ${argv[i]}`);
    }
    if (!args.server) {
        throw new Error('usage: openapi_conformance.mjs --server <einblick> [--spec <openapi.yaml>] [--pg-url-file FILE]');
    }
    return args;
}

const results = { passed: 0, failed: 0 };
function pass() {
    results.passed += 1;
}
function fail(label, message) {
    results.failed += 1;
    console.log(`FAIL ${label}: ${message}`);
}

// ---------------------------------------------------------------------------------------------
// The scenario

function checkDigit(firstTen) {
    let product = 10;
    for (const c of firstTen) {
        let sum = (Number(c) + product) % 10;
        if (sum === 0) sum = 10;
        product = (sum * 2) % 11;
    }
    const check = 11 - product;
    return check === 10 ? 0 : check;
}
const citizenId = (firstTen) => firstTen + String(checkDigit(firstTen));
const ERIKA_ID = citizenId('4567890123');

class Client {
    constructor(base, contract) {
        this.base = base;
        this.contract = contract;
    }

    // Calls `METHOD /template` and checks the answer against the document. Options: path (values
    // for {placeholders}), query, auth (a cookie string or {key}), headers, json (body), raw
    // (body text), type (Content-Type), expect (status).
    async call(method, template, options = {}) {
        let target = template.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(String(options.path?.[name])));
        if (options.query) target += `?${new URLSearchParams(options.query)}`;
        const headers = { ...(options.headers ?? {}) };
        if (typeof options.auth === 'string') headers.Cookie = options.auth;
        else if (options.auth?.key) headers.Authorization = `Bearer ${options.auth.key}`;
        let body;
        if (options.json !== undefined) body = JSON.stringify(options.json);
        if (options.raw !== undefined) body = options.raw;
        if (body !== undefined) {
            headers['Content-Type'] = options.type ?? 'application/json';
            headers['Content-Length'] = Buffer.byteLength(body);
        }
        const label = `${method} ${target}${options.label ? ` (${options.label})` : ''}`;
        let response;
        try {
            response = await send(this.base, method, target, headers, body);
        } catch (error) {
            fail(label, error.message);
            return { status: 0, headers: {}, body: '', json: undefined };
        }
        const problems = conformance(this.contract, method, template, { json: options.json }, response);
        if (options.expect !== undefined && response.status !== options.expect) {
            problems.unshift(`expected status ${options.expect}, got ${response.status}: ${response.body.slice(0, 300)}`);
        }
        if (problems.length) fail(label, problems.join('\n    '));
        else pass();
        try {
            response.json = JSON.parse(response.body);
        } catch {
            response.json = undefined;
        }
        return response;
    }

    async login(username, expect = 201) {
        const response = await this.call('POST', '/api/v1/session', {
            json: { username, password: PASSWORD }, expect, label: username,
        });
        const cookie = String(response.headers['set-cookie'] ?? '').split(';')[0];
        return cookie;
    }
}

function purposeBody(name, gdprBasis = 'A6-1-e') {
    return {
        name,
        description: 'Prüfung der Halterdaten (Konformitätstest).',
        legal_basis: 'Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 6 FZV',
        gdpr_basis: gdprBasis,
        data_categories: ['address', 'vehicle'],
        source_registers: ['melderegister', 'fahrzeugregister'],
        recipients: ['Hauptzollamt'],
        retention_days: 730,
    };
}

function accessBody(purposeId, extra = {}) {
    return {
        citizen_id: ERIKA_ID,
        purpose_id: purposeId,
        register: 'melderegister',
        data_categories: ['address'],
        official: 'SB-17',
        correlation_id: 'AZ-OAS-1',
        ...extra,
    };
}

async function publicOperations(c) {
    await c.call('GET', '/health/live', { expect: 200 });
    await c.call('GET', '/health/ready', { expect: 200 });
    await c.call('GET', '/api/openapi.yaml', { expect: 200 });
    await c.call('GET', '/metrics', { expect: 200 });
    await c.call('GET', '/api/v1/vocabulary', { expect: 200 });
}

async function sessions(c) {
    const s = {};
    await c.call('POST', '/api/v1/session', { raw: 'username=erika', type: 'text/plain', expect: 415 });
    await c.call('POST', '/api/v1/session', { raw: '{"username":', expect: 400, label: 'not JSON' });
    await c.call('POST', '/api/v1/session', { raw: '["erika"]', expect: 400, label: 'array' });
    await c.call('POST', '/api/v1/session', { raw: '{}', expect: 400, label: 'empty object' });
    await c.call('POST', '/api/v1/session', { raw: '{"username":"erika","password":"x","otp":1}', expect: 400, label: 'unknown member' });
    await c.call('POST', '/api/v1/session', { json: { username: 'erika', password: 'falsch' }, expect: 401 });
    s.erika = await c.login('erika');
    s.max = await c.login('max');
    s.dsb = await c.login('dsb');
    s.dsbKfz = await c.login('dsb-kfz');
    s.staff = await c.login('kfz');
    const throwaway = await c.login('erika');
    await c.call('GET', '/api/v1/session', { auth: s.erika, expect: 200 });
    await c.call('GET', '/api/v1/session', { auth: s.staff, expect: 200 });
    await c.call('GET', '/api/v1/session', { expect: 401 });
    await c.call('GET', '/api/v1/session', { auth: { key: KFZ_KEY }, expect: 401 });
    await c.call('DELETE', '/api/v1/session', { auth: throwaway, expect: 204 });
    await c.call('GET', '/api/v1/session', { auth: throwaway, expect: 401, label: 'after logout' });
    await c.call('DELETE', '/api/v1/session', { expect: 204, label: 'anonymous' });
    // Throttling: five failures for one account, then 429 with Retry-After.
    for (let i = 0; i < 5; ++i) {
        await c.call('POST', '/api/v1/session', { json: { username: 'gesperrt', password: 'falsch' }, expect: 401 });
    }
    await c.call('POST', '/api/v1/session', { json: { username: 'gesperrt', password: 'falsch' }, expect: 429 });
    await c.call('POST', '/api/v1/session', { raw: `{"username":"${'x'.repeat(2 * 1024 * 1024)}"}`, expect: 413 });
    return s;
}

async function purposes(c, s) {
    const kfz = { key: KFZ_KEY };
    const polizei = { key: POLIZEI_KEY };
    const p = {};
    await c.call('GET', '/api/v1/purposes', { expect: 200, label: 'anonymous' });
    await c.call('GET', '/api/v1/purposes', { auth: kfz, expect: 200 });
    await c.call('GET', '/api/v1/purposes', { auth: s.dsbKfz, expect: 200 });
    p.a = (await c.call('POST', '/api/v1/purposes', { auth: kfz, json: purposeBody('Konformität A'), expect: 201 })).json?.id;
    p.consent = (await c.call('POST', '/api/v1/purposes', { auth: s.staff, json: purposeBody('Konformität Einwilligung', 'A6-1-a'), expect: 201 })).json?.id;
    p.rejected = (await c.call('POST', '/api/v1/purposes', { auth: kfz, json: purposeBody('Konformität abgelehnt'), expect: 201 })).json?.id;
    p.retired = (await c.call('POST', '/api/v1/purposes', { auth: kfz, json: purposeBody('Konformität stillgelegt'), expect: 201 })).json?.id;
    p.polizei = (await c.call('POST', '/api/v1/purposes', { auth: polizei, json: purposeBody('Konformität Polizei'), expect: 201 })).json?.id;
    await c.call('POST', '/api/v1/purposes', { json: purposeBody('x'), expect: 401 });
    await c.call('POST', '/api/v1/purposes', { auth: { key: 'ebk_falsch' }, json: purposeBody('x'), expect: 401 });
    await c.call('POST', '/api/v1/purposes', { auth: s.erika, json: purposeBody('x'), expect: 403 });
    await c.call('POST', '/api/v1/purposes', { auth: kfz, raw: 'name=x', type: 'application/x-www-form-urlencoded', expect: 415 });
    await c.call('POST', '/api/v1/purposes', { auth: kfz, json: {}, expect: 400 });
    await c.call('POST', '/api/v1/purposes', { auth: kfz, json: { ...purposeBody('x'), retention_days: 0, data_categories: ['dna'] }, expect: 400 });

    await c.call('GET', '/api/v1/purposes/{id}', { path: { id: p.a }, expect: 404, label: 'not yet approved, anonymous' });
    await c.call('GET', '/api/v1/purposes/{id}', { path: { id: p.a }, auth: kfz, expect: 200, label: 'owner' });
    await c.call('GET', '/api/v1/purposes/{id}', { path: { id: 999999 }, expect: 404 });
    await c.call('GET', '/api/v1/purposes/{id}', { path: { id: 'abc' }, expect: 404 });

    const decision = '/api/v1/purposes/{id}/versions/{version}/decision';
    const approve = { decision: 'approve', reason: 'Erforderlich und verhältnismäßig.' };
    await c.call('POST', decision, { path: { id: p.a, version: 1 }, auth: s.dsb, json: approve, expect: 200 });
    await c.call('POST', decision, { path: { id: p.consent, version: 1 }, auth: s.dsbKfz, json: approve, expect: 200 });
    await c.call('POST', decision, { path: { id: p.retired, version: 1 }, auth: s.dsb, json: approve, expect: 200 });
    await c.call('POST', decision, { path: { id: p.rejected, version: 1 }, auth: s.dsb, json: { decision: 'reject', reason: 'Nicht erforderlich.' }, expect: 200 });
    await c.call('POST', decision, { path: { id: p.a, version: 1 }, auth: s.dsb, json: approve, expect: 409, label: 'decided before' });
    await c.call('POST', decision, { path: { id: p.a, version: 7 }, auth: s.dsb, json: approve, expect: 404, label: 'no such version' });
    await c.call('POST', decision, { path: { id: 999999, version: 1 }, auth: s.dsb, json: approve, expect: 404 });
    await c.call('POST', decision, { path: { id: p.polizei, version: 1 }, auth: s.dsbKfz, json: approve, expect: 404, label: 'DPO of another agency (as absent as a missing purpose)' });
    await c.call('POST', decision, { path: { id: p.polizei, version: 1 }, auth: s.erika, json: approve, expect: 403 });
    await c.call('POST', decision, { path: { id: p.polizei, version: 1 }, json: approve, expect: 401 });
    await c.call('POST', decision, { path: { id: p.polizei, version: 1 }, auth: s.dsb, json: { decision: 'maybe', reason: 'x' }, expect: 400 });
    await c.call('POST', decision, { path: { id: p.polizei, version: 1 }, auth: s.dsb, raw: 'approve', type: 'text/plain', expect: 415 });
    await c.call('GET', '/api/v1/purposes/{id}', { path: { id: p.a }, expect: 200, label: 'approved, anonymous' });

    const versions = '/api/v1/purposes/{id}/versions';
    await c.call('POST', versions, { path: { id: p.a }, auth: kfz, json: purposeBody('Konformität A, Fassung 2'), expect: 201 });
    await c.call('POST', versions, { path: { id: p.a }, auth: polizei, json: purposeBody('x'), expect: 404, label: 'other agency' });
    await c.call('POST', versions, { path: { id: p.a }, json: purposeBody('x'), expect: 401 });
    await c.call('POST', versions, { path: { id: p.a }, auth: s.max, json: purposeBody('x'), expect: 403 });
    await c.call('POST', versions, { path: { id: p.a }, auth: kfz, json: { name: 7 }, expect: 400 });
    await c.call('POST', versions, { path: { id: p.a }, auth: kfz, raw: '<purpose/>', type: 'application/xml', expect: 415 });

    const retirement = '/api/v1/purposes/{id}/retirement';
    const reason = { reason: 'Aufgabe entfallen.' };
    await c.call('POST', retirement, { path: { id: p.retired }, auth: kfz, json: reason, expect: 200 });
    await c.call('POST', retirement, { path: { id: p.retired }, auth: s.dsb, json: reason, expect: 409, label: 'retired before' });
    await c.call('POST', retirement, { path: { id: p.a }, auth: polizei, json: reason, expect: 404, label: 'other agency' });
    await c.call('POST', retirement, { path: { id: p.a }, json: reason, expect: 401 });
    await c.call('POST', retirement, { path: { id: p.a }, auth: s.erika, json: reason, expect: 403 });
    await c.call('POST', retirement, { path: { id: p.a }, auth: kfz, json: { reason: '   ' }, expect: 400 });
    await c.call('POST', retirement, { path: { id: p.a }, auth: kfz, raw: 'x', type: 'text/plain', expect: 415 });
    await c.call('POST', versions, { path: { id: p.retired }, auth: kfz, json: purposeBody('x'), expect: 409, label: 'retired' });
    return p;
}

async function agencySide(c, p) {
    const kfz = { key: KFZ_KEY };
    const polizei = { key: POLIZEI_KEY };
    const out = {};
    const checks = '/api/v1/access-checks';
    const allowed = await c.call('POST', checks, { auth: kfz, json: accessBody(p.a, { record_access: true }), expect: 200 });
    out.eventId = Number(allowed.json?.access_event?.id);
    if (allowed.json?.decision !== 'allow') fail('access check', `expected allow, got ${allowed.body}`);
    const other = await c.call('POST', checks, { auth: polizei, json: accessBody(p.a), expect: 200, label: 'other agency' });
    if (other.json?.reason !== 'purpose_other_agency') fail('access check of another agency', other.body);
    await c.call('POST', checks, { auth: kfz, json: accessBody(p.consent), expect: 200, label: 'consent missing' });
    const keyed = { auth: kfz, headers: { 'Idempotency-Key': 'oas-check-1' } };
    await c.call('POST', checks, { ...keyed, json: accessBody(p.a), expect: 200 });
    await c.call('POST', checks, { ...keyed, json: accessBody(p.a), expect: 200, label: 'replay' });
    await c.call('POST', checks, { ...keyed, json: accessBody(p.a, { official: 'SB-99' }), expect: 409 });
    await c.call('POST', checks, { auth: kfz, headers: { 'Idempotency-Key': 'k'.repeat(201) }, json: accessBody(p.a), expect: 400 });
    await c.call('POST', checks, { json: accessBody(p.a), expect: 401 });
    await c.call('POST', checks, { auth: kfz, json: {}, expect: 400 });
    await c.call('POST', checks, { auth: kfz, json: accessBody(p.a, { occurred_at: '2026-01-01T00:00:00Z' }), expect: 400 });
    await c.call('POST', checks, { auth: kfz, raw: '{}', type: 'text/plain', expect: 415 });

    const events = '/api/v1/access-events';
    await c.call('POST', events, { auth: kfz, json: accessBody(p.a), expect: 201 });
    // Reported two days late (within the backdating window): marked for the citizen.
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const late = await c.call('POST', events, { auth: kfz, json: accessBody(p.a, { occurred_at: twoDaysAgo, purpose_version: 1 }), expect: 201 });
    if (late.json?.reported_late !== true) fail('late access event', `expected reported_late, got ${late.body}`);
    await c.call('POST', events, { auth: kfz, json: accessBody(p.a, { occurred_at: '2026-01-15T08:00:00Z' }), expect: 400, label: 'older than the backdating window' });
    const keyedEvent = { auth: kfz, headers: { 'Idempotency-Key': 'oas-event-1' } };
    await c.call('POST', events, { ...keyedEvent, json: accessBody(p.a), expect: 201 });
    await c.call('POST', events, { ...keyedEvent, json: accessBody(p.a), expect: 200, label: 'replay' });
    await c.call('POST', events, { ...keyedEvent, json: accessBody(p.a, { official: 'SB-99' }), expect: 409 });
    await c.call('POST', events, { auth: polizei, json: accessBody(p.a), expect: 400, label: 'purpose of another agency' });
    await c.call('POST', events, { auth: kfz, json: accessBody(p.a, { occurred_at: '2099-01-01T00:00:00Z' }), expect: 400, label: 'future' });
    await c.call('POST', events, { auth: kfz, json: accessBody(p.a, { citizen_id: '12345678901' }), expect: 400, label: 'check digit' });
    await c.call('POST', events, { json: accessBody(p.a), expect: 401 });
    await c.call('POST', events, { auth: kfz, raw: 'x', type: 'text/plain', expect: 415 });

    const batch = '/api/v1/access-events/batch';
    const two = { events: [accessBody(p.a), accessBody(p.a, { data_categories: ['vehicle'], register: 'fahrzeugregister' })] };
    await c.call('POST', batch, { auth: kfz, json: two, expect: 201 });
    const keyedBatch = { auth: kfz, headers: { 'Idempotency-Key': 'oas-batch-1' } };
    await c.call('POST', batch, { ...keyedBatch, json: two, expect: 201 });
    await c.call('POST', batch, { ...keyedBatch, json: two, expect: 200, label: 'replay' });
    await c.call('POST', batch, { ...keyedBatch, json: { events: [accessBody(p.a, { official: 'SB-99' })] }, expect: 409 });
    await c.call('POST', batch, { auth: kfz, json: {}, expect: 400 });
    await c.call('POST', batch, { auth: kfz, json: { ...two, agency: 'polizei-leipzig' }, expect: 400, label: 'unknown member' });
    await c.call('POST', batch, { auth: kfz, json: { events: [] }, expect: 400, label: 'empty' });
    await c.call('POST', batch, { json: two, expect: 401 });
    await c.call('POST', batch, { auth: kfz, raw: 'x', type: 'text/plain', expect: 415 });

    const consentChecks = '/api/v1/consent-checks';
    await c.call('POST', consentChecks, { auth: kfz, json: { citizen_id: ERIKA_ID, purpose_id: p.consent }, expect: 200 });
    await c.call('POST', consentChecks, { auth: polizei, json: { citizen_id: ERIKA_ID, purpose_id: p.consent }, expect: 400, label: 'other agency' });
    await c.call('POST', consentChecks, { auth: kfz, json: { citizen_id: 4567890123 }, expect: 400 });
    await c.call('POST', consentChecks, { json: { citizen_id: ERIKA_ID, purpose_id: p.consent }, expect: 401 });
    await c.call('POST', consentChecks, { auth: kfz, raw: 'x', type: 'text/plain', expect: 415 });
    return out;
}

async function citizenSide(c, s, p, events) {
    const mine = '/api/v1/me/access-events';
    await c.call('GET', mine, { auth: s.erika, expect: 200 });
    const first = await c.call('GET', mine, { auth: s.erika, query: { limit: 2 }, expect: 200 });
    if (first.json?.next_cursor) {
        await c.call('GET', mine, { auth: s.erika, query: { limit: 2, cursor: first.json.next_cursor }, expect: 200, label: 'next page' });
    } else {
        fail('history paging', 'Erika has more than two entries, yet no next_cursor');
    }
    await c.call('GET', mine, {
        auth: s.erika, expect: 200, label: 'filters',
        query: { agency: 'kfz-zulassung-leipzig', purpose: p.a, category: 'address', outcome: 'allowed', from: '2020-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' },
    });
    await c.call('GET', mine, { auth: s.erika, query: { limit: 0 }, expect: 400 });
    await c.call('GET', mine, { auth: s.erika, query: { limit: 'zehn' }, expect: 400 });
    await c.call('GET', mine, { auth: s.erika, query: { outcome: 'maybe' }, expect: 400 });
    await c.call('GET', mine, { auth: s.erika, query: { from: 'gestern' }, expect: 400 });
    await c.call('GET', mine, { auth: s.erika, query: { cursor: 'x' }, expect: 400 });
    await c.call('GET', mine, { auth: s.dsb, expect: 403 });
    await c.call('GET', mine, { expect: 401 });
    await c.call('GET', mine, { auth: { key: KFZ_KEY }, expect: 401 });

    const one = '/api/v1/me/access-events/{id}';
    await c.call('GET', one, { path: { id: events.eventId }, auth: s.erika, expect: 200 });
    await c.call('GET', one, { path: { id: events.eventId }, auth: s.max, expect: 404, label: 'not hers' });
    await c.call('GET', one, { path: { id: 'abc' }, auth: s.erika, expect: 404 });
    await c.call('GET', one, { path: { id: events.eventId }, auth: s.staff, expect: 403 });
    await c.call('GET', one, { path: { id: events.eventId }, expect: 401 });

    const consents = '/api/v1/me/consents';
    const expiresAt = new Date(Date.now() + 365 * 86_400_000).toISOString();
    await c.call('GET', consents, { auth: s.erika, expect: 200 });
    const granted = await c.call('POST', consents, { auth: s.erika, json: { purpose_id: p.consent, expires_at: expiresAt }, expect: 201 });
    await c.call('POST', consents, { auth: s.erika, json: { purpose_id: p.consent, expires_at: expiresAt }, expect: 409, label: 'given before' });
    await c.call('POST', consents, { auth: s.erika, json: { purpose_id: p.a, expires_at: expiresAt }, expect: 400, label: 'not consent-based' });
    await c.call('POST', consents, { auth: s.erika, json: { purpose_id: p.consent, expires_at: '2001-01-01T00:00:00Z' }, expect: 400, label: 'past' });
    await c.call('POST', consents, { auth: s.erika, json: { purpose_id: p.consent }, expect: 400, label: 'no expiry' });
    await c.call('POST', consents, { auth: s.dsb, json: { purpose_id: p.consent, expires_at: expiresAt }, expect: 403 });
    await c.call('POST', consents, { json: { purpose_id: p.consent, expires_at: expiresAt }, expect: 401 });
    await c.call('POST', consents, { auth: s.erika, raw: 'x', type: 'text/plain', expect: 415 });
    await c.call('POST', '/api/v1/consent-checks', { auth: { key: KFZ_KEY }, json: { citizen_id: ERIKA_ID, purpose_id: p.consent }, expect: 200, label: 'after consent' });

    const withdrawal = '/api/v1/me/consents/{id}/withdrawal';
    const consentId = granted.json?.id;
    await c.call('POST', withdrawal, { path: { id: consentId }, auth: s.max, expect: 404, label: 'not his' });
    await c.call('POST', withdrawal, { path: { id: consentId }, auth: s.erika, expect: 200 });
    await c.call('POST', withdrawal, { path: { id: consentId }, auth: s.erika, expect: 409, label: 'withdrawn before' });
    await c.call('POST', withdrawal, { path: { id: 0 }, auth: s.erika, expect: 404 });
    await c.call('POST', withdrawal, { path: { id: consentId }, auth: s.dsb, expect: 403 });
    await c.call('POST', withdrawal, { path: { id: consentId }, expect: 401 });

    const objections = '/api/v1/me/objections';
    const filed = await c.call('POST', objections, {
        auth: s.erika, json: { event_id: events.eventId, reason: 'Warum wurde meine Anschrift abgerufen?', restrict_processing: true }, expect: 201,
    });
    await c.call('POST', objections, { auth: s.erika, json: { purpose_id: p.a, reason: 'Nochmals.' }, expect: 409, label: 'pending' });
    await c.call('POST', objections, { auth: s.max, json: { event_id: events.eventId, reason: 'Fremd.' }, expect: 404, label: 'not his event' });
    await c.call('POST', objections, { auth: s.erika, json: { purpose_id: p.consent, reason: 'Einwilligung.' }, expect: 400, label: 'consent-based' });
    await c.call('POST', objections, { auth: s.erika, json: { event_id: 1, purpose_id: 1, reason: 'Beides.' }, expect: 400, label: 'both' });
    await c.call('POST', objections, { auth: s.erika, json: {}, expect: 400 });
    await c.call('POST', objections, { auth: s.dsb, json: { purpose_id: p.a, reason: 'x' }, expect: 403 });
    await c.call('POST', objections, { json: { purpose_id: p.a, reason: 'x' }, expect: 401 });
    await c.call('POST', objections, { auth: s.erika, raw: 'x', type: 'text/plain', expect: 415 });
    await c.call('GET', objections, { auth: s.erika, expect: 200 });
    await c.call('GET', objections, { auth: s.dsb, expect: 403 });
    await c.call('GET', objections, { expect: 401 });
    const objectionId = filed.json?.id;
    const myObjection = '/api/v1/me/objections/{id}';
    await c.call('GET', myObjection, { path: { id: objectionId }, auth: s.erika, expect: 200 });
    await c.call('GET', myObjection, { path: { id: objectionId }, auth: s.max, expect: 404, label: 'not his' });
    await c.call('GET', myObjection, { path: { id: objectionId }, auth: s.dsb, expect: 403 });
    await c.call('GET', myObjection, { path: { id: objectionId }, expect: 401 });

    const exported = '/api/v1/me/export';
    await c.call('GET', exported, { auth: s.erika, expect: 200, label: 'default json' });
    await c.call('GET', exported, { auth: s.erika, query: { format: 'csv' }, expect: 200 });
    await c.call('GET', exported, { auth: s.erika, query: { format: 'xml' }, expect: 400 });
    await c.call('GET', exported, { auth: s.staff, expect: 403 });
    await c.call('GET', exported, { expect: 401 });
    return { objectionId };
}

async function dpoSide(c, s, filed) {
    const queue = '/api/v1/objections';
    await c.call('GET', queue, { auth: s.dsb, expect: 200 });
    const all = await c.call('GET', queue, { auth: s.dsb, query: { status: 'all' }, expect: 200 });
    await c.call('GET', queue, { auth: s.dsbKfz, query: { status: 'upheld' }, expect: 200 });
    await c.call('GET', queue, { auth: s.dsb, query: { status: 'offen' }, expect: 400 });
    await c.call('GET', queue, { auth: s.erika, expect: 403 });
    await c.call('GET', queue, { expect: 401 });

    const one = '/api/v1/objections/{id}';
    const opened = await c.call('GET', one, { path: { id: filed.objectionId }, auth: s.dsbKfz, expect: 200 });
    const foreign = (all.json?.items ?? []).find((o) => o.agency?.code !== 'kfz-zulassung-leipzig');
    if (foreign) {
        await c.call('GET', one, { path: { id: foreign.id }, auth: s.dsbKfz, expect: 404, label: 'agency not covered' });
    } else {
        fail('objection queue', 'the demo has no objection of another agency');
    }
    await c.call('GET', one, { path: { id: 999999 }, auth: s.dsb, expect: 404 });
    await c.call('GET', one, { path: { id: filed.objectionId }, auth: s.erika, expect: 403 });
    await c.call('GET', one, { path: { id: filed.objectionId }, expect: 401 });

    const extension = '/api/v1/objections/{id}/extension';
    const extend = { months: 2, reason: 'Die Prüfung braucht eine Stellungnahme der Behörde.' };
    const at = (etag) => ({ 'If-Match': etag });
    let etag = String(opened.headers.etag ?? '');
    await c.call('POST', extension, { path: { id: filed.objectionId }, auth: s.dsb, json: extend, expect: 428 });
    await c.call('POST', extension, { path: { id: filed.objectionId }, auth: s.dsb, headers: at('"99"'), json: extend, expect: 412 });
    await c.call('POST', extension, { path: { id: filed.objectionId }, auth: s.dsb, headers: at(etag), json: { months: 3, reason: 'x' }, expect: 400 });
    const extended = await c.call('POST', extension, { path: { id: filed.objectionId }, auth: s.dsb, headers: at(etag), json: extend, expect: 200 });
    etag = String(extended.headers.etag ?? '');
    await c.call('POST', extension, { path: { id: filed.objectionId }, auth: s.dsb, headers: at(etag), json: extend, expect: 409, label: 'extended before' });
    await c.call('POST', extension, { path: { id: 999999 }, auth: s.dsb, headers: at(etag), json: extend, expect: 404 });
    await c.call('POST', extension, { path: { id: filed.objectionId }, auth: s.erika, headers: at(etag), json: extend, expect: 403 });
    await c.call('POST', extension, { path: { id: filed.objectionId }, headers: at(etag), json: extend, expect: 401 });
    await c.call('POST', extension, { path: { id: filed.objectionId }, auth: s.dsb, headers: at(etag), raw: 'x', type: 'text/plain', expect: 415 });

    const decision = '/api/v1/objections/{id}/decision';
    const verdict = { outcome: 'upheld', reason: 'Der Abruf war nicht erforderlich.' };
    await c.call('POST', decision, { path: { id: filed.objectionId }, auth: s.dsb, json: verdict, expect: 428 });
    await c.call('POST', decision, { path: { id: filed.objectionId }, auth: s.dsb, headers: at('"1"'), json: verdict, expect: 412 });
    await c.call('POST', decision, { path: { id: filed.objectionId }, auth: s.dsb, headers: at(etag), json: { outcome: 'vielleicht', reason: 'x' }, expect: 400 });
    await c.call('POST', decision, { path: { id: filed.objectionId }, auth: s.dsb, headers: at(etag), json: {}, expect: 400, label: 'empty' });
    const decided = await c.call('POST', decision, { path: { id: filed.objectionId }, auth: s.dsb, headers: at(etag), json: verdict, expect: 200 });
    etag = String(decided.headers.etag ?? '');
    await c.call('POST', decision, { path: { id: filed.objectionId }, auth: s.dsb, headers: at(etag), json: verdict, expect: 409, label: 'decided before' });
    await c.call('POST', extension, { path: { id: filed.objectionId }, auth: s.dsb, headers: at(etag), json: extend, expect: 409, label: 'decided' });
    await c.call('POST', decision, { path: { id: 999999 }, auth: s.dsb, headers: at(etag), json: verdict, expect: 404 });
    await c.call('POST', decision, { path: { id: filed.objectionId }, auth: s.max, headers: at(etag), json: verdict, expect: 403 });
    await c.call('POST', decision, { path: { id: filed.objectionId }, headers: at(etag), json: verdict, expect: 401 });
    await c.call('POST', decision, { path: { id: filed.objectionId }, auth: s.dsb, headers: at(etag), raw: 'x', type: 'text/plain', expect: 415 });
    await c.call('GET', '/api/v1/me/objections/{id}', { path: { id: filed.objectionId }, auth: s.erika, expect: 200, label: 'decided' });

    const audit = '/api/v1/audit';
    const page = await c.call('GET', audit, { auth: s.dsb, query: { limit: 5 }, expect: 200 });
    const last = page.json?.items?.at(-1)?.id;
    if (last) await c.call('GET', audit, { auth: s.dsb, query: { limit: 5, before: last }, expect: 200, label: 'next page' });
    await c.call('GET', audit, { auth: s.dsb, query: { limit: 0 }, expect: 400 });
    await c.call('GET', audit, { auth: s.dsb, query: { before: 'x' }, expect: 400 });
    await c.call('GET', audit, { auth: s.dsbKfz, expect: 403 });
    await c.call('GET', audit, { auth: s.erika, expect: 403 });
    await c.call('GET', audit, { expect: 401 });

    const monthly = '/api/v1/me/statistics/monthly';
    const months = await c.call('GET', monthly, { auth: s.erika, expect: 200 });
    if ((months.json?.months ?? []).reduce((n, m) => n + m.accesses, 0) < 250) {
      fail('monthly statistics', 'the demo citizen should have hundreds of accesses');
    }
    await c.call('GET', monthly, { auth: s.dsb, expect: 403 });
    await c.call('GET', monthly, { expect: 401 });
    const weekly = '/api/v1/statistics/agency-weekly';
    const volume = await c.call('GET', weekly, { auth: s.dsb, expect: 200 });
    if (!(volume.json?.agencies ?? []).some((a) => a.unusual && a.agency.code === 'polizei-leipzig')) {
      fail('agency volume', 'the demo police burst should be flagged as unusual');
    }
    await c.call('GET', weekly, { auth: s.dsbKfz, expect: 200, label: 'scoped DPO' });
    await c.call('GET', weekly, { auth: s.erika, expect: 403 });
    await c.call('GET', weekly, { expect: 401 });
    const agencyLog = '/api/v1/agencies/{code}/access-events';
    const police = { code: 'polizei-leipzig' };
    const logPage = await c.call('GET', agencyLog, { path: police, auth: s.dsb, query: { limit: 2 }, expect: 200 });
    if (!(logPage.json?.items ?? []).every((item) => /^B-[0-9a-f]{10}$/.test(item.citizen_ref ?? ''))) {
      fail('agency log', 'every entry should carry a pseudonymous citizen_ref');
    }
    if (logPage.json?.next_cursor) {
      await c.call('GET', agencyLog, { path: police, auth: s.dsb, query: { limit: 2, cursor: logPage.json.next_cursor }, expect: 200, label: 'next page' });
    } else {
      fail('agency log paging', 'the demo police has more than two entries, yet no next_cursor');
    }
    await c.call('GET', agencyLog, {
      path: police, auth: s.dsb, expect: 200, label: 'filters',
      query: { outcome: 'allowed', category: 'address', from: '2020-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' },
    });
    await c.call('GET', agencyLog, { path: police, auth: s.dsb, query: { limit: 0 }, expect: 400 });
    await c.call('GET', agencyLog, { path: police, auth: s.dsbKfz, expect: 404, label: 'not covered' });
    await c.call('GET', agencyLog, { path: { code: 'nirgends' }, auth: s.dsb, expect: 404, label: 'unknown agency' });
    await c.call('GET', agencyLog, { path: police, auth: s.erika, expect: 403 });
    await c.call('GET', agencyLog, { path: police, expect: 401 });
}

// The verifiable log: public reads, and a citizen's proofs of her own entries.
async function logOperations(c, s, events) {
    await c.call('GET', '/api/v1/log/public-key', { expect: 200 });
    const latest = await c.call('GET', '/api/v1/log/checkpoint', { expect: 200 });
    const size = Number(latest.body.split('\n')[1]);
    if (!(size > 0)) fail('checkpoint', `no tree size in ${latest.body}`);
    const bySize = '/api/v1/log/checkpoints/{size}';
    await c.call('GET', bySize, { path: { size }, expect: 200 });
    await c.call('GET', bySize, { path: { size: 'abc' }, expect: 400 });
    await c.call('GET', bySize, { path: { size: -1 }, expect: 400, label: 'negative' });
    await c.call('GET', bySize, { path: { size: size + 1_000_000 }, expect: 404 });
    const consistency = '/api/v1/log/consistency';
    await c.call('GET', consistency, { query: { first: 1, second: size }, expect: 200 });
    await c.call('GET', consistency, { query: { first: 0, second: size }, expect: 200, label: 'from the empty log' });
    await c.call('GET', consistency, { query: { first: size }, expect: 400, label: 'second missing' });
    await c.call('GET', consistency, { query: { first: 2, second: 1 }, expect: 400, label: 'first > second' });
    await c.call('GET', consistency, { query: { first: 1, second: size + 1_000_000 }, expect: 400, label: 'beyond the signed size' });
    const proofs = '/api/v1/me/access-proofs';
    await c.call('GET', proofs, { auth: s.erika, query: { ids: `${events.eventId}` }, expect: 200 });
    await c.call('GET', proofs, { auth: s.max, query: { ids: `${events.eventId}` }, expect: 404, label: 'not his' });
    await c.call('GET', proofs, { auth: s.erika, query: { ids: 'abc' }, expect: 400 });
    await c.call('GET', proofs, { auth: s.erika, expect: 400, label: 'ids missing' });
    await c.call('GET', proofs, { auth: s.dsb, query: { ids: `${events.eventId}` }, expect: 403 });
    await c.call('GET', proofs, { query: { ids: `${events.eventId}` }, expect: 401 });
}

// A witness of the conformance run: an Ed25519 key in C2SP signed-note form (name, key id =
// the first 4 bytes of SHA-256(name "\n" 0x01 key), verifier "name+id+base64(0x01 key)"),
// made with Node's crypto, independently of the server's code.
function noteKey(name) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    const typed = Buffer.concat([Buffer.from([1]), raw]);
    const keyId = createHash('sha256').update(Buffer.concat([Buffer.from(`${name}\n`), typed])).digest().subarray(0, 4);
    return {
        name, verifierKey: `${name}+${keyId.toString('hex')}+${typed.toString('base64')}`,
        line: (text) => `— ${name} ${Buffer.concat([keyId, sign(null, Buffer.from(text), privateKey)]).toString('base64')}\n`,
    };
}
const WITNESS = noteKey('conformance.test/witness');

async function cosignatures(c) {
    await c.call('GET', '/api/v1/log/cosigned-checkpoint', { expect: 404, label: 'none yet' });
    const note = (await c.call('GET', '/api/v1/log/checkpoint', { expect: 200 })).body;
    const text = note.slice(0, note.indexOf('\n\n') + 1);
    const size = Number(text.split('\n')[1]);
    const path = '/api/v1/log/checkpoints/{size}/cosignatures';
    const line = WITNESS.line(text);
    const type = 'text/plain; charset=utf-8';
    await c.call('POST', path, { path: { size }, raw: line, type, expect: 201 });
    await c.call('POST', path, { path: { size }, raw: line, type, expect: 200, label: 'again' });
    await c.call('POST', path, { path: { size }, raw: 'no signature', type, expect: 400, label: 'not a line' });
    await c.call('POST', path, { path: { size }, raw: WITNESS.line(`${text}x\n`), type, expect: 400, label: 'another text' });
    await c.call('POST', path, { path: { size }, raw: noteKey('stranger.test/witness').line(text), type, expect: 403, label: 'unknown witness' });
    await c.call('POST', path, { path: { size: size + 1_000_000 }, raw: line, type, expect: 404, label: 'no such checkpoint' });
    const cosigned = await c.call('GET', '/api/v1/log/cosigned-checkpoint', { expect: 200 });
    if (!cosigned.body.endsWith(line)) fail('cosigned checkpoint', `the witness's line is not served:\n${cosigned.body}`);
    const key = await c.call('GET', '/api/v1/log/public-key', { expect: 200, label: 'with the witness' });
    if (!key.json?.witness_keys?.includes(WITNESS.verifierKey)) fail('public key', 'witness_keys lacks the configured witness');
}

async function apiKeys(c, s) {
    const keys = '/api/v1/agency/api-keys';
    await c.call('GET', keys, { auth: s.staff, expect: 200 });
    await c.call('GET', keys, { auth: { key: KFZ_KEY }, expect: 401 });
    await c.call('GET', keys, { auth: s.dsb, expect: 403 });
    await c.call('GET', keys, { expect: 401 });
    const created = await c.call('POST', keys, { auth: s.staff, json: { label: 'Konformitätstest' }, expect: 201 });
    await c.call('POST', keys, { auth: s.staff, json: { label: 'x'.repeat(101) }, expect: 400 });
    await c.call('POST', keys, { auth: s.staff, json: {}, expect: 400, label: 'empty' });
    await c.call('POST', keys, { auth: s.staff, raw: 'x', type: 'text/plain', expect: 415 });
    await c.call('POST', keys, { auth: s.erika, json: { label: 'x' }, expect: 403 });
    await c.call('POST', keys, { json: { label: 'x' }, expect: 401 });
    const secret = created.json?.key;
    await c.call('GET', '/api/v1/purposes', { auth: { key: secret }, expect: 200, label: 'new key' });
    await c.call('GET', keys, { auth: s.staff, expect: 200, label: 'after create' });
    const one = '/api/v1/agency/api-keys/{id}';
    await c.call('DELETE', one, { path: { id: created.json?.id }, auth: s.erika, expect: 403 });
    await c.call('DELETE', one, { path: { id: created.json?.id }, expect: 401 });
    await c.call('DELETE', one, { path: { id: created.json?.id }, auth: s.staff, expect: 204 });
    await c.call('DELETE', one, { path: { id: created.json?.id }, auth: s.staff, expect: 404, label: 'revoked before' });
    await c.call('DELETE', one, { path: { id: '-1' }, auth: s.staff, expect: 404 });
    await c.call('GET', keys, { auth: s.staff, expect: 200, label: 'after revoke' });
    await c.call('POST', '/api/v1/access-events', { auth: { key: secret }, json: accessBody(1), expect: 401, label: 'revoked key' });
}

// ---------------------------------------------------------------------------------------------

async function main() {
    const args = parseArgs(process.argv.slice(2));
    const started = Date.now();
    let specText;
    let contract;
    try {
        specText = readFileSync(args.spec, 'utf8');
        contract = new Contract(YAML.parse(specText, { prettyErrors: true }));
    } catch (error) {
        fail(args.spec, `not a readable OpenAPI document: ${error.message}`);
        console.log(`${results.passed} passed, ${results.failed} failed`);
        process.exitCode = 1;
        return;
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'einblick-api-'));
    const postgresql = args.pgUrlFile ? freshPostgresqlDatabase(args.pgUrlFile) : undefined;
    const cleanUp = () => {
        rmSync(dir, { recursive: true, force: true });
        if (postgresql) postgresql.drop();
    };
    const server = startServer(args.server, dir, ['--witness-key', WITNESS.verifierKey], postgresql);
    const watchdog = setTimeout(() => {
        console.log(`FAIL the whole test: not finished within ${TOTAL_TIMEOUT_MS / 1000} s`);
        server.child.kill('SIGKILL');
        cleanUp();
        process.exit(2);
    }, TOTAL_TIMEOUT_MS);
    try {
        const base = await server.listening;
        const c = new Client(base, contract);

        const served = await send(base, 'GET', '/api/openapi.yaml', {});
        if (served.body !== specText) {
            fail('served document', `/api/openapi.yaml differs from ${args.spec} (re-run cmake to embed the current file)`);
        } else if (!served.body.startsWith('openapi: 3.1')) {
            fail('served document', 'does not start with "openapi: 3.1"');
        } else {
            pass();
        }

        await publicOperations(c);
        const sessionsOf = await sessions(c);
        const purposeIds = await purposes(c, sessionsOf);
        const events = await agencySide(c, purposeIds);
        const filed = await citizenSide(c, sessionsOf, purposeIds, events);
        await dpoSide(c, sessionsOf, filed);
        await logOperations(c, sessionsOf, events);
        await cosignatures(c);
        await apiKeys(c, sessionsOf);

        // Every operation of the document was called, and answered successfully at least once.
        for (const operation of contract.operations()) {
            const statuses = contract.exercised.get(operation);
            if (!statuses) fail('coverage', `${operation} was never called`);
            else if (![...statuses].some((status) => status < 300)) fail('coverage', `${operation} never succeeded`);
            else pass();
        }
    } catch (error) {
        fail('the test', error.stack ?? String(error));
    } finally {
        const exit = await stopServer(server);
        if (exit.code === 0) pass();
        else fail('shutdown', `SIGTERM should end the server with exit code 0, got ${exit.code ?? exit.signal}\n${server.output()}`);
        clearTimeout(watchdog);
        cleanUp();
    }
    console.log(`took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`${results.passed} passed, ${results.failed} failed`);
    process.exitCode = results.failed === 0 ? 0 : 1;
}

await main();
