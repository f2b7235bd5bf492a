/**
 * The probe: one request to `/__mock/clock` before anything else. Any answer shows the
 * target is reachable (a network error or timeout throws {@link UnreachableError}); a
 * `{"now": …}` answer shows it is a ticketmock; Prism's own marks show it is Prism, the one
 * target the suite takes for stateless without being told (docs/decisions/015): its
 * `application/problem+json` errors typed `https://stoplight.io/prism/errors#…` (every
 * route it does not know, this one included) and its `sl-violations` header.
 */
import { mediaTypeOf } from '../../core/http.js';
import type { FetchLike } from '../client.js';

/** The target did not answer at all (connection refused, DNS, timeout). */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
}

export interface Probe {
  /** The target answers ticketmock's control API. */
  readonly ticketmock: boolean;
  /** Why the target is taken for Prism (its own error body or header), or `undefined`. */
  readonly prism: string | undefined;
}

const PRISM_ERRORS = 'https://stoplight.io/prism/errors#';

/** What in an answer is Prism's alone: the `sl-violations` header, or an error typed by Prism. */
export function prismEvidence(what: string, status: number, headers: Headers, text: string): string | undefined {
  if (headers.has('sl-violations')) return `${what} answered ${status} with Prism's sl-violations header`;
  if (mediaTypeOf(headers.get('content-type') ?? undefined) !== 'application/problem+json') return undefined;
  try {
    const type = (JSON.parse(text) as { type?: unknown }).type;
    if (typeof type === 'string' && type.startsWith(PRISM_ERRORS))
      return `${what} answered ${status} with Prism's error ${type.slice(PRISM_ERRORS.length)}`;
  } catch {
    // not JSON: not Prism's problem document
  }
  return undefined;
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
  const prism = prismEvidence('GET /__mock/clock', response.status, response.headers, text);
  try {
    return { ticketmock: response.ok && typeof (JSON.parse(text) as { now?: unknown }).now === 'string', prism };
  } catch {
    return { ticketmock: false, prism };
  }
}
