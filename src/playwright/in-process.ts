/**
 * A test's mocks in the test's own process (the fixture's default): seeded `createMocks`,
 * answered through msw's `getResponse` on the context's routes, with a clock that follows
 * `page.clock` call by call (decision 016).
 */
import type { BrowserContext } from '@playwright/test';
import { getResponse, type RequestHandler } from 'msw';
import { createMocks } from '../mocks.js';
import type { PlaywrightMocks, TicketmockOptions } from './fixtures.js';
import { followPageClock } from './follow-clock.js';
import type { Mounted } from './mounted.js';
import { createPageClock } from './page-clock.js';
import { mountMocks } from './route.js';

export async function mountInProcess(
  context: BrowserContext,
  options: TicketmockOptions,
): Promise<Mounted<PlaywrightMocks>> {
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
  return {
    value: {
      ...mocks,
      clock,
      use: (...handlers) => {
        extra = [...handlers, ...extra];
      },
      resetHandlers: () => {
        extra = [];
      },
    },
    errors,
    journal: async () => mocks.control.journal(),
    unmount: async () => {
      unfollow();
      await unmount();
    },
    close: async () => {},
  };
}
