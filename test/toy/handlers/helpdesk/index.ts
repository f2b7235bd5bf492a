/**
 * The toy Helpdesk API as an engine module, built the way src/handlers/octopus/index.ts is
 * (docs/adding-an-api.md): spec, error shape, API keys, state, operations. It lives under
 * test/ and src/ knows nothing of it: createMocks({ modules }) and Engine.create({ apis })
 * mount it beside the shipped APIs.
 */
import { type Authentication, defineApi } from '../../../../src/core/api-module.ts';
import { bearerToken } from '../../../../src/core/http.ts';
import { toySpec } from '../../spec.ts';
import { helpdeskError } from './errors.ts';
import type { AgentKey } from './model.ts';
import { helpdeskOperations } from './operations.ts';
import { createHelpdeskState, exportHelpdeskState, type HelpdeskState, importHelpdeskState } from './state.ts';

const { outline, validators } = toySpec('helpdesk');

export const helpdesk = defineApi<HelpdeskState, AgentKey>({
  name: 'helpdesk',
  outline,
  validators,
  error: (status, message) => helpdeskError(status, message),
  createState: createHelpdeskState,
  exportState: exportHelpdeskState,
  importState: importHelpdeskState,
  authenticate(request, _operation, state): Authentication<AgentKey> {
    const token = bearerToken(request.headers.authorization);
    const key = token === undefined ? undefined : state.keys.get(token);
    if (key === undefined) return { ok: false, error: helpdeskError(401, 'a valid API key is required') };
    return { ok: true, value: key };
  },
  rateLimitKey: (key) => key.token,
  operations: helpdeskOperations,
});
