/**
 * Auvious Ticket v1.0 (API-NOTES.md §2): tickets of the caller's organisation, changed
 * through disable/enable/revoke, exchanged at `/security/oauth/token` for a customer token;
 * a disabled or revoked ticket cannot be exchanged, a single-use one is gone once used.
 * Every ticket a run creates is deleted. Its plans, flows and stateful checks are in `auvious/`.
 */
import { type ApiContract, bearerHeaders } from '../check.js';
import { planChecks } from '../checks/registry.js';
import type { Credentials } from '../credentials.js';
import { readsOf } from '../plan.js';
import { ticketLifecycle, tokenClaims } from './auvious/flows.js';
import { auviousKit } from './auvious/kit.js';
import { auviousPlans } from './auvious/plans.js';
import {
  customerTokenIgnoredAuth,
  exchangeAfterFree,
  readAfterFree,
  readAfterWrite,
  tokenIgnoredAuth,
  unknownResourceRejected,
  updateAfterFree,
} from './auvious/stateful.js';

export { consistentTicketBody } from './auvious/plans.js';

export function auviousContract(credentials: Credentials): ApiContract {
  const kit = auviousKit(credentials);
  const plans = auviousPlans(kit);
  return {
    name: 'auvious',
    spec: kit.spec,
    // the token endpoint authenticates the client in its form or with Basic, not a bearer
    authHeaders: async (context, mode, operationId) =>
      operationId === 'getToken' ? {} : bearerHeaders(context, mode, kit.own),
    reads: readsOf(plans),
    checks: [
      ...planChecks(kit.spec, plans),
      ticketLifecycle(kit),
      readAfterFree(kit),
      exchangeAfterFree(kit),
      updateAfterFree(kit),
      readAfterWrite(kit, 'createTicket'),
      readAfterWrite(kit, 'updateTicket'),
      tokenIgnoredAuth(kit),
      tokenClaims(kit),
      customerTokenIgnoredAuth(kit),
      ...unknownResourceRejected(kit),
    ],
  };
}
