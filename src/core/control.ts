/**
 * The control API (DESIGN.md, like WireMock's `/__admin`): the same operations in-process
 * (`mocks.control`) and over HTTP under `/__mock/*`.
 */
import type { Engine } from './engine.js';
import { type FaultConfig, parseFaultConfig } from './faults.js';
import type { MockRequest, MockResponse } from './http.js';
import type { JournalEntry } from './journal.js';

export const CONTROL_PREFIX = '/__mock';

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

export class ControlError extends Error {}

export function createControl(engine: Engine): MockControl {
  const clock = (): { now: string } => ({ now: engine.clock.now().toISOString() });
  return {
    reset: () => engine.reset(),
    async seed(seed) {
      if (!Number.isSafeInteger(seed) || seed < 0) throw new ControlError('seed must be a non-negative integer');
      await engine.reset(seed);
    },
    getState: () => engine.exportState(),
    async setState(state) {
      try {
        await engine.importState(state);
      } catch (error) {
        throw new ControlError(`state rejected: ${(error as Error).message}`);
      }
    },
    getClock: clock,
    setClock(change) {
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
        engine.clock.set(now);
      } else {
        if (typeof advanceSeconds !== 'number' || !Number.isFinite(advanceSeconds)) {
          throw new ControlError('advanceSeconds must be a number');
        }
        engine.clock.advance(advanceSeconds);
      }
      return clock();
    },
    journal: () => engine.journal.entries(),
    getFaults: () => engine.faults,
    setFaults(config) {
      const parsed = parseFaultConfig(config);
      if (!parsed.ok) throw new ControlError(parsed.message);
      engine.faults = parsed.value;
      return parsed.value;
    },
  };
}

/** An error outside every API's paths, and of the control API: `{error: {code, message}}`. */
export const plainError = (status: number, message: string): MockResponse => ({
  status,
  json: { error: { code: status, message } },
});

/** Answers `/__mock/*`; `undefined` for any other path. */
export async function handleControl(control: MockControl, request: MockRequest): Promise<MockResponse | undefined> {
  if (request.path !== CONTROL_PREFIX && !request.path.startsWith(`${CONTROL_PREFIX}/`)) return undefined;
  const route = `${request.method} ${request.path.slice(CONTROL_PREFIX.length)}`;
  let body: unknown;
  if (request.body !== undefined && request.body !== '') {
    try {
      body = JSON.parse(request.body);
    } catch (parseError) {
      return plainError(400, `malformed JSON: ${(parseError as Error).message}`);
    }
  }
  try {
    switch (route) {
      case 'POST /reset':
        await control.reset();
        return { status: 200, json: { reset: true } };
      case 'POST /seed': {
        const seed = (body as { seed?: unknown } | undefined)?.seed;
        if (typeof seed !== 'number') return plainError(400, 'send {"seed": <integer>}');
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
        return plainError(404, `no control route ${route}`);
    }
  } catch (controlError) {
    if (controlError instanceof ControlError) return plainError(400, controlError.message);
    throw controlError;
  }
}
