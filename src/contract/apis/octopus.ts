/**
 * Octopus WiFi Tickets (API-NOTES.md §1): a key sees its own Locations; a ticket is issued
 * on a listed, non-deleted service, and the Location's ticket list then holds it. The API
 * has no delete: tickets a run creates are reported as left over.
 */
import { octopusDocument } from '../../generated/octopus.document.js';
import { type ApiContract, bearerHeaders, type CheckContext, type CheckDefinition, successEvidence } from '../check.js';
import { jsonOf } from '../client.js';
import { type Credentials, octopusCredentials } from '../credentials.js';
import { genericChecks, type OperationPlan } from '../generic.js';
import { loadSpec } from '../spec.js';
import type { Exchange } from '../types.js';

interface ServiceView {
  readonly id: number;
  readonly deleted: number;
  readonly maxUsers: number;
}

const services = (exchange: Exchange): ServiceView[] => {
  const data = (jsonOf(exchange) as { data?: unknown } | undefined)?.data;
  return Array.isArray(data) ? (data as ServiceView[]) : [];
};
const rows = (exchange: Exchange): number | undefined =>
  (jsonOf(exchange) as { pagination?: { rows?: number } } | undefined)?.pagination?.rows;

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

export function octopusContract(credentials: Credentials): ApiContract {
  const own = octopusCredentials(credentials);
  const spec = loadSpec(octopusDocument, 'octopus');
  const where = { LocationId: own.location };

  /** A usable service of the Location: listed and not deleted. */
  const usableService = async (context: CheckContext): Promise<ServiceView> => {
    const listed = await context.call('getServices', { path: where });
    const usable = services(listed).find((service) => service.deleted !== 1);
    if (usable === undefined)
      return context.skip(`Location ${own.location} lists no usable service (${listed.status})`);
    return usable;
  };
  /** The service each check's base request chose, for realize() to respect its maxUsers. */
  const chosen = new WeakMap<CheckContext, ServiceView>();
  const recordTicket = async (context: CheckContext, exchange: Exchange) => {
    const id = (jsonOf(exchange) as { data?: { id?: unknown } } | undefined)?.data?.id;
    context.leftover(`ticket ${String(id)} at Location ${own.location} (the API has no delete)`);
  };

  const plans: OperationPlan[] = [
    { id: 'getServices', reads: true, tenantScoped: true, base: async () => ({ path: where }) },
    { id: 'getTickets', reads: true, tenantScoped: true, base: async () => ({ path: where }) },
    {
      id: 'createTicket',
      tenantScoped: true,
      async base(context) {
        const service = await usableService(context);
        chosen.set(context, service);
        return { path: where, json: { service: String(service.id) } };
      },
      realize: (body, context) => consistentTicketBody(body, chosen.get(context)),
      undo: recordTicket,
    },
  ];

  const custom: CheckDefinition[] = [
    {
      check: 'flow:services_to_ticket',
      operationId: 'createTicket',
      effect: 'mutating',
      basis: 'documented',
      stateful: true,
      async run(context) {
        const service = await usableService(context);
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
        await recordTicket(context, created);
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
    },
    {
      // API-NOTES.md §1, "Readings revised": the services list answers `id` as a number and a
      // client copies it from there; the seed types `service` String(16), so this is our reading
      check: 'flow:service_id_as_listed',
      operationId: 'createTicket',
      effect: 'mutating',
      basis: 'inferred',
      stateful: true,
      async run(context) {
        const service = await usableService(context);
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
        await recordTicket(context, created);
        if (ticket.serviceId !== service.id) {
          context.fail(`the ticket names service ${String(ticket.serviceId)}, not ${service.id}`, created, true);
        }
      },
    },
    {
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
          if (exchange.status === 200) await recordTicket(context, exchange);
          context.fail(
            `a ticket on deleted service ${deleted.id}: expected 400, got ${exchange.status}`,
            exchange,
            true,
          );
        }
      },
    },
    {
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
    },
  ];

  return {
    name: 'octopus',
    spec,
    authHeaders: async (context, mode) => bearerHeaders(context, mode, own),
    async statelessEvidence(context) {
      const exchange = await context.call('getServices', { path: { LocationId: `ZZ${context.runId}` } });
      return successEvidence(exchange, `GET services of a Location that cannot exist`);
    },
    checks: [...genericChecks(spec, plans), ...custom],
  };
}
