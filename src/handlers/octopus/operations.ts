/**
 * One function per operationId of specs/octopus.openapi.yaml (API-NOTES.md §1).
 */
import type { OperationCall, OperationHandler } from '../../core/api-module.js';
import { plainError } from '../../core/control.js';
import type { MockResponse } from '../../core/http.js';
import { untaken } from '../../core/random.js';
import { accessCode } from '../../fixtures/octopus.js';
import type { CreateTicketRequest, Service, TicketStatus } from './model.js';
import {
  hasFilter,
  locationAccess,
  MAX_LIMIT,
  matchesFilter,
  newTicket,
  pagination,
  serviceIdOf,
  type TicketFilter,
  ticketView,
} from './rules.js';
import { type OctopusPrincipal, type OctopusState, usernameKey } from './state.js';

type Call = OperationCall<OctopusState, OctopusPrincipal>;
type Handler = OperationHandler<OctopusState, OctopusPrincipal>;

/** The Location of the path when the caller's key may use it, else the 403/404 to answer. */
function location(call: Call): { ok: true; id: string } | { ok: false; response: MockResponse } {
  const id = String(call.input.path.LocationId);
  const access = locationAccess(call.principal, id, call.state.locations.get(id));
  if (access === 'ok') return { ok: true, id };
  return access === 'forbidden'
    ? { ok: false, response: plainError(403, `This API key is not granted Location ${id}`) }
    : { ok: false, response: plainError(404, `Location ${id} not found`) };
}

function page(call: Call): { offset: number; limit: number } {
  return {
    offset: (call.input.query.offset as number | undefined) ?? 0,
    limit: (call.input.query.limit as number | undefined) ?? MAX_LIMIT,
  };
}

const serviceOf = (call: Call, serviceId: number): Service | undefined => call.state.services.get(String(serviceId));

const getServices: Handler = (call) => {
  const where = location(call);
  if (!where.ok) return where.response;
  const { offset, limit } = page(call);
  return {
    status: 200,
    json: {
      data: call.state.services.page(where.id, offset, limit),
      pagination: pagination(call.state.services.countFor(where.id), offset, limit),
    },
  };
};

const getTickets: Handler = (call) => {
  const where = location(call);
  if (!where.ok) return where.response;
  const { offset, limit } = page(call);
  const now = call.clock.nowMs();
  const view = (ticket: Parameters<typeof ticketView>[0]) => ticketView(ticket, serviceOf(call, ticket.serviceId), now);
  const query = call.input.query;
  const filter: TicketFilter = {
    service: query.service as string | undefined,
    status: query.status as TicketStatus | undefined,
    from: query.from as string | undefined,
    to: query.to as string | undefined,
  };
  const tickets = call.state.tickets;
  if (!hasFilter(filter)) {
    return {
      status: 200,
      json: {
        data: tickets.page(where.id, offset, limit).map(view),
        pagination: pagination(tickets.countFor(where.id), offset, limit),
      },
    };
  }
  const matching = tickets
    .page(where.id, 0, Number.POSITIVE_INFINITY)
    .map(view)
    .filter((ticket) => matchesFilter(ticket, filter));
  return {
    status: 200,
    json: { data: matching.slice(offset, offset + limit), pagination: pagination(matching.length, offset, limit) },
  };
};

const createTicket: Handler = async (call) => {
  const where = location(call);
  if (!where.ok) return where.response;
  const request = call.input.body as CreateTicketRequest;
  const serviceId = serviceIdOf(request.service);
  const taken = (username: string) => call.state.usernames.has(usernameKey(where.id, username));
  const made = newTicket({
    id: call.state.nextTicketId,
    LocationId: where.id,
    service: serviceId === undefined ? undefined : serviceOf(call, serviceId),
    request,
    username: untaken(() => accessCode(call.state.faker), taken),
    password: accessCode(call.state.faker),
    now: call.clock.nowMs(),
  });
  if (!made.ok) return plainError(400, made.error);
  const ticket = await call.state.tickets.insert(made.value);
  call.state.usernames.add(usernameKey(ticket.LocationId, ticket.username));
  call.state.nextTicketId = ticket.id + 1;
  return { status: 200, json: { data: ticketView(ticket, serviceOf(call, ticket.serviceId), call.clock.nowMs()) } };
};

export const octopusOperations: Readonly<Record<string, Handler>> = { getServices, createTicket, getTickets };
