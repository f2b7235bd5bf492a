/**
 * Reads what a test run leaves into {@link Sighting}s: a journal (`mocks.control.journal()`,
 * an array; `GET /__mock/journal`, `{"entries": […]}`) or a HAR 1.2 file (`{"log":
 * {"entries": […]}}`: a browser's, Playwright's, `ticketmock record`'s). A journal entry
 * carries its operation and fault; a HAR entry carries them only as ticketmock's own
 * members (`_operationId`, `_fault`: HAR allows `_`-prefixed ones), else it is routed by its
 * method and URL path.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FaultKind } from '../../core/journal.js';
import { fail, ok, type Result } from '../../spec/result.js';
import type { HarFile, Sighting } from './types.js';

const FAULTS: readonly FaultKind[] = ['prefer', 'error', 'drop', 'rate-limit', 'latency'];
const OPERATION_ID = { type: ['string', 'null'] };
const STATUS = { type: 'integer', minimum: 0, maximum: 999 };

const JOURNAL_ENTRY = {
  type: 'object',
  required: ['method', 'path', 'status'],
  properties: {
    method: { type: 'string', minLength: 1 },
    path: { type: 'string', pattern: '^/' },
    status: STATUS,
    operationId: OPERATION_ID,
    fault: { enum: FAULTS },
  },
};

const HAR = {
  type: 'object',
  required: ['log'],
  properties: {
    log: {
      type: 'object',
      required: ['entries'],
      properties: {
        entries: {
          type: 'array',
          items: {
            type: 'object',
            required: ['request', 'response'],
            properties: {
              request: {
                type: 'object',
                required: ['method', 'url'],
                properties: { method: { type: 'string', minLength: 1 }, url: { type: 'string' } },
              },
              response: { type: 'object', required: ['status'], properties: { status: STATUS } },
              _operationId: OPERATION_ID,
              _fault: { enum: FAULTS },
            },
          },
        },
      },
    },
  },
};

type Check = ReturnType<Ajv2020['compile']>;
let checks: { journal: Check; journalDocument: Check; har: Check } | undefined;

/** Compiled on first use, not on import. Node-only (Ajv compiles with `new Function`), like the rest of `ticketmock/contract`. */
function compiled() {
  if (checks === undefined) {
    const ajv = new Ajv2020({ strict: true });
    checks = {
      journal: ajv.compile({ type: 'array', items: JOURNAL_ENTRY }),
      journalDocument: ajv.compile({
        type: 'object',
        required: ['entries'],
        properties: { entries: { type: 'array', items: JOURNAL_ENTRY } },
      }),
      har: ajv.compile(HAR),
    };
  }
  return checks;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first thing wrong, at its JSON pointer. */
function problem(validate: { errors?: unknown }, kind: string): string {
  const [error] = (validate.errors ?? []) as Array<{ instancePath: string; message?: string }>;
  return `not a ${kind}: ${error?.instancePath === '' ? '/' : error?.instancePath}: ${error?.message ?? 'invalid'}`;
}

const fromJournal = (entries: readonly Sighting[]): Sighting[] =>
  entries.map((entry) => ({
    method: entry.method.toUpperCase(),
    path: entry.path,
    status: entry.status,
    ...(entry.operationId === undefined ? {} : { operationId: entry.operationId }),
    ...(entry.fault === undefined ? {} : { fault: entry.fault }),
  }));

function fromHar(har: HarFile): Result<Sighting[]> {
  const sightings: Sighting[] = [];
  for (const [index, entry] of har.log.entries.entries()) {
    let path: string;
    try {
      path = new URL(entry.request.url).pathname;
    } catch {
      return fail(`not a HAR file: /log/entries/${index}/request/url: not an absolute URL`);
    }
    sightings.push({
      method: entry.request.method.toUpperCase(),
      path,
      status: entry.response.status,
      ...(entry._operationId === undefined ? {} : { operationId: entry._operationId }),
      ...(entry._fault === undefined ? {} : { fault: entry._fault }),
    });
  }
  return ok(sightings);
}

/**
 * The requests a recording holds, or why it is none: the message names the first thing
 * wrong at its JSON pointer (`not a journal: /entries/3/status: must be integer`).
 */
export function readRecording(value: unknown): Result<Sighting[]> {
  const check = compiled();
  if (Array.isArray(value)) {
    return check.journal(value) ? ok(fromJournal(value as Sighting[])) : fail(problem(check.journal, 'journal'));
  }
  if (isObject(value) && 'log' in value) {
    return check.har(value) ? fromHar(value as unknown as HarFile) : fail(problem(check.har, 'HAR file'));
  }
  if (isObject(value) && 'entries' in value) {
    return check.journalDocument(value)
      ? ok(fromJournal((value as { entries: Sighting[] }).entries))
      : fail(problem(check.journalDocument, 'journal'));
  }
  return fail(
    'neither a journal (the {"entries": […]} of GET /__mock/journal, or the array mocks.control.journal() returns) nor a HAR file ({"log": {"entries": […]}})',
  );
}
