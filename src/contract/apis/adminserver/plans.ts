/** Adminserver's operation plans: the valid request of each operation, for the generic checks. */
import type { CheckContext } from '../../check.js';
import { jsonOf } from '../../client.js';
import type { OperationPlan } from '../../plan.js';
import { type AdminserverKit, CREATE, consistentPurchasableTicket, DELETE, LIST, UPDATE } from './kit.js';

/** A generated ticket made to follow the rules a schema cannot say, with a price in cents. */
const realizeTicket = (generated: unknown, productId: string) => {
  const ticket = consistentPurchasableTicket({ ...(generated as Record<string, unknown>), productId });
  if (typeof ticket.price === 'number') ticket.price = Math.round(Math.abs(ticket.price) * 100) / 100;
  return ticket;
};

export function adminserverPlans(kit: AdminserverKit): OperationPlan[] {
  const { own, network } = kit;
  /** The productId each update check works on. */
  const updated = new WeakMap<CheckContext, string>();
  return [
    {
      id: 'auth.login',
      reads: true,
      tenantScoped: false,
      base: async () => ({ json: { email: own.email, password: own.password } }),
      realize: () => ({ email: own.email, password: own.password }),
      async undo(context, exchange) {
        const sessionId = (jsonOf(exchange) as { sessionId?: unknown } | undefined)?.sessionId;
        if (typeof sessionId === 'string')
          await context.call('auth.logout', { auth: 'none', headers: { 'x-session-id': sessionId } });
      },
    },
    { id: 'auth.logout', reads: true, tenantScoped: false, base: async () => ({}) },
    { id: 'auth.check', reads: true, tenantScoped: false, base: async () => ({}) },
    {
      id: CREATE,
      tenantScoped: true,
      base: async (context) => ({ headers: network, json: { ticket: kit.newTicket(context) } }),
      realize: (body, context) => ({ ticket: realizeTicket(body.ticket, kit.nextProductId(context, 'g')) }),
      async undo(context, exchange) {
        const productId = (jsonOf(exchange) as { data?: { ticket?: { productId?: unknown } } } | undefined)?.data
          ?.ticket?.productId;
        if (typeof productId === 'string') await kit.remove(context, productId);
      },
    },
    {
      id: UPDATE,
      tenantScoped: true,
      baseWrites: true,
      async base(context) {
        const ticket = await kit.createTicket(context);
        updated.set(context, ticket.productId);
        return { headers: network, json: { ticket: { ...ticket, eventName: 'updated by ticketmock verify' } } };
      },
      // generated tickets keep the productId of the ticket the base request made
      realize: (body, context) => ({ ticket: realizeTicket(body.ticket, updated.get(context) ?? '') }),
    },
    {
      id: DELETE,
      tenantScoped: true,
      baseWrites: true,
      baseOnly: true,
      async base(context) {
        const ticket = await kit.createTicket(context);
        return { headers: network, json: { productId: ticket.productId } };
      },
    },
    { id: LIST, reads: true, tenantScoped: true, base: async () => ({ headers: network, json: {} }) },
    { id: 'rpc.discover', reads: true, tenantScoped: false, base: async () => ({ json: {} }) },
  ];
}
