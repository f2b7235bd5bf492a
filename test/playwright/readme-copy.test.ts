/**
 * The README's Playwright sample is `readme/ticket-expiry.spec.ts` beside this file, word for
 * word (Playwright's runner runs that file: runner.test.ts).
 */
import { expect, it } from 'vitest';
import { readmeTsBlocks, repoFile } from '../helpers/readme-sample.ts';

it("README's Playwright section shows test/playwright/readme/ticket-expiry.spec.ts as it is", async () => {
  const blocks = await readmeTsBlocks('In Playwright tests: `ticketmock/playwright`');
  expect(blocks).toEqual([await repoFile('test/playwright/readme/ticket-expiry.spec.ts')]);
});
