/**
 * The contract suite against Prism serving the same specs: a stateless mock answers from
 * examples, so the suite's safe, stateless checks must pass and every stateful one must
 * be skipped, with the evidence that the target is Prism (its own error body), never
 * because of how it answered (docs/decisions/015); never a false failure. The one thing Prism gets wrong is
 * its own: its HTTP layer answers unparsable JSON with `{"error":{"code":"invalid_json"}}`,
 * which breaks Adminserver's (inferred) error envelope; that is reported as a warning.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiName } from '../../src/apis.ts';
import { type ContractResult, runContract } from '../../src/contract/index.ts';
import { type PrismMock, startPrism } from '../../src/server/prism.ts';

const STATEFUL = [
  'ignored_auth',
  'use_after_free',
  'unknown_resource_rejected',
  'read_after_write',
  'tenant_isolation',
  'rate_limit_conformance',
];
/** What the probe saw: Prism's own problem document for a route it does not know. */
const EVIDENCE = "it is Prism: GET /__mock/clock answered 404 with Prism's error NO_PATH_MATCHED_ERROR";

describe.each(['octopus', 'auvious', 'adminserver'] as const)(
  'the contract suite against Prism serving %s',
  (api: ApiName) => {
    let prism: PrismMock | undefined;
    let result: ContractResult;
    beforeAll(async () => {
      prism = await startPrism({ api, timeoutMs: 90_000 });
      result = await runContract({ api, baseUrl: prism.url });
    }, 150_000);
    afterAll(async () => {
      await prism?.stop();
    });

    it('runs read-only against a server that is not a ticketmock', () => {
      expect(result.mutating).toBe(false);
      const mutating = result.results.filter((entry) => entry.effect === 'mutating');
      expect(mutating.length).toBeGreaterThan(0);
      for (const item of mutating) {
        expect(item.outcome, `${item.check} ${item.operationId}`).toBe('skipped');
      }
    });

    it('recognises Prism by its own error body, and skips every stateful check with that evidence', () => {
      expect(result.notes).toContain(`${api}: the target keeps no state (${EVIDENCE}); stateful checks skipped`);
      const stateful = result.results.filter((item) => item.effect === 'safe' && STATEFUL.includes(item.check));
      expect(stateful.length).toBeGreaterThan(0);
      for (const item of stateful) {
        expect(item.outcome, `${item.check} ${item.operationId}`).toBe('skipped');
        expect(item.reason).toBe(`the target keeps no state (${EVIDENCE})`);
      }
    });

    it('passes the safe, stateless checks, with no failure', () => {
      expect(result.summary.failed).toBe(0);
      const passed = result.results.filter((item) => item.outcome === 'passed');
      expect(passed.some((item) => item.check === 'response_schema_conformance')).toBe(true);
      expect(passed.some((item) => item.check === 'missing_auth_rejected')).toBe(true);
      expect(passed.some((item) => item.check === 'negative_data_rejection')).toBe(true);
    });

    it("warns only about Prism's own answer to malformed JSON", () => {
      const warned = result.results.filter((item) => item.outcome === 'warned');
      if (api !== 'adminserver') expect(warned).toEqual([]);
      else expect(warned.length).toBeGreaterThan(0);
      for (const item of warned) {
        expect(item.check).toBe('response_schema_conformance');
        expect(item.findings.length).toBeGreaterThan(0);
        for (const finding of item.findings) {
          expect(finding.inferred).toBe(true);
          expect(finding.message).toMatch(
            /answered 400: body at \/error.*invalid_json|answered 400: body at \/error\/code must be integer/,
          );
        }
      }
    });
  },
);
