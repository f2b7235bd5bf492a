/**
 * The Octopus WiFi Tickets module on the engine: spec, error shape, API keys, state,
 * operations (API-NOTES.md §1).
 */

import { type Authentication, defineApi } from '../../core/api-module.js';
import { bearerToken } from '../../core/http.js';
import { octopusOutline } from '../../generated/octopus.outline.js';
import { octopusValidators } from '../../generated/octopus.validators.js';
import { octopusError } from './errors.js';
import { octopusOperations } from './operations.js';
import {
  createOctopusState,
  exportOctopusState,
  importOctopusState,
  type OctopusPrincipal,
  type OctopusState,
} from './state.js';

export const octopus = defineApi<OctopusState, OctopusPrincipal>({
  name: 'octopus',
  outline: octopusOutline,
  validators: octopusValidators,
  // `{"error": {"code": <http status>, "message": "…"}}` for every failure
  error: (status, message) => octopusError(status, message),
  createState: createOctopusState,
  exportState: exportOctopusState,
  importState: importOctopusState,
  authenticate(request, _operation, state): Authentication<OctopusPrincipal> {
    const bearer = bearerToken(request.headers.authorization);
    const key = bearer === undefined ? undefined : state.keys.get(bearer);
    if (key === undefined) return { ok: false, error: octopusError(401, 'Missing or invalid API key') };
    return { ok: true, value: key };
  },
  rateLimitKey: (key) => key.key,
  operations: octopusOperations,
});
