/**
 * The engine's only source of time (DESIGN.md, "Time comes from one clock"). Expiry,
 * derived statuses and timestamps all read it; tests and `/__mock/clock` set or move it.
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
  /** The current instant in epoch milliseconds. */
  nowMs(): number;
  /** Moves the clock to `instant`; a running clock keeps running from there. */
  set(instant: string | Date): void;
  /** Moves the clock forward (or back, with a negative number) by `seconds`. */
  advance(seconds: number): void;
  /** Whether time stands still between calls. */
  readonly frozen: boolean;
}

export interface ClockOptions {
  /** Start here instead of at the real time. */
  now?: string | Date;
  /** Stand still until set or advanced (the default for a clock given `now`). */
  frozen?: boolean;
}

/**
 * An ISO-8601 date-time naming one instant: a date, a time and its offset (`Z` or `±hh:mm`).
 * Without the offset `Date.parse` reads local time, which differs from machine to machine
 * (a browser's zone, a CI runner's), so such a text is refused rather than guessed.
 */
export const isInstantText = (text: string): boolean =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i.test(text) &&
  Number.isFinite(Date.parse(text));

function toMs(instant: string | Date): number {
  if (typeof instant === 'string' && !isInstantText(instant)) {
    throw new RangeError(`not an instant (a date-time with its offset, Z or ±hh:mm): ${instant}`);
  }
  const ms = instant instanceof Date ? instant.getTime() : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  return ms;
}

/**
 * A real-time clock, offset by `set`/`advance`; or, with `frozen`, one that only moves
 * when told. `createClock()` is real time; `createClock({ now: '2026-05-01T10:00:00Z' })`
 * is frozen at that instant.
 */
export function createClock(options: ClockOptions = {}): Clock {
  const frozen = options.frozen ?? options.now !== undefined;
  // Date.now() is read here and nowhere else in the engine.
  const real = (): number => Date.now();
  let offset = options.now === undefined ? 0 : toMs(options.now) - real();
  let fixed = options.now === undefined ? real() : toMs(options.now);
  const nowMs = (): number => (frozen ? fixed : real() + offset);
  return {
    frozen,
    nowMs,
    now: () => new Date(nowMs()),
    set(instant) {
      const ms = toMs(instant);
      if (frozen) fixed = ms;
      else offset = ms - real();
    },
    advance(seconds) {
      if (!Number.isFinite(seconds)) throw new RangeError(`not a number of seconds: ${seconds}`);
      if (frozen) fixed += seconds * 1000;
      else offset += seconds * 1000;
    },
  };
}

/** An instant as ISO-8601 / RFC 3339 to the second, `2026-05-01T10:00:00Z`. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
