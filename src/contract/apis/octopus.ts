/**
 * Octopus WiFi Tickets (API-NOTES.md §1): a key sees its own Locations; a ticket is issued
 * on a listed, non-deleted service, and the Location's ticket list then holds it. The API
 * has no delete: tickets a run creates are reported as left over. Its plans, flows and
 * stateful checks are in `octopus/`.
 */
import { type ApiContract, bearerHeaders, successEvidence } from '../check.js';
import { planChecks } from '../checks/registry.js';
import type { Credentials } from '../credentials.js';
import { serviceIdAsListed, servicesToTicket } from './octopus/flows.js';
import { octopusKit } from './octopus/kit.js';
import { octopusPlans } from './octopus/plans.js';
import { unknownResourceRejected, useAfterFree } from './octopus/stateful.js';

export { consistentTicketBody } from './octopus/plans.js';

export function octopusContract(credentials: Credentials): ApiContract {
  const kit = octopusKit(credentials);
  return {
    name: 'octopus',
    spec: kit.spec,
    authHeaders: async (context, mode) => bearerHeaders(context, mode, kit.own),
    async statelessEvidence(context) {
      const exchange = await context.call('getServices', { path: { LocationId: `ZZ${context.runId}` } });
      return successEvidence(exchange, `GET services of a Location that cannot exist`);
    },
    checks: [
      ...planChecks(kit.spec, octopusPlans(kit)),
      servicesToTicket(kit),
      serviceIdAsListed(kit),
      useAfterFree(kit),
      unknownResourceRejected(kit),
    ],
  };
}
