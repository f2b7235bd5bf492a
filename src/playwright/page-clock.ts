/**
 * The mock's clock as a mirror of Playwright's `page.clock` (the browser context's clock:
 * `page.clock` and `context.clock` are one object). The page's fake time lives in the page;
 * the mock runs in the test's Node process, so each call the test makes on the clock is
 * replayed here, with the rules of Playwright's injected `ClockController`
 * (packages/injected/src/clock.ts, release 1.65):
 *
 * - Before the first call the page has the real `Date`: the mock reads real time.
 * - The first call of any kind installs the fake clock at time 0 (the epoch), running.
 * - `install(time)` and `setSystemTime(time)` set the time and unfix it; `setFixedTime(time)`
 *   sets it and fixes it (`Date.now()` stands still, timers still run).
 * - `fastForward(ticks)` and `runFor(ticks)` add the ticks, unless the time is fixed.
 * - `pauseAt(time)` moves to `time` (unless fixed) and stops the time's flow; `resume()`
 *   lets it flow again. A flowing time follows real time from where it was set.
 *
 * Between the test's calls the page and the mock both follow real time, each from the moment
 * it was set, so they can differ by the few milliseconds a call takes; paused or fixed, they
 * agree to the millisecond.
 */
import type { Clock } from '../core/clock.js';

/** A time as Playwright's clock takes it: epoch milliseconds, a date string, a Date. */
export type PageClockTime = number | string | Date;
/** A duration as Playwright's clock takes it: milliseconds, or `'ss'`, `'mm:ss'`, `'hh:mm:ss'`. */
export type PageClockTicks = number | string;

/**
 * What the fixture tells the mock after each of the page clock's calls succeeded, in
 * epoch milliseconds and milliseconds of ticks. The in-process mirror below is one; a mock
 * that lives elsewhere (a session on a shared `ticketmock serve`, session-clock.ts) is
 * another, whose moves take a request: the page clock's call resolves once they are made.
 */
export interface PageClockListener {
  install(timeMs: number): void | Promise<void>;
  fastForward(ticksMs: number): void | Promise<void>;
  runFor(ticksMs: number): void | Promise<void>;
  pauseAt(timeMs: number): void | Promise<void>;
  resume(): void | Promise<void>;
  setFixedTime(timeMs: number): void | Promise<void>;
  setSystemTime(timeMs: number): void | Promise<void>;
}

/** A {@link Clock} for the engine that follows the page's clock (synchronously: it is in process). */
export interface PageClock extends Clock, PageClockListener {
  install(timeMs: number): void;
  fastForward(ticksMs: number): void;
  runFor(ticksMs: number): void;
  pauseAt(timeMs: number): void;
  resume(): void;
  setFixedTime(timeMs: number): void;
  setSystemTime(timeMs: number): void;
  /** Whether the page's clock has been touched (before that: real time). */
  readonly installed: boolean;
}

/** Epoch milliseconds of a time as Playwright's server reads it (`''` and `0` are the epoch). */
export function pageClockTimeMs(time: PageClockTime): number {
  if (time instanceof Date) return time.getTime();
  if (time === '' || time === 0) return 0;
  return typeof time === 'number' ? time : new Date(time).getTime();
}

/** Milliseconds of a duration as Playwright's server reads it (`'01:30'` is 90 000). */
export function pageClockTicksMs(ticks: PageClockTicks): number {
  if (typeof ticks === 'number') return ticks;
  if (ticks === '') return 0;
  return ticks.split(':').reduce((seconds, part) => seconds * 60 + Number.parseInt(part, 10), 0) * 1000;
}

export function createPageClock(): PageClock {
  // Real time, read here (an adapter, not the engine): before the page's clock is touched,
  // and as the flow of a running fake time. performance.now() is monotonic, as the page's is.
  const realNow = (): number => Date.now();
  const elapsed = (): number => performance.now();
  let installed = false;
  /** Before installation: the mock's offset from real time (`control.setClock`). */
  let offset = 0;
  /** After installation: the page's time at `anchor` (a reading of `elapsed()`). */
  let base = 0;
  let anchor = 0;
  let running = true;
  let fixed = false;

  const pageNow = (): number => (fixed || !running ? base : base + (elapsed() - anchor));
  const moveTo = (timeMs: number): void => {
    base = timeMs;
    anchor = elapsed();
  };
  /** The first call of any kind injects the page's clock at the epoch, running. */
  const ensureInstalled = (): void => {
    if (installed) return;
    installed = true;
    running = true;
    fixed = false;
    moveTo(0);
  };
  const nowMs = (): number => (installed ? Math.floor(pageNow()) : realNow() + offset);
  const toMs = (instant: string | Date): number => {
    const ms = instant instanceof Date ? instant.getTime() : Date.parse(instant);
    if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
    return ms;
  };

  return {
    get installed() {
      return installed;
    },
    get frozen() {
      return installed && (fixed || !running);
    },
    nowMs,
    now: () => new Date(nowMs()),
    // the mock's own moves (mocks.control.setClock): the page is not told
    set(instant) {
      const ms = toMs(instant);
      if (installed) moveTo(ms);
      else offset = ms - realNow();
    },
    advance(seconds) {
      if (!Number.isFinite(seconds)) throw new RangeError(`not a number of seconds: ${seconds}`);
      if (installed) moveTo(pageNow() + seconds * 1000);
      else offset += seconds * 1000;
    },
    install(timeMs) {
      ensureInstalled();
      moveTo(timeMs);
      fixed = false;
    },
    fastForward(ticksMs) {
      ensureInstalled();
      if (!fixed) moveTo(pageNow() + Math.trunc(ticksMs));
    },
    runFor(ticksMs) {
      ensureInstalled();
      if (!fixed) moveTo(pageNow() + Math.ceil(ticksMs));
    },
    pauseAt(timeMs) {
      ensureInstalled();
      moveTo(fixed ? base : timeMs);
      running = false;
    },
    resume() {
      ensureInstalled();
      moveTo(pageNow());
      running = true;
    },
    setFixedTime(timeMs) {
      ensureInstalled();
      moveTo(timeMs);
      fixed = true;
    },
    setSystemTime(timeMs) {
      ensureInstalled();
      moveTo(timeMs);
      fixed = false;
    },
  };
}
