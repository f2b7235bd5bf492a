import { defineConfig } from 'vitest/config';

/**
 * The fast unit tests: the domain rules and the core's steps, each file in seconds, no
 * server, no network, no build. `npm run test:unit` runs them, and `npm run test:mutation`
 * (stryker.config.json) runs them against every mutant, so a test that belongs here must
 * stay fast. The full `vitest run` (vitest.config.ts) runs these files too.
 */
const UNIT_TESTS = [
  'test/octopus/rules.test.ts',
  'test/octopus/edges.test.ts',
  'test/auvious/rules.test.ts',
  'test/auvious/tickets.test.ts',
  'test/auvious/calendar.test.ts',
  'test/adminserver/rules.test.ts',
  'test/adminserver/network-session.test.ts',
  'test/core/clock.test.ts',
  'test/core/control-api.test.ts',
  'test/core/sessions.test.ts',
  'test/core/faults.test.ts',
  'test/core/journal.test.ts',
  'test/core/router.test.ts',
  'test/core/router-templates.test.ts',
  'test/core/store.test.ts',
  'test/core/store-index.test.ts',
  'test/core/validate-request.test.ts',
];

export default defineConfig({
  test: {
    include: UNIT_TESTS,
    testTimeout: 30_000,
    allowOnly: false,
  },
});
