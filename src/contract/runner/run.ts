/**
 * The runner: probes the target, then sends every check of every chosen API to one base
 * URL through an injected `fetch`, with a per-request timeout and bounded concurrency;
 * judges every answer with the response checks; and gathers outcomes and coverage. It
 * never retries: a failure is reported as it happened.
 */
import type { ApiContract, CheckDefinition } from '../check.js';
import { Skip } from '../check.js';
import { createClient, type FetchLike } from '../client.js';
import { ResponseJudge } from '../conformance.js';
import { coverageOf } from '../coverage.js';
import { type CheckResult, type ContractResult, type Exchange, type Finding, RESPONSE_CHECKS } from '../types.js';
import { createContext, newUnitRecord, type RunScope, type Step } from './context.js';
import { probeTarget } from './probe.js';
import { distinct, outcomeOf, responseResults, summarize } from './results.js';

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
  /**
   * The target keeps no state (a stateless mock): skip the stateful checks. Without it they
   * are skipped only when the probe recognises Prism; a target that answers as no stateful
   * server would (200 for an id that cannot exist) fails them instead (docs/decisions/015).
   */
  readonly stateless?: boolean | undefined;
  /** A token unique to the run, for the names it creates (default: drawn); the drift report gives both targets one. */
  readonly runId?: string | undefined;
  /** Send every generated input and never shrink, so that two targets get the same requests (the drift report). */
  readonly exhaustive?: boolean | undefined;
  /** Every request a check sends, with its answer and the check it belongs to (the drift report's steps). */
  readonly onStep?: ((step: Step) => void) | undefined;
  /** Each check's result as it finishes, for live progress. */
  readonly onResult?: ((result: CheckResult, done: number, total: number) => void) | undefined;
}

export interface RunOptions extends RunSettings {
  readonly baseUrl: string;
  readonly contracts: readonly ApiContract[];
  readonly fetch: FetchLike;
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
 * Runs one check in `scope` and turns what it found into its result: skipped when it
 * writes in a read-only run, when it is stateful and the target keeps no state
 * (`stateless`: the evidence), or when it skips itself having found nothing (what it found
 * before it could not go on is reported, never dropped); its cleanups run in any case.
 */
export async function runCheck(
  scope: RunScope,
  contract: ApiContract,
  definition: CheckDefinition,
  stateless: string | undefined,
  strict: boolean,
): Promise<CheckResult> {
  const started = performance.now();
  const unit = newUnitRecord({
    api: contract.name,
    check: definition.check,
    operationId: `${contract.name}.${definition.operationId}`,
    ordinal: contract.checks.indexOf(definition),
  });
  const context = createContext(scope, contract, unit);
  let reason: string | undefined;
  if (definition.effect === 'mutating' && !scope.mutating) reason = 'writes: run with --mutating (against a sandbox)';
  else if (definition.stateful && stateless !== undefined) reason = `the target keeps no state (${stateless})`;
  else {
    try {
      await definition.run(context);
    } catch (error) {
      if (error instanceof Skip) reason = error.message;
      else unit.findings.push({ message: `the check could not finish: ${(error as Error).message}`, inferred: false });
    } finally {
      for (const cleanup of unit.cleanups.reverse()) {
        try {
          await cleanup();
        } catch (error) {
          scope.leftovers.push(
            `${contract.name}: cleanup after ${definition.check} failed: ${(error as Error).message}`,
          );
        }
      }
    }
  }
  const kept = distinct(unit.findings);
  return {
    api: contract.name,
    check: definition.check,
    operationId: `${contract.name}.${definition.operationId}`,
    effect: definition.effect,
    basis: definition.basis,
    // a check that stops on the way keeps what it found before: a skip never hides a failure
    outcome: reason === undefined || kept.length > 0 ? outcomeOf(kept, strict) : 'skipped',
    ...(reason === undefined ? {} : { reason }),
    findings: kept,
    requests: unit.sent,
    durationMs: performance.now() - started,
  };
}

export async function run(options: RunOptions): Promise<ContractResult> {
  const started = performance.now();
  const seed = options.seed ?? 1;
  const strict = options.strict ?? false;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const probe = await probeTarget(options.fetch, options.baseUrl, timeoutMs);
  const notes: string[] = [];
  const stateless =
    options.stateless === true
      ? 'declared with --stateless'
      : probe.prism === undefined
        ? undefined
        : `it is Prism: ${probe.prism}`;
  let mutating = options.mutating;
  if (mutating === undefined) {
    mutating = probe.ticketmock;
    if (mutating) notes.push('the target is a ticketmock (it answers /__mock/clock): mutating checks run');
  }

  const exchanges = new Map<string, Exchange[]>();
  const responseFindings = new Map<string, Finding[]>();
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
  const scope: RunScope = {
    client,
    seed,
    runs: options.runs ?? 20,
    mutating,
    runId: options.runId ?? `tm${(seed >>> 0).toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`,
    leftovers: [],
    exhaustive: options.exhaustive === true,
    onStep: options.onStep,
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
    if (stateless !== undefined)
      notes.push(`${contract.name}: the target keeps no state (${stateless}); stateful checks skipped`);
    // Flows count and compare what they see, and a rate limit's burst must have the server
    // to itself to outrun the limit, so they run alone, after the rest.
    const flows = contract.checks.filter(
      (definition) => definition.check.startsWith('flow:') || definition.check === 'rate_limit_conformance',
    );
    const others = contract.checks.filter((definition) => !flows.includes(definition));
    await pool(others, options.concurrency ?? 4, async (definition) => {
      report(await runCheck(scope, contract, definition, stateless, strict));
    });
    for (const definition of flows) report(await runCheck(scope, contract, definition, stateless, strict));
  }

  for (const result of responseResults(options.contracts, exchanges, responseFindings, strict)) report(result);

  return {
    baseUrl: options.baseUrl,
    apis: options.contracts.map((contract) => contract.name),
    seed,
    mutating,
    strict,
    results,
    coverage: coverageOf(options.contracts, exchanges),
    summary: summarize(results, client.count, performance.now() - started),
    leftovers: scope.leftovers,
    notes,
  };
}

export interface CheckAloneOptions {
  readonly contract: ApiContract;
  readonly definition: CheckDefinition;
  readonly fetch: FetchLike;
  /** Default `http://target.test`. */
  readonly baseUrl?: string;
  /** Default true: the check runs whatever its effect. */
  readonly mutating?: boolean;
  readonly seed?: number;
  readonly runs?: number;
  readonly strict?: boolean;
}

/**
 * Runs one check alone, without the probe or the response checks: how a check is tested
 * against canned answers. Resolves with its result and every exchange it made.
 */
export async function runCheckAlone(
  options: CheckAloneOptions,
): Promise<{ result: CheckResult; exchanges: Exchange[] }> {
  const exchanges: Exchange[] = [];
  const client = createClient({
    baseUrl: options.baseUrl ?? 'http://target.test',
    fetch: options.fetch,
    timeoutMs: 10_000,
    onExchange: (exchange) => exchanges.push(exchange),
  });
  const seed = options.seed ?? 1;
  const scope: RunScope = {
    client,
    seed,
    runs: options.runs ?? 10,
    mutating: options.mutating ?? true,
    runId: `tm${seed.toString(36)}test`,
    leftovers: [],
  };
  const result = await runCheck(scope, options.contract, options.definition, undefined, options.strict ?? false);
  return { result, exchanges };
}
