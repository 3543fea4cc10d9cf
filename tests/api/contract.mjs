// docs/openapi.yaml as a contract: finds the operation and the documented response of an
// answer and checks status, content type, body (JSON Schema 2020-12 via ajv, every $ref
// resolved), documented headers, and that an accepted request body is one the document allows.

import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

// The document

function pointerEscape(segment) {
    return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export class Contract {
    constructor(document) {
        this.document = document;
        this.ajv = new Ajv2020({ strict: false, allErrors: true });
        addFormats(this.ajv);
        this.ajv.addFormat('password', true);
        this.ajv.addSchema(document, 'openapi');
        this.validators = new Map();
        this.exercised = new Map(); // "METHOD /path" -> Set of statuses seen
    }

    // Follows a local $ref (of a response, header or parameter object); returns [object, pointer].
    resolve(object, pointer) {
        let guard = 0;
        while (object && typeof object.$ref === 'string') {
            if (!object.$ref.startsWith('#/') || ++guard > 10) throw new Error(`cannot resolve ${object.$ref}`);
            pointer = object.$ref.slice(1);
            object = pointer.split('/').slice(1)
                .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
                .reduce((node, key) => (node === undefined ? undefined : node[key]), this.document);
        }
        return [object, pointer];
    }

    validator(pointer) {
        if (!this.validators.has(pointer)) {
            this.validators.set(pointer, this.ajv.compile({ $ref: `openapi#${pointer}` }));
        }
        return this.validators.get(pointer);
    }

    validate(pointer, value) {
        const validate = this.validator(pointer);
        if (validate(value)) return null;
        return this.ajv.errorsText(validate.errors, { dataVar: 'body' });
    }

    operation(method, template) {
        const item = this.document.paths?.[template];
        const op = item?.[method.toLowerCase()];
        return op ? { op, pointer: `/paths/${pointerEscape(template)}/${method.toLowerCase()}` } : null;
    }

    operations() {
        const list = [];
        for (const [template, item] of Object.entries(this.document.paths)) {
            for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
                if (item[method]) list.push(`${method.toUpperCase()} ${template}`);
            }
        }
        return list;
    }
}

const englishWords = /\b(the|is|are|and|of|only|once|already|meanwhile|before|objection)\b/i;

// Checks one answer against the contract; returns a list of problems (empty: conforms).
export function conformance(contract, method, template, request, response) {
    const problems = [];
    const found = contract.operation(method, template);
    if (!found) return [`${method} ${template} is not in the document`];
    const key = `${method} ${template}`;
    if (!contract.exercised.has(key)) contract.exercised.set(key, new Set());
    contract.exercised.get(key).add(response.status);

    const responsePointer = `${found.pointer}/responses/${response.status}`;
    const [definition, definitionPointer] = contract.resolve(found.op.responses?.[String(response.status)], responsePointer);
    if (!definition) return [`status ${response.status} is not documented for ${key}`];

    // Content type and body.
    const contentType = String(response.headers['content-type'] ?? '');
    const mediaType = contentType.split(';')[0].trim().toLowerCase();
    if (!definition.content) {
        if (response.body.length > 0) problems.push(`documented without body, got ${response.body.length} bytes (${contentType})`);
    } else if (!(mediaType in definition.content)) {
        problems.push(`content type "${contentType}" is not among ${Object.keys(definition.content).join(', ')}`);
    } else if (definition.content[mediaType].schema) {
        const schemaPointer = `${definitionPointer}/content/${pointerEscape(mediaType)}/schema`;
        let body = response.body;
        let parsed = true;
        if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
            try {
                body = JSON.parse(response.body);
            } catch (error) {
                parsed = false;
                problems.push(`body is not JSON: ${error.message}`);
            }
        }
        if (parsed) {
            const error = contract.validate(schemaPointer, body);
            if (error) problems.push(`body does not match ${schemaPointer}: ${error}`);
            if (mediaType === 'application/problem+json' && body && typeof body === 'object') {
                if (body.status !== response.status) problems.push(`problem status ${body.status} != HTTP ${response.status}`);
                for (const field of ['title', 'detail']) {
                    if (englishWords.test(String(body[field] ?? ''))) problems.push(`problem ${field} is not German: "${body[field]}"`);
                }
            }
        }
    }

    // Documented headers.
    for (const [name, headerObject] of Object.entries(definition.headers ?? {})) {
        const [header, headerPointer] = contract.resolve(headerObject, `${definitionPointer}/headers/${pointerEscape(name)}`);
        const raw = response.headers[name.toLowerCase()];
        const value = Array.isArray(raw) ? raw.join(', ') : raw;
        if (value === undefined) {
            if (header.required) problems.push(`required header ${name} is missing`);
            continue;
        }
        if (header.schema) {
            const typed = header.schema.type === 'integer' && /^-?[0-9]+$/.test(value) ? Number(value) : value;
            const error = contract.validate(`${headerPointer}/schema`, typed);
            if (error) problems.push(`header ${name}: "${value}" does not match: ${error}`);
        }
    }

    // A request the server accepted must be one the document allows.
    if (response.status < 300 && request.json !== undefined) {
        const requestPointer = `${found.pointer}/requestBody`;
        const [requestBody, resolvedPointer] = contract.resolve(found.op.requestBody, requestPointer);
        if (!requestBody?.content?.['application/json']) {
            problems.push('the server accepted a JSON body the document does not describe');
        } else {
            const error = contract.validate(`${resolvedPointer}/content/application~1json/schema`, request.json);
            if (error) problems.push(`the server accepted a request body the document refuses: ${error}`);
        }
    }
    return problems;
}
