/**
 * The control API (DESIGN.md, like WireMock's `/__admin`): the same operations in-process
 * (`mocks.control`) and over HTTP under `/__mock/*`. It acts on a {@link ControlTarget}
 * (the engine implements one) and knows nothing else of the engine.
 */
import { type Clock, isInstantText } from './clock.js';
import { type FaultConfig, parseFaultConfig } from './faults.js';
import type { Exchange, Har } from './har.js';
import type { MockRequest, MockResponse } from './http.js';
import type { JournalEntry } from './journal.js';
import type { ImportSummary } from './recording-import.js';
import type { DetailedEntry, RecordingKit } from './recording-kit.js';

export const CONTROL_PREFIX = '/__mock';

/**
 * What the control API acts on: one mock's data, clock, journal and faults. The engine is
 * one; anything with its own state, clock, journal and faults (a session of its own) can be
 * another, through {@link createControl}.
 */
export interface ControlTarget {
  /**
   * Back to the seeded dataset, with `seed` as the new seed when given; clears the journal.
   * All or nothing: on a failure the data stays as it was.
   */
  reset(seed?: number): Promise<void>;
  /** All data as JSON, the document {@link ControlTarget.importState} reads back. */
  exportState(): unknown;
  /** Replaces all data; throws an `Error` saying why on a document it refuses, leaving the data as it was. */
  importState(state: unknown): Promise<void>;
  readonly clock: Pick<Clock, 'now' | 'set' | 'advance'>;
  readonly journal: { entries(): JournalEntry[]; exchanges(): Exchange[] };
  /**
   * Recordings in and out (./recording-kit.ts); absent in a page's mocks without the devtools
   * panel, where `journal({ format: 'har' })` and imports are refused.
   */
  readonly recordings?: RecordingKit | undefined;
  /**
   * Adds every resource a recording (HAR, object or text) shows; all or nothing. Throws an
   * `Error` saying why on a recording it cannot read, leaving the data as it was.
   */
  importRecording(recording: unknown): Promise<ImportSummary>;
  /** The fault configuration in force; a valid one is set here (already checked). */
  faults: FaultConfig;
}

export interface MockControl {
  /** Back to the seeded dataset; clears the journal. */
  reset(): Promise<void>;
  /** A new seed, and the dataset it gives. */
  seed(seed: number): Promise<void>;
  getState(): unknown;
  /** Replaces all data; all or nothing. */
  setState(state: unknown): Promise<void>;
  getClock(): { now: string };
  setClock(change: { now?: string; advanceSeconds?: number }): { now: string };
  /** The recent requests; with `{ format: 'har' }` as HAR 1.2, secrets redacted unless `keepSecrets`. */
  journal(options: JournalHarOptions): Har;
  journal(): JournalEntry[];
  /** Adds every resource the recording shows (`serve --import`, `POST /__mock/import`); all or nothing. */
  importRecording(recording: unknown): Promise<ImportSummary>;
  getFaults(): FaultConfig;
  setFaults(config: unknown): FaultConfig;
}

export interface JournalHarOptions {
  readonly format: 'har';
  /** Credentials as they were sent (default false: redacted, as `ticketmock record` does). */
  readonly keepSecrets?: boolean;
}

/** Why a page's mocks give or take no HAR: the kit is not in its bundle unless asked for. */
export const NO_RECORDINGS =
  "HAR export and import are not in this page's mocks: mount the devtools panel (ticketmock/devtools), or use Node's createMocks or ticketmock serve";

/** A control call refused for its input: 400 over HTTP, thrown in-process. */
export class ControlError extends Error {}

/**
 * The control operations on `target`, checked: a bad seed, clock change or fault
 * configuration throws {@link ControlError} and leaves the target untouched. The methods
 * need no `this` (`const { reset } = control` works).
 */
export function createControl(target: ControlTarget): MockControl {
  const clock = (): { now: string } => ({ now: target.clock.now().toISOString() });
  return {
    reset: () => target.reset(),
    async seed(seed) {
      if (!Number.isSafeInteger(seed) || seed < 0) throw new ControlError('seed must be a non-negative integer');
      await target.reset(seed);
    },
    getState: () => target.exportState(),
    async setState(state) {
      try {
        await target.importState(state);
      } catch (error) {
        throw new ControlError(`state rejected: ${(error as Error).message}`);
      }
    },
    getClock: clock,
    setClock(change) {
      moveClock(target.clock, change);
      return clock();
    },
    journal: ((options?: JournalHarOptions) => {
      if (options === undefined) return target.journal.entries();
      if (options.format !== 'har') throw new ControlError('journal format must be "har"');
      if (target.recordings === undefined) throw new ControlError(NO_RECORDINGS);
      return target.recordings.har(target.journal.exchanges(), options.keepSecrets === true);
    }) as MockControl['journal'],
    async importRecording(recording) {
      try {
        return await target.importRecording(recording);
      } catch (error) {
        throw new ControlError(`recording rejected: ${(error as Error).message}`);
      }
    },
    getFaults: () => target.faults,
    setFaults(config) {
      const parsed = parseFaultConfig(config);
      if (!parsed.ok) throw new ControlError(parsed.error);
      target.faults = parsed.value;
      return parsed.value;
    },
  };
}

/** The instants `{"now": ISO}` can name (a four-digit year); an advance stays among them. */
const FIRST_INSTANT = Date.parse('0000-01-01T00:00:00.000Z');
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');

/** Sets or advances `clock` as `change` says, or throws {@link ControlError} without moving it. */
function moveClock(clock: ControlTarget['clock'], change: { now?: unknown; advanceSeconds?: unknown }): void {
  if (typeof change !== 'object' || change === null)
    throw new ControlError('send {"now": ISO} or {"advanceSeconds": n}');
  const { now, advanceSeconds } = change;
  if ((now === undefined) === (advanceSeconds === undefined)) {
    throw new ControlError('send exactly one of {"now": ISO} or {"advanceSeconds": n}');
  }
  if (now !== undefined) {
    if (typeof now !== 'string' || !isInstantText(now)) {
      throw new ControlError('now must be an ISO-8601 date-time with its offset (Z or ±hh:mm)');
    }
    clock.set(now);
  } else {
    if (typeof advanceSeconds !== 'number' || !Number.isFinite(advanceSeconds)) {
      throw new ControlError('advanceSeconds must be a number');
    }
    // A clock past what a Date holds would fail every later request (its time is read first).
    const after = clock.now().getTime() + advanceSeconds * 1000;
    if (!(after >= FIRST_INSTANT && after <= LAST_INSTANT)) {
      throw new ControlError('advanceSeconds must keep the clock within the years 0000 to 9999');
    }
    clock.advance(advanceSeconds);
  }
}

/**
 * The control plane's error body, `{"error": {"code": <status>, "message": "…"}}`: the
 * mock's own voice, apart from every API's error shape (an API's error helper lives in its
 * handlers folder). Also the engine's answer for a path no API answers.
 */
export const controlError = (status: number, message: string): MockResponse => ({
  status,
  json: { error: { code: status, message } },
});

/**
 * What the control API serves beside the control operations, where its host can give it:
 * the devtools page and its script (`GET /__mock/ui`, `/__mock/ui/panel.js`: `ticketmock
 * serve` has them, a page's mocks do not carry them) and the coverage of a journal
 * (`GET /__mock/coverage`, computed by the contract suite's consumer coverage, which the
 * core does not import). Absent, those routes answer 404.
 */
export interface ControlExtras {
  /** The answer to `GET /__mock/ui<rest>` (`rest` is `''`, `/` or `/panel.js`), or undefined for none. */
  readonly devtools?: (rest: string) => Promise<MockResponse | undefined>;
  /** Operations × statuses the entries exercised, as `ticketmock coverage --json` reports them. */
  readonly coverage?: (entries: JournalEntry[]) => unknown;
  /** The journal with each entry's request and response (`GET /__mock/journal?detail=1`). */
  readonly journalDetail?: () => DetailedEntry[];
}

/**
 * Answers `/__mock/*` by calling `control`, the control of the target the request acts on;
 * `undefined` for any other path. A refused input is 400, an unknown route 404, a known one
 * asked with another method 405 with `Allow`, all in {@link controlError}'s shape; anything else `control` throws is a bug and is thrown.
 */
export async function handleControl(
  control: MockControl,
  request: MockRequest,
  extras: ControlExtras = {},
): Promise<MockResponse | undefined> {
  if (request.path !== CONTROL_PREFIX && !request.path.startsWith(`${CONTROL_PREFIX}/`)) return undefined;
  const route = `${request.method} ${request.path.slice(CONTROL_PREFIX.length)}`;
  let body: unknown;
  if (request.body !== undefined && request.body !== '') {
    try {
      body = JSON.parse(request.body);
    } catch (parseError) {
      return controlError(400, `malformed JSON: ${(parseError as Error).message}`);
    }
  }
  if (route === 'GET /ui' || route.startsWith('GET /ui/')) {
    const page = await extras.devtools?.(route.slice('GET /ui'.length));
    return page ?? controlError(404, `no control route ${route} (the devtools page is \`ticketmock serve\`'s)`);
  }
  if (route === 'GET /coverage') {
    if (extras.coverage === undefined) return controlError(404, 'coverage is computed by `ticketmock serve` only');
    return { status: 200, json: extras.coverage(control.journal()) };
  }
  if (route === 'GET /journal' && request.query.get('detail') === '1' && extras.journalDetail !== undefined) {
    return { status: 200, json: { entries: extras.journalDetail() } };
  }
  try {
    return await answerRoute(control, route, body, request.query);
  } catch (refused) {
    if (refused instanceof ControlError) return controlError(400, refused.message);
    throw refused;
  }
}

/**
 * The methods of each control path this module answers (`/sessions` is ./sessions.ts's):
 * a known path asked with another method is 405 with `Allow`, as the APIs answer theirs.
 */
const CONTROL_METHODS: Readonly<Record<string, string>> = {
  '/reset': 'POST',
  '/seed': 'POST',
  '/state': 'GET, PUT',
  '/clock': 'GET, POST',
  '/journal': 'GET',
  '/import': 'POST',
  '/faults': 'GET, PUT',
  '/coverage': 'GET',
  '/ui': 'GET',
};

/** 404 for a path the control API does not have; 405 with `Allow` for a known path and another method. */
function noRoute(route: string): MockResponse {
  const path = route.slice(route.indexOf(' ') + 1);
  const allow = Object.hasOwn(CONTROL_METHODS, path) ? CONTROL_METHODS[path] : undefined;
  if (allow === undefined) return controlError(404, `no control route ${route}`);
  return { ...controlError(405, `${route} is not a control route: ${path} takes ${allow}`), headers: { allow } };
}

/** One control route's answer to its parsed body. */
async function answerRoute(
  control: MockControl,
  route: string,
  body: unknown,
  query: URLSearchParams,
): Promise<MockResponse> {
  switch (route) {
    case 'POST /reset':
      await control.reset();
      return { status: 200, json: { reset: true } };
    case 'POST /seed': {
      const seed = (body as { seed?: unknown } | undefined)?.seed;
      if (typeof seed !== 'number') return controlError(400, 'send {"seed": <integer>}');
      await control.seed(seed);
      return { status: 200, json: { seed } };
    }
    case 'GET /state':
      return { status: 200, json: control.getState() };
    case 'PUT /state':
      await control.setState(body);
      return { status: 200, json: { imported: true } };
    case 'GET /clock':
      return { status: 200, json: control.getClock() };
    case 'POST /clock':
      return { status: 200, json: control.setClock((body ?? {}) as { now?: string; advanceSeconds?: number }) };
    case 'GET /journal':
      return journalAnswer(control, query);
    case 'POST /import':
      if (body === undefined) return controlError(400, 'send a HAR 1.2 file as the body');
      return { status: 200, json: await control.importRecording(body) };
    case 'GET /faults':
      return { status: 200, json: control.getFaults() };
    case 'PUT /faults':
      return { status: 200, json: control.setFaults(body ?? {}) };
    default:
      return noRoute(route);
  }
}

/** `GET /__mock/journal`: `{"entries": […]}`, or with `?format=har` the HAR (`&secrets=keep`: not redacted). */
function journalAnswer(control: MockControl, query: URLSearchParams): MockResponse {
  const format = query.get('format');
  if (format === null || format === 'json') return { status: 200, json: { entries: control.journal() } };
  if (format !== 'har') return controlError(400, `format must be json or har, not ${format}`);
  const secrets = query.get('secrets');
  if (secrets !== null && secrets !== 'keep' && secrets !== 'redact')
    return controlError(400, `secrets must be keep or redact, not ${secrets}`);
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    json: control.journal({ format: 'har', keepSecrets: secrets === 'keep' }),
  };
}
