/**
 * The request journal (DESIGN.md control API, `GET /__mock/journal`): the last N
 * requests with their operation, status and timing, oldest first. Bounded: a ring.
 */

import type { Exchange } from './har.js';

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
 * The most of a response body the journal keeps for its HAR (`GET /__mock/journal?format=har`):
 * a longer one is cut to this many characters and the HAR says so.
 */
export const JOURNAL_BODY_LIMIT = 32 * 1024;

/** A journal entry's request and answer as the HAR shows them (./har.ts). */
export type JournalExchange = Omit<Exchange, 'operationId' | 'fault' | 'durationMs'>;

/**
 * An entry's request and answer as the devtools page's journal shows them
 * (`GET /__mock/journal?detail=1`): the exchange the HAR is made of, headers by name,
 * secrets redacted as in the HAR (./redact.ts), a body cut where the journal cut it.
 */
export interface JournalDetail {
  readonly request: { readonly headers: Record<string, string>; readonly body?: string };
  readonly response: { readonly headers: Record<string, string>; readonly body?: string };
}

/** An entry recorded without its exchange, as the HAR shows it: method, URL and status. */
function placeholder(entry: JournalEntry): Exchange {
  return {
    started: entry.time,
    durationMs: entry.durationMs,
    request: { method: entry.method, url: `http://localhost${entry.path}`, headers: [] },
    response: { status: entry.status, headers: [] },
    operationId: entry.operationId,
    ...(entry.fault === undefined ? {} : { fault: entry.fault }),
  };
}

export class Journal {
  readonly #entries: JournalEntry[] = [];
  /** Each entry's exchange, at the entry's own index (absent for an entry recorded without one). */
  readonly #exchanges: (JournalExchange | undefined)[] = [];
  #next = 0;

  constructor(readonly capacity = 1000) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('journal capacity must be a positive integer');
  }

  /** Until the ring is full, `#next` is its length: the entry goes on the end; then it replaces the oldest. */
  record(entry: JournalEntry, exchange?: JournalExchange): void {
    this.#entries[this.#next] = entry;
    this.#exchanges[this.#next] = exchange;
    this.#next = (this.#next + 1) % this.capacity;
  }

  /** Oldest first (until the ring is full, `#next` is its length: the first slice is empty). */
  entries(): JournalEntry[] {
    return [...this.#entries.slice(this.#next), ...this.#entries.slice(0, this.#next)];
  }

  /** Oldest first, each entry with its request and answer (what the journal's HAR is made of). */
  exchanges(): Exchange[] {
    return this.kept().map(({ entry, exchange }) => exchange ?? placeholder(entry));
  }

  /** Oldest first, each entry with its exchange where one was kept (./har-kit.ts shows them). */
  kept(): Array<{ entry: JournalEntry; exchange: Exchange | undefined }> {
    return this.#order().map((index) => {
      const entry = this.#entries[index] as JournalEntry;
      const exchange = this.#exchanges[index];
      return {
        entry,
        exchange:
          exchange === undefined
            ? undefined
            : {
                ...exchange,
                durationMs: entry.durationMs,
                operationId: entry.operationId,
                ...(entry.fault === undefined ? {} : { fault: entry.fault }),
              },
      };
    });
  }

  /** The ring's indices, oldest first (until it is full, `#next` is its length: the first slice is empty). */
  #order(): number[] {
    const indices = [...this.#entries.keys()];
    return [...indices.slice(this.#next), ...indices.slice(0, this.#next)];
  }

  clear(): void {
    this.#exchanges.length = 0;
    this.#entries.length = 0;
    this.#next = 0;
  }
}
