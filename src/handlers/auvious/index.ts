/**
 * The Auvious Ticket v1.0 API on the engine: spec, error shapes, auth, state, operations.
 */

import { type Authentication, defineApi } from '../../core/api-module.js';
import { bearerToken, type MockRequest, mediaTypeOf } from '../../core/http.js';
import { auviousOutline } from '../../generated/auvious.outline.js';
import { auviousValidators } from '../../generated/auvious.validators.js';
import { auviousError, bearerChallenge, springError, TOKEN_PATH } from './errors.js';
import { auviousOperations, checkedToken } from './operations.js';
import {
  type AuviousPrincipal,
  type AuviousState,
  createAuviousState,
  exportAuviousState,
  importAuviousState,
} from './state.js';

function basicCredentials(header: string | undefined): { clientId: string; secret: string } | undefined | null {
  if (header === undefined) return undefined;
  const encoded = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header)?.[1];
  if (encoded === undefined) return null;
  const decoded = atob(encoded);
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { clientId: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

const FORM = 'application/x-www-form-urlencoded';

/**
 * The token endpoint's parameters as one form: the query string's, then the body's (the
 * body wins on a clash), as a Spring token endpoint reads request parameters from either.
 * The vendor's API example scripts send everything in the query string with no body. A
 * body of another media type is left as it is (the engine answers its 415).
 */
function tokenRequest(request: MockRequest): MockRequest {
  const hasBody = request.body !== undefined && request.body !== '';
  if (hasBody && mediaTypeOf(request.headers['content-type']) !== FORM) return request;
  const form = new URLSearchParams(request.query);
  const body = new URLSearchParams(request.body ?? '');
  for (const name of new Set(body.keys())) form.delete(name);
  for (const [name, value] of body) form.append(name, value);
  return { ...request, body: form.toString(), headers: { ...request.headers, 'content-type': FORM } };
}

export const auvious = defineApi<AuviousState, AuviousPrincipal>({
  name: 'auvious',
  outline: auviousOutline,
  validators: auviousValidators,
  error: auviousError,
  createState: createAuviousState,
  exportState: exportAuviousState,
  importState: importAuviousState,
  prepare: (request, operation) => (operation.operationId === 'getToken' ? tokenRequest(request) : request),
  async authenticate(request, operation, state, clock): Promise<Authentication<AuviousPrincipal>> {
    const authorization = request.headers.authorization;
    if (request.path === TOKEN_PATH) {
      let basic: ReturnType<typeof basicCredentials>;
      try {
        basic = basicCredentials(authorization);
      } catch {
        basic = null;
      }
      if (basic === null) return { ok: false, error: auviousError(401, 'Malformed Basic credentials', request, clock) };
      return { ok: true, value: { kind: 'anonymous', basic } };
    }
    if (!operation.secured) return { ok: true, value: { kind: 'anonymous', basic: undefined } };
    const bearer = bearerToken(authorization);
    const unauthorized = (message: string, challenge?: string) => ({
      ok: false as const,
      error: springError(401, message, request.path, clock, challenge),
    });
    if (bearer === undefined) return unauthorized('Full authentication is required to access this resource');
    const checked = await checkedToken(state, bearer, clock.nowMs());
    if (!checked.ok || checked.value.kind === 'refresh') {
      const message = checked.ok || checked.error === 'invalid' ? 'Invalid access token' : 'Access token expired';
      return unauthorized(message, bearerChallenge(message));
    }
    const token = checked.value;
    if (token.kind !== 'client') {
      return { ok: false, error: springError(403, 'A customer token cannot manage tickets', request.path, clock) };
    }
    return { ok: true, value: { kind: 'client', organizationId: token.organizationId, clientId: token.clientId } };
  },
  operations: auviousOperations,
});
