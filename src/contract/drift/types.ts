/** The vocabulary of the drift report (`ticketmock verify --compare`, DESIGN.md). */
import type { ContractSummary } from '../types.js';

/**
 * What differs at one step: its status (`state` when a write before it left the two sides
 * in different states: read-after-delete 200 on one, 404 on the other), its content type,
 * a member present on one side only (`field`), a JSON type, a value the run wrote or echoes
 * (`value`), a row of the run's own on one side only (`row`), a body on one side only, the
 * sequence itself (one side's check took another path), or only the check's verdict.
 */
export type DriftKind =
  | 'status'
  | 'state'
  | 'content-type'
  | 'field'
  | 'type'
  | 'value'
  | 'row'
  | 'body'
  | 'sequence'
  | 'verdict';

export interface Difference {
  readonly api: string;
  /** The operation whose answers differ (`auvious.getTicket`). */
  readonly operationId: string;
  /** The check whose step it is. */
  readonly check: string;
  /** The step's index within the check. */
  readonly step: number;
  readonly kind: DriftKind;
  /** `status`, `content-type`, a JSON pointer (`/pagination`; `*` stands for every row of a list), or `(body)`. */
  readonly where: string;
  /** What the real API (`--base-url`) answered there. */
  readonly real: string;
  /** What the mock (`--compare`) answered there. */
  readonly mock: string;
  /** For `state`: the write before it, and what each side answered it. */
  readonly after?: string;
  /** The real side's request, as curl. */
  readonly curl?: string;
}

/** One distinct difference (the same at many steps is one row), for the table. */
export interface DriftRow extends Difference {
  /** At how many steps it was seen. */
  readonly count: number;
}

export interface ApiFidelity {
  readonly api: string;
  /** Steps sent to both sides and compared. */
  readonly compared: number;
  /** Those that agree. */
  readonly agreeing: number;
  /** agreeing / compared × 100, one decimal (100 when nothing was compared). */
  readonly fidelity: number;
  /** Checks not compared (skipped on a side, e.g. a read-only run or a Prism). */
  readonly notCompared: number;
}

export interface SideSummary {
  readonly baseUrl: string;
  readonly summary: ContractSummary;
  readonly notes: readonly string[];
}

export interface DriftResult {
  /** `--base-url`: the real API. */
  readonly real: SideSummary;
  /** `--compare`: its mock. */
  readonly mock: SideSummary;
  readonly seed: number;
  readonly mutating: boolean;
  readonly apis: readonly ApiFidelity[];
  /** Every difference, step by step. */
  readonly differences: readonly Difference[];
  /** The distinct differences, in the order first seen. */
  readonly drift: readonly DriftRow[];
  readonly summary: {
    readonly compared: number;
    readonly agreeing: number;
    readonly differences: number;
    readonly distinct: number;
    readonly fidelity: number;
    readonly durationMs: number;
  };
}
