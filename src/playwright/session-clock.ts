/**
 * `page.clock` followed by a session's clock on a shared `ticketmock serve`. The served
 * clock can only be set (`POST /__mock/clock {"now": ISO}`) and then runs in real time: it
 * cannot be paused or held fixed. So the page's time is kept here, on the same mirror of
 * Playwright's clock the in-process mock reads (page-clock.ts), and after each call the
 * mirror's time is posted to the session. The server then agrees with the page at every
 * call and, while the page's time flows, between calls (both in real time, a request
 * apart); while the page's time is paused or fixed, the server's goes on running from the
 * last call (decision 021).
 */
import { createPageClock, type PageClock, type PageClockListener } from './page-clock.js';

/** The listener for `followPageClock`: each call moves `mirror`, then `post`s its time (ISO-8601). */
export function sessionClockListener(
  post: (now: string) => Promise<unknown>,
  mirror: PageClock = createPageClock(),
): PageClockListener {
  const then =
    <A extends unknown[]>(move: (...args: A) => void) =>
    async (...args: A): Promise<void> => {
      move(...args);
      await post(mirror.now().toISOString());
    };
  return {
    install: then((timeMs: number) => mirror.install(timeMs)),
    fastForward: then((ticksMs: number) => mirror.fastForward(ticksMs)),
    runFor: then((ticksMs: number) => mirror.runFor(ticksMs)),
    pauseAt: then((timeMs: number) => mirror.pauseAt(timeMs)),
    resume: then(() => mirror.resume()),
    setFixedTime: then((timeMs: number) => mirror.setFixedTime(timeMs)),
    setSystemTime: then((timeMs: number) => mirror.setSystemTime(timeMs)),
  };
}
