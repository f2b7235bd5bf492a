/**
 * Validates a request against its operation before the operation runs (prism's
 * `validateInput` step): parameters coerced from text, the body parsed by its media
 * type and checked against the spec. A failure names the first problem and never
 * reaches the operation.
 */

import type { ErrorObject } from 'ajv/dist/2020.js';
import { fail, ok, type Result } from '../spec/result.js';
import { type MockRequest, mediaTypeOf } from './http.js';
import type { OperationSpec } from './operation-table.js';

/** What an operation receives: every input already valid against the spec. */
export interface ValidInput {
  readonly path: Record<string, unknown>;
  readonly query: Record<string, unknown>;
  readonly headers: Record<string, unknown>;
  /** The parsed, validated body (defaults filled in), or `undefined` without one. */
  readonly body: unknown;
  /** The body's media type, e.g. `application/json`, or '' without a body. */
  readonly mediaType: string;
}

export type Invalid = { readonly status: 400 | 415; readonly message: string };
export type Validation = Result<ValidInput, Invalid>;

const invalid = (status: 400 | 415, message: string) => fail<Invalid>({ status, message });

/** One Ajv error in a client's words: `body.ticket.price: must be >= 0`, `body: missing "type"`. */
function describe(where: string, error: ErrorObject): string {
  const at = `${where}${error.instancePath.replaceAll('/', '.')}`;
  const params = error.params as {
    additionalProperty?: string;
    unevaluatedProperty?: string;
    missingProperty?: string;
  };
  const unknown = params.additionalProperty ?? params.unevaluatedProperty;
  if (unknown !== undefined) return `${at}: unknown member ${JSON.stringify(unknown)}`;
  if (params.missingProperty !== undefined) return `${at}: missing ${JSON.stringify(params.missingProperty)}`;
  return `${at}: ${error.message ?? error.keyword}`;
}

/**
 * The first few distinct Ajv errors, joined; `if` and combinator wrappers only repeat their
 * inner errors, and the branches of a `oneOf` often say the same thing.
 */
function explain(where: string, errors: readonly ErrorObject[] | null | undefined): string {
  const lines = new Set(
    // Stryker disable next-line ArrayDeclaration: Ajv sets its errors whenever it answers false
    (errors ?? [])
      .filter((error) => error.keyword !== 'if' && error.keyword !== 'anyOf' && error.keyword !== 'oneOf')
      .map((error) => describe(where, error)),
  );
  return lines.size > 0 ? [...lines].slice(0, 3).join('; ') : `${where}: invalid`;
}

/** A form body as an object; a repeated field becomes an array. Own, plain properties only. */
function formFields(text: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const previous = Object.hasOwn(fields, key) ? fields[key] : undefined;
    const next = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
    Object.defineProperty(fields, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return fields;
}

function queryObject(operation: OperationSpec, query: URLSearchParams): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const param of operation.params) {
    if (param.in !== 'query' || !query.has(param.name)) continue;
    values[param.name] = param.array ? query.getAll(param.name) : query.get(param.name);
  }
  return values;
}

function headerObject(operation: OperationSpec, headers: Readonly<Record<string, string>>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const param of operation.params) {
    if (param.in !== 'header') continue;
    // an absent header reads as undefined: a member Ajv and every operation take as absent
    values[param.name] = headers[param.name.toLowerCase()];
  }
  return values;
}

/**
 * How deep a JSON body may nest. Free-form members (Auvious `properties`) take any JSON, but
 * a value thousands of levels deep overflows the stack of every recursive step after the
 * parse (the store's copy, JSON.stringify), so the request is refused before it. Jackson,
 * behind the Spring APIs, stops at 1,000 by default; real payloads nest a few levels.
 */
const MAX_NESTING = 256;

/** Whether arrays and objects in JSON text nest deeper than `max` (brackets inside strings do not count). */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c)
        index += 1; // a backslash escapes the next character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      depth += 1;
      if (depth > max) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}

type ParsedBody = Result<{ readonly body: unknown; readonly mediaType: string }, Invalid>;

const NO_BODY: ParsedBody = ok({ body: undefined, mediaType: '' });

function parseBody(operation: OperationSpec, request: MockRequest): ParsedBody {
  const spec = operation.body;
  const text = request.body;
  if (spec === undefined) return NO_BODY;
  if (text === undefined || text === '') {
    return spec.required ? invalid(400, 'the request body is required') : NO_BODY;
  }
  const mediaType = mediaTypeOf(request.headers['content-type']);
  const validate = spec.media.get(mediaType);
  if (validate === undefined) {
    const accepted = [...spec.media.keys()].join(' or ');
    const status = operation.responses.has('415') ? 415 : 400;
    return invalid(
      status,
      `Content-Type must be ${accepted}, not ${mediaType === '' ? 'missing' : JSON.stringify(mediaType)}`,
    );
  }
  let body: unknown;
  if (mediaType === 'application/x-www-form-urlencoded') {
    body = formFields(text);
  } else {
    // deeper than MAX_NESTING takes more than MAX_NESTING characters: a short body is not scanned
    if (text.length > MAX_NESTING && nestsDeeperThan(text, MAX_NESTING)) {
      return invalid(400, `malformed JSON: nested deeper than ${MAX_NESTING} levels`);
    }
    try {
      // JSON.parse makes `__proto__` an own data property, never a prototype: safe to keep.
      // A leading byte-order mark is ignored (RFC 8259 §8.1 allows it), as a fetch-style
      // UTF-8 decoding does before us in msw, so both adapters read the same body.
      body = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
    } catch (error) {
      return invalid(400, `malformed JSON: ${(error as Error).message}`);
    }
  }
  if (!validate(body)) return invalid(400, explain('body', validate.errors));
  const inexact =
    mediaType === 'application/x-www-form-urlencoded' ? inexactNumber(body as Record<string, unknown>) : undefined;
  if (inexact !== undefined) {
    return invalid(
      400,
      `body.${inexact}: must be a number from -${Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`,
    );
  }
  return ok({ body, mediaType });
}

/**
 * The first number read from text that JSON cannot carry back exactly: Infinity from a
 * run of 400 digits, or an integer past 2^53 (coercion passes both, and an answer that
 * echoes them, like a page's `offset`, would break its own schema).
 */
function inexactNumber(values: Record<string, unknown>): string | undefined {
  for (const [name, value] of Object.entries(values)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'number' && !(Number.isFinite(item) && Math.abs(item) <= Number.MAX_SAFE_INTEGER)) {
        return name;
      }
    }
  }
  return undefined;
}

/** Checks `request` against `operation`; the path parameters come from the router. */
export function validateRequest(
  operation: OperationSpec,
  request: MockRequest,
  pathParams: Record<string, string>,
): Validation {
  const path: Record<string, unknown> = { ...pathParams };
  const query = queryObject(operation, request.query);
  const headers = headerObject(operation, request.headers);
  const checks = [
    ['path', path],
    ['query', query],
    ['header', headers],
  ] as const;
  for (const [location, values] of checks) {
    const validate = operation.paramValidators[location];
    if (validate !== undefined && !validate(values)) return invalid(400, explain(location, validate.errors));
    const inexact = inexactNumber(values);
    if (inexact !== undefined) {
      return invalid(
        400,
        `${location}.${inexact}: must be a number from -${Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`,
      );
    }
  }
  const parsed = parseBody(operation, request);
  if (!parsed.ok) return parsed;
  return ok({ path, query, headers, body: parsed.value.body, mediaType: parsed.value.mediaType });
}
