/**
 * Giving back the memory a large state file took to load. Reading the file makes one string
 * as long as it (67 MB for 100,000 tickets per API) and `JSON.parse` a second copy of every
 * record before the store keeps them; V8 collects that garbage only at its next full
 * collection, which a server answering small requests may not reach for a long time, so
 * the process kept ≈90 MB it no longer used (bench/README.md). One full collection a
 * moment after the server listens gives it back: a pause of ≈0.35 s at that size, once,
 * after the first answers can already be served.
 *
 * `global.gc` exists only under `--expose-gc`; the flag set at run time exposes it to a new
 * context (the way Jest's `--logHeapUsage` reaches it). Where that fails, nothing is done.
 * {@link IdleCollector} does the same once the requests stop after a load.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Files below this size leave too little garbage to be worth a pause. */
export const COLLECT_AFTER_BYTES = 16 * 1024 * 1024;

/** One full garbage collection now; false where the runtime does not offer it. */
export function collectGarbage(): boolean {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc !== 'function') return false;
    gc();
    return true;
  } catch {
    // a runtime without the flag: the memory goes back at V8's own next full collection
    return false;
  }
}

export interface IdleCollectorOptions {
  /** How long without a request counts as idle (default 5 s). */
  readonly idleMs?: number;
  /** How much the heap must have grown since the last collection to be worth one (default 64 MiB). */
  readonly growthBytes?: number;
  /** The heap in use, in bytes (default V8's). */
  readonly heapUsed?: () => number;
  /** Runs a full collection (default {@link collectGarbage}). */
  readonly collect?: () => boolean;
}

/**
 * Gives the memory back once the requests stop. Under load V8 lets its old space grow to a
 * few times what is live before it collects (with 100,000 tickets per API, Octopus list
 * pages took a server to 480 MB with 109 MB live), and its memory reducer did not shrink it
 * in 15 s of idleness; the process kept that memory as long as it stayed idle. A server
 * that has been idle for `idleMs` after answering, with a heap grown by `growthBytes` since
 * the last collection, collects once: the pause falls where nobody waits.
 */
export class IdleCollector {
  readonly #idleMs: number;
  readonly #growthBytes: number;
  readonly #heapUsed: () => number;
  readonly #collect: () => boolean;
  #lastRequest = 0;
  #busySinceCollection = false;
  #heapAfterCollection: number;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: IdleCollectorOptions = {}) {
    this.#idleMs = options.idleMs ?? 5000;
    this.#growthBytes = options.growthBytes ?? 64 * 1024 * 1024;
    this.#heapUsed = options.heapUsed ?? (() => process.memoryUsage().heapUsed);
    this.#collect = options.collect ?? collectGarbage;
    this.#heapAfterCollection = this.#heapUsed();
  }

  /** A request arrived. */
  touch(): void {
    this.#lastRequest = Date.now();
    this.#busySinceCollection = true;
  }

  /** Looks every `idleMs / 2` (an unref'd timer: it never holds the process open). */
  start(): void {
    this.#timer ??= setInterval(() => this.check(), Math.max(1, this.#idleMs / 2));
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Collects when idle after answering and the heap has grown enough; whether it did. */
  check(): boolean {
    if (!this.#busySinceCollection || Date.now() - this.#lastRequest < this.#idleMs) return false;
    this.#busySinceCollection = false;
    if (this.#heapUsed() - this.#heapAfterCollection < this.#growthBytes) return false;
    return this.#run();
  }

  /** One collection after `delayMs`, whatever the traffic (after a large state file has loaded). */
  collectSoon(delayMs: number): void {
    setTimeout(() => this.#run(), delayMs).unref();
  }

  #run(): boolean {
    const collected = this.#collect();
    this.#heapAfterCollection = this.#heapUsed();
    return collected;
  }
}
