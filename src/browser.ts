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
import {
  DEVTOOLS_FILE,
  DEVTOOLS_HOST_VERSION,
  type Devtools,
  type DevtoolsHost,
  type MountDevtools,
} from './devtools/host.js';
import { type CreateMocksOptions, createMocksWith, type Mocks } from './mocks.js';

export type { Devtools, DevtoolsHost, MountDevtools } from './devtools/host.js';
export * from './index.js';

export interface StartMocksOptions extends CreateMocksOptions {
  /** What msw does with a request no handler answers (default `'warn'`). */
  readonly onUnhandledRequest?: StartOptions['onUnhandledRequest'];
  /** The worker script and its registration (default url `/mockServiceWorker.js`). */
  readonly serviceWorker?: StartOptions['serviceWorker'];
  /** Do not log each intercepted request to the console (default false). */
  readonly quiet?: boolean;
  /**
   * Keep the mocks' data across reloads of the page, in `localStorage` (default false):
   * `true`, or `{ key }` to name the storage entry (default `ticketmock:state`). The state
   * is saved after every request that may change it and when the page is hidden, and
   * restored at start; `control.reset()` goes back to the seeded data and stores that.
   */
  readonly persist?: boolean | { readonly key?: string };
  /**
   * Mounts the devtools panel in the page, behind a small floating button. `true` loads it
   * at run time from `ticketmock-devtools.js` beside the worker script (`npx ticketmock
   * init-worker` places both), so no bundle carries it; or pass `mountDevtools` from
   * `ticketmock/devtools` to bundle it with the page (docs/decisions/019-devtools-page.md).
   */
  readonly devtools?: boolean | MountDevtools;
}

const PERSIST_KEY = 'ticketmock:state';
/** Methods that never change the mocks' data: no save after them. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface BrowserMocks {
  /** msw's worker, already started. */
  readonly worker: SetupWorker;
  /** What `createMocks()` made: handlers, control, db, engine. */
  readonly mocks: Mocks;
  /** The same as `mocks.control`: reset, seed, state, clock, journal, faults. */
  readonly control: MockControl;
  /** The devtools panel, when `devtools` mounted one. */
  readonly devtools?: Devtools;
  /** Stops intercepting this page's requests (and removes the devtools panel). */
  stop(): void;
}

/** Creates the mocks and starts msw's service worker with their handlers; resolves once it intercepts. */
export async function startMocks(options: StartMocksOptions = {}): Promise<BrowserMocks> {
  const { onUnhandledRequest = 'warn', serviceWorker, quiet, persist, devtools, ...createOptions } = options;
  const mount = devtools === true ? await loadDevtools(serviceWorker?.url) : devtools || undefined;
  // no HAR kit: a page without the devtools panel does not carry it (the panel hands it over)
  const mocks = await createMocksWith(createOptions, undefined);
  const worker = setupWorker(...mocks.handlers);
  const stored = persist === undefined || persist === false ? undefined : await persisted(mocks.control, persist);
  if (stored !== undefined) {
    worker.events.on('response:mocked', ({ request }) => {
      if (!SAFE_METHODS.has(request.method)) stored.save();
    });
  }
  await worker.start({
    onUnhandledRequest,
    ...(serviceWorker === undefined ? {} : { serviceWorker }),
    ...(quiet === undefined ? {} : { quiet }),
  });
  // one control, whichever way the page reaches it: the persisting one when asked for
  const control = stored?.control ?? mocks.control;
  const panel =
    mount === undefined
      ? undefined
      : await mount({ engine: stored ? saving(mocks.engine, stored.save) : mocks.engine });
  return {
    worker,
    mocks: { ...mocks, control },
    control,
    ...(panel === undefined ? {} : { devtools: panel }),
    stop: () => {
      panel?.remove();
      stored?.stop();
      worker.stop();
    },
  };
}

/** The engine as the panel reaches it under `persist`: a change it makes (reset, import…) is stored at once. */
const saving = (engine: Mocks['engine'], save: () => void): DevtoolsHost['engine'] => ({
  handle: async (request) => {
    const answer = await engine.handle(request);
    if (!SAFE_METHODS.has(request.method)) save();
    return answer;
  },
  useRecordings: (kit) => engine.useRecordings(kit),
});

/**
 * The panel's file beside the worker script (`init-worker` writes both), imported at run
 * time: the specifier is no literal, so bundlers leave it alone (and are told to).
 */
async function loadDevtools(workerUrl = '/mockServiceWorker.js'): Promise<MountDevtools> {
  const url = new URL(DEVTOOLS_FILE, new URL(workerUrl, location.href)).href;
  const panel: { mountDevtools?: MountDevtools; hostVersion?: number } = await import(
    /* @vite-ignore */ /* webpackIgnore: true */ url
  ).catch(() => ({}));
  if (panel.hostVersion !== DEVTOOLS_HOST_VERSION || typeof panel.mountDevtools !== 'function') {
    throw new Error(`startMocks: no devtools panel of this ticketmock at ${url}: run npx ticketmock init-worker again`);
  }
  return panel.mountDevtools;
}

/**
 * The mocks' state kept in `localStorage`: restored now (an entry the engine refuses is
 * dropped with a warning, never half applied: `setState` is all or nothing), saved by
 * `save()`, when the page is hidden (a reload), and after each control call that changes it
 * (the devtools panel's too: {@link saving}).
 */
async function persisted(control: MockControl, persist: true | { readonly key?: string }) {
  const key = persist === true ? PERSIST_KEY : (persist.key ?? PERSIST_KEY);
  const text = localStorage.getItem(key);
  if (text !== null) {
    try {
      await control.setState(JSON.parse(text));
    } catch (error) {
      console.warn(`ticketmock: the stored state under "${key}" was not restored: ${(error as Error).message}`);
      localStorage.removeItem(key);
    }
  }
  let warned = false;
  const save = (): void => {
    try {
      localStorage.setItem(key, JSON.stringify(control.getState()));
    } catch (error) {
      // a full quota: the page goes on with the state in memory, and says so once
      if (!warned)
        console.warn(`ticketmock: the state could not be stored under "${key}": ${(error as Error).message}`);
      warned = true;
    }
  };
  const onHide = (): void => save();
  addEventListener('pagehide', onHide);
  const after =
    <A extends unknown[]>(change: (...args: A) => Promise<void>) =>
    async (...args: A): Promise<void> => {
      await change(...args);
      save();
    };
  const wrapped: MockControl = {
    ...control,
    reset: after(control.reset),
    seed: after(control.seed),
    setState: after(control.setState),
    importRecording: async (recording) => {
      const summary = await control.importRecording(recording);
      save();
      return summary;
    },
  };
  return { control: wrapped, save, stop: () => removeEventListener('pagehide', onHide) };
}
