/**
 * The Adminserver envelope's failure: `{error: {status: true, code, message}}`, with the
 * HTTP status mirroring the code; "too frequent request" is code 705 on HTTP 429
 * (API-NOTES.md §3).
 */
import type { MockRequest, MockResponse } from '../../core/http.js';

export const TOO_FREQUENT = 705;
const METHOD_PREFIX = '/jsonRpc/';

export function rpcError(status: number, message: string): MockResponse {
  return { status, json: { error: { status: true, code: status === 429 ? TOO_FREQUENT : status, message } } };
}

/** The engine's errors in the envelope; its 404 under `/jsonRpc/` is an unknown method. */
export function adminserverError(status: number, message: string, request: MockRequest): MockResponse {
  if (status === 404 && request.path.startsWith(METHOD_PREFIX)) {
    let method = request.path.slice(METHOD_PREFIX.length);
    try {
      method = decodeURIComponent(method);
    } catch {
      // a malformed escape: name the method as it came
    }
    return rpcError(404, `method not found: ${method}`);
  }
  return rpcError(status, message);
}
