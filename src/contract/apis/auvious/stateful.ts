/**
 * Auvious's stateful checks (API-NOTES.md §2): what only a server that keeps state answers
 * rightly. Each is made per operation, so a wrong answer fails the check at the operation
 * that gave it (a deleted ticket read back fails use_after_free on getTicket, its exchange
 * use_after_free on getToken).
 */
import { type CallOptions, type CheckContext, type CheckDefinition, expectStatus } from '../../check.js';
import { isSuccess, jsonOf } from '../../client.js';
import { type AuviousKit, idOf, TICKET_OPERATIONS } from './kit.js';

const READS = ['getTicket', 'getTicketEvent'];

/** The body an operation on one ticket needs (an update takes properties). */
const bodyFor = (operationId: string): CallOptions =>
  operationId === 'updateTicket' ? { json: { properties: {} } } : {};

/**
 * A single-use ticket exchanged once and a multi-use ticket deleted (each step expected to
 * succeed): the two tickets use_after_free addresses afterwards.
 */
async function usedUp(kit: AuviousKit, context: CheckContext): Promise<{ single: string; deleted: string }> {
  const single = await kit.createTicket(context, 'SINGLE_USE_TICKET');
  expectStatus(context, await kit.exchangeTicket(context, single), [200], 'exchanging a single-use ticket');
  const deleted = await kit.createTicket(context);
  expectStatus(
    context,
    await context.call('deleteTicket', { path: { ticketId: deleted } }),
    [200, 204],
    'deleting a ticket',
  );
  return { single, deleted };
}

/** use_after_free on getTicket: a single-use ticket once exchanged, and a deleted ticket, read 404. */
export function readAfterFree(kit: AuviousKit): CheckDefinition {
  return {
    check: 'use_after_free',
    operationId: 'getTicket',
    effect: 'mutating',
    basis: 'documented',
    stateful: true,
    async run(context) {
      const { single, deleted } = await usedUp(kit, context);
      expectStatus(
        context,
        await context.call('getTicket', { path: { ticketId: single } }),
        [404],
        'reading a single-use ticket after its exchange',
      );
      expectStatus(
        context,
        await context.call('getTicket', { path: { ticketId: deleted } }),
        [404],
        'reading a deleted ticket',
      );
    },
  };
}

/** use_after_free on getToken: neither a single-use ticket already exchanged nor a deleted one is exchanged. */
export function exchangeAfterFree(kit: AuviousKit): CheckDefinition {
  return {
    check: 'use_after_free',
    operationId: 'getToken',
    effect: 'mutating',
    basis: 'documented',
    stateful: true,
    async run(context) {
      const { single, deleted } = await usedUp(kit, context);
      const again = await kit.exchangeTicket(context, single);
      if (isSuccess(again)) context.fail('a single-use ticket was exchanged twice', again);
      const exchanged = await kit.exchangeTicket(context, deleted);
      if (isSuccess(exchanged)) context.fail('a deleted ticket was exchanged for a token', exchanged);
    },
  };
}

/** use_after_free on updateTicket: a deleted ticket is not updated (404). */
export function updateAfterFree(kit: AuviousKit): CheckDefinition {
  return {
    check: 'use_after_free',
    operationId: 'updateTicket',
    effect: 'mutating',
    basis: 'inferred',
    stateful: true,
    async run(context) {
      const ticketId = await kit.createTicket(context);
      expectStatus(
        context,
        await context.call('deleteTicket', { path: { ticketId } }),
        [200, 204],
        'deleting a ticket',
      );
      const updated = await context.call('updateTicket', { path: { ticketId }, json: { properties: { a: 'b' } } });
      expectStatus(context, updated, [404], 'updating a deleted ticket', 'status');
    },
  };
}

/** read_after_write on createTicket and updateTicket: what the write answered, the next read shows. */
export function readAfterWrite(kit: AuviousKit, operationId: 'createTicket' | 'updateTicket'): CheckDefinition {
  return {
    check: 'read_after_write',
    operationId,
    effect: 'mutating',
    basis: 'documented',
    stateful: true,
    async run(context) {
      const ticketId = await kit.createTicket(context);
      const path = { path: { ticketId } };
      if (operationId === 'createTicket') {
        const read = await context.call('getTicket', path);
        if (
          expectStatus(context, read, [200], `reading ticket ${ticketId} after its create`) &&
          idOf(read) !== ticketId
        )
          context.fail(`reading ticket ${ticketId} after its create answered ticket ${String(idOf(read))}`, read);
        return;
      }
      const wanted = `${context.runId}-written`;
      const updated = await context.call('updateTicket', { ...path, json: { properties: { customer_id: wanted } } });
      if (!expectStatus(context, updated, [200, 201], 'updating a ticket')) return;
      const read = await context.call('getTicket', path);
      const shown = (jsonOf(read) as { properties?: { customer_id?: unknown } } | undefined)?.properties?.customer_id;
      if (expectStatus(context, read, [200], 'reading it after the update') && shown !== wanted) {
        context.fail(
          `updateTicket answered ${updated.status}, but the next read shows properties.customer_id ${JSON.stringify(shown)}, not ${JSON.stringify(wanted)}`,
          read,
        );
      }
    },
  };
}

/** ignored_auth on getToken: a wrong client secret is refused 401. */
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
        ...TICKET_OPERATIONS.map((id): [string, CallOptions] => [id, { path: { ticketId }, ...bodyFor(id) }]),
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

/**
 * unknown_resource_rejected on each operation on one ticket: a ticket that does not exist
 * answers 404 (the reads in any run, the writes, refused before they act, when mutating).
 * A success there is what no stateful server answers: a failure on any reading.
 */
export function unknownTicketRejected(operationId: string): CheckDefinition {
  return {
    check: 'unknown_resource_rejected',
    operationId,
    effect: READS.includes(operationId) ? 'safe' : 'mutating',
    basis: 'inferred',
    stateful: true,
    async run(context) {
      const exchange = await context.call(operationId, {
        path: { ticketId: `ZZ${context.runId}` },
        ...bodyFor(operationId),
      });
      expectStatus(context, exchange, [404], `${operationId} of a ticket that does not exist`, 'status');
    },
  };
}

/** unknown_resource_rejected on getToken: a ticket that does not exist is not exchanged (400 NOT_FOUND). */
export function unknownTicketExchange(kit: AuviousKit): CheckDefinition {
  return {
    check: 'unknown_resource_rejected',
    operationId: 'getToken',
    effect: 'safe',
    basis: 'inferred',
    stateful: true,
    async run(context) {
      const unknown = await kit.exchangeTicket(context, `ZZ${context.runId}`);
      kit.expectRefused(context, unknown, 'NOT_FOUND', 'exchanging a ticket that does not exist');
    },
  };
}

/** Every unknown_resource_rejected of the API. */
export const unknownResourceRejected = (kit: AuviousKit): CheckDefinition[] => [
  ...TICKET_OPERATIONS.map(unknownTicketRejected),
  unknownTicketExchange(kit),
];
