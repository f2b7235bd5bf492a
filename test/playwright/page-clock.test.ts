/**
 * The mirror of Playwright's clock, without a browser: how it reads Playwright's times and
 * ticks, and each call's effect on the time the engine reads (clock.spec.ts checks the same
 * calls against a real page's `Date.now()`).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPageClock, pageClockTicksMs, pageClockTimeMs } from '../../src/playwright/page-clock.ts';

describe('reading what Playwright takes', () => {
  it.each([
    [1000, 1000],
    ['', 0],
    ['5', 5_000],
    ['30:00', 1_800_000],
    ['01:30', 90_000],
    ['02:00:00', 7_200_000],
  ] as const)('ticks %j are %d ms', (ticks, ms) => {
    expect(pageClockTicksMs(ticks)).toBe(ms);
  });

  it.each([
    [0, 0],
    ['', 0],
    [1_700_000_000_000, 1_700_000_000_000],
    ['2030-03-10T08:00:00Z', Date.parse('2030-03-10T08:00:00Z')],
    [new Date('2030-03-10T08:00:00Z'), Date.parse('2030-03-10T08:00:00Z')],
  ] as const)('time %j is %d', (time, ms) => {
    expect(pageClockTimeMs(time)).toBe(ms);
  });
});

describe('createPageClock()', () => {
  const A = Date.parse('2030-03-10T08:00:00Z');
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads real time, offset by set and advance, until the first call', () => {
    vi.useFakeTimers({ now: A });
    const clock = createPageClock();
    expect(clock.installed).toBe(false);
    expect(clock.frozen).toBe(false);
    expect(clock.nowMs()).toBe(A);
    clock.advance(60);
    vi.advanceTimersByTime(1000);
    expect(clock.nowMs()).toBe(A + 61_000);
    clock.set('2031-01-01T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2031-01-01T00:00:00.000Z');
  });

  it('starts at the epoch on a first call that sets no time, then follows real time', () => {
    vi.useFakeTimers({ now: A });
    const clock = createPageClock();
    clock.fastForward(60_000);
    expect(clock.installed).toBe(true);
    expect(clock.nowMs()).toBe(60_000);
    vi.advanceTimersByTime(2_000);
    expect(clock.nowMs()).toBe(62_000);
  });

  it('pauses, fixes and resumes as the page does', () => {
    vi.useFakeTimers({ now: A });
    const clock = createPageClock();
    clock.install(A);
    vi.advanceTimersByTime(500);
    expect(clock.nowMs()).toBe(A + 500);
    clock.pauseAt(A + 3_600_000);
    vi.advanceTimersByTime(10_000);
    expect([clock.nowMs(), clock.frozen]).toEqual([A + 3_600_000, true]);
    clock.runFor(90_000.2); // rounded up, as the page's ticks are
    expect(clock.nowMs()).toBe(A + 3_690_001);
    clock.setFixedTime(A);
    clock.fastForward(5_000);
    clock.resume();
    vi.advanceTimersByTime(5_000);
    expect([clock.nowMs(), clock.frozen]).toEqual([A, true]);
    clock.setSystemTime(A + 1_000); // unfixed, and running since resume()
    vi.advanceTimersByTime(5_000);
    expect([clock.nowMs(), clock.frozen]).toEqual([A + 6_000, false]);
    clock.pauseAt(A + 10_000);
    clock.setFixedTime(A + 20_000);
    clock.pauseAt(A + 30_000); // a fixed time stays where it is
    expect(clock.nowMs()).toBe(A + 20_000);
    clock.install(A + 40_000); // unfixes; still paused
    expect([clock.nowMs(), clock.frozen]).toEqual([A + 40_000, true]);
  });

  it('resumes from where it was paused, not from where it was last set', () => {
    vi.useFakeTimers({ now: A });
    const clock = createPageClock();
    clock.install(A);
    clock.pauseAt(A + 60_000);
    vi.advanceTimersByTime(10_000);
    clock.resume();
    vi.advanceTimersByTime(1_000);
    expect([clock.nowMs(), clock.frozen]).toEqual([A + 61_000, false]);
  });

  it('set and advance move the followed time, keeping it paused or running', () => {
    vi.useFakeTimers({ now: A });
    const clock = createPageClock();
    clock.install(A);
    clock.pauseAt(A + 1_000);
    clock.advance(3_600);
    expect(clock.nowMs()).toBe(A + 3_601_000);
    clock.resume();
    clock.set(new Date(A));
    vi.advanceTimersByTime(250);
    expect(clock.nowMs()).toBe(A + 250);
    expect(() => clock.set('not a date')).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
  });
});
