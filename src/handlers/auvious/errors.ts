/**
 * Auvious error bodies (API-NOTES.md §2): `{"error": "…"}` for validation (400), Spring's
 * `{timestamp, status, error, message, path}` for the rest, and OAuth's
 * `{error, error_description}` at the token endpoint.
 */
import type { Clock } from '../../core/clock.js';
import { type MockRequest, type MockResponse, REASON_PHRASES } from '../../core/http.js';

export const TOKEN_PATH = '/security/oauth/token';

export function springError(status: number, message: string, path: string, clock: Clock): MockResponse {
  return {
    status,
    json: {
      timestamp: clock.now().toISOString(),
      status,
      error: REASON_PHRASES[status] ?? 'Error',
      message,
      path,
    },
  };
}

export function oauthError(status: number, error: string, description: string): MockResponse {
  return { status, json: { error, error_description: description } };
}

export function auviousError(status: number, message: string, request: MockRequest, clock: Clock): MockResponse {
  if (request.path === TOKEN_PATH) {
    if (status === 400) return oauthError(400, 'invalid_request', message);
    if (status === 401) return oauthError(401, 'invalid_client', message);
  }
  if (status === 400) return { status, json: { error: message } };
  return springError(status, message, request.path, clock);
}
