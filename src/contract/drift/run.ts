/**
 * The drift report (DESIGN.md, `ticketmock verify --compare`): the same seeded plan — the
 * generated inputs, the flows, the auth and isolation checks — against the real API and
 * against its mock, each with its own credentials, and what differs between their answers,
 * per operation and check (compare.ts), with a fidelity score per API.
 */
import type { FetchLike } from '../client.js';
import type { Credentials } from '../credentials.js';
import { type ContractOptions, runContract } from '../run-contract.js';
import type { Step } from '../runner/context.js';
import { probeTarget } from '../runner/probe.js';
import type { CheckResult, ContractResult } from '../types.js';
import { compareRuns } from './compare.js';
import type { Difference, DriftResult, DriftRow } from './types.js';

export interface DriftOptions
  extends Pick<
    ContractOptions,
    'api' | 'seed' | 'runs' | 'timeoutMs' | 'strict' | 'burst' | 'stateless' | 'concurrency'
  > {
  /** The real API's origin (`--base-url`). */
  readonly baseUrl: string;
  /** Its mock's origin (`--compare`). */
  readonly compareUrl: string;
  /** The real API's credentials; missing ones default to ticketmock's demo ones. */
  readonly credentials?: Credentials | undefined;
  /** The mock's credentials (`--compare-token`, …); missing ones default to the demo ones. */
  readonly compareCredentials?: Credentials | undefined;
  readonly fetch?: FetchLike | undefined;
  readonly compareFetch?: FetchLike | undefined;
  /** Default: only when the real side is a ticketmock (as `verify`); both sides run the same way. */
  readonly mutating?: boolean | undefined;
  /** Each side's check results as they finish. */
  readonly onResult?: ((side: 'real' | 'mock', result: CheckResult, done: number, total: number) => void) | undefined;
}

const defaultFetch: FetchLike = (input, init) => fetch(input, init);

/** The same difference at many steps is one row (its first step, and how many). */
function distinctRows(differences: readonly Difference[]): DriftRow[] {
  const rows = new Map<string, DriftRow>();
  for (const difference of differences) {
    const key = [difference.operationId, difference.kind, difference.where, difference.real, difference.mock].join(
      '\u0000',
    );
    const row = rows.get(key);
    rows.set(key, row === undefined ? { ...difference, count: 1 } : { ...row, count: row.count + 1 });
  }
  return [...rows.values()];
}

const percent = (agreeing: number, compared: number) =>
  compared === 0 ? 100 : Math.round((agreeing / compared) * 1000) / 10;

/**
 * Runs the plan against both targets (at once: they are independent) and compares them.
 * Rejects with `UnreachableError` when either does not answer.
 */
export async function runDrift(options: DriftOptions): Promise<DriftResult> {
  const started = performance.now();
  const seed = options.seed ?? 1;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const fetches = { real: options.fetch ?? defaultFetch, mock: options.compareFetch ?? defaultFetch };
  const [probe] = await Promise.all([
    probeTarget(fetches.real, options.baseUrl, timeoutMs),
    probeTarget(fetches.mock, options.compareUrl, timeoutMs),
  ]);
  const mutating = options.mutating ?? probe.ticketmock;
  // one token for both: the names the run gives what it creates are then the same on each side
  const runId = `tm${(seed >>> 0).toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
  const steps = { real: [] as Step[], mock: [] as Step[] };
  const side = (which: 'real' | 'mock'): Promise<ContractResult> =>
    runContract({
      api: options.api,
      baseUrl: which === 'real' ? options.baseUrl : options.compareUrl,
      credentials: which === 'real' ? options.credentials : options.compareCredentials,
      fetch: fetches[which],
      mutating,
      strict: options.strict,
      seed,
      runs: options.runs,
      timeoutMs,
      burst: options.burst,
      stateless: options.stateless,
      // every generated input sent, and names per check: both sides get the same requests, check by check
      concurrency: options.concurrency,
      exhaustive: true,
      runId,
      onStep: (step) => steps[which].push(step),
      onResult: (result, done, total) => options.onResult?.(which, result, done, total),
    });
  const [real, mock] = await Promise.all([side('real'), side('mock')]);

  const apis = real.apis.filter((api) => mock.apis.includes(api));
  const { differences, tally } = compareRuns(
    { steps: steps.real, results: real.results },
    { steps: steps.mock, results: mock.results },
    { runId },
  );
  const fidelity = apis.map((api) => {
    const entry = tally.get(api) ?? { compared: 0, agreeing: 0, notCompared: 0 };
    return { api, ...entry, fidelity: percent(entry.agreeing, entry.compared) };
  });
  const compared = fidelity.reduce((sum, item) => sum + item.compared, 0);
  const agreeing = fidelity.reduce((sum, item) => sum + item.agreeing, 0);
  const drift = distinctRows(differences);
  return {
    real: { baseUrl: options.baseUrl, summary: real.summary, notes: real.notes },
    mock: { baseUrl: options.compareUrl, summary: mock.summary, notes: mock.notes },
    seed,
    mutating,
    apis: fidelity,
    differences,
    drift,
    summary: {
      compared,
      agreeing,
      differences: differences.length,
      distinct: drift.length,
      fidelity: percent(agreeing, compared),
      durationMs: performance.now() - started,
    },
  };
}
