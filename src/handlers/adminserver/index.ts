/**
 * The Adminserver Ticket API on the engine: JSON-RPC-style methods, one path each, in the
 * `{data}` / `{error}` envelope; sessions, networks and RBAC (API-NOTES.md §3).
 */

import { type Authentication, defineApi } from '../../core/api-module.js';
import { adminserverOutline } from '../../generated/adminserver.outline.js';
import { adminserverValidators } from '../../generated/adminserver.validators.js';
import { adminserverError, rpcError } from './errors.js';
import { adminserverOperations } from './operations.js';
import {
  chosenNetwork,
  cookieValue,
  hasPermission,
  MANAGE,
  networkTarget,
  SESSION_COOKIE,
  sessionExpired,
} from './rules.js';
import {
  type AdminserverPrincipal,
  type AdminserverState,
  createAdminserverState,
  exportAdminserverState,
  importAdminserverState,
} from './state.js';

/** The methods that need `network.manage` on the current network: those the spec gives `x-permissions`. */
const MANAGING: ReadonlySet<string> = new Set(
  adminserverOutline.operations
    .filter((operation) => String(operation.extensions?.['x-permissions'] ?? '').startsWith(MANAGE))
    .map((operation) => operation.operationId),
);

export const adminserver = defineApi<AdminserverState, AdminserverPrincipal>({
  name: 'adminserver',
  outline: adminserverOutline,
  validators: adminserverValidators,
  error: adminserverError,
  createState: createAdminserverState,
  exportState: exportAdminserverState,
  importState: importAdminserverState,
  authenticate(request, operation, state, clock): Authentication<AdminserverPrincipal> {
    if (!operation.secured) return { ok: true, value: { kind: 'anonymous' } };
    const id = request.headers['x-session-id'] ?? cookieValue(request.headers.cookie, SESSION_COOKIE);
    const session = id === undefined ? undefined : state.sessions.get(id.trim());
    const user = session && state.users.get(session.userId);
    if (session === undefined || user === undefined || sessionExpired(session, clock.nowMs())) {
      return { ok: false, error: rpcError(401, 'not logged in') };
    }
    if (!MANAGING.has(operation.operationId)) {
      return { ok: true, value: { kind: 'session', session, user, networkId: user.preferredNetworkId } };
    }
    // header names arrive lower-cased from both adapters: `x-network` and `X-Network` alike
    const chosen = chosenNetwork(
      request.headers['x-network'],
      request.headers['x-network-id'],
      user.preferredNetworkId,
    );
    if (!chosen.ok) return { ok: false, error: rpcError(400, chosen.error) };
    const networkId = chosen.value;
    const target = networkTarget(networkId);
    // an unknown network is refused even where a role on an ancestor target covers it
    // (`X-Network: demo-network/x` is no network); the user's own assignments come
    // through the table's index by user
    const assignments = state.assignments.page(user.userId, 0, Number.POSITIVE_INFINITY);
    if (
      !state.networks.has(networkId) ||
      !hasPermission((roleId) => state.roles.get(roleId), assignments, user.userId, MANAGE, target)
    ) {
      return { ok: false, error: rpcError(403, `permission ${MANAGE} required on ${target}`) };
    }
    return { ok: true, value: { kind: 'session', session, user, networkId } };
  },
  rateLimitKey: (principal) => (principal.kind === 'session' ? principal.session.sessionId : undefined),
  operations: adminserverOperations,
});
