/**
 * The vocabulary of consumer coverage (`ticketmock coverage`, DESIGN.md "Fixed interfaces,
 * second round"): what a frontend's test run sent to the mocks, held against each
 * operation's documented statuses.
 */
import type { ApiName } from '../../apis.js';
import type { FaultKind } from '../../core/journal.js';

/**
 * One request a test run made, as a journal entry or a HAR entry recorded it (a
 * `JournalEntry` is one; its timing is not read).
 */
export interface Sighting {
  readonly method: string;
  /** The URL path, base path included (`/rest/v1/Location/28XXX004/services`). */
  readonly path: string;
  /** The status answered; 0 when no answer came (a dropped connection). */
  readonly status: number;
  /** `<api>.<operationId>` where the recorder knew it; else the request is routed by method and path. */
  readonly operationId?: string | null;
  readonly fault?: FaultKind;
}

/** A HAR 1.2 file (what a browser, Playwright or `ticketmock record` writes), the parts read here. */
export interface HarFile {
  readonly log: {
    readonly entries: ReadonlyArray<{
      readonly request: { readonly method: string; readonly url: string };
      readonly response: { readonly status: number };
      /** ticketmock's own members (HAR allows `_`-prefixed ones): the operation, `<api>.<operationId>`… */
      readonly _operationId?: string | null;
      /** …and the fault that shaped the answer (the journal entry's `fault`). */
      readonly _fault?: FaultKind;
    }>;
  };
}

/**
 * What a test run leaves: `mocks.control.journal()` (an array), `GET /__mock/journal`
 * (`{"entries": […]}`), or a HAR file.
 */
export type Recording = readonly Sighting[] | { readonly entries: readonly Sighting[] } | HarFile;

/** One documented status of an operation and how often the run saw it. */
export interface StatusSeen {
  readonly status: string;
  /** Answers with this status (0: never seen). */
  readonly count: number;
  /** Of those, answers a fault gave (a `Prefer: code=` example, an injected error, the rate limit's 429). */
  readonly byFault: number;
}

export interface OperationSeen {
  readonly api: ApiName;
  /** `<api>.<operationId>`, as the journal and `verify` name it. */
  readonly operationId: string;
  /** Upper case. */
  readonly method: string;
  /** The path template as the spec writes it, below the API's base path (`/Location/{LocationId}/services`). */
  readonly path: string;
  readonly requests: number;
  /** Every documented status, in spec order. */
  readonly statuses: readonly StatusSeen[];
  /** Statuses answered that the spec does not document for this operation, by status. */
  readonly undocumented: ReadonlyArray<{ readonly status: number; readonly count: number }>;
  /** Faults that fired on this operation (journal entries' `fault`), by kind. */
  readonly faults: ReadonlyArray<{ readonly fault: FaultKind; readonly count: number }>;
}

/** Seen / documented statuses, and the percentage (rounded down to one decimal: never more than the truth). */
export interface CoverageCount {
  readonly documented: number;
  readonly seen: number;
  readonly percent: number;
}

export interface ApiSeen extends CoverageCount {
  readonly api: ApiName;
  readonly requests: number;
  /** Requests to this API's paths that no operation answers (an unknown route, a method not allowed). */
  readonly unrouted: number;
  readonly operations: readonly OperationSeen[];
}

/** A documented status no request in the run was answered with. */
export interface NeverSeen {
  readonly api: ApiName;
  readonly operationId: string;
  readonly status: string;
}

export interface ConsumerCoverage extends CoverageCount {
  /** The APIs held to account, in ticketmock's order. */
  readonly apis: readonly ApiSeen[];
  /** Every request read, across all recordings. */
  readonly requests: number;
  /** Requests to none of the APIs held to account (another API, the app's own assets). */
  readonly elsewhere: number;
  readonly neverSeen: readonly NeverSeen[];
  /** The minimum percentage asked for, if any. */
  readonly min?: number;
  /** Whether the coverage reaches `min` (true when none is asked for). */
  readonly meetsMin: boolean;
}

export interface ConsumerCoverageOptions {
  /** The APIs to hold to account (default: every API the recordings reached; all three when none). */
  readonly apis?: readonly ApiName[];
  /** The percentage of documented statuses that must be seen (0 to 100). */
  readonly min?: number;
}
