/**
 * The control API (DESIGN.md, like WireMock's `/__admin`): the same operations in-process
 * (`mocks.control`) and over HTTP under `/__mock/*`. It acts on a {@link ControlTarget}
 * (the engine implements one) and knows nothing else of the engine.
 */
import type { Clock } from './clock.js';
import { type FaultConfig, parseFaultConfig } from './faults.js';
import type { MockRequest, MockResponse } from './http.js';
import type { JournalEntry } from './journal.js';

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
  readonly journal: { entries(): JournalEntry[] };
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
  journal(): JournalEntry[];
  getFaults(): FaultConfig;
  setFaults(config: unknown): FaultConfig;
}

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
    journal: () => target.journal.entries(),
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
    if (typeof now !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(now) || !Number.isFinite(Date.parse(now))) {
      throw new ControlError('now must be an ISO-8601 date-time');
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
 * Answers `/__mock/*` by calling `control`, the control of the target the request acts on;
 * `undefined` for any other path. A refused input is 400, an unknown route (or method) 404,
 * both in {@link controlError}'s shape; anything else `control` throws is a bug and is thrown.
 */
export async function handleControl(control: MockControl, request: MockRequest): Promise<MockResponse | undefined> {
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
  try {
    return await answerRoute(control, route, body);
  } catch (refused) {
    if (refused instanceof ControlError) return controlError(400, refused.message);
    throw refused;
  }
}

/** One control route's answer to its parsed body. */
async function answerRoute(control: MockControl, route: string, body: unknown): Promise<MockResponse> {
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
      return { status: 200, json: { entries: control.journal() } };
    case 'GET /faults':
      return { status: 200, json: control.getFaults() };
    case 'PUT /faults':
      return { status: 200, json: control.setFaults(body ?? {}) };
    default:
      return controlError(404, `no control route ${route}`);
  }
}
