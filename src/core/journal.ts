/**
 * The request journal (DESIGN.md control API, `GET /__mock/journal`): the last N
 * requests with their operation, status and timing, oldest first. Bounded: a ring.
 */

/**
 * Which opt-in fault (faults.ts) shaped an answer: `prefer` a `Prefer: code=` example,
 * `error` an injected error status, `drop` a closed connection (status 0), `rate-limit` the
 * API's 429 for going over `rateLimitPerSecond`, `latency` a delay alone (the request ran).
 */
export type FaultKind = 'prefer' | 'error' | 'drop' | 'rate-limit' | 'latency';

export interface JournalEntry {
  readonly method: string;
  readonly path: string;
  /** `<api>.<operationId>`, or null when no operation matched. */
  readonly operationId: string | null;
  readonly status: number;
  /** Milliseconds from receipt to answer. */
  readonly durationMs: number;
  /** When the request arrived, by the engine's clock (ISO-8601). */
  readonly time: string;
  /**
   * The fault that shaped the answer, when one did: the one that replaced it, else
   * `latency` (absent without faults; what `ticketmock coverage` counts as faults seen).
   */
  readonly fault?: FaultKind;
}

export class Journal {
  readonly #entries: JournalEntry[] = [];
  #next = 0;

  constructor(readonly capacity = 1000) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('journal capacity must be a positive integer');
  }

  /** Until the ring is full, `#next` is its length: the entry goes on the end; then it replaces the oldest. */
  record(entry: JournalEntry): void {
    this.#entries[this.#next] = entry;
    this.#next = (this.#next + 1) % this.capacity;
  }

  /** Oldest first (until the ring is full, `#next` is its length: the first slice is empty). */
  entries(): JournalEntry[] {
    return [...this.#entries.slice(this.#next), ...this.#entries.slice(0, this.#next)];
  }

  clear(): void {
    this.#entries.length = 0;
    this.#next = 0;
  }
}
