/**
 * A test's mocks as a session on a shared `ticketmock serve` (`mocksOptions.server`; issue
 * 17, part 2): the session is opened with the test's seed and faults, the context's requests
 * to the APIs' paths are forwarded to it (forward.ts), `page.clock`'s calls move its clock
 * (session-clock.ts), and it is deleted when the test ends, passed or failed.
 */
import type { BrowserContext } from '@playwright/test';
import type { ApiName } from '../apis.js';
import { CONTROL_PREFIX } from '../core/control.js';
import { buildOperationTable } from '../core/operation-table.js';
import { precompiledValidators } from '../core/precompiled.js';
import { loadModules } from '../handlers/load.js';
import type { TicketmockOptions } from './fixtures.js';
import { followPageClock } from './follow-clock.js';
import { forwardTo } from './forward.js';
import type { Mounted } from './mounted.js';
import { mountMocks } from './route.js';
import { closeServerSession, type MockSession, openServerSession } from './server-session.js';
import { sessionClockListener } from './session-clock.js';

/** Once per worker and set of APIs: what the routes take is the same for every test. */
const prefixesByApis = new Map<string, Promise<string[]>>();

/**
 * The first path segments the APIs answer under, read from their operation tables as the
 * engine reads them, and the control API's: the page's own `/__mock/*` calls reach its
 * session, as they reach the in-process mock.
 */
function prefixesOf(apis: readonly ApiName[] | undefined): Promise<string[]> {
  const key = apis === undefined ? '*' : apis.join(',');
  let prefixes = prefixesByApis.get(key);
  if (prefixes === undefined) {
    prefixes = loadModules(apis).then((modules) => [
      ...modules.flatMap((module) => [
        ...buildOperationTable(module.outline, precompiledValidators(module.validators, module.name)).prefixes,
      ]),
      CONTROL_PREFIX.slice(1),
    ]);
    prefixesByApis.set(key, prefixes);
  }
  return prefixes;
}

export async function mountSession(
  context: BrowserContext,
  server: string,
  options: TicketmockOptions,
): Promise<Mounted<MockSession>> {
  const prefixes = await prefixesOf(options.apis);
  const session = await openServerSession(server, options.seed);
  const errors: unknown[] = [];
  let unmount: () => Promise<void>;
  try {
    if (options.faults !== undefined) await session.control.setFaults(options.faults);
    unmount = await mountMocks(context, {
      prefixes,
      ...(options.baseUrl === undefined ? {} : { origins: [options.baseUrl].flat() }),
      answer: forwardTo(session.server, session.id),
      onError: (error) => errors.push(error),
    });
  } catch (error) {
    // a test that could not start leaves nothing open on the server
    await closeServerSession(session).catch(() => undefined);
    throw error;
  }
  const unfollow = followPageClock(
    context.clock,
    sessionClockListener((now) => session.control.setClock({ now })),
  );
  return {
    value: session,
    errors,
    journal: () => session.control.journal(),
    unmount: async () => {
      unfollow();
      await unmount();
    },
    close: () => closeServerSession(session),
  };
}
