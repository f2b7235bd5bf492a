/**
 * The clock that follows `page.clock`, end to end: the app creates an Auvious ticket that
 * lasts 60 s, and the page (by its own `Date`) and the API (by the mock's clock) say
 * "expired" at the same millisecond of the page's fake time. Without the following, the
 * mock would stamp the ticket with the real time and the two would disagree from the start.
 */
import { expect, test } from './fixtures.ts';

test.use({ mocksOptions: { apis: ['auvious'], baseUrl: 'https://auvious.example' } });

const START = Date.parse('2031-01-15T09:00:00Z');

test('a ticket expires on the page and in the API at the same instant of page.clock', async ({ page, mocks }) => {
  await page.clock.install({ time: START });
  await page.goto('/');
  await page.getByRole('button', { name: 'Create a 60-second ticket' }).click();
  await expect(page.getByTestId('ticket-state')).toHaveText('valid');

  // the mock stamped the ticket with the page's time, not the real one
  const createdAt = Date.parse((await page.getByTestId('created-at').textContent()) ?? '');
  const expiresAt = Date.parse((await page.getByTestId('expires-at').textContent()) ?? '');
  const pageNow = await page.evaluate(() => Date.now());
  expect(createdAt).toBeGreaterThanOrEqual(START);
  expect(createdAt).toBeLessThanOrEqual(pageNow);
  expect(expiresAt - createdAt).toBe(60_000);

  // a second before: both say valid
  await page.clock.pauseAt(expiresAt - 1000);
  expect(await page.evaluate(() => Date.now())).toBe(expiresAt - 1000);
  expect(mocks.control.getClock().now).toBe(new Date(expiresAt - 1000).toISOString());
  await expect(page.getByTestId('ticket-state')).toHaveText('valid');
  await page.getByRole('button', { name: 'Ask the API' }).click();
  await expect(page.getByTestId('api-expired')).toHaveText('false');

  // at the instant itself: both say expired
  await page.clock.fastForward(1000);
  expect(mocks.control.getClock().now).toBe(new Date(expiresAt).toISOString());
  await expect(page.getByTestId('ticket-state')).toHaveText('expired');
  await page.getByRole('button', { name: 'Ask the API' }).click();
  await expect(page.getByTestId('api-expired')).toHaveText('true');
  await expect(page.getByTestId('error')).toHaveText('');

  // and the mock's own records agree
  const id = (await page.getByTestId('ticket-id').textContent()) ?? '';
  const ticket = mocks.db.auvious.tickets.findFirst((q) => q.where({ id }));
  expect(ticket).toMatchObject({ createdAt: new Date(createdAt).toISOString(), properties: { desk: 'front' } });
});
