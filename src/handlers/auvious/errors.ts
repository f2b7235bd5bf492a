/**
 * Auvious error bodies (API-NOTES.md §2): `{"error": "…"}` for validation (400), Spring's
 * `{timestamp, status, error, message, path}` for the rest, and OAuth's
 * `{error, error_description}` at the token endpoint.
 */
import { type ErrorAnswer, errorAnswer } from '../../core/api-module.js';
import type { Clock } from '../../core/clock.js';
import { type MockRequest, REASON_PHRASES } from '../../core/http.js';

export const TOKEN_PATH = '/security/oauth/token';

/**
 * A 401's challenge (RFC 6750 §3): plain `Bearer` when the request had no token, with
 * `error="invalid_token"` when it had a bad or expired one.
 */
export function bearerChallenge(error?: string): string {
  if (error === undefined) return 'Bearer';
  return `Bearer error="invalid_token", error_description="${error.replace(/["\\]/g, '')}"`;
}

/**
 * Spring's error body. A 401 carries `WWW-Authenticate` (RFC 6750): `challenge` when the
 * caller knows why, else plain `Bearer`.
 */
export function springError(
  status: number,
  message: string,
  path: string,
  clock: Clock,
  challenge?: string,
): ErrorAnswer {
  return errorAnswer({
    status,
    ...(status === 401 ? { headers: { 'www-authenticate': challenge ?? bearerChallenge() } } : {}),
    json: {
      timestamp: clock.now().toISOString(),
      status,
      error: REASON_PHRASES[status] ?? 'Error',
      message,
      path,
    },
  });
}

export function oauthError(status: number, error: string, description: string): ErrorAnswer {
  return errorAnswer({ status, json: { error, error_description: description } });
}

export function auviousError(status: number, message: string, request: MockRequest, clock: Clock): ErrorAnswer {
  if (request.path === TOKEN_PATH) {
    if (status === 400) return oauthError(400, 'invalid_request', message);
    if (status === 401) return oauthError(401, 'invalid_client', message);
  }
  if (status === 400) return errorAnswer({ status, json: { error: message } });
  return springError(status, message, request.path, clock);
}
