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
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Files below this size leave too little garbage to be worth a pause. */
export const COLLECT_AFTER_BYTES = 16 * 1024 * 1024;

/** Runs one full garbage collection after `delayMs` (a timer that does not hold the process open). */
export function collectGarbageSoon(delayMs: number): void {
  const timer = setTimeout(() => {
    try {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as unknown;
      if (typeof gc === 'function') gc();
    } catch {
      // a runtime without the flag: the memory goes back at V8's own next full collection
    }
  }, delayMs);
  timer.unref();
}
