/**
 * The Playwright fixture (DESIGN.md, "Fixed interfaces, second round": `ticketmock/playwright`):
 * each test gets its own seeded mocks, mounted on its browser context with `context.route`,
 * their `control`, and a clock that follows `page.clock`.
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
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type {
  Fixtures,
  PlaywrightTestArgs,
  PlaywrightTestOptions,
  PlaywrightWorkerArgs,
  PlaywrightWorkerOptions,
  TestInfo,
} from '@playwright/test';
import { getResponse, type RequestHandler } from 'msw';
import type { ApiName } from '../apis.js';
import type { FaultConfig } from '../core/faults.js';
import { createMocks, type Mocks } from '../mocks.js';
import { followPageClock } from './follow-clock.js';
import { createPageClock, type PageClock } from './page-clock.js';
import { mountMocks } from './route.js';

/** The fixture's options: `createTicketmockFixtures(defaults)`, and per file or project `test.use({ mocksOptions })`. */
export interface TicketmockOptions {
  /** Which APIs (default: all three). */
  readonly apis?: readonly ApiName[];
  /** The dataset's seed (default 1). Every test starts from this seed's data. */
  readonly seed?: number;
  /**
   * The origin(s) the app calls the APIs on (`https://auvious.example`); requests to the
   * APIs' paths on other origins pass through. Default: the APIs' paths on any origin,
   * the app's own included.
   */
  readonly baseUrl?: string | readonly string[];
  /** Faults from the start of each test, as `PUT /__mock/faults` takes them. */
  readonly faults?: FaultConfig;
  /** Check every answer against the spec (default true); a mismatch fails the test. */
  readonly validateResponses?: boolean;
  /**
   * Write each test's journal (`mocks.control.journal()`, as JSON) into this folder when
   * the test ends, for `ticketmock coverage`; relative to the Playwright config's folder.
   * One file per test and retry: `<title path>-<test id>[-retry<n>].json`.
   */
  readonly journalDir?: string;
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
  /** This test's mocks; set up for every test (an automatic fixture), whether it asks for them or not. */
  mocks: PlaywrightMocks;
}

type PlaywrightFixtures = Fixtures<
  TicketmockFixtures,
  object,
  PlaywrightTestArgs & PlaywrightTestOptions,
  PlaywrightWorkerArgs & PlaywrightWorkerOptions
>;

/**
 * The fixtures to pass to `test.extend<TicketmockFixtures>(…)`: `mocks` (automatic) and the
 * `mocksOptions` option, whose values override `defaults`.
 */
export function createTicketmockFixtures(defaults: TicketmockOptions = {}): PlaywrightFixtures {
  return {
    mocksOptions: [{}, { option: true }],
    mocks: [
      async ({ context, mocksOptions }, use, testInfo) => {
        const options: TicketmockOptions = { ...defaults, ...mocksOptions };
        // In-process mocks. The mount takes any `answer` and the clock any listener: a test's
        // session on a shared `ticketmock serve` (issue 17, part 2) is another pair, an answer
        // that forwards with `X-Mock-Session` and a listener that posts to its `/__mock/clock`.
        const clock = createPageClock();
        const mocks = await createMocks({
          ...(options.apis === undefined ? {} : { apis: options.apis }),
          ...(options.seed === undefined ? {} : { seed: options.seed }),
          ...(options.validateResponses === undefined ? {} : { validateResponses: options.validateResponses }),
          clock,
        });
        if (options.faults !== undefined) mocks.control.setFaults(options.faults);
        let extra: RequestHandler[] = [];
        const errors: unknown[] = [];
        const unmount = await mountMocks(context, {
          prefixes: mocks.engine.prefixes,
          ...(options.baseUrl === undefined ? {} : { origins: [options.baseUrl].flat() }),
          answer: (request) => getResponse([...extra, ...mocks.handlers], request),
          onError: (error) => errors.push(error),
        });
        const unfollow = followPageClock(context.clock, clock);
        try {
          await use({
            ...mocks,
            clock,
            use: (...handlers) => {
              extra = [...handlers, ...extra];
            },
            resetHandlers: () => {
              extra = [];
            },
          });
        } finally {
          unfollow();
          await unmount();
          if (options.journalDir !== undefined) await writeJournal(options.journalDir, testInfo, mocks);
        }
        // an answer the mock could not give (one that breaks the spec) fails the test that caused it
        if (errors.length > 0) throw errors[0];
      },
      { auto: true },
    ],
  };
}

/** `<journalDir>/<title path>-<test id>[-retry<n>].json`: what `mocks.control.journal()` returns. */
async function writeJournal(journalDir: string, testInfo: TestInfo, mocks: Mocks): Promise<void> {
  const configFile = testInfo.config.configFile;
  const folder = isAbsolute(journalDir)
    ? journalDir
    : resolve(configFile === undefined ? process.cwd() : dirname(configFile), journalDir);
  const title = testInfo.titlePath
    .join(' ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  const retry = testInfo.retry > 0 ? `-retry${testInfo.retry}` : '';
  await mkdir(folder, { recursive: true });
  await writeFile(
    join(folder, `${title}-${testInfo.testId}${retry}.json`),
    `${JSON.stringify(mocks.control.journal(), null, 2)}\n`,
  );
}
