/**
 * The Playwright fixture (DESIGN.md, "Fixed interfaces, second round": `ticketmock/playwright`):
 * each test gets its own seeded mocks, mounted on its browser context with `context.route`,
 * their `control`, and a clock that follows `page.clock`. In process by default (`mocks`);
 * with `mocksOptions.server`, a session of its own on a shared `ticketmock serve`
 * (`mockSession`; decision 021).
 *
 * ```ts
 * import { test as base } from '@playwright/test';
 * import { createTicketmockFixtures, type TicketmockFixtures } from 'ticketmock/playwright';
 * export const test = base.extend<TicketmockFixtures>(createTicketmockFixtures({ apis: ['auvious'] }));
 * ```
 *
 * Only types come from `@playwright/test` (an optional peer): the user's own copy runs the
 * fixture, so there is one Playwright in the process.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import type {
  Fixtures,
  PlaywrightTestArgs,
  PlaywrightTestOptions,
  PlaywrightWorkerArgs,
  PlaywrightWorkerOptions,
  TestInfo,
} from '@playwright/test';
import type { RequestHandler } from 'msw';
import type { ApiName } from '../apis.js';
import type { FaultConfig } from '../core/faults.js';
import type { JournalEntry } from '../core/journal.js';
import { writeJournalFile } from '../journal-dir.js';
import type { Mocks } from '../mocks.js';
import { mountInProcess } from './in-process.js';
import type { Mounted } from './mounted.js';
import type { PageClock } from './page-clock.js';
import type { MockSession } from './server-session.js';
import { mountSession } from './session.js';

/** The fixture's options: `createTicketmockFixtures(defaults)`, and per file or project `test.use({ mocksOptions })`. */
export interface TicketmockOptions {
  /** Which APIs (default: all three). With `server`: which APIs' paths go to the session. */
  readonly apis?: readonly ApiName[];
  /**
   * The dataset's seed. Every test starts from this seed's data. Default 1; with `server`,
   * the server's own (`serve --seed`).
   */
  readonly seed?: number;
  /**
   * The origin(s) the app calls the APIs on (`https://auvious.example`); requests to the
   * APIs' paths on other origins pass through. Default: the APIs' paths on any origin,
   * the app's own included.
   */
  readonly baseUrl?: string | readonly string[];
  /** Faults from the start of each test, as `PUT /__mock/faults` takes them. */
  readonly faults?: FaultConfig;
  /**
   * Check every answer against the spec (default true); a mismatch fails the test. In
   * process only: with `server`, the server answers as it was started.
   */
  readonly validateResponses?: boolean;
  /**
   * Write each test's journal (`mocks.control.journal()`, as JSON) into this folder when
   * the test ends, for `ticketmock coverage`; relative to the Playwright config's folder.
   * One file per test and retry: `<title path>-<test id>[-retry<n>].json`.
   */
  readonly journalDir?: string;
  /**
   * The URL of a running `ticketmock serve` (`http://127.0.0.1:4010`): each test then gets
   * a session of its own there (`mockSession`) instead of in-process mocks (`mocks`); the
   * page's calls to the APIs are forwarded to it with `X-Mock-Session`, and it is deleted
   * when the test ends.
   */
  readonly server?: string;
}

/** What a test gets as `mocks`. */
export interface PlaywrightMocks extends Mocks {
  /** The mock's clock: it follows `page.clock`, and `control.setClock` moves it alone. */
  readonly clock: PageClock;
  /** msw handlers for this test only, tried before the mocks' own (first match wins), like msw's `use()`. */
  use(...handlers: RequestHandler[]): void;
  /** Drops the handlers `use()` added. */
  resetHandlers(): void;
}

export interface TicketmockFixtures {
  /** The options (an option fixture): `test.use({ mocksOptions: { seed: 7 } })` overrides the defaults key by key. */
  mocksOptions: TicketmockOptions;
  /**
   * This test's in-process mocks. Mounted for every test, whether it asks for them or not;
   * asking for them with `mocksOptions.server` set fails the test: ask for `mockSession`.
   */
  mocks: PlaywrightMocks;
  /**
   * This test's session on `mocksOptions.server`. Opened for every test when `server` is
   * set; asking for it without `server` fails the test: ask for `mocks`.
   */
  mockSession: MockSession;
}

/** What the hidden automatic fixture mounted for the test: one of the two. */
type Mount =
  | { readonly kind: 'in-process'; readonly mounted: Mounted<PlaywrightMocks> }
  | { readonly kind: 'session'; readonly mounted: Mounted<MockSession> };

/** The fixtures as registered: the public ones and the automatic one both of them read. */
interface RegisteredFixtures extends TicketmockFixtures {
  ticketmockMount: Mount;
}

type PlaywrightArgs = PlaywrightTestArgs & PlaywrightTestOptions;
type PlaywrightWorker = PlaywrightWorkerArgs & PlaywrightWorkerOptions;
type PlaywrightFixtures = Fixtures<TicketmockFixtures, object, PlaywrightArgs, PlaywrightWorker>;

/**
 * The fixtures to pass to `test.extend<TicketmockFixtures>(…)`: `mocks` and `mockSession`,
 * and the `mocksOptions` option, whose values override `defaults`. Which of the two a test
 * gets is an option, so a project of the config can move a whole suite onto a shared
 * server (`use: { mocksOptions: { server } }`); the test asks for the one it was written for,
 * each typed as what it is (the session's control is asynchronous, it has no `db`).
 */
export function createTicketmockFixtures(defaults: TicketmockOptions = {}): PlaywrightFixtures {
  const fixtures: Fixtures<RegisteredFixtures, object, PlaywrightArgs, PlaywrightWorker> = {
    mocksOptions: [{}, { option: true }],
    ticketmockMount: [
      async ({ context, mocksOptions }, use, testInfo) => {
        const options: TicketmockOptions = { ...defaults, ...mocksOptions };
        const mount: Mount =
          options.server === undefined
            ? { kind: 'in-process', mounted: await mountInProcess(context, options) }
            : { kind: 'session', mounted: await mountSession(context, options.server, options) };
        if (mount.kind === 'session') {
          // which session served the test, in the report, to find it in the server's log
          testInfo.annotations.push({ type: 'ticketmock-session', description: mount.mounted.value.id });
        }
        const { mounted } = mount;
        const failures: unknown[] = [];
        const attempt = async (step: () => Promise<void>): Promise<void> => {
          try {
            await step();
          } catch (error) {
            failures.push(error);
          }
        };
        try {
          await use(mount);
        } finally {
          // every step runs, whatever the test or the step before did: a session is never left open
          await attempt(() => mounted.unmount());
          const journalDir = options.journalDir;
          if (journalDir !== undefined) {
            await attempt(async () => writeJournal(journalDir, testInfo, await mounted.journal()));
          }
          await attempt(() => mounted.close());
        }
        // an answer the mock could not give (one that breaks the spec, a server that did not
        // answer) fails the test that caused it; so does an ending that failed (a session the
        // server no longer had: the test's calls after its loss were refused)
        const [first] = [...mounted.errors, ...failures];
        if (first !== undefined) throw first;
      },
      { auto: true, box: true },
    ],
    mocks: async ({ ticketmockMount }, use) => {
      if (ticketmockMount.kind !== 'in-process') {
        throw new Error(
          `\`mocks\` is the in-process mock, and this test's mock is a session on ${ticketmockMount.mounted.value.server} ` +
            '(mocksOptions.server): ask for `mockSession` instead',
        );
      }
      await use(ticketmockMount.mounted.value);
    },
    mockSession: async ({ ticketmockMount }, use) => {
      if (ticketmockMount.kind !== 'session') {
        throw new Error(
          '`mockSession` is a session on a shared `ticketmock serve`, and this test has no server: ' +
            'set mocksOptions.server to its URL, or ask for `mocks` (in process) instead',
        );
      }
      await use(ticketmockMount.mounted.value);
    },
  };
  // The mount is nobody's business but the two fixtures': the type users extend with leaves
  // it out (Playwright registers every key it is given, typed or not).
  return fixtures as unknown as PlaywrightFixtures;
}

/** `<journalDir>/<title path>-<test id>[-retry<n>].json` (core/journal-file.ts): the journal's entries, as `mocks.control.journal()` returns them. */
async function writeJournal(journalDir: string, testInfo: TestInfo, entries: JournalEntry[]): Promise<void> {
  const configFile = testInfo.config.configFile;
  const folder = isAbsolute(journalDir)
    ? journalDir
    : resolve(configFile === undefined ? process.cwd() : dirname(configFile), journalDir);
  await writeJournalFile(
    folder,
    { titlePath: testInfo.titlePath, id: testInfo.testId, retry: testInfo.retry },
    entries,
  );
}
