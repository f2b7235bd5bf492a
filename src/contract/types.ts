/**
 * The vocabulary of the contract suite: checks, their tags, outcomes and the result of a
 * run. Check names follow Schemathesis's, so a reader who knows one knows the other.
 */

/** Response checks: applied to every answer the run receives, grouped per operation. */
export const RESPONSE_CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'response_headers_conformance',
] as const;

export type ResponseCheck = (typeof RESPONSE_CHECKS)[number];

/** Checks that send requests of their own and judge the answers to them. */
export type CaseCheck =
  | 'negative_data_rejection'
  | 'positive_data_acceptance'
  | 'missing_auth_rejected'
  | 'ignored_auth'
  | 'use_after_free'
  | 'unknown_resource_rejected'
  /** What a write answered, the next read shows (an update that is answered but not stored fails it). */
  | 'read_after_write'
  /** A tenant's list holds its own rows only (never another tenant's). */
  | 'tenant_isolation'
  | 'rate_limit_conformance'
  | `flow:${string}`;

export type CheckName = ResponseCheck | CaseCheck;

/** `safe` checks only read (or send what a conforming server must refuse before acting); `mutating` ones write. */
export type Effect = 'safe' | 'mutating';

/** `inferred`: the check rests on an `x-inferred` item of the spec (ticketmock's reading, not the vendor's word). */
export type Basis = 'documented' | 'inferred';

/** `warned`: an `inferred` expectation failed (a failure only under `strict`). */
export type Outcome = 'passed' | 'failed' | 'warned' | 'skipped';

/** One request the suite sent and what came back, enough to reproduce it. */
export interface Exchange {
  readonly operationId: string;
  readonly method: string;
  readonly url: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly requestBody: string | undefined;
  /** Absent when the request failed (timeout, connection refused). */
  readonly status?: number;
  readonly responseHeaders: Readonly<Record<string, string>>;
  /** `set-cookie` headers one by one (fetch folds the rest). */
  readonly setCookies: readonly string[];
  readonly responseText: string;
  /** The network error or timeout, when there is no status. */
  readonly error?: string;
  readonly durationMs: number;
}

/** One thing that broke the contract. */
export interface Finding {
  readonly message: string;
  /** A JSON pointer into the response body, for schema findings. */
  readonly pointer?: string;
  /** The offending value, for schema findings. */
  readonly value?: unknown;
  /** Rests on an `x-inferred` item: reported as a warning unless `strict`. */
  readonly inferred: boolean;
  /** A `curl` command that sends the request again. */
  readonly curl?: string;
}

/** The outcome of one check on one operation (or of one flow). */
export interface CheckResult {
  readonly api: string;
  readonly check: CheckName;
  /** The operation the check is about (`auvious.getTicket`); flows name their first. */
  readonly operationId: string;
  readonly effect: Effect;
  readonly basis: Basis;
  readonly outcome: Outcome;
  /** Why it was skipped. */
  readonly reason?: string;
  readonly findings: readonly Finding[];
  /** Requests the check sent (response checks: answers they judged). */
  readonly requests: number;
  readonly durationMs: number;
}

/** Whether each documented status of an operation was seen in the run. */
export interface CoverageRow {
  readonly api: string;
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  /** Documented status → exercised. */
  readonly statuses: Readonly<Record<string, boolean>>;
  /** Statuses the target answered that the spec does not document. */
  readonly undocumented: readonly number[];
}

export interface Coverage {
  readonly rows: readonly CoverageRow[];
  readonly documented: number;
  readonly exercised: number;
  /** exercised / documented × 100, one decimal. */
  readonly percent: number;
}

export interface ContractSummary {
  readonly passed: number;
  readonly failed: number;
  readonly warned: number;
  readonly skipped: number;
  readonly requests: number;
  readonly durationMs: number;
}

export interface ContractResult {
  readonly baseUrl: string;
  readonly apis: readonly string[];
  readonly seed: number;
  readonly mutating: boolean;
  readonly strict: boolean;
  readonly results: readonly CheckResult[];
  readonly coverage: Coverage;
  readonly summary: ContractSummary;
  /** What the run created and could not delete (an API without a delete operation). */
  readonly leftovers: readonly string[];
  /** Facts about the target found on the way (e.g. "keeps no state: stateful checks skipped"). */
  readonly notes: readonly string[];
}
