/**
 * `createMocks()`: the stateful mocks as msw handlers, with their control API and data.
 */
import type { HttpHandler } from 'msw';
import type { ApiName } from './apis.js';
import type { AnyApiModule } from './core/api-module.js';
import type { Clock } from './core/clock.js';
import type { MockControl } from './core/control.js';
import { Engine } from './core/engine.js';
import { mswHandlers } from './core/msw-adapter.js';
import type { RecordingKit } from './core/recording-kit.js';
import type { MocksDb } from './db.js';
import { loadModules } from './handlers/load.js';
import { recordingKit } from './recording.js';

export interface CreateMocksOptions {
  /** Which of ticketmock's APIs (default: all three; `[]`: none, for `modules` alone). */
  readonly apis?: readonly ApiName[];
  /**
   * API modules of your own, mounted after `apis` (docs/adding-an-api.md): an API
   * ticketmock does not ship runs on the same engine, beside or instead of the three.
   */
  readonly modules?: readonly AnyApiModule[];
  /** The dataset's seed (default 1): the same seed and clock give the same data. */
  readonly seed?: number;
  /** The engine's clock (default: real time). */
  readonly clock?: Clock;
  /** Check every answer against the spec; throws on a mismatch (default true). */
  readonly validateResponses?: boolean;
  /** Answer only this origin (default: any origin). */
  readonly baseUrl?: string;
  /**
   * A recording to start from (HAR 1.2: the object or its text, e.g. what `ticketmock record`
   * wrote): the seeded dataset plus every resource it shows, at its last recorded version
   * (`mocks.control.importRecording` later). A recording that cannot be read throws.
   */
  readonly import?: unknown;
}

export interface Mocks {
  /** msw request handlers: `setupServer(...mocks.handlers)` / `setupWorker(...mocks.handlers)`. */
  readonly handlers: HttpHandler[];
  /** Reset, seed, state, clock, journal, faults — the same as `/__mock/*`. */
  readonly control: MockControl;
  /**
   * Each API's tables as the `@msw/data` collections the mock answers from
   * (`mocks.db.auvious.tickets.create({…})`, `.findMany(q => q.where({…}))`); see {@link MocksDb}.
   */
  readonly db: MocksDb;
  readonly engine: Engine;
}

/** The mocks, in Node with recordings in and out (./recording.ts); see {@link createMocksWith}. */
export async function createMocks(options: CreateMocksOptions = {}): Promise<Mocks> {
  return createMocksWith(options, recordingKit());
}

/**
 * The mocks with recordings in and out when `kit` is given: a page's `startMocks` passes
 * none, so its bundle does not carry them (the devtools panel hands them over).
 */
export async function createMocksWith(options: CreateMocksOptions, kit: RecordingKit | undefined): Promise<Mocks> {
  const engine = await Engine.create({
    recordings: kit,
    apis: [...(await loadModules(options.apis)), ...(options.modules ?? [])],
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    validateResponses: options.validateResponses ?? true,
  });
  if (options.import !== undefined) await engine.importRecording(options.import);
  const db = {} as MocksDb;
  for (const name of engine.apiNames) {
    Object.defineProperty(db, name, { enumerable: true, get: () => engine.collections(name) });
  }
  return {
    handlers: mswHandlers(engine, options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    control: engine.control,
    db,
    engine,
  };
}
