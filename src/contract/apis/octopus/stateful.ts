/**
 * Octopus's stateful checks (API-NOTES.md §1): what only a server that keeps state answers
 * rightly, each made per operation so a wrong answer fails at the operation that gave it.
 */
import { type CheckDefinition, expectStatus } from '../../check.js';
import { jsonOf } from '../../client.js';
import { type OctopusKit, services } from './kit.js';

/** use_after_free: a deleted service takes no new ticket. */
export function useAfterFree(kit: OctopusKit): CheckDefinition {
  const { own, where } = kit;
  return {
    check: 'use_after_free',
    operationId: 'createTicket',
    effect: 'mutating',
    basis: 'inferred',
    stateful: true,
    async run(context) {
      const listed = await context.call('getServices', { path: where });
      const deleted = services(listed).find((service) => service.deleted === 1);
      if (deleted === undefined) return context.skip(`Location ${own.location} lists no deleted service`);
      const exchange = await context.call('createTicket', { path: where, json: { service: String(deleted.id) } });
      if (exchange.status !== 400) {
        if (exchange.status === 200) await kit.recordTicket(context, exchange);
        context.fail(`a ticket on deleted service ${deleted.id}: expected 400, got ${exchange.status}`, exchange, true);
      }
    },
  };
}

/**
 * unknown_resource_rejected on one operation: a Location that cannot exist is refused (403
 * or 404), with the key and, where there is one, the other tenant's key (granted all of its
 * organisation's Locations: an unknown one does not exist, 404). A success there is what no
 * stateful server answers: a failure on any reading. The create is sent with the other key
 * only, in a mutating run.
 */
export function unknownLocationRejected(
  kit: OctopusKit,
  operationId: 'getServices' | 'getTickets' | 'createTicket',
): CheckDefinition {
  const { own } = kit;
  const create = operationId === 'createTicket';
  return {
    check: 'unknown_resource_rejected',
    operationId,
    effect: create ? 'mutating' : 'safe',
    basis: 'inferred',
    stateful: true,
    async run(context) {
      const unknown = { LocationId: `ZZ${context.runId}` };
      if (create) {
        if (own.otherToken === undefined) return context.skip('no second tenant: pass --other-token');
        const created = await context.call('createTicket', { path: unknown, json: { service: '1' }, auth: 'other' });
        expectStatus(context, created, [403, 404], 'a ticket at an unknown Location with the other key', 'status');
        return;
      }
      const mine = await context.call(operationId, { path: unknown });
      expectStatus(context, mine, [403, 404], `${operationId} of unknown Location ${unknown.LocationId}`, 'status');
      if (own.otherToken === undefined) return;
      const theirs = await context.call(operationId, { path: unknown, auth: 'other' });
      expectStatus(context, theirs, [403, 404], `${operationId} of unknown Location with the other key`, 'status');
    },
  };
}

/**
 * tenant_isolation on a list: every row of the Location's list names that Location (a row
 * of another customer's Location in it breaks the tenancy on any reading).
 */
export function tenantIsolation(kit: OctopusKit, operationId: 'getServices' | 'getTickets'): CheckDefinition {
  const { own, where } = kit;
  return {
    check: 'tenant_isolation',
    operationId,
    effect: 'safe',
    // a ticket's LocationId is our reading (API-NOTES.md §1 [chosen]); a service's is the seed's
    basis: operationId === 'getTickets' ? 'inferred' : 'documented',
    stateful: true,
    async run(context) {
      const listed = await context.call(operationId, { path: where, query: { offset: '0', limit: '5000' } });
      if (!expectStatus(context, listed, [200], `listing ${operationId === 'getTickets' ? 'tickets' : 'services'}`))
        return;
      const data = (jsonOf(listed) as { data?: Array<{ id?: unknown; LocationId?: unknown }> } | undefined)?.data;
      const foreign = (Array.isArray(data) ? data : []).filter(
        (row) => row.LocationId !== undefined && row.LocationId !== own.location,
      );
      if (foreign.length > 0) {
        const named = [...new Set(foreign.map((row) => String(row.LocationId)))].join(', ');
        context.fail(
          `${operationId} of Location ${own.location} holds ${foreign.length} row(s) of another Location (${named}), e.g. id ${String(foreign[0]?.id)}`,
          listed,
        );
      }
    },
  };
}
