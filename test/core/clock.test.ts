/**
 * The engine's clock (src/core/clock.ts): a frozen clock for tests, and the real-time
 * clock `serve` and `createMocks()` use by default, which keeps running after `set` and
 * `advance` and never runs backwards.
 */
import { describe, expect, it } from 'vitest';
import { createClock, isoSeconds } from '../../src/core/clock.ts';

const T0 = '2026-05-01T10:00:00.000Z';
const T0_MS = Date.parse(T0);

/** Waits until the real time has moved on by at least `ms` (timers may fire a little early). */
async function elapse(ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) await new Promise((resolve) => setTimeout(resolve, until - Date.now()));
}

describe('a clock given an instant', () => {
  it('stands still at that instant until set or advanced', async () => {
    const clock = createClock({ now: T0 });
    expect(clock.frozen).toBe(true);
    expect(clock.nowMs()).toBe(T0_MS);
    await elapse(20);
    expect(clock.nowMs()).toBe(T0_MS);
    expect(clock.now().toISOString()).toBe(T0);
  });

  it('takes a Date as well as ISO text, to the millisecond', () => {
    expect(createClock({ now: new Date(T0_MS + 123) }).nowMs()).toBe(T0_MS + 123);
  });

  it('stands still at the real time of its creation when frozen without an instant', async () => {
    const before = Date.now();
    const clock = createClock({ frozen: true });
    const first = clock.nowMs();
    expect(first).toBeGreaterThanOrEqual(before);
    expect(first).toBeLessThanOrEqual(Date.now());
    await elapse(20);
    expect(clock.nowMs()).toBe(first);
    clock.advance(1);
    expect(clock.nowMs()).toBe(first + 1000);
  });

  it('moves to the instant it is set to, and by the seconds it is advanced (back too)', () => {
    const clock = createClock({ now: T0 });
    clock.set('2026-06-01T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-06-01T00:00:00.000Z');
    clock.set(new Date(T0_MS));
    expect(clock.nowMs()).toBe(T0_MS);
    clock.advance(90);
    expect(clock.nowMs()).toBe(T0_MS + 90_000);
    clock.advance(-3600);
    expect(clock.nowMs()).toBe(T0_MS + 90_000 - 3_600_000);
    clock.advance(0.5);
    expect(clock.nowMs()).toBe(T0_MS + 90_000 - 3_600_000 + 500);
  });

  it('can be asked to run from that instant instead (frozen: false)', async () => {
    const clock = createClock({ now: T0, frozen: false });
    expect(clock.frozen).toBe(false);
    const first = clock.nowMs();
    expect(first).toBeGreaterThanOrEqual(T0_MS);
    expect(first).toBeLessThan(T0_MS + 1000);
    await elapse(30);
    expect(clock.nowMs()).toBeGreaterThanOrEqual(first + 30);
  });
});

describe('the real-time clock (the default of serve and createMocks)', () => {
  it('reads the real time and keeps running', async () => {
    const before = Date.now();
    const clock = createClock();
    expect(clock.frozen).toBe(false);
    const first = clock.nowMs();
    expect(first).toBeGreaterThanOrEqual(before);
    expect(first).toBeLessThanOrEqual(Date.now());
    await elapse(30);
    const later = clock.now().getTime();
    expect(later).toBeGreaterThanOrEqual(first + 30);
    expect(later).toBeLessThanOrEqual(Date.now());
  });

  it('honours set: it jumps to the instant, then keeps running from there', async () => {
    const clock = createClock();
    clock.set(T0);
    expect(clock.frozen).toBe(false);
    const first = clock.nowMs();
    expect(first).toBeGreaterThanOrEqual(T0_MS);
    expect(first).toBeLessThan(T0_MS + 1000);
    await elapse(30);
    const later = clock.nowMs();
    expect(later).toBeGreaterThanOrEqual(first + 30);
    expect(later).toBeLessThan(T0_MS + 10_000);
  });

  it('honours advance: an hour later than the real time, still running', async () => {
    const clock = createClock();
    clock.advance(3600);
    const ahead = clock.nowMs() - Date.now();
    expect(ahead).toBeGreaterThan(3_599_000);
    expect(ahead).toBeLessThanOrEqual(3_600_000);
    clock.advance(-7200);
    const behind = Date.now() - clock.nowMs();
    expect(behind).toBeGreaterThanOrEqual(3_600_000);
    expect(behind).toBeLessThan(3_601_000);
    const first = clock.nowMs();
    await elapse(30);
    expect(clock.nowMs()).toBeGreaterThanOrEqual(first + 30);
  });

  it('advances from the instant it was set to', () => {
    const clock = createClock();
    clock.set(T0);
    clock.advance(86_400);
    expect(clock.nowMs() - (T0_MS + 86_400_000)).toBeGreaterThanOrEqual(0);
    expect(clock.nowMs() - (T0_MS + 86_400_000)).toBeLessThan(1000);
  });

  it('never runs backwards between reads', async () => {
    const clock = createClock();
    clock.set(T0);
    let previous = clock.nowMs();
    for (let read = 0; read < 50; read += 1) {
      if (read % 10 === 0) await elapse(2);
      const current = clock.nowMs();
      expect(current).toBeGreaterThanOrEqual(previous);
      previous = current;
    }
    expect(previous).toBeGreaterThan(T0_MS);
  });
});

describe("the clock's guards: no NaN time gets in", () => {
  it.each([
    ['text that is no instant', 'soon'],
    ['an empty string', ''],
    ['an invalid Date', new Date(Number.NaN)],
    ['a date-time without its offset (local time: another on each machine)', '2026-05-01T10:00:00'],
    ['a date without a time', '2026-05-01'],
  ])('refuses to start at %s', (_, instant) => {
    expect(() => createClock({ now: instant })).toThrow(RangeError);
    expect(() => createClock({ now: instant })).toThrow(/not an instant/);
  });

  it.each([
    [true, 'frozen'],
    [false, 'running'],
  ])('a %s clock refuses to be set to no instant, and stays where it was', (frozen) => {
    const clock = createClock({ now: T0, frozen });
    expect(() => clock.set('2026-13-45T99:00:00Z')).toThrow(RangeError);
    expect(() => clock.set('2026-05-01T10:00:00')).toThrow('not an instant (a date-time with its offset');
    expect(() => clock.set(new Date(Number.NaN))).toThrow(`not an instant: Invalid Date`);
    expect(Number.isFinite(clock.nowMs())).toBe(true);
    expect(Math.abs(clock.nowMs() - T0_MS)).toBeLessThan(1000);
  });

  it.each([
    [true, 'frozen'],
    [false, 'running'],
  ])('a %s clock refuses to advance by NaN or an infinity, and stays where it was', (frozen) => {
    const clock = createClock({ now: T0, frozen });
    for (const seconds of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(() => clock.advance(seconds)).toThrow(`not a number of seconds: ${seconds}`);
    }
    expect(Math.abs(clock.nowMs() - T0_MS)).toBeLessThan(1000);
  });
});

describe('isoSeconds', () => {
  it.each([
    [T0_MS, '2026-05-01T10:00:00Z'],
    [T0_MS + 999, '2026-05-01T10:00:00Z'],
    [T0_MS + 1000, '2026-05-01T10:00:01Z'],
    [T0_MS - 1, '2026-05-01T09:59:59Z'],
  ])('writes %d to the second as %s', (ms, iso) => {
    expect(isoSeconds(ms)).toBe(iso);
  });
});
