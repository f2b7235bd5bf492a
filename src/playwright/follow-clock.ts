/**
 * Makes a listener (the mock's {@link PageClock}) hear every call a test makes on Playwright's
 * clock. `page.clock` is the browser context's clock object, so wrapping `context.clock` once
 * covers every page of the context. Each wrapped method runs Playwright's own first and tells
 * the listener only once that call succeeded: a call Playwright refuses ("Cannot fast-forward
 * to the past", a malformed time) leaves the mock's clock as it was. A listener that answers
 * with a promise (a session's clock, moved over HTTP) is awaited: the test's `await
 * page.clock.…` returns once the mock has moved too, and fails if it could not.
 */
import type { Clock as PlaywrightClock } from '@playwright/test';
import {
  type PageClockListener,
  type PageClockTicks,
  type PageClockTime,
  pageClockTicksMs,
  pageClockTimeMs,
} from './page-clock.js';

const METHODS = ['install', 'fastForward', 'runFor', 'pauseAt', 'resume', 'setFixedTime', 'setSystemTime'] as const;
type Method = (typeof METHODS)[number];

/**
 * Wraps `clock`'s methods (own properties over the prototype's); returns the undo, which
 * removes them again. `install()` without a time starts at the real time, as Playwright does.
 */
export function followPageClock(clock: PlaywrightClock, listener: PageClockListener): () => void {
  const own = clock as unknown as Record<Method, unknown>;
  const wrap = <A extends unknown[]>(
    name: Method,
    original: (...args: A) => Promise<void>,
    after: (...args: A) => void | Promise<void>,
  ) => {
    own[name] = async (...args: A): Promise<void> => {
      await original.apply(clock, args);
      await after(...args);
    };
  };
  // read before the first wrap: each wrapper calls the prototype's method
  const install = clock.install;
  const fastForward = clock.fastForward;
  const runFor = clock.runFor;
  const pauseAt = clock.pauseAt;
  const resume = clock.resume;
  const setFixedTime = clock.setFixedTime;
  const setSystemTime = clock.setSystemTime;
  wrap('install', install, (options?: { time?: PageClockTime }) => {
    // Playwright reads its own Date.now() when no time is given; this process is its client
    return listener.install(options?.time === undefined ? Date.now() : pageClockTimeMs(options.time));
  });
  wrap('fastForward', fastForward, (ticks: PageClockTicks) => listener.fastForward(pageClockTicksMs(ticks)));
  wrap('runFor', runFor, (ticks: PageClockTicks) => listener.runFor(pageClockTicksMs(ticks)));
  wrap('pauseAt', pauseAt, (time: PageClockTime) => listener.pauseAt(pageClockTimeMs(time)));
  wrap('resume', resume, () => listener.resume());
  wrap('setFixedTime', setFixedTime, (time: PageClockTime) => listener.setFixedTime(pageClockTimeMs(time)));
  wrap('setSystemTime', setSystemTime, (time: PageClockTime) => listener.setSystemTime(pageClockTimeMs(time)));
  return () => {
    for (const name of METHODS) delete own[name];
  };
}
