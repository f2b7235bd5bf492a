/**
 * The contract suite has teeth: each mutant below is ticketmock with one deliberate break,
 * made by wrapping its in-process fetch (rewriting a request, an answer, or the live
 * state), and the suite must report that break as a failed check naming the operation
 * that broke, with a curl command that reproduces it. A control run through an identity
 * wrapper stays clean, so the failures are the mutations' doing, not the harness's.
 * A subtler mutant breaks only an expectation the suite rests on an `x-inferred` item: a
 * default run reports it as a warning, a `strict` run as a failure.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiName } from '../../src/apis.ts';
import { type CheckResult, type ContractResult, type FetchLike, runContract } from '../../src/contract/index.ts';
import { type ContractTarget, inProcessTarget } from '../helpers/contract.ts';
import { INFERRED_MUTANTS, identity, MUTANTS, type Mutant } from './mutants.ts';

const run = (api: ApiName, fetch: FetchLike, baseUrl: string, strict = false): Promise<ContractResult> =>
  runContract({ api, baseUrl, fetch, mutating: true, seed: 1, runs: 10, burst: 0, strict });

const resultOf = (result: ContractResult, mutant: Mutant) =>
  result.results.find((item) => item.check === mutant.check && item.operationId === mutant.operationId);

const reproducible = (item: CheckResult | undefined): boolean =>
  item?.findings.some((finding) => finding.curl?.startsWith('curl ') === true) === true;

/** The failed and warned results, one per line, for an assertion's message. */
const failures = (result: ContractResult): string =>
  result.results
    .filter((item) => item.outcome === 'failed' || item.outcome === 'warned')
    .map((item) => `${item.outcome} ${item.check} ${item.operationId}: ${item.findings[0]?.message ?? ''}`)
    .join('\n') || '(none)';

describe('the contract suite against mutants of ticketmock', { timeout: 60_000 }, () => {
  let target: ContractTarget;
  beforeEach(async () => {
    target = await inProcessTarget();
  });
  afterEach(async () => {
    await target.close();
  });

  it.each(['octopus', 'auvious', 'adminserver'] as const)(
    'finds nothing wrong with %s behind an identity wrapper',
    async (api) => {
      const result = await run(api, identity(target), target.baseUrl);
      expect(result.summary.failed, failures(result)).toBe(0);
      expect(result.summary.warned, failures(result)).toBe(0);
    },
  );

  const rows = (mutants: readonly Mutant[]) =>
    mutants.map((mutant) => [mutant.name, mutant.check, mutant.operationId, mutant] as const);

  it.each(rows(MUTANTS))('reports %s as a failed %s on %s', async (_name, _check, _operationId, mutant) => {
    const result = await run(mutant.api, mutant.mutate(target), target.baseUrl);
    expect(result.summary.failed, failures(result)).toBeGreaterThan(0);
    const caught = result.results.find(
      (item) => item.outcome === 'failed' && item.check === mutant.check && item.operationId === mutant.operationId,
    );
    expect(caught, failures(result)).toBeDefined();
    // never taken for a stateless target: a broken answer fails, it does not silence
    expect(result.notes.join('\n')).not.toMatch(/keeps no state/);
    expect(result.results.filter((item) => item.reason?.startsWith('the target keeps no state'))).toEqual([]);
    expect(reproducible(caught)).toBe(true);
    if (mutant.pointer !== undefined)
      expect(caught?.findings.map((finding) => finding.pointer)).toContain(mutant.pointer);
  });

  it.each(rows(INFERRED_MUTANTS))(
    'warns about %s in %s on %s, and fails it when strict',
    async (_n, _c, _o, mutant) => {
      const result = await run(mutant.api, mutant.mutate(target), target.baseUrl);
      const warned = resultOf(result, mutant);
      expect(warned?.outcome, failures(result)).toBe('warned');
      expect(reproducible(warned)).toBe(true);
      expect(result.summary.failed, failures(result)).toBe(0);

      const fresh = await inProcessTarget();
      try {
        const strict = await run(mutant.api, mutant.mutate(fresh), fresh.baseUrl, true);
        const failed = resultOf(strict, mutant);
        expect(failed?.outcome, failures(strict)).toBe('failed');
        expect(reproducible(failed)).toBe(true);
      } finally {
        await fresh.close();
      }
    },
  );
});
