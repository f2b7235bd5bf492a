/**
 * The session mode's types as a user's TypeScript sees them: `server` is an option,
 * `mockSession` a fixture of its own beside `mocks`, and its control the in-process
 * control's operations, each a promise of the same value.
 */
import { test as base, type TestType } from '@playwright/test';
import { describe, expectTypeOf, it } from 'vitest';
import type { FaultConfig, JournalEntry, MockControl } from '../../src/index.ts';
import {
  createTicketmockFixtures,
  type MockSession,
  type PlaywrightMocks,
  type SessionControl,
  type TicketmockFixtures,
  type TicketmockOptions,
} from '../../src/playwright.ts';

describe('ticketmock/playwright with a server', () => {
  it('gives a test mocks and mockSession, each typed as what it is, and nothing else', () => {
    const test = base.extend<TicketmockFixtures>(createTicketmockFixtures({ server: 'http://127.0.0.1:4010' }));
    expectTypeOf(test).toExtend<TestType<{ mocks: PlaywrightMocks; mockSession: MockSession }, object>>();
    expectTypeOf<keyof TicketmockFixtures>().toEqualTypeOf<'mocksOptions' | 'mocks' | 'mockSession'>();
    expectTypeOf<TicketmockOptions['server']>().toEqualTypeOf<string | undefined>();
    // @ts-expect-error: the server's URL, a string
    createTicketmockFixtures({ server: new URL('http://127.0.0.1:4010') });
  });

  it("types the session's control as the in-process control's operations, each a promise", () => {
    expectTypeOf<keyof SessionControl>().toEqualTypeOf<keyof MockControl>();
    // journal() is overloaded (`{ format: 'har' }` gives HAR): its plain call, the last signature, answers the entries
    expectTypeOf<ReturnType<SessionControl['journal']>>().toEqualTypeOf<Promise<JournalEntry[]>>();
    expectTypeOf<SessionControl['journal']>().toBeCallableWith({ format: 'har' });
    expectTypeOf<SessionControl['getClock']>().returns.toEqualTypeOf<Promise<{ now: string }>>();
    expectTypeOf<SessionControl['setFaults']>().returns.toEqualTypeOf<Promise<FaultConfig>>();
    expectTypeOf<SessionControl['reset']>().returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf<SessionControl['seed']>().parameters.toEqualTypeOf<[seed: number]>();
    expectTypeOf<MockSession['headers']>().toEqualTypeOf<Readonly<Record<'x-mock-session', string>>>();
    // the session has no in-process data
    expectTypeOf<MockSession>().not.toHaveProperty('db');
  });
});
