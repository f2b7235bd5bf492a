/**
 * The test runners' entries, as a user's TypeScript sees them: the fixtures fit
 * `test.extend` of Playwright's own `test` (and of one already extended), `mocks` and
 * `mocksOptions` are typed, and `useMocks` returns the mocks with msw's server.
 */
import { test as base, type TestType } from '@playwright/test';
import type { SetupServer } from 'msw/node';
import { describe, expectTypeOf, it } from 'vitest';
import type { JournalEntry } from '../../src/index.ts';
import {
  createTicketmockFixtures,
  type PlaywrightMocks,
  type TicketmockFixtures,
  type TicketmockOptions,
} from '../../src/playwright.ts';
import { type UsedMocks, useMocks } from '../../src/vitest.ts';

describe('ticketmock/playwright', () => {
  it("fits Playwright's test.extend, plain or already extended", () => {
    const test = base.extend<TicketmockFixtures>(createTicketmockFixtures({ apis: ['auvious'] }));
    const extended = base.extend<{ user: string }>({ user: 'me' });
    const both = extended.extend<TicketmockFixtures>(createTicketmockFixtures());
    expectTypeOf(test).toExtend<TestType<{ mocks: PlaywrightMocks; mocksOptions: TicketmockOptions }, object>>();
    expectTypeOf(both).toExtend<TestType<{ mocks: PlaywrightMocks; user: string }, object>>();
  });

  it('types the options and what a test gets', () => {
    // journal() is overloaded (`{ format: 'har' }` gives HAR): its plain call, the last signature, answers the entries
    expectTypeOf<ReturnType<PlaywrightMocks['control']['journal']>>().toEqualTypeOf<JournalEntry[]>();
    expectTypeOf<TicketmockOptions['baseUrl']>().toEqualTypeOf<string | readonly string[] | undefined>();
    // @ts-expect-error: no such API
    createTicketmockFixtures({ apis: ['stripe'] });
    // @ts-expect-error: faults as PUT /__mock/faults takes them
    createTicketmockFixtures({ faults: { latencyMs: 'slow' } });
  });
});

describe('ticketmock/vitest', () => {
  it('returns the mocks and the server', () => {
    expectTypeOf(useMocks).returns.toEqualTypeOf<UsedMocks>();
    expectTypeOf<UsedMocks['server']>().toEqualTypeOf<SetupServer>();
    expectTypeOf(useMocks).parameter(0).toExtend<{ faults?: unknown } | undefined>();
  });
});
