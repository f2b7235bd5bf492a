/**
 * Playwright's global setup: starts the app under test and one shared `ticketmock serve`
 * (the session specs' server) for the run, and hands their URLs to the workers (started
 * after this, with this environment): `TICKETMOCK_APP_URL`, which the config makes every
 * test's `baseURL`, and `TICKETMOCK_SERVER_URL`. The function it returns is the teardown:
 * it fails the run if the specs left a session open, changed the server's default state or
 * sent it a request no session answered; with `TICKETMOCK_SESSION_REPORT` set it also
 * writes what it found there (JSON), for the runner test.
 */
import { writeFile } from 'node:fs/promises';
import { startAppServer } from './app-server.ts';
import { startMockServer } from './mock-server.ts';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const app = await startAppServer();
  const server = await startMockServer().catch(async (error: unknown) => {
    await app.close();
    throw error;
  });
  process.env.TICKETMOCK_APP_URL = app.url;
  process.env.TICKETMOCK_SERVER_URL = server.url;
  return async () => {
    try {
      const left = await server.check();
      const report = process.env.TICKETMOCK_SESSION_REPORT;
      if (report !== undefined) await writeFile(report, `${JSON.stringify(left, null, 2)}\n`);
      const problems = [
        ...(left.openSessions.length > 0 ? [`sessions left open: ${left.openSessions.join(', ')}`] : []),
        ...(left.defaultStateUnchanged ? [] : ["the server's default state changed"]),
        ...(left.defaultJournal.length > 0
          ? [
              `the default state answered ${left.defaultJournal.length} request(s), the first ${firstOf(left.defaultJournal)}`,
            ]
          : []),
      ];
      if (problems.length > 0) throw new Error(`the shared ticketmock serve: ${problems.join('; ')}`);
    } finally {
      await Promise.all([server.stop(), app.close()]);
    }
  };
}

const firstOf = (journal: unknown[]): string => {
  const [first] = journal as Array<{ method: string; path: string }>;
  return first === undefined ? '' : `${first.method} ${first.path}`;
};
