/**
 * What the in-page devtools panel and `startMocks()` agree on, in a module of its own so that
 * `ticketmock/browser` can name it without carrying the panel.
 */
import type { MockRequest, MockResponse } from '../core/http.js';
import type { RecordingKit } from '../core/recording-kit.js';

/** What the panel needs of the in-page mocks: the engine's `handle` (control calls go straight to it). */
export interface DevtoolsHost {
  readonly engine: {
    handle(request: MockRequest): Promise<MockResponse>;
    useRecordings(kit: RecordingKit): void;
  };
}

export interface Devtools {
  /** Opens or closes the panel (the floating button does the same). */
  toggle(open?: boolean): void;
  /** Removes the button and the panel from the page. */
  remove(): void;
}

/** `mountDevtools` of `ticketmock/devtools`, or a function that imports it when called. */
export type MountDevtools = (host: DevtoolsHost) => Devtools | Promise<Devtools>;

/**
 * The panel's own file for `startMocks({ devtools: true })`, which `ticketmock init-worker`
 * writes beside `mockServiceWorker.js`: loaded at run time, so no bundle carries it.
 */
export const DEVTOOLS_FILE = 'ticketmock-devtools.js';

/**
 * The version of `DevtoolsHost` the panel's file was built for: a file left from another
 * ticketmock (an older `init-worker`) is refused by name rather than mounted half-working.
 */
export const DEVTOOLS_HOST_VERSION = 1;
