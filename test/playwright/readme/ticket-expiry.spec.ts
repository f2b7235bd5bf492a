import { test as base, expect } from '@playwright/test';
import { createTicketmockFixtures, type TicketmockFixtures } from 'ticketmock/playwright';

// every test gets its own seeded Auvious, answering the app's calls to https://auvious.example
const test = base.extend<TicketmockFixtures>(
  createTicketmockFixtures({ apis: ['auvious'], baseUrl: 'https://auvious.example' }),
);

test('a ticket expires on the page and in the API together', async ({ page, mocks }) => {
  await page.clock.install({ time: new Date('2026-05-01T10:00:00Z') });
  await page.goto('/'); // the app under test: it creates a 60-second ticket and shows its state
  await page.getByRole('button', { name: 'Create a 60-second ticket' }).click();
  await expect(page.getByTestId('ticket-state')).toHaveText('valid');

  await page.clock.fastForward('01:01'); // moves the page's clock, and the mock's with it
  await expect(page.getByTestId('ticket-state')).toHaveText('expired');
  await page.getByRole('button', { name: 'Ask the API' }).click();
  await expect(page.getByTestId('api-expired')).toHaveText('true');

  const calls = mocks.control.journal().map((entry) => `${entry.operationId} ${entry.status}`);
  expect(calls).toEqual(['auvious.createTicket 200', 'auvious.getTicket 200']);
});
