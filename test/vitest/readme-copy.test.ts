/** The README's Vitest sample is `readme.test.ts` beside this file, word for word (that file runs it). */
import { expect, it } from 'vitest';
import { readmeTsBlocks, repoFile } from '../helpers/readme-sample.ts';

it("README's Vitest section shows test/vitest/readme.test.ts as it is", async () => {
  const blocks = await readmeTsBlocks('In vitest: `useMocks()`');
  expect(blocks).toEqual([await repoFile('test/vitest/readme.test.ts')]);
});
