/**
 * Playwright's own runner over the fixture's specs (`*.spec.ts` here), driving Debian's
 * Chromium. `test/playwright/runner.test.ts` runs it from vitest; by hand:
 * `npm run build && npx playwright test -c test/playwright/playwright.config.ts`.
 *
 * The browser resolves no host name but 127.0.0.1: the APIs' origins (`https://auvious.example`)
 * exist only as the fixture's routes, and a request no route takes fails instead of leaving
 * the machine.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  globalSetup: './global-setup.ts',
  outputDir: '../../test-results/playwright',
  workers: 2,
  fullyParallel: true,
  retries: 0,
  forbidOnly: true,
  reporter: 'list',
  timeout: 60_000,
  use: {
    // set by global-setup.ts before the workers start (they read this file again)
    baseURL: process.env.TICKETMOCK_APP_URL,
    headless: true,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
    },
  },
});
