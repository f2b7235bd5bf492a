/**
 * Playwright's global setup: starts the app under test once for the run and hands its URL
 * to the workers (started after this, with this environment) as `TICKETMOCK_APP_URL`, which
 * the config makes every test's `baseURL`. The function it returns is the teardown.
 */
import { startAppServer } from './app-server.ts';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const app = await startAppServer();
  process.env.TICKETMOCK_APP_URL = app.url;
  return () => app.close();
}
