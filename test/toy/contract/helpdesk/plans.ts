/** Helpdesk's operation plans: the valid request of each operation, for the generic checks. */
import type { OperationPlan } from '../../../../src/contract/plan.ts';
import type { HelpdeskKit } from './kit.ts';

/** A generated ticket keeps the rule the schema cannot say: a subject that is not blanks only. */
function realizeTicket(body: Record<string, unknown>): Record<string, unknown> {
  const ticket = body.ticket as { subject?: unknown } | undefined;
  if (typeof ticket?.subject !== 'string' || ticket.subject.trim() !== '') return body;
  return { ...body, ticket: { ...ticket, subject: 'generated' } };
}

export function helpdeskPlans(kit: HelpdeskKit): OperationPlan[] {
  const placeholder = () => ({ path: { ticket_id: '999999' } });
  return [
    { id: 'listTickets', reads: true, tenantScoped: false, base: async () => ({}) },
    {
      id: 'createTicket',
      tenantScoped: false,
      base: async (context) => ({ json: { ticket: { subject: context.name('t') } } }),
      realize: realizeTicket,
      undo: (context, exchange) => kit.deleteCreated(context, exchange),
    },
    {
      id: 'showTicket',
      reads: true,
      baseWrites: true,
      tenantScoped: true,
      base: async (context) => ({ path: { ticket_id: await kit.openTicket(context) } }),
      placeholder,
    },
    {
      id: 'deleteTicket',
      tenantScoped: true,
      baseOnly: true,
      base: async (context) => ({ path: { ticket_id: await kit.openTicket(context) } }),
      placeholder,
    },
  ];
}
