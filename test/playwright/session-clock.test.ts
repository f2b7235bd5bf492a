/**
 * A session's clock following `page.clock`, without a browser or a server: each call the
 * page's clock accepts posts the mirror's time, and the test's `await page.clock.…` waits
 * for that post (and fails with it); a call Playwright refuses posts nothing.
 */
import type { Clock as PlaywrightClock } from '@playwright/test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { followPageClock } from '../../src/playwright/follow-clock.ts';
import { sessionClockListener } from '../../src/playwright/session-clock.ts';

const A = Date.parse('2031-01-15T09:00:00Z');
const HOUR = 3_600_000;

/** Playwright's clock as the fixture sees it: async methods; `pauseAt` refuses the past, as Playwright does. */
function playwrightClock(): PlaywrightClock {
  let now = 0;
  const accept = async () => {};
  return {
    install: accept,
    fastForward: accept,
    runFor: accept,
    resume: accept,
    setFixedTime: accept,
    setSystemTime: accept,
    async pauseAt(time: number | string | Date) {
      const ms = new Date(time).getTime();
      if (ms < now) throw new Error('Cannot fast-forward to the past');
      now = ms;
    },
  } as unknown as PlaywrightClock;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('sessionClockListener()', () => {
  it("posts the page's time after each call, by Playwright's clock rules", async () => {
    vi.useFakeTimers({ now: A - 10 * HOUR });
    const posted: string[] = [];
    const listener = sessionClockListener(async (now) => {
      posted.push(now);
    });
    await listener.install(A);
    await listener.pauseAt(A + HOUR);
    await listener.fastForward(5 * HOUR);
    vi.advanceTimersByTime(60_000); // paused: the page's time stands still
    await listener.runFor(1000);
    await listener.setFixedTime(A);
    await listener.fastForward(HOUR); // fixed: no move
    await listener.setSystemTime(A + 2 * HOUR);
    await listener.resume();
    vi.advanceTimersByTime(30_000); // flowing again
    await listener.runFor(0);
    expect(posted).toEqual(
      [A, A + HOUR, A + 6 * HOUR, A + 6 * HOUR + 1000, A, A, A + 2 * HOUR, A + 2 * HOUR, A + 2 * HOUR + 30_000].map(
        (ms) => new Date(ms).toISOString(),
      ),
    );
  });
});

describe("followPageClock() with a session's listener", () => {
  it('returns from the page clock call only once the post has answered (install included)', async () => {
    let answer: (() => void) | undefined;
    const posted: string[] = [];
    const clock = playwrightClock();
    const unfollow = followPageClock(
      clock,
      sessionClockListener(
        (now) =>
          new Promise<void>((resolve) => {
            posted.push(now);
            answer = resolve;
          }),
      ),
    );
    let done = false;
    const call = clock.install({ time: A }).then(() => {
      done = true;
    });
    await vi.waitFor(() => expect(posted).toEqual([new Date(A).toISOString()]));
    await new Promise((tick) => setTimeout(tick, 20));
    expect(done).toBe(false);
    answer?.();
    await call;
    expect(done).toBe(true);
    unfollow();
  });

  it("rejects the test's call when the post fails, and posts nothing for a call Playwright refuses", async () => {
    const posted: string[] = [];
    const clock = playwrightClock();
    let failing = false;
    followPageClock(
      clock,
      sessionClockListener(async (now) => {
        if (failing) throw new Error('POST /__mock/clock: 404 no session s-1');
        posted.push(now);
      }),
    );
    await clock.pauseAt(A);
    await expect(clock.pauseAt(A - HOUR)).rejects.toThrow('Cannot fast-forward to the past');
    expect(posted).toEqual([new Date(A).toISOString()]);
    failing = true;
    await expect(clock.fastForward('05:00:00')).rejects.toThrow('404 no session s-1');
  });
});
