/**
 * Roomful Adminserver Ticket API (API-NOTES.md §3): a session from `/auth/login`, then
 * per-network purchasable tickets keyed by a client-chosen `productId`, under the
 * `network.manage` permission; every answer is `{data}` or `{error:{status,code,message}}`.
 * Each check logs in a session of its own (a per-session rate limit then counts one
 * check's calls) and logs it out afterwards; every ticket a run creates is deleted. Its
 * plans, flows and stateful checks are in `adminserver/`.
 */
import type { ApiContract } from '../check.js';
import { planChecks } from '../checks/registry.js';
import type { Credentials } from '../credentials.js';
import { readsOf } from '../plan.js';
import { networkSelection, ticketCrud } from './adminserver/flows.js';
import { adminserverKit, CREATE, DELETE, UPDATE } from './adminserver/kit.js';
import { adminserverPlans } from './adminserver/plans.js';
import {
  listAfterDelete,
  loginIgnoredAuth,
  rateLimits,
  readAfterWrite,
  sessionAfterLogout,
  tenantIsolation,
  unknownProductRejected,
  updateAfterDelete,
} from './adminserver/stateful.js';

export { consistentPurchasableTicket } from './adminserver/kit.js';

export interface AdminserverOptions {
  /** Requests per rate-limited operation for rate_limit_conformance (0: the check is skipped). */
  readonly burst?: number;
}

export function adminserverContract(credentials: Credentials, options: AdminserverOptions = {}): ApiContract {
  const kit = adminserverKit(credentials);
  const plans = adminserverPlans(kit);
  const { own } = kit;
  return {
    name: 'adminserver',
    spec: kit.spec,
    async authHeaders(context, mode, operationId) {
      if (mode === 'none' || operationId === 'auth.login' || operationId === 'rpc.discover') return {};
      if (mode === 'invalid') return { 'x-session-id': `not-a-session-${context.runId}` };
      if (mode === 'other') {
        if (own.otherToken !== undefined) return { 'x-session-id': own.otherToken };
        const other = own.otherLogin;
        if (other === undefined) return context.skip('no second tenant: pass --other-token (a session id)');
        return {
          'x-session-id': await kit.sessionOf(context, 'other', () => kit.login(context, other.email, other.password)),
        };
      }
      return { 'x-session-id': await kit.sessionOf(context, 'own', () => kit.login(context, own.email, own.password)) };
    },
    reads: readsOf(plans),
    checks: [
      ...planChecks(kit.spec, plans),
      ticketCrud(kit),
      updateAfterDelete(kit),
      listAfterDelete(kit),
      sessionAfterLogout(kit),
      unknownProductRejected(kit, UPDATE),
      unknownProductRejected(kit, DELETE),
      readAfterWrite(kit, CREATE),
      readAfterWrite(kit, UPDATE),
      tenantIsolation(kit),
      networkSelection(kit),
      loginIgnoredAuth(kit),
      ...rateLimits(kit, options.burst ?? 0),
    ],
  };
}
