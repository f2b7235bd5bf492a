/** Auvious's operation plans: the valid request of each operation, for the generic checks. */
import type { OperationPlan } from '../../plan.js';
import { type AuviousKit, idOf, SCHEDULED, SCHEDULED_DATE } from './kit.js';

/**
 * A ticket body made to keep the rule its schema cannot say (API-NOTES.md §2 [chosen]):
 * a scheduled type carries `properties.scheduled_date`, the suite's date where the body
 * gives none. Any other body is returned as it is.
 */
export function consistentTicketBody(body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  if (!SCHEDULED.test(String(body.type))) return { ...body };
  const properties = body.properties as Readonly<Record<string, unknown>> | undefined;
  return { ...body, properties: { ...properties, scheduled_date: properties?.scheduled_date ?? SCHEDULED_DATE } };
}

export function auviousPlans(kit: AuviousKit): OperationPlan[] {
  const { own } = kit;
  /** An operation on one ticket, which the base request creates (a placeholder id in a read-only run). */
  const onTicket = (id: string, body?: unknown, reads = false): OperationPlan => ({
    id,
    reads,
    tenantScoped: true,
    baseWrites: true,
    async base(context) {
      const ticketId = await kit.createTicket(context);
      return { path: { ticketId }, ...(body === undefined ? {} : { json: body }) };
    },
    placeholder: (context) => ({
      path: { ticketId: `ZZ${context.runId}` },
      ...(body === undefined ? {} : { json: body }),
    }),
    realize: (generated) => {
      const { organizationId: _ignored, ...rest } = generated;
      return rest;
    },
  });
  return [
    {
      id: 'createTicket',
      tenantScoped: false,
      base: async (context) => ({ json: { type: 'MULTI_USE_TICKET', properties: { customer_id: context.runId } } }),
      // another organisation would be refused (403), and scheduled types need their date
      realize(generated) {
        const { organizationId: _ignored, ...rest } = generated;
        return consistentTicketBody({ ...rest, properties: { ...(rest.properties as object | undefined) } });
      },
      async undo(context, exchange) {
        const id = idOf(exchange);
        if (id !== undefined) await kit.remove(context, id);
      },
    },
    onTicket('getTicket', undefined, true),
    onTicket('updateTicket', { properties: { customer_id: 'updated' } }),
    onTicket('deleteTicket'),
    onTicket('disableTicket'),
    onTicket('enableTicket'),
    onTicket('revokeTicket'),
    onTicket('getTicketEvent', undefined, true),
    {
      id: 'getToken',
      reads: true,
      tenantScoped: false,
      base: async () => ({
        form: { grant_type: 'client_credentials', client_id: own.clientId, client_secret: own.clientSecret },
      }),
      realize: () => ({
        grant_type: 'client_credentials',
        client_id: own.clientId,
        client_secret: own.clientSecret,
        scope: 'global',
      }),
    },
  ];
}
