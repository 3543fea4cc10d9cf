#!/usr/bin/env node
// docs/openapi.yaml states the API's rules exactly as shared/ defines them.
//
// The rules come from shared/ itself: `einblick_api_rules_dump` (api_rules_dump.cpp) prints every
// limit, default and enumeration of api_rules.hpp and vocabulary.hpp with the places of the
// document that state it. This script checks
//   1. each of those places: the value there equals the constant; an enum list has exactly the
//      wire texts (in any order, no duplicates); a description contains the sentence;
//   2. the other direction: every limit keyword (maxLength, maxItems, maximum, …), enum list and
//      number or string default anywhere in the document is claimed by a rule, so a limit cannot
//      be written into the document alone. Lower bounds of 0 and 1 (non-empty, positive) are
//      structure, not limits; the few others that are not the API's rules are listed below.
//
//   node api_rules.mjs --rules build/ci/tests/api/einblick_api_rules_dump [--spec docs/openapi.yaml]
//
// Prints one line per difference and a summary; exits non-zero on any difference.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import YAML from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));

// Keywords of the document that are not rules of shared/, each with the reason.
const NOT_API_RULES = new Map([
    ['/components/schemas/Problem/properties/status/minimum', 'HTTP: an error status is 4xx or 5xx'],
    ['/components/schemas/Problem/properties/status/maximum', 'HTTP: an error status is 4xx or 5xx'],
    ['/components/schemas/Problem400/allOf/1/properties/type/enum',
        'problem types are the server\'s (problem_response.cpp); openapi_conformance.mjs checks them'],
]);

const LIMIT_KEYWORDS = new Set(['maxLength', 'minLength', 'maxItems', 'minItems', 'maximum', 'minimum',
    'exclusiveMaximum', 'exclusiveMinimum', 'multipleOf', 'maxProperties', 'minProperties']);
const LOWER_BOUNDS = new Set(['minLength', 'minItems', 'minimum', 'minProperties']);

function parseArgs(argv) {
    const args = { spec: path.resolve(here, '../../docs/openapi.yaml') };
    for (let i = 0; i < argv.length; ++i) {
        if (argv[i] === '--rules') args.rules = argv[++i];
        else if (argv[i] === '--spec') args.spec = argv[++i];
        else throw new Error(`unknown argument ${argv[i]}`);
    }
    if (!args.rules) throw new Error('usage: api_rules.mjs --rules <einblick_api_rules_dump> [--spec <openapi.yaml>]');
    return args;
}

let failures = 0;
let checks = 0;
function check(ok, message) {
    checks += 1;
    if (!ok) {
        failures += 1;
        console.log(`FAIL ${message}`);
    }
}

// JSON Pointer (RFC 6901); in an array a segment that is not an index picks the element whose
// `name` it is (operation parameters). undefined when nothing is there.
function resolve(document, pointer) {
    let node = document;
    for (const raw of pointer.split('/').slice(1)) {
        const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
        if (Array.isArray(node)) {
            node = /^\d+$/.test(segment) ? node[Number(segment)] : node.find((e) => e?.name === segment);
        } else if (node !== null && typeof node === 'object') {
            node = Object.hasOwn(node, segment) ? node[segment] : undefined;
        } else {
            return undefined;
        }
        if (node === undefined) return undefined;
    }
    return node;
}

// The pointer of the same node written with indices (as walk() reports it).
function canonical(document, pointer) {
    let node = document;
    const out = [];
    for (const raw of pointer.split('/').slice(1)) {
        const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
        let key = segment;
        if (Array.isArray(node) && !/^\d+$/.test(segment)) {
            key = String(node.findIndex((e) => e?.name === segment));
        }
        node = node?.[key];
        out.push(key.replaceAll('~', '~0').replaceAll('/', '~1'));
    }
    return '/' + out.join('/');
}

function* walk(node, pointer = '') {
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
        const here = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
        yield [key, child, here];
        yield* walk(child, here);
    }
}

function main() {
    const args = parseArgs(process.argv.slice(2));
    const document = YAML.parse(readFileSync(args.spec, 'utf8'));
    const rules = JSON.parse(execFileSync(args.rules, { encoding: 'utf8' }));
    const claimed = new Set();

    for (const { rule, value, at } of rules.values) {
        for (const pointer of at) {
            claimed.add(canonical(document, pointer));
            const stated = resolve(document, pointer);
            check(stated === value, `${rule} is ${JSON.stringify(value)}, but ${pointer} says ${JSON.stringify(stated)}`);
        }
    }
    for (const { rule, values, at } of rules.enums) {
        for (const pointer of at) {
            claimed.add(canonical(document, pointer));
            const stated = resolve(document, pointer);
            if (!Array.isArray(stated)) {
                check(false, `${rule}: ${pointer} is no enum list (${JSON.stringify(stated)})`);
                continue;
            }
            const missing = values.filter((v) => !stated.includes(v));
            const extra = stated.filter((v) => !values.includes(v));
            check(missing.length === 0 && extra.length === 0 && new Set(stated).size === stated.length,
                `${rule} is [${values.join(', ')}], but ${pointer} says [${stated.join(', ')}]` +
                (missing.length ? `; missing ${missing.join(', ')}` : '') +
                (extra.length ? `; not in shared/: ${extra.join(', ')}` : ''));
        }
    }
    for (const { rule, contains, at } of rules.texts) {
        const stated = resolve(document, at);
        check(typeof stated === 'string' && stated.includes(contains),
            `${rule}: ${at} should say "${contains}", but says ${JSON.stringify(stated)}`);
    }

    for (const pointer of NOT_API_RULES.keys()) {
        check(resolve(document, pointer) !== undefined, `the exception ${pointer} is no longer in the document`);
    }
    for (const [key, value, pointer] of walk(document)) {
        if (claimed.has(pointer) || NOT_API_RULES.has(pointer)) continue;
        if (LIMIT_KEYWORDS.has(key) && typeof value === 'number') {
            const structural = LOWER_BOUNDS.has(key) && (value === 0 || value === 1);
            check(structural, `${pointer}: ${key} ${value} is no constant of shared/api_rules.hpp (add one, and claim it in api_rules_dump.cpp)`);
        } else if (key === 'enum' && Array.isArray(value)) {
            check(false, `${pointer}: enum [${value.join(', ')}] is no enumeration of shared/ (add one, and claim it in api_rules_dump.cpp)`);
        } else if (key === 'default' && (typeof value === 'number' || typeof value === 'string')) {
            check(false, `${pointer}: default ${JSON.stringify(value)} is no constant of shared/ (add one, and claim it in api_rules_dump.cpp)`);
        }
    }

    console.log(`${checks - failures} passed, ${failures} failed`);
    process.exit(failures === 0 ? 0 : 1);
}

main();
