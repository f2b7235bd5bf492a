/**
 * The probe: one request to `/__mock/clock` before anything else. Any answer shows the
 * target is reachable (a network error or timeout throws {@link UnreachableError}); a
 * `{"now": …}` answer shows it is a ticketmock.
 */
import type { FetchLike } from '../client.js';

/** The target did not answer at all (connection refused, DNS, timeout). */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
}

export interface Probe {
  /** The target answers ticketmock's control API. */
  readonly ticketmock: boolean;
}

export async function probeTarget(fetch: FetchLike, baseUrl: string, timeoutMs: number): Promise<Probe> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl.replace(/\/+$/, '')}/__mock/clock`, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new UnreachableError(`cannot reach ${baseUrl}: ${reason}`);
  }
  const text = await response.text().catch(() => '');
  try {
    return { ticketmock: response.ok && typeof (JSON.parse(text) as { now?: unknown }).now === 'string' };
  } catch {
    return { ticketmock: false };
  }
}
