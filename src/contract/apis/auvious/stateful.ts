/** Auvious's stateful checks (API-NOTES.md §2): what only a server that keeps state answers rightly. */
import { type CallOptions, type CheckDefinition, expectStatus } from '../../check.js';
import { isSuccess, jsonOf } from '../../client.js';
import { type AuviousKit, idOf, TICKET_OPERATIONS } from './kit.js';

/** use_after_free: a single-use ticket is gone once exchanged, a deleted one is gone; neither is exchanged again. */
export function useAfterFree(kit: AuviousKit): CheckDefinition {
  return {
    check: 'use_after_free',
    operationId: 'getToken',
    effect: 'mutating',
    basis: 'documented',
    stateful: true,
    async run(context) {
      const single = await kit.createTicket(context, 'SINGLE_USE_TICKET');
      expectStatus(context, await kit.exchangeTicket(context, single), [200], 'exchanging a single-use ticket');
      expectStatus(
        context,
        await context.call('getTicket', { path: { ticketId: single } }),
        [404],
        'reading a single-use ticket after its exchange',
      );
      const again = await kit.exchangeTicket(context, single);
      if (isSuccess(again)) context.fail('a single-use ticket was exchanged twice', again);
      const deleted = await kit.createTicket(context);
      expectStatus(
        context,
        await context.call('deleteTicket', { path: { ticketId: deleted } }),
        [200, 204],
        'deleting a ticket',
      );
      expectStatus(
        context,
        await context.call('getTicket', { path: { ticketId: deleted } }),
        [404],
        'reading a deleted ticket',
      );
      const exchanged = await kit.exchangeTicket(context, deleted);
      if (isSuccess(exchanged)) context.fail('a deleted ticket was exchanged for a token', exchanged);
    },
  };
}

/** ignored_auth on getToken: a wrong client secret is refused 401; a ticket that does not exist is not exchanged. */
export function tokenIgnoredAuth(kit: AuviousKit): CheckDefinition {
  const { own } = kit;
  return {
    check: 'ignored_auth',
    operationId: 'getToken',
    effect: 'safe',
    basis: 'documented',
    stateful: true,
    async run(context) {
      const wrong = await context.call('getToken', {
        form: { grant_type: 'client_credentials', client_id: own.clientId, client_secret: `wrong-${context.runId}` },
      });
      expectStatus(context, wrong, [401], 'a token for a wrong client secret');
      const unknown = await kit.exchangeTicket(context, `ZZ${context.runId}`);
      if (isSuccess(unknown)) context.fail('a ticket that does not exist was exchanged for a token', unknown);
    },
  };
}

/** ignored_auth on updateTicket: a customer's token (from a ticket exchange) joins a call; it does not manage tickets. */
export function customerTokenIgnoredAuth(kit: AuviousKit): CheckDefinition {
  return {
    check: 'ignored_auth',
    operationId: 'updateTicket',
    effect: 'mutating',
    basis: 'inferred',
    stateful: true,
    async run(context) {
      const ticketId = await kit.createTicket(context);
      const token = (jsonOf(await kit.exchangeTicket(context, ticketId)) as { access_token?: unknown } | undefined)
        ?.access_token;
      if (typeof token !== 'string') return context.skip('the ticket exchange gave no access_token');
      const customer = { authorization: `Bearer ${token}` };
      const calls: Array<[string, CallOptions]> = [
        ['createTicket', { json: { type: 'MULTI_USE_TICKET', properties: {} } }],
        ...TICKET_OPERATIONS.map((id): [string, CallOptions] => [
          id,
          { path: { ticketId }, ...(id === 'updateTicket' ? { json: { properties: {} } } : {}) },
        ]),
      ];
      for (const [id, options] of calls) {
        const exchange = await context.call(id, { ...options, auth: 'none', headers: customer });
        if (exchange.status === undefined || exchange.status < 400 || exchange.status >= 500) {
          context.fail(
            `${id} with a customer's token: expected 401 or 403, got ${exchange.status ?? exchange.error}`,
            exchange,
            true,
          );
          const created = idOf(exchange);
          if (id === 'createTicket' && created !== undefined) await kit.remove(context, created);
        }
      }
    },
  };
}

/** unknown_resource_rejected: every operation on a ticket that does not exist answers 404 (reads only, unless mutating). */
export function unknownResourceRejected(_kit: AuviousKit): CheckDefinition {
  return {
    check: 'unknown_resource_rejected',
    operationId: 'getTicket',
    effect: 'safe',
    basis: 'inferred',
    stateful: true,
    async run(context) {
      const ticketId = `ZZ${context.runId}`;
      const reads = ['getTicket', 'getTicketEvent'];
      for (const id of context.mutating ? TICKET_OPERATIONS : reads) {
        const exchange = await context.call(id, {
          path: { ticketId },
          ...(id === 'updateTicket' ? { json: { properties: {} } } : {}),
        });
        expectStatus(context, exchange, [404], `${id} of a ticket that does not exist`, 'status');
      }
    },
  };
}
