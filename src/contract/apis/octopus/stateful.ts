/** Octopus's stateful checks (API-NOTES.md §1): what only a server that keeps state answers rightly. */
import type { CheckDefinition } from '../../check.js';
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

/** unknown_resource_rejected: a Location that cannot exist is refused (403 or 404), with either key. */
export function unknownResourceRejected(kit: OctopusKit): CheckDefinition {
  const { own } = kit;
  return {
    check: 'unknown_resource_rejected',
    operationId: 'getServices',
    effect: 'safe',
    basis: 'inferred',
    stateful: true,
    async run(context) {
      const unknown = { LocationId: `ZZ${context.runId}` };
      for (const operationId of ['getServices', 'getTickets']) {
        const mine = await context.call(operationId, { path: unknown });
        if (mine.status !== 403 && mine.status !== 404) {
          context.fail(
            `${operationId} of unknown Location ${unknown.LocationId}: expected 403 or 404, got ${mine.status}`,
            mine,
            true,
          );
        }
        if (own.otherToken === undefined) continue;
        // a key granted all of its organisation's Locations: an unknown one does not exist (404)
        const theirs = await context.call(operationId, { path: unknown, auth: 'other' });
        if (theirs.status !== 403 && theirs.status !== 404) {
          context.fail(
            `${operationId} of unknown Location with the other key: expected 403 or 404, got ${theirs.status}`,
            theirs,
            true,
          );
        }
      }
      if (!context.mutating || own.otherToken === undefined) return;
      const created = await context.call('createTicket', { path: unknown, json: { service: '1' }, auth: 'other' });
      if (created.status !== 403 && created.status !== 404) {
        context.fail(
          `a ticket at unknown Location with the other key: expected 403 or 404, got ${created.status}`,
          created,
          true,
        );
      }
    },
  };
}
