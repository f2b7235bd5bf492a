/**
 * `ticketmock/vitest`: the mocks in a vitest file in one line. `useMocks(options)` registers
 * the hooks a test file would otherwise write around `createMocks` and msw's `setupServer`:
 * create and listen before the first test, put everything back after each, close after the
 * last. vitest is an optional peer; this entry is the only one that imports it.
 *
 * ```ts
 * const mocks = useMocks({ apis: ['auvious'] });
 * it('…', async () => { await fetch('https://auvious.example/security/ticket', …); mocks.control.journal(); });
 * ```
 */
import type { SharedOptions } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Clock } from './core/clock.js';
import type { FaultConfig } from './core/faults.js';
import { writeJournalFile } from './journal-dir.js';
import { type CreateMocksOptions, createMocks, type Mocks } from './mocks.js';
import { journalFolder, journalTestOf } from './vitest-journal.js';

export interface UseMocksOptions extends CreateMocksOptions {
  /** Faults from the start of every test, as `PUT /__mock/faults` takes them (default none). */
  readonly faults?: FaultConfig;
  /** What msw does with a request no handler answers (msw's default: `'warn'`). */
  readonly onUnhandledRequest?: SharedOptions['onUnhandledRequest'];
  /**
   * Write each test's journal (`mocks.control.journal()`, as JSON) into this folder after
   * the test, before the reset clears it, for `ticketmock coverage`; relative to vitest's
   * `root`. One file per test and try: `<file> <describe…> <title>-<test id>[-retry<n>].json`
   * (made filesystem-safe, the title part cut to 80 characters), `[]` for a test that made no
   * request. A file that cannot be written fails the test, naming it.
   */
  readonly journalDir?: string;
}

/** What `useMocks` returns: the mocks and msw's server, readable from the first `beforeAll` on. */
export interface UsedMocks extends Mocks {
  /** msw's server, listening: `mocks.server.use(http.get(…))` for one test. */
  readonly server: SetupServer;
}

interface Live {
  readonly mocks: Mocks;
  readonly server: SetupServer;
  /** Where the clock was at the start: an instant for a frozen clock, else its offset from real time. */
  readonly clockStart: number;
}

const NOT_READY =
  'useMocks(): the mocks are created in its beforeAll and closed in its afterAll; read them inside a test or a hook';

/**
 * Registers, in the current file or `describe`: `beforeAll` creates the mocks and starts
 * `setupServer(...mocks.handlers)`; `afterEach` writes the test's journal to `journalDir`
 * when given, drops handlers added with `server.use`, goes back to the seeded data
 * (`control.reset()`, which also clears the journal), to the `faults` option and to the
 * clock's starting point; `afterAll` closes the server. Use it once per file (or per
 * `describe` that no other `useMocks` encloses): msw intercepts for one server at a time.
 */
export function useMocks(options: UseMocksOptions = {}): UsedMocks {
  const { faults, onUnhandledRequest, journalDir, ...createOptions } = options;
  let live: Live | undefined;
  const current = (): Live => {
    if (live === undefined) throw new Error(NOT_READY);
    return live;
  };

  beforeAll(async () => {
    const mocks = await createMocks(createOptions);
    if (faults !== undefined) mocks.control.setFaults(faults);
    const server = setupServer(...mocks.handlers);
    server.listen(onUnhandledRequest === undefined ? {} : { onUnhandledRequest });
    live = { mocks, server, clockStart: startOf(mocks.engine.clock) };
  });

  afterEach(async ({ task }) => {
    const { mocks, server, clockStart } = current();
    try {
      // before the reset, which clears the journal; a write that fails fails this test (vitest
      // counts an afterEach error against it), after the reset below has still run
      if (journalDir !== undefined) {
        await writeJournalFile(journalFolder(journalDir, task.file), journalTestOf(task), mocks.control.journal());
      }
    } finally {
      server.resetHandlers();
      await mocks.control.reset();
      mocks.control.setFaults(faults ?? {});
      const clock = mocks.engine.clock;
      // the adapter reads real time (under vi.useFakeTimers, the fake one), as the engine's clock does
      clock.set(new Date(clock.frozen ? clockStart : Date.now() + clockStart));
    }
  });

  afterAll(() => {
    live?.server.close();
    live = undefined;
  });

  return {
    get handlers() {
      return current().mocks.handlers;
    },
    get control() {
      return current().mocks.control;
    },
    get db() {
      return current().mocks.db;
    },
    get engine() {
      return current().mocks.engine;
    },
    get server() {
      return current().server;
    },
  };
}

function startOf(clock: Clock): number {
  return clock.frozen ? clock.nowMs() : clock.nowMs() - Date.now();
}
