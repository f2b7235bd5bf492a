/**
 * Targets for the contract suite: ticketmock in-process (msw's `getResponse` behind an
 * injected fetch: no network, no patched globals) and standalone (the node:http server on port 0).
 * Both run the clock frozen at T0 and the per-session rate limit that rate_limit_conformance
 * looks for (Adminserver's 429s are reachable only with it on).
 */
import { getResponse, type RequestHandler } from 'msw';
import type { FetchLike } from '../../src/contract/index.ts';
import { createClock } from '../../src/core/clock.ts';
import { Engine } from '../../src/core/engine.ts';
import type { MocksDb } from '../../src/db.ts';
import { modulesFor } from '../../src/handlers/index.ts';
import { createMocks } from '../../src/mocks.ts';
import { startServer } from '../../src/server/server.ts';
import type { TargetName } from './target-names.ts';
import { T0 } from './targets.ts';

/** Calls per second per session on the mock; each check stays far below it, a burst of BURST goes over. */
export const RATE_LIMIT = 100;
export const BURST = 150;

/** A fetch that answers through msw handlers in this process; an unhandled request fails like a network error. */
export function mswFetch(handlers: readonly RequestHandler[]): FetchLike {
  return async (input, init) => {
    const request = new Request(input, init);
    const response = await getResponse([...handlers], request);
    if (response === undefined) throw new TypeError(`fetch failed: no handler for ${request.method} ${request.url}`);
    return response;
  };
}

export interface ContractTarget {
  readonly baseUrl: string;
  readonly fetch: FetchLike;
  /** The mocks' live data (in-process only), for mutants that tamper with it. */
  readonly db?: MocksDb;
  close(): Promise<void>;
}

const faults = { rateLimitPerSecond: RATE_LIMIT };

/** ticketmock in-process, its data seeded with `seed` (default 1). */
export async function inProcessTarget(seed = 1): Promise<ContractTarget> {
  const mocks = await createMocks({ seed, clock: createClock({ now: T0 }), validateResponses: true });
  const baseUrl = 'http://ticketmock.test';
  const fetch = mswFetch(mocks.handlers);
  const response = await fetch(`${baseUrl}/__mock/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (response.status !== 200) throw new Error(`faults: ${response.status}`);
  return { baseUrl, fetch, db: mocks.db, close: async () => undefined };
}

export async function standaloneTarget(): Promise<ContractTarget> {
  const engine = await Engine.create({
    apis: modulesFor(undefined),
    clock: createClock({ now: T0 }),
    validateResponses: true,
  });
  engine.faults = faults;
  const server = await startServer({ engine, port: 0 });
  return { baseUrl: server.url, fetch: (input, init) => fetch(input, init), close: () => server.close() };
}

/** The contract suite's target per vitest project (see `caseTargetName()` in ./targets.ts). */
export const contractTargets: Record<TargetName, { readonly name: string; start(): Promise<ContractTarget> }> = {
  'in-process': { name: 'in-process, msw getResponse', start: () => inProcessTarget() },
  standalone: { name: 'standalone server', start: standaloneTarget },
};
