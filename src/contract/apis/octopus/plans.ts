/** Octopus's operation plans: the valid request of each operation, for the generic checks. */
import type { OperationPlan } from '../../plan.js';
import type { OctopusKit, ServiceView } from './kit.js';

/**
 * A ticket body made to keep the rules a schema cannot say (API-NOTES.md §1): on `service`
 * (when given; sent as the number the services list answers when the body had a number
 * there, else as its string) and within its `maxUsers`, and a validity that does not end
 * before it starts (start_time defaults to the server's today). An e-mail ticket needs no
 * address ("Readings revised" in API-NOTES.md §1).
 */
export function consistentTicketBody(
  body: Readonly<Record<string, unknown>>,
  service?: Pick<ServiceView, 'id' | 'maxUsers'>,
): Record<string, unknown> {
  const next: Record<string, unknown> = { ...body };
  if (service !== undefined) {
    next.service = typeof next.service === 'number' ? service.id : String(service.id);
    if (typeof next.numusers === 'number' && service.maxUsers > 0) {
      next.numusers = Math.min(next.numusers, service.maxUsers);
    }
  }
  if (typeof next.valid_until === 'string') {
    if (typeof next.start_time !== 'string') next.start_time = '2020-01-01T00:00:00Z';
    if (next.valid_until < String(next.start_time))
      [next.start_time, next.valid_until] = [next.valid_until, next.start_time];
  }
  return next;
}

export function octopusPlans(kit: OctopusKit): OperationPlan[] {
  const { where } = kit;
  return [
    { id: 'getServices', reads: true, tenantScoped: true, base: async () => ({ path: where }) },
    { id: 'getTickets', reads: true, tenantScoped: true, base: async () => ({ path: where }) },
    {
      id: 'createTicket',
      tenantScoped: true,
      async base(context) {
        const service = await kit.usableService(context);
        kit.chosen.set(context, service);
        return { path: where, json: { service: String(service.id) } };
      },
      realize: (body, context) => consistentTicketBody(body, kit.chosen.get(context)),
      undo: (context, exchange) => kit.recordTicket(context, exchange),
    },
  ];
}
