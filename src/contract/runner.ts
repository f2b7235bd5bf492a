/**
 * The runner: sends every check of every chosen API to one base URL through an injected
 * `fetch`, with a per-request timeout and bounded concurrency; judges every answer with
 * the response checks; and gathers outcomes and coverage. It never retries: a failure is
 * reported as it happened.
 */
import fc from 'fast-check';
import type { ApiContract, CheckContext, CheckDefinition, PropertyVerdict } from './check.js';
import { Skip } from './check.js';
import { createClient, type FetchLike, toCurl } from './client.js';
import { ResponseJudge } from './conformance.js';
import { coverageOf } from './coverage.js';
import { buildRequest } from './request.js';
import {
  type CheckResult,
  type ContractResult,
  type Exchange,
  type Finding,
  type Outcome,
  RESPONSE_CHECKS,
} from './types.js';

/** How a run goes, the same for `runContract` and the runner. */
export interface RunSettings {
  /** Run the checks that write (they delete what they create). Default: only when the target is a ticketmock (it answers `/__mock/clock`). */
  readonly mutating?: boolean | undefined;
  /** A failed `inferred` check fails the run instead of warning. */
  readonly strict?: boolean | undefined;
  /** Seeds the generated inputs: the same seed sends the same requests. Default 1. */
  readonly seed?: number | undefined;
  /** Generated inputs per property. Default 20. */
  readonly runs?: number | undefined;
  /** Per request, in milliseconds. Default 10 000. */
  readonly timeoutMs?: number | undefined;
  /** Checks at once. Default 4. */
  readonly concurrency?: number | undefined;
  /** Each check's result as it finishes, for live progress. */
  readonly onResult?: ((result: CheckResult, done: number, total: number) => void) | undefined;
}

export interface RunOptions extends RunSettings {
  readonly baseUrl: string;
  readonly contracts: readonly ApiContract[];
  readonly fetch: FetchLike;
}

/** The target did not answer at all (connection refused, DNS, timeout). */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
}

const MAX_FINDINGS = 10;

function outcomeOf(findings: readonly Finding[], strict: boolean): Outcome {
  if (findings.length === 0) return 'passed';
  return findings.some((finding) => !finding.inferred || strict) ? 'failed' : 'warned';
}

/** Keeps the first finding of each message (the same break seen many times is one finding). */
function distinct(findings: readonly Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const finding of findings) if (!seen.has(finding.message)) seen.set(finding.message, finding);
  return [...seen.values()].slice(0, MAX_FINDINGS);
}

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(size, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  });
  await Promise.all(workers);
}

/**
 * One request to `/__mock/clock`: any answer shows the target is reachable (a network error
 * or timeout throws {@link UnreachableError}); a `{"now": …}` answer shows it is a ticketmock.
 */
async function probeTarget(fetch: FetchLike, baseUrl: string, timeoutMs: number): Promise<{ ticketmock: boolean }> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl.replace(/\/+$/, '')}/__mock/clock`, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new UnreachableError(`cannot reach ${baseUrl}: ${reason}`);
  }
  const text = await response.text().catch(() => '');
  try {
    return { ticketmock: response.ok && typeof (JSON.parse(text) as { now?: unknown }).now === 'string' };
  } catch {
    return { ticketmock: false };
  }
}

export async function run(options: RunOptions): Promise<ContractResult> {
  const started = performance.now();
  const seed = options.seed ?? 1;
  const strict = options.strict ?? false;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const runs = options.runs ?? 20;
  const probe = await probeTarget(options.fetch, options.baseUrl, timeoutMs);
  const notes: string[] = [];
  let mutating = options.mutating;
  if (mutating === undefined) {
    mutating = probe.ticketmock;
    if (mutating) notes.push('the target is a ticketmock (it answers /__mock/clock): mutating checks run');
  }
  const runId = `tm${(seed >>> 0).toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;

  const exchanges = new Map<string, Exchange[]>();
  const responseFindings = new Map<string, Finding[]>();
  const leftovers: string[] = [];
  const results: CheckResult[] = [];

  const byName = new Map(
    options.contracts.map((contract) => [contract.name, { contract, judge: new ResponseJudge(contract.spec) }]),
  );
  const client = createClient({
    baseUrl: options.baseUrl,
    fetch: options.fetch,
    timeoutMs,
    onExchange(exchange) {
      const [api, ...rest] = exchange.operationId.split('.');
      const known = byName.get(api ?? '');
      if (known === undefined) return;
      const operation = known.contract.spec.operation(rest.join('.'));
      const list = exchanges.get(exchange.operationId) ?? [];
      list.push(exchange);
      exchanges.set(exchange.operationId, list);
      for (const { check, finding } of known.judge.judge(operation, exchange)) {
        const key = `${check} ${exchange.operationId}`;
        const found = responseFindings.get(key) ?? [];
        found.push(finding);
        responseFindings.set(key, found);
      }
    },
  });

  const contextFor = (contract: ApiContract, findings: Finding[], cleanups: Array<() => Promise<unknown>>) => {
    let sent = 0;
    const context: CheckContext = {
      spec: contract.spec,
      seed,
      runs,
      mutating: mutating === true,
      runId,
      async call(operationId, callOptions = {}) {
        const operation = contract.spec.operation(operationId);
        const auth = await contract.authHeaders(context, callOptions.auth ?? 'valid', operationId);
        sent += 1;
        return client.send(buildRequest(contract, operation, callOptions, auth));
      },
      send(request) {
        sent += 1;
        return client.send(request);
      },
      fail(message, exchange, inferred = false) {
        findings.push({ message, inferred, ...(exchange === undefined ? {} : { curl: toCurl(exchange) }) });
      },
      skip(reason): never {
        throw new Skip(reason);
      },
      defer(cleanup) {
        cleanups.push(cleanup);
      },
      leftover(description) {
        leftovers.push(`${contract.name}: ${description}`);
      },
      async property<T>(arbitrary: fc.Arbitrary<T>, property: (value: T) => Promise<PropertyVerdict>) {
        let last: PropertyVerdict | undefined;
        const outcome = await fc.check(
          fc.asyncProperty(arbitrary, async (value) => {
            const verdict = await property(value);
            if (!verdict.ok) last = verdict;
            return verdict.ok;
          }),
          { seed: seed | 0, numRuns: runs, interruptAfterTimeLimit: 30_000, markInterruptAsFailure: false },
        );
        if (outcome.failed && last !== undefined && !last.ok) {
          context.fail(
            `${last.message} (minimal of ${outcome.numRuns} generated inputs, ${outcome.numShrinks} shrinks)`,
            last.exchange,
            last.inferred ?? false,
          );
        } else if (outcome.failed && outcome.errorInstance !== undefined) {
          throw outcome.errorInstance;
        }
      },
    };
    return { context, sent: () => sent };
  };

  const runUnit = async (contract: ApiContract, definition: CheckDefinition, stateless: string | undefined) => {
    const unitStarted = performance.now();
    const findings: Finding[] = [];
    const cleanups: Array<() => Promise<unknown>> = [];
    const { context, sent } = contextFor(contract, findings, cleanups);
    let reason: string | undefined;
    if (definition.effect === 'mutating' && mutating !== true)
      reason = 'writes: run with --mutating (against a sandbox)';
    else if (definition.stateful && stateless !== undefined) reason = `the target keeps no state (${stateless})`;
    else {
      try {
        await definition.run(context);
      } catch (error) {
        if (error instanceof Skip) reason = error.message;
        else findings.push({ message: `the check could not finish: ${(error as Error).message}`, inferred: false });
      } finally {
        for (const cleanup of cleanups.reverse()) {
          try {
            await cleanup();
          } catch (error) {
            leftovers.push(`${contract.name}: cleanup after ${definition.check} failed: ${(error as Error).message}`);
          }
        }
      }
    }
    const kept = distinct(findings);
    return {
      api: contract.name,
      check: definition.check,
      operationId: `${contract.name}.${definition.operationId}`,
      effect: definition.effect,
      basis: definition.basis,
      outcome: reason === undefined ? outcomeOf(kept, strict) : 'skipped',
      ...(reason === undefined ? {} : { reason }),
      findings: reason === undefined ? kept : [],
      requests: sent(),
      durationMs: performance.now() - unitStarted,
    } satisfies CheckResult;
  };

  const total = options.contracts.reduce(
    (sum, contract) => sum + contract.checks.length + contract.spec.operations.length * RESPONSE_CHECKS.length,
    0,
  );
  const report = (result: CheckResult) => {
    results.push(result);
    options.onResult?.(result, results.length, total);
  };

  for (const contract of options.contracts) {
    const probe = contextFor(contract, [], []);
    const stateless = await contract.statelessEvidence(probe.context);
    if (stateless !== undefined)
      notes.push(`${contract.name}: the target keeps no state (${stateless}); stateful checks skipped`);
    // Flows count and compare what they see, so they run alone, after the rest.
    const flows = contract.checks.filter((definition) => definition.check.startsWith('flow:'));
    const others = contract.checks.filter((definition) => !flows.includes(definition));
    await pool(others, options.concurrency ?? 4, async (definition) => {
      report(await runUnit(contract, definition, stateless));
    });
    for (const definition of flows) report(await runUnit(contract, definition, stateless));
  }

  // The response checks judged every answer above; one result per check and operation.
  for (const contract of options.contracts) {
    for (const operation of contract.spec.operations) {
      const operationId = `${contract.name}.${operation.id}`;
      const seen = exchanges.get(operationId) ?? [];
      for (const check of RESPONSE_CHECKS) {
        const kept = distinct(responseFindings.get(`${check} ${operationId}`) ?? []);
        report({
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

  const count = (outcome: Outcome) => results.filter((result) => result.outcome === outcome).length;
  return {
    baseUrl: options.baseUrl,
    apis: options.contracts.map((contract) => contract.name),
    seed,
    mutating: mutating === true,
    strict,
    results,
    coverage: coverageOf(options.contracts, exchanges),
    summary: {
      passed: count('passed'),
      failed: count('failed'),
      warned: count('warned'),
      skipped: count('skipped'),
      requests: client.count,
      durationMs: performance.now() - started,
    },
    leftovers,
    notes,
  };
}
