/**
 * Octopus WiFi Tickets (API-NOTES.md §1): a key sees its own Locations; a ticket is issued
 * on a listed, non-deleted service, and the Location's ticket list then holds it. The API
 * has no delete: tickets a run creates are reported as left over. Its plans, flows and
 * stateful checks are in `octopus/`.
 */
import { type ApiContract, bearerHeaders } from '../check.js';
import { planChecks } from '../checks/registry.js';
import type { Credentials } from '../credentials.js';
import { readsOf } from '../plan.js';
import { serviceIdAsListed, servicesToTicket } from './octopus/flows.js';
import { octopusKit } from './octopus/kit.js';
import { octopusPlans } from './octopus/plans.js';
import { tenantIsolation, unknownLocationRejected, useAfterFree } from './octopus/stateful.js';

export { consistentTicketBody } from './octopus/plans.js';

export function octopusContract(credentials: Credentials): ApiContract {
  const kit = octopusKit(credentials);
  const plans = octopusPlans(kit);
  return {
    name: 'octopus',
    spec: kit.spec,
    authHeaders: async (context, mode) => bearerHeaders(context, mode, kit.own),
    reads: readsOf(plans),
    checks: [
      ...planChecks(kit.spec, plans),
      servicesToTicket(kit),
      serviceIdAsListed(kit),
      useAfterFree(kit),
      unknownLocationRejected(kit, 'getServices'),
      unknownLocationRejected(kit, 'getTickets'),
      unknownLocationRejected(kit, 'createTicket'),
      tenantIsolation(kit, 'getServices'),
      tenantIsolation(kit, 'getTickets'),
    ],
  };
}
