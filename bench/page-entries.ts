/**
 * The two page entries issue 14's browser goal compares (≤ 2× msw alone, gzip): msw with one
 * handler, and `startMocks()`. Shared by `npm run bench:bundle` (bench/bundle.ts) and the
 * devtools panel's weight test (test/devtools/bundle-size.test.ts), so both measure the same pages.
 */
export const PAGE_ENTRIES = {
  msw: `import { http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';

const worker = setupWorker(http.get('/api/ticket', () => HttpResponse.json({ id: 1 })));
await worker.start();
`,
  startMocks: `import { startMocks } from 'ticketmock/browser';

await startMocks({ quiet: true });
`,
} as const;
