/** A seeded contract run repeats itself: as many requests per check, the same outcomes (checked once, in-process). */
import { describe, expect, it } from 'vitest';
import { runContract } from '../../src/contract/index.ts';
import { inProcessTarget } from '../helpers/contract.ts';

describe('a seeded run', () => {
  it('sends as many requests per check, with the same outcomes, for the same seed', async () => {
    const shape = async (seed: number) => {
      const target = await inProcessTarget();
      const result = await runContract({
        api: 'auvious',
        baseUrl: target.baseUrl,
        fetch: target.fetch,
        mutating: true,
        seed,
        concurrency: 1,
      });
      return result.results.map((item) => `${item.check} ${item.operationId} ${item.outcome} ${item.requests}`);
    };
    const first = await shape(3);
    expect(await shape(3)).toEqual(first);
    expect(first.length).toBeGreaterThan(50);
  }, 60_000);
});
