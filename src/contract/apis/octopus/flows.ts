/** Octopus's behaviour flows (API-NOTES.md §1): what a client does, step by step, and what it must see. */
import type { CheckDefinition } from '../../check.js';
import { jsonOf } from '../../client.js';
import { type OctopusKit, rows } from './kit.js';

/** flow:services_to_ticket: a ticket issued on a listed service joins the Location's ticket list. */
export function servicesToTicket(kit: OctopusKit): CheckDefinition {
  const { own, where } = kit;
  return {
    check: 'flow:services_to_ticket',
    operationId: 'createTicket',
    effect: 'mutating',
    basis: 'documented',
    stateful: true,
    async run(context) {
      const service = await kit.usableService(context);
      const before = await context.call('getTickets', { path: where });
      const count = rows(before);
      if (count === undefined) return context.skip(`GET tickets gave no pagination.rows (${before.status})`);
      const created = await context.call('createTicket', { path: where, json: { service: String(service.id) } });
      const ticket = (
        jsonOf(created) as { data?: { id?: unknown; serviceId?: unknown; LocationId?: unknown } } | undefined
      )?.data;
      if (created.status !== 200 || ticket === undefined) {
        context.fail(
          `creating a ticket on listed service ${service.id}: expected 200 with the ticket, got ${created.status}`,
          created,
        );
        return;
      }
      await kit.recordTicket(context, created);
      if (String(ticket.serviceId) !== String(service.id) || ticket.LocationId !== own.location) {
        context.fail(
          `the new ticket names service ${String(ticket.serviceId)} at ${String(ticket.LocationId)}, not ${service.id} at ${own.location}`,
          created,
          true,
        );
      }
      const after = await context.call('getTickets', { path: where, query: { offset: '0', limit: '5000' } });
      if (rows(after) !== count + 1) {
        context.fail(
          `the Location's ticket list should grow from ${count} to ${count + 1}, it holds ${String(rows(after))}`,
          after,
        );
      }
      const listed = (jsonOf(after) as { data?: Array<{ id?: unknown }> } | undefined)?.data ?? [];
      if (!listed.some((item) => item.id === ticket.id))
        context.fail(`ticket ${String(ticket.id)} is not in the list`, after);
    },
  };
}

/**
 * flow:service_id_as_listed (API-NOTES.md §1, "Readings revised"): the services list
 * answers `id` as a number and a client copies it from there; the seed types `service`
 * String(16), so this is our reading.
 */
export function serviceIdAsListed(kit: OctopusKit): CheckDefinition {
  const { where } = kit;
  return {
    check: 'flow:service_id_as_listed',
    operationId: 'createTicket',
    effect: 'mutating',
    basis: 'inferred',
    stateful: true,
    async run(context) {
      const service = await kit.usableService(context);
      const created = await context.call('createTicket', { path: where, json: { service: service.id } });
      const ticket = (jsonOf(created) as { data?: { serviceId?: unknown } } | undefined)?.data;
      if (created.status !== 200 || ticket === undefined) {
        context.fail(
          `a ticket on service ${service.id} sent as the number the list answers: expected 200 with the ticket, got ${created.status}`,
          created,
          true,
        );
        return;
      }
      await kit.recordTicket(context, created);
      if (ticket.serviceId !== service.id) {
        context.fail(`the ticket names service ${String(ticket.serviceId)}, not ${service.id}`, created, true);
      }
    },
  };
}
