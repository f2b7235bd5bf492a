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

/**
 * What was asked and answered, for the devtools page's journal (`GET /__mock/journal?detail=1`):
 * kept beside an entry, never in it, so the journal and `ticketmock coverage`'s input stay
 * as they are. Secret headers are redacted and bodies cut (see {@link exchangeOf}).
 */
export interface JournalExchange {
  readonly request: { readonly headers: Readonly<Record<string, string>>; readonly body?: string };
  readonly response: { readonly headers: Readonly<Record<string, string | string[]>>; readonly body?: string };
}

export class Journal {
  readonly #entries: JournalEntry[] = [];
  /** Each entry's exchange, while the entry is in the ring. */
  readonly #exchanges = new WeakMap<JournalEntry, JournalExchange>();
  /**
   * Whether exchanges are kept: from the first {@link detailed} call on (the devtools page
   * open), so that a mock nobody watches pays nothing for them (a response serialised twice).
   */
  #detailing = false;

  /** Whether {@link record} wants the exchange (built only then). */
  get detailing(): boolean {
    return this.#detailing;
  }
  #next = 0;

  constructor(readonly capacity = 1000) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('journal capacity must be a positive integer');
  }

  /** Until the ring is full, `#next` is its length: the entry goes on the end; then it replaces the oldest. */
  record(entry: JournalEntry, exchange?: JournalExchange): void {
    if (exchange !== undefined) this.#exchanges.set(entry, exchange);
    this.#entries[this.#next] = entry;
    this.#next = (this.#next + 1) % this.capacity;
  }

  /** Oldest first (until the ring is full, `#next` is its length: the first slice is empty). */
  entries(): JournalEntry[] {
    return [...this.#entries.slice(this.#next), ...this.#entries.slice(0, this.#next)];
  }

  /** {@link entries}, each with its `exchange` where one was recorded. */
  detailed(): Array<JournalEntry & { exchange?: JournalExchange }> {
    this.#detailing = true;
    return this.entries().map((entry) => {
      const exchange = this.#exchanges.get(entry);
      return exchange === undefined ? entry : { ...entry, exchange };
    });
  }

  clear(): void {
    this.#entries.length = 0;
    this.#next = 0;
  }
}
