import { test as base, expect } from '@playwright/test';
import { createTicketmockFixtures, type TicketmockFixtures } from 'ticketmock/playwright';

// a running `npx ticketmock serve`: the config's webServer, or (here) its global setup's
const server = process.env.TICKETMOCK_SERVER_URL ?? 'http://127.0.0.1:4010';

// every test gets a session of its own there: its own seeded data, clock, journal and faults
const test = base.extend<TicketmockFixtures>(
  createTicketmockFixtures({ apis: ['auvious'], baseUrl: 'https://auvious.example', server }),
);

test('a ticket expires on the page and in the shared server together', async ({ page, mockSession }) => {
  await page.clock.install({ time: new Date('2026-05-01T10:00:00Z') });
  await page.goto('/');
  await page.getByRole('button', { name: 'Create a 60-second ticket' }).click();
  await expect(page.getByTestId('ticket-state')).toHaveText('valid');

  await page.clock.fastForward('01:01'); // moves the page's clock, and the session's with it
  await expect(page.getByTestId('ticket-state')).toHaveText('expired');
  await page.getByRole('button', { name: 'Ask the API' }).click();
  await expect(page.getByTestId('api-expired')).toHaveText('true');

  const journal = await mockSession.control.journal(); // over HTTP: every control call is a promise
  expect(journal.map((entry) => `${entry.operationId} ${entry.status}`)).toEqual([
    'auvious.createTicket 200',
    'auvious.getTicket 200',
  ]);
});
