/**
 * From what the checks found to results: a check's outcome, the response checks' results
 * (one per check and operation, over every answer the run received), and the summary.
 */
import type { ApiContract } from '../check.js';
import {
  type CheckResult,
  type ContractSummary,
  type Exchange,
  type Finding,
  type Outcome,
  RESPONSE_CHECKS,
} from '../types.js';

const MAX_FINDINGS = 10;

/** Passed without findings; failed when one is documented (or `strict`); else warned. */
export function outcomeOf(findings: readonly Finding[], strict: boolean): Outcome {
  if (findings.length === 0) return 'passed';
  return findings.some((finding) => !finding.inferred || strict) ? 'failed' : 'warned';
}

/** Keeps the first finding of each message (the same break seen many times is one finding). */
export function distinct(findings: readonly Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const finding of findings) if (!seen.has(finding.message)) seen.set(finding.message, finding);
  return [...seen.values()].slice(0, MAX_FINDINGS);
}

/** The response checks judged every answer of the run; one result per check and operation. */
export function responseResults(
  contracts: readonly ApiContract[],
  exchanges: ReadonlyMap<string, readonly Exchange[]>,
  findings: ReadonlyMap<string, readonly Finding[]>,
  strict: boolean,
): CheckResult[] {
  const results: CheckResult[] = [];
  for (const contract of contracts) {
    for (const operation of contract.spec.operations) {
      const operationId = `${contract.name}.${operation.id}`;
      const seen = exchanges.get(operationId) ?? [];
      for (const check of RESPONSE_CHECKS) {
        const kept = distinct(findings.get(`${check} ${operationId}`) ?? []);
        results.push({
          api: contract.name,
          check,
          operationId,
          effect: 'safe',
          basis: kept.length > 0 && kept.every((finding) => finding.inferred) ? 'inferred' : 'documented',
          outcome: seen.length === 0 ? 'skipped' : outcomeOf(kept, strict),
          ...(seen.length === 0 ? { reason: 'no request reached this operation' } : {}),
          findings: kept,
          requests: seen.length,
          durationMs: 0,
        });
      }
    }
  }
  return results;
}

export function summarize(results: readonly CheckResult[], requests: number, durationMs: number): ContractSummary {
  const count = (outcome: Outcome) => results.filter((result) => result.outcome === outcome).length;
  return {
    passed: count('passed'),
    failed: count('failed'),
    warned: count('warned'),
    skipped: count('skipped'),
    requests,
    durationMs,
  };
}
