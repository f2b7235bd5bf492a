/**
 * The mock's clock against the page's, call by call of Playwright's clock: paused or fixed
 * they agree to the millisecond; flowing, each follows real time from the moment it was set,
 * so they may differ by what a call takes (TOLERANCE, generous for a loaded machine: the
 * moves checked are minutes to years).
 */
import type { Page } from '@playwright/test';
import type { PlaywrightMocks } from 'ticketmock/playwright';
import { expect, test } from './fixtures.ts';

test.use({ mocksOptions: { apis: ['auvious'] } });

const TOLERANCE = 1500;
const A = Date.parse('2030-03-10T08:00:00Z');
const pageNow = (page: Page): Promise<number> => page.evaluate(() => Date.now());
const mockNow = (mocks: PlaywrightMocks): number => Date.parse(mocks.control.getClock().now);

/** Both clocks read `expected` exactly. */
async function bothAt(page: Page, mocks: PlaywrightMocks, expected: number): Promise<void> {
  expect(new Date(await pageNow(page)).toISOString()).toBe(new Date(expected).toISOString());
  expect(new Date(mockNow(mocks)).toISOString()).toBe(new Date(expected).toISOString());
  expect(mocks.clock.frozen).toBe(true);
}

/** Both clocks flow, within TOLERANCE of each other, at or after `from`. */
async function bothFlowingFrom(page: Page, mocks: PlaywrightMocks, from: number): Promise<void> {
  const [inPage, inMock] = [await pageNow(page), mockNow(mocks)];
  expect(Math.abs(inPage - inMock)).toBeLessThan(TOLERANCE);
  expect(inPage).toBeGreaterThanOrEqual(from);
  expect(inMock).toBeGreaterThanOrEqual(from);
  expect(mocks.clock.frozen).toBe(false);
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test('before any call on page.clock both read the real time', async ({ page, mocks }) => {
  const before = Date.now();
  await bothFlowingFrom(page, mocks, before - TOLERANCE);
  expect(mockNow(mocks)).toBeLessThan(Date.now() + TOLERANCE);
  expect(mocks.clock.installed).toBe(false);
});

test('install, pauseAt, fastForward, runFor, setFixedTime, setSystemTime and resume move both', async ({
  page,
  mocks,
}) => {
  await page.clock.install({ time: new Date(A) });
  await bothFlowingFrom(page, mocks, A);

  await page.clock.pauseAt(A + 3_600_000);
  await bothAt(page, mocks, A + 3_600_000);

  await page.clock.fastForward('02:00:00');
  await bothAt(page, mocks, A + 3 * 3_600_000);

  await page.clock.runFor(90_000);
  await bothAt(page, mocks, A + 3 * 3_600_000 + 90_000);

  const fixed = Date.parse('2032-07-01T12:00:00Z');
  await page.clock.setFixedTime('2032-07-01T12:00:00Z');
  await bothAt(page, mocks, fixed);
  await page.clock.fastForward(5000); // a fixed time does not move
  await bothAt(page, mocks, fixed);

  const system = Date.parse('2029-01-01T00:00:00Z');
  await page.clock.setSystemTime(system); // unfixes it; still paused
  await bothAt(page, mocks, system);
  await page.clock.fastForward('30:00');
  await bothAt(page, mocks, system + 1_800_000);

  await page.clock.resume();
  await bothFlowingFrom(page, mocks, system + 1_800_000);
});

test('the first call without install starts the page at the epoch, and the mock with it', async ({ page, mocks }) => {
  await page.clock.fastForward(60_000);
  await bothFlowingFrom(page, mocks, 60_000);
  expect(mockNow(mocks)).toBeLessThan(86_400_000);
});

test('a call Playwright refuses leaves the mock where it was', async ({ page, mocks }) => {
  await page.clock.install({ time: A });
  await page.clock.pauseAt(A + 60_000);
  await expect(page.clock.pauseAt(A)).rejects.toThrow(/Cannot fast-forward to the past/);
  await bothAt(page, mocks, A + 60_000);
});

test('control.setClock moves the mock alone, and the next page.clock call wins again', async ({ page, mocks }) => {
  await page.clock.install({ time: A });
  await page.clock.pauseAt(A + 1000);
  mocks.control.setClock({ advanceSeconds: 3600 });
  expect(mockNow(mocks)).toBe(A + 1000 + 3_600_000);
  expect(await pageNow(page)).toBe(A + 1000);
  await page.clock.setSystemTime(A + 5000);
  await bothAt(page, mocks, A + 5000);
});

test('a page opened later in the context shares the clock, and the mock follows it', async ({
  context,
  page,
  mocks,
}) => {
  await page.clock.install({ time: A });
  await page.clock.pauseAt(A + 10_000);
  const other = await context.newPage();
  await other.goto('/');
  await other.clock.fastForward(5000);
  await bothAt(other, mocks, A + 15_000);
  expect(await pageNow(page)).toBe(A + 15_000);
});
