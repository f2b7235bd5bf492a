/**
 * The Adminserver envelope's failure: `{error: {status: true, code, message}}`, with the
 * HTTP status mirroring the code; "too frequent request" is code 705 on HTTP 429
 * (API-NOTES.md §3).
 */
import { type ErrorAnswer, errorAnswer } from '../../core/api-module.js';
import type { MockRequest } from '../../core/http.js';

export const TOO_FREQUENT = 705;
const METHOD_PREFIX = '/jsonRpc/';

/** The API's error answer for `status` (429 carries the vendor's code 705). */
export function rpcError(status: number, message: string): ErrorAnswer {
  return errorAnswer({
    status,
    json: { error: { status: true, code: status === 429 ? TOO_FREQUENT : status, message } },
  });
}

/** The engine's errors in the envelope; its 404 under `/jsonRpc/` is an unknown method. */
export function adminserverError(status: number, message: string, request: MockRequest): ErrorAnswer {
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
