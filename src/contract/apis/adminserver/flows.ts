/** Adminserver's behaviour flows (API-NOTES.md §3): what a client does, step by step, and what it must see. */
import type { CheckDefinition } from '../../check.js';
import { jsonOf } from '../../client.js';
import { type AdminserverKit, CREATE, LIST, UPDATE } from './kit.js';

/** flow:ticket_crud: create, a duplicate refused 409, update (echoed and listed), delete, delete again 404. */
export function ticketCrud(kit: AdminserverKit): CheckDefinition {
  const { network } = kit;
  return {
    check: 'flow:ticket_crud',
    operationId: CREATE,
    effect: 'mutating',
    basis: 'documented',
    stateful: true,
    async run(context) {
      const ticket = kit.newTicket(context);
      const created = await context.call(CREATE, { headers: network, json: { ticket } });
      if (!kit.expectAnswer(context, created, 200, 'creating a ticket')) return;
      context.defer(() => kit.remove(context, ticket.productId));
      kit.expectAnswer(
        context,
        await context.call(CREATE, { headers: network, json: { ticket } }),
        409,
        'creating the same productId again',
        'inferred',
      );
      const changed = { ...ticket, eventName: 'renamed', price: 20 };
      const updated = await context.call(UPDATE, { headers: network, json: { ticket: changed } });
      if (kit.expectAnswer(context, updated, 200, 'updating it')) {
        const echoed = (jsonOf(updated) as { data?: { ticket?: { eventName?: unknown } } } | undefined)?.data?.ticket;
        if (echoed?.eventName !== 'renamed') context.fail('the update answer does not hold the new eventName', updated);
      }
      const found = (await kit.listed(context)).find((item) => item.productId === ticket.productId);
      if (found === undefined) context.fail(`ticket ${ticket.productId} is not listed after create`);
      else if (found.eventName !== 'renamed' || found.price !== 20)
        context.fail('the listed ticket does not show the update');
      kit.expectAnswer(context, await kit.remove(context, ticket.productId), 200, 'deleting it');
      kit.expectAnswer(context, await kit.remove(context, ticket.productId), 404, 'deleting it again', 'status');
    },
  };
}

/**
 * flow:network_selection: X-Network (the admin docs' header) and X-Network-Id (the client
 * twin's) select the network; both naming different networks is refused 400; another
 * tenant's user naming this network is refused 403 (X-Network is not ignored).
 */
export function networkSelection(kit: AdminserverKit): CheckDefinition {
  const { own, network } = kit;
  return {
    check: 'flow:network_selection',
    operationId: LIST,
    effect: 'safe',
    basis: 'inferred',
    // the answers depend on the server's sessions and roles
    stateful: true,
    async run(context) {
      const named = await context.call(LIST, { headers: network, json: {} });
      kit.expectAnswer(context, named, 200, 'listing with X-Network naming the own network', 'documented');
      const both = { ...network, 'x-network-id': own.network };
      kit.expectAnswer(
        context,
        await context.call(LIST, { headers: both, json: {} }),
        200,
        'X-Network and X-Network-Id the same',
      );
      const clash = { ...network, 'x-network-id': `ZZ${context.runId}-network` };
      kit.expectAnswer(
        context,
        await context.call(LIST, { headers: clash, json: {} }),
        400,
        'X-Network and X-Network-Id naming different networks',
      );
      // another tenant's user does not manage this network: X-Network must not be ignored
      if (own.otherToken === undefined && own.otherLogin === undefined) return;
      kit.expectAnswer(
        context,
        await context.call(LIST, { auth: 'other', headers: network, json: {} }),
        403,
        "another tenant's user with X-Network naming this network",
        'documented',
      );
    },
  };
}
