/**
 * `ticketmock/browser`: the stateful mocks in a page, through msw's service worker.
 * `startMocks()` creates the mocks and starts `setupWorker(...mocks.handlers)`; the page's
 * own `fetch` then reaches Octopus, Auvious and Adminserver without a server. Place the
 * worker script first: `npx ticketmock init-worker public/`.
 *
 * Everything this module reaches is browser-safe (no `node:*` import); the example's
 * esbuild bundle (`examples/browser`) proves it.
 */
import { type SetupWorker, type StartOptions, setupWorker } from 'msw/browser';
import type { MockControl } from './core/control.js';
import { type CreateMocksOptions, createMocks, type Mocks } from './mocks.js';

export * from './index.js';

export interface StartMocksOptions extends CreateMocksOptions {
  /** What msw does with a request no handler answers (default `'warn'`). */
  readonly onUnhandledRequest?: StartOptions['onUnhandledRequest'];
  /** The worker script and its registration (default url `/mockServiceWorker.js`). */
  readonly serviceWorker?: StartOptions['serviceWorker'];
  /** Do not log each intercepted request to the console (default false). */
  readonly quiet?: boolean;
}

export interface BrowserMocks {
  /** msw's worker, already started. */
  readonly worker: SetupWorker;
  /** What `createMocks()` made: handlers, control, db, engine. */
  readonly mocks: Mocks;
  /** The same as `mocks.control`: reset, seed, state, clock, journal, faults. */
  readonly control: MockControl;
  /** Stops intercepting this page's requests. */
  stop(): void;
}

/** Creates the mocks and starts msw's service worker with their handlers; resolves once it intercepts. */
export async function startMocks(options: StartMocksOptions = {}): Promise<BrowserMocks> {
  const { onUnhandledRequest = 'warn', serviceWorker, quiet, ...createOptions } = options;
  const mocks = await createMocks(createOptions);
  const worker = setupWorker(...mocks.handlers);
  await worker.start({
    onUnhandledRequest,
    ...(serviceWorker === undefined ? {} : { serviceWorker }),
    ...(quiet === undefined ? {} : { quiet }),
  });
  return { worker, mocks, control: mocks.control, stop: () => worker.stop() };
}
