/**
 * The specs' `test`: Playwright's, extended with ticketmock's fixtures from the built package
 * (`ticketmock/playwright`, as a user imports it). The runner test sets
 * `TICKETMOCK_JOURNAL_DIR` to collect every test's journal. The session specs add
 * the shared server to their `mocksOptions` (`onSharedServer`).
 */
import { test as base, type Page } from '@playwright/test';
import { createTicketmockFixtures, type TicketmockFixtures, type TicketmockOptions } from 'ticketmock/playwright';

const journalDir = process.env.TICKETMOCK_JOURNAL_DIR;

export const test = base.extend<TicketmockFixtures>(
  createTicketmockFixtures(journalDir === undefined ? {} : { journalDir }),
);
export { expect } from '@playwright/test';

/** The Auvious demo credential, as the page sends it. */
export const AUVIOUS_AUTH = { authorization: 'Bearer auvious-demo-token', 'content-type': 'application/json' };

/** What the page could read of an answer (its status, body, the headers its origin may see), or the error. */
export type InPage =
  | { status: number; text: string; json?: unknown; headers: Record<string, string> }
  | { error: string };

/** One `fetch` from inside the page (its origin, its cookies): the answer, or the error it threw. */
export function inPage(
  page: Page,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<InPage> {
  return page.evaluate(
    async ([url, init]) => {
      try {
        const response = await fetch(url, init);
        const text = await response.text();
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        const headers = Object.fromEntries(response.headers);
        return { status: response.status, text, headers, ...(json === undefined ? {} : { json }) };
      } catch (error) {
        return { error: `${(error as Error).name}: ${(error as Error).message}` };
      }
    },
    [url, init] as const,
  );
}

/**
 * `mocksOptions` for a session on the shared `ticketmock serve` the global setup started
 * (`TICKETMOCK_SERVER_URL`). Read as a spec file loads: the runner's own process lists the
 * tests before the setup runs, without it, and runs none; a worker has it.
 */
export function onSharedServer(options: TicketmockOptions = {}): TicketmockOptions {
  const server = process.env.TICKETMOCK_SERVER_URL;
  return server === undefined ? options : { ...options, server };
}

/** Every request the app server saw so far (`METHOD /path?query`), asked from this process. */
export async function seenByApp(baseURL: string | undefined): Promise<string[]> {
  if (baseURL === undefined) throw new Error('no baseURL: run through playwright.config.ts (its global setup)');
  const response = await fetch(new URL('/__seen', baseURL));
  return (await response.json()) as string[];
}
