/**
 * `ticketmock/playwright`: a Playwright fixture giving each test its own seeded mocks through
 * `context.route` (no service-worker file), `mocks.control`, and a clock that follows
 * `page.clock`; or, with `mocksOptions.server`, a session of its own on a shared
 * `ticketmock serve` (`mockSession`). `@playwright/test` is an optional peer: only its types
 * are imported here.
 */
export {
  createTicketmockFixtures,
  type PlaywrightMocks,
  type TicketmockFixtures,
  type TicketmockOptions,
} from './playwright/fixtures.js';
export type {
  PageClock,
  PageClockListener,
  PageClockTicks,
  PageClockTime,
} from './playwright/page-clock.js';
export { type MockSession, ServerSessionError, type SessionControl } from './playwright/server-session.js';
