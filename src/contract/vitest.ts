/**
 * `ticketmock/contract/vitest`: the contract suite inside a team's own vitest run.
 *
 * ```ts
 * import { describeContract } from 'ticketmock/contract/vitest';
 * describeContract({ api: 'auvious', baseUrl: process.env.SANDBOX_URL!, credentials: { token } });
 * ```
 * One test per API says which checks failed, each with its curl reproduction; an optional
 * `minCoverage` adds a test on the share of documented statuses the run reached.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { apisOf, type ContractOptions, coverageFor, runContract } from './index.js';
import { formatResult } from './reporters/console.js';
import type { ContractResult } from './types.js';

export interface DescribeContractOptions extends ContractOptions {
  /** The describe block's title (default `contract of <apis> at <baseUrl>`). */
  readonly title?: string;
  /** Fail when fewer than this percentage of each API's documented statuses were reached. */
  readonly minCoverage?: number;
  /** For the whole run, in milliseconds (default 120 000). */
  readonly timeoutMs?: number;
}

/** Registers a describe block that runs the contract once and reports per API. */
export function describeContract(options: DescribeContractOptions): void {
  const apis = apisOf(options.api);
  describe(options.title ?? `contract of ${apis.join(', ')} at ${options.baseUrl}`, () => {
    let result: ContractResult;
    beforeAll(async () => {
      result = await runContract(options);
    }, options.timeoutMs ?? 120_000);

    it.each(apis)('%s breaks no check of its contract', (api) => {
      const failed = result.results.filter((item) => item.api === api && item.outcome === 'failed');
      expect(failed.map((item) => formatResult(item, { colour: false })).join('\n')).toBe('');
    });

    if (options.minCoverage !== undefined) {
      const minimum = options.minCoverage;
      it.each(apis)(`%s: the run reaches at least ${minimum}% of the documented statuses`, (api) => {
        expect(coverageFor(result.coverage, api).percent).toBeGreaterThanOrEqual(minimum);
      });
    }
  });
}
