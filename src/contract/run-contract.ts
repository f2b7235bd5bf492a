/**
 * `runContract`: the contract suite of the chosen APIs against one base URL (DESIGN.md,
 * "Library"); `ticketmock/contract` re-exports it.
 */
import { API_NAMES, type ApiName } from '../apis.js';
import { adminserverContract } from './apis/adminserver.js';
import { auviousContract } from './apis/auvious.js';
import { octopusContract } from './apis/octopus.js';
import type { ApiContract } from './check.js';
import type { FetchLike } from './client.js';
import type { Credentials } from './credentials.js';
import { type RunSettings, run } from './runner/run.js';
import type { ContractResult } from './types.js';

export interface ContractOptions extends RunSettings {
  /** One API, several, or `all` (`[]`: none, for `contracts` alone). */
  readonly api: ApiName | 'all' | readonly ApiName[];
  /**
   * Contracts of APIs ticketmock does not ship (docs/adding-an-api.md), run after the
   * named ones against the same base URL.
   */
  readonly contracts?: readonly ApiContract[] | undefined;
  /** The server's origin (`http://127.0.0.1:4010`); each API's own base path (`/rest/v1`) is added. */
  readonly baseUrl: string;
  /** Missing credentials default to ticketmock's demo ones. */
  readonly credentials?: Credentials | undefined;
  /** Default: the global `fetch`. Pass msw's `getResponse` wrapper to run without a network. */
  readonly fetch?: FetchLike | undefined;
  /**
   * rate_limit_conformance sends up to this many rapid requests per operation that
   * documents a 429 (each refused before it acts) and passes when one answers 429.
   * Default 0: the check is skipped.
   */
  readonly burst?: number | undefined;
}

const CONTRACTS: Record<ApiName, (credentials: Credentials, burst: number) => ApiContract> = {
  octopus: octopusContract,
  auvious: auviousContract,
  adminserver: (credentials, burst) => adminserverContract(credentials, { burst }),
};

/** The APIs an `api` option names, in their fixed order. */
export function apisOf(api: ContractOptions['api']): ApiName[] {
  if (api === 'all') return [...API_NAMES];
  const wanted = typeof api === 'string' ? [api] : api;
  for (const name of wanted)
    if (!(API_NAMES as readonly string[]).includes(name)) throw new Error(`unknown API ${name}`);
  return API_NAMES.filter((name) => wanted.includes(name));
}

/**
 * Runs the contract suite. Resolves with every check's outcome and the coverage of
 * documented statuses; rejects with {@link UnreachableError} when the target does not answer.
 */
export function runContract(options: ContractOptions): Promise<ContractResult> {
  const credentials = options.credentials ?? {};
  return run({
    baseUrl: options.baseUrl,
    contracts: [
      ...apisOf(options.api).map((name) => CONTRACTS[name](credentials, options.burst ?? 0)),
      ...(options.contracts ?? []),
    ],
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    mutating: options.mutating,
    strict: options.strict,
    seed: options.seed,
    runs: options.runs,
    timeoutMs: options.timeoutMs,
    concurrency: options.concurrency,
    stateless: options.stateless,
    runId: options.runId,
    exhaustive: options.exhaustive,
    onStep: options.onStep,
    onResult: options.onResult,
  });
}
