/**
 * The README's Playwright samples are `readme/ticket-expiry.spec.ts` (in process) and
 * `readme/ticket-expiry-session.spec.ts` (a session on a shared server) beside this file, word
 * for word (Playwright's runner runs those files: runner.test.ts).
 */
import { expect, it } from 'vitest';
import { readmeTsBlocks, repoFile } from '../helpers/readme-sample.ts';

it("README's Playwright section shows test/playwright/readme/*.spec.ts as they are, in process first", async () => {
  const blocks = await readmeTsBlocks('In Playwright tests: `ticketmock/playwright`');
  expect(blocks).toEqual([
    await repoFile('test/playwright/readme/ticket-expiry.spec.ts'),
    await repoFile('test/playwright/readme/ticket-expiry-session.spec.ts'),
  ]);
});
