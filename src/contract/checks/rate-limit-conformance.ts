/**
 * rate_limit_conformance: an operation that documents a 429 answers it to a burst. The
 * burst is of requests a conforming server refuses before acting (so it changes nothing),
 * sent 32 at a time until one answers 429 or `burst` have gone; any answer but the refusal
 * or the 429 fails, and the API may judge the 429 itself.
 */
import type { CallOptions, CheckDefinition } from '../check.js';
import type { Exchange } from '../types.js';

/**
 * Requests in flight at once. The burst must outrun the limit while the client waits on
 * each answer: with 8 at once, `verify --burst 250` against `serve --rate-limit 100` on a
 * busy 2-core machine (load 7–9) saw no 429 in 250 requests, on main as well; with 32 it does.
 */
const WORKERS = 32;

export interface RateLimitOptions {
  readonly operationId: string;
  /** Requests to send at most (0: the check is skipped). */
  readonly burst: number;
  /** A request the server refuses with 400. */
  readonly refused: CallOptions;
  /** What is wrong with the 429 answer, if anything. */
  readonly judgeLimited?: (limited: Exchange) => string | undefined;
}

export function rateLimitConformance(options: RateLimitOptions): CheckDefinition {
  return {
    check: 'rate_limit_conformance',
    operationId: options.operationId,
    effect: 'safe',
    basis: 'inferred',
    stateful: true,
    async run(context) {
      const burst = options.burst;
      if (burst <= 0) return context.skip('pass --burst <n> to send n rapid requests and look for the 429');
      let limited: Exchange | undefined;
      let sent = 0;
      const worker = async () => {
        while (limited === undefined && sent < burst) {
          sent += 1;
          const exchange = await context.call(options.operationId, options.refused);
          if (exchange.status === 429) limited ??= exchange;
          else if (exchange.status !== 400)
            context.fail(
              `${options.operationId} in a burst: expected 400 or 429, got ${exchange.status ?? exchange.error}`,
              exchange,
            );
        }
      };
      await Promise.all(Array.from({ length: WORKERS }, worker));
      if (limited === undefined) return context.skip(`no 429 within ${burst} requests`);
      const problem = options.judgeLimited?.(limited);
      if (problem !== undefined) context.fail(problem, limited);
    },
  };
}
