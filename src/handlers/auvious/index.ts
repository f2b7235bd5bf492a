/**
 * The Auvious Ticket v1.0 API on the engine: spec, error shapes, auth, state, operations.
 */
import { type Authentication, defineApi } from '../../core/api-module.js';
import { bearerToken } from '../../core/http.js';
import type { OpenApiDocument } from '../../core/spec-schemas.js';
import { auviousDocument } from '../../generated/auvious.document.js';
import { auviousError, springError, TOKEN_PATH } from './errors.js';
import { auviousOperations } from './operations.js';
import { tokenExpired } from './rules.js';
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

export const auvious = defineApi<AuviousState, AuviousPrincipal>({
  name: 'auvious',
  document: auviousDocument as OpenApiDocument,
  error: auviousError,
  createState: createAuviousState,
  exportState: exportAuviousState,
  importState: importAuviousState,
  authenticate(request, operation, state, clock): Authentication<AuviousPrincipal> {
    const authorization = request.headers.authorization;
    if (request.path === TOKEN_PATH) {
      let basic: ReturnType<typeof basicCredentials>;
      try {
        basic = basicCredentials(authorization);
      } catch {
        basic = null;
      }
      if (basic === null)
        return { ok: false, response: auviousError(401, 'Malformed Basic credentials', request, clock) };
      return { ok: true, principal: { kind: 'anonymous', basic } };
    }
    if (!operation.secured) return { ok: true, principal: { kind: 'anonymous', basic: undefined } };
    const bearer = bearerToken(authorization);
    const unauthorized = (message: string) => ({
      ok: false as const,
      response: springError(401, message, request.path, clock),
    });
    if (bearer === undefined) return unauthorized('Full authentication is required to access this resource');
    const token = state.tokens.get(bearer);
    if (token === undefined || token.kind === 'refresh') return unauthorized('Invalid access token');
    if (tokenExpired(token, clock.nowMs())) return unauthorized('Access token expired');
    if (token.kind !== 'client') {
      return { ok: false, response: springError(403, 'A customer token cannot manage tickets', request.path, clock) };
    }
    return { ok: true, principal: { kind: 'client', organizationId: token.organizationId, clientId: token.clientId } };
  },
  operations: auviousOperations,
});
