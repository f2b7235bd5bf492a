/**
 * One function per operationId of specs/octopus.openapi.yaml (API-NOTES.md §1), each typed
 * from the generated `operations[id]`: its input as the spec validated it, its answer as
 * the spec documents it, or Octopus's error shape.
 */
import type { ErrorAnswer, OperationHandler, OperationHandlers } from '../../core/api-module.js';
import { untaken } from '../../core/random.js';
import { accessCode } from '../../fixtures/octopus.js';
import type { operations } from '../../generated/octopus.js';
import { fail, ok, type Result } from '../../spec/result.js';
import { octopusError } from './errors.js';
import type { Service } from './model.js';
import {
  hasFilter,
  instantMs,
  locationAccess,
  MAX_LIMIT,
  matchesFilter,
  newTicket,
  pagination,
  serviceIdOf,
  type TicketFilter,
  ticketView,
} from './rules.js';
import { type OctopusPrincipal, type OctopusState, usernameTaken } from './state.js';

/** The handler of one operationId, typed from the spec. */
type Handler<Id extends keyof operations> = OperationHandler<OctopusState, OctopusPrincipal, operations[Id]>;

/** The Location of the path when the caller's key may use it, else the 403/404 to answer. */
function location(state: OctopusState, key: OctopusPrincipal, id: string): Result<string, ErrorAnswer> {
  const access = locationAccess(key, id, state.locations.get(id));
  if (access === 'ok') return ok(id);
  return fail(
    access === 'forbidden'
      ? octopusError(403, `This API key is not granted Location ${id}`)
      : octopusError(404, `Location ${id} not found`),
  );
}

function page(query: { readonly offset?: number; readonly limit?: number }): { offset: number; limit: number } {
  return { offset: query.offset ?? 0, limit: query.limit ?? MAX_LIMIT };
}

const serviceOf = (state: OctopusState, serviceId: number): Service | undefined =>
  state.services.get(String(serviceId));

const getServices: Handler<'getServices'> = (call) => {
  const where = location(call.state, call.principal, call.input.path.LocationId);
  if (!where.ok) return where.error;
  const { offset, limit } = page(call.input.query);
  return {
    status: 200,
    json: {
      data: call.state.services.page(where.value, offset, limit),
      pagination: pagination(call.state.services.countFor(where.value), offset, limit),
    },
  };
};

const getTickets: Handler<'getTickets'> = (call) => {
  const where = location(call.state, call.principal, call.input.path.LocationId);
  if (!where.ok) return where.error;
  const query = call.input.query;
  const { offset, limit } = page(query);
  const now = call.clock.nowMs();
  const view = (ticket: Parameters<typeof ticketView>[0]) =>
    ticketView(ticket, serviceOf(call.state, ticket.serviceId), now);
  const filter: TicketFilter = {
    service: query.service,
    status: query.status,
    from: query.from === undefined ? undefined : instantMs(query.from),
    to: query.to === undefined ? undefined : instantMs(query.to),
  };
  const tickets = call.state.tickets;
  if (!hasFilter(filter)) {
    return {
      status: 200,
      json: {
        data: tickets.page(where.value, offset, limit).map(view),
        pagination: pagination(tickets.countFor(where.value), offset, limit),
      },
    };
  }
  const matching = tickets
    .page(where.value, 0, Number.POSITIVE_INFINITY)
    .map(view)
    .filter((ticket) => matchesFilter(ticket, filter));
  return {
    status: 200,
    json: { data: matching.slice(offset, offset + limit), pagination: pagination(matching.length, offset, limit) },
  };
};

const createTicket: Handler<'createTicket'> = async (call) => {
  const where = location(call.state, call.principal, call.input.path.LocationId);
  if (!where.ok) return where.error;
  const request = call.input.body;
  const serviceId = serviceIdOf(request.service);
  const taken = (username: string) => usernameTaken(call.state, where.value, username);
  const made = newTicket({
    id: call.state.nextTicketId,
    LocationId: where.value,
    service: serviceId === undefined ? undefined : serviceOf(call.state, serviceId),
    request,
    username: untaken(() => accessCode(call.state.faker), taken),
    password: accessCode(call.state.faker),
    now: call.clock.nowMs(),
  });
  if (!made.ok) return octopusError(400, made.error);
  // the collection's create hook takes the id and the user name (state.ts)
  const ticket = await call.state.tickets.insert(made.value);
  return {
    status: 200,
    json: { data: ticketView(ticket, serviceOf(call.state, ticket.serviceId), call.clock.nowMs()) },
  };
};

export const octopusOperations: OperationHandlers<OctopusState, OctopusPrincipal, operations> = {
  getServices,
  createTicket,
  getTickets,
};
