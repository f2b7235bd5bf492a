/**
 * One function per operationId of specs/auvious.openapi.yaml: request in, rule applied,
 * store changed, response out (API-NOTES.md §2).
 */
import type { OperationCall, OperationHandler } from '../../core/api-module.js';
import type { MockResponse } from '../../core/http.js';
import { untaken } from '../../core/random.js';
import { ticketId } from '../../fixtures/auvious.js';
import { oauthError, springError } from './errors.js';
import type { TicketRecord, TicketType, TokenRecord } from './model.js';
import {
  CLIENT_TOKEN_SECONDS,
  calendarEvent,
  customerTokenSeconds,
  exchangeable,
  icsCalendar,
  idLength,
  isSingleUse,
  newTicket,
  plusSeconds,
  providerUrl,
  type Transition,
  ticketView,
  tokenExpired,
  transition,
  updatedTicket,
} from './rules.js';
import type { AuviousPrincipal, AuviousState } from './state.js';

type Call = OperationCall<AuviousState, AuviousPrincipal>;
type Handler = OperationHandler<AuviousState, AuviousPrincipal>;

const now = (call: Call): string => call.clock.now().toISOString();
const notFound = (call: Call): MockResponse => springError(404, 'Ticket not found', call.request.path, call.clock);

/** The caller's ticket, or undefined: another organisation's ticket is not found (no existence leak). */
function ownTicket(call: Call): TicketRecord | undefined {
  const ticket = call.state.tickets.get(String(call.input.path.ticketId));
  if (ticket === undefined || call.principal.kind !== 'client') return undefined;
  return ticket.organizationId === call.principal.organizationId ? ticket : undefined;
}

function callerOrganization(call: Call): string {
  if (call.principal.kind !== 'client') throw new Error('ticket operations need a client principal');
  return call.principal.organizationId;
}

const createTicket: Handler = async (call) => {
  const body = call.input.body as {
    type: TicketType;
    properties: Record<string, unknown>;
    organizationId?: string;
    length?: number;
    ttl?: number;
    disabled?: boolean;
  };
  const id = untaken(
    () => ticketId(call.state.faker, idLength(body.length)),
    (candidate) => call.state.tickets.has(candidate),
  );
  const made = newTicket({
    id,
    callerOrganizationId: callerOrganization(call),
    organizationId: body.organizationId,
    type: body.type,
    properties: body.properties,
    ttl: body.ttl,
    disabled: body.disabled,
    now: now(call),
  });
  if (!made.ok) {
    return springError(403, `Access is denied to organisation ${body.organizationId}`, call.request.path, call.clock);
  }
  const ticket = await call.state.tickets.insert(made.value);
  return { status: 200, json: ticketView(ticket, now(call)) };
};

const getTicket: Handler = (call) => {
  const ticket = ownTicket(call);
  return ticket === undefined ? notFound(call) : { status: 200, json: ticketView(ticket, now(call)) };
};

const updateTicket: Handler = (call) => {
  const ticket = ownTicket(call);
  if (ticket === undefined) return notFound(call);
  const body = call.input.body as { properties: Record<string, unknown>; organizationId?: string };
  const next = updatedTicket(ticket, body);
  if (!next.ok && next.error === 'scheduled-date-required') {
    return { status: 400, json: { error: `properties.scheduled_date: required for a ${ticket.type}` } };
  }
  if (!next.ok) {
    return springError(403, `Access is denied to organisation ${body.organizationId}`, call.request.path, call.clock);
  }
  const stored = call.state.tickets.update(ticket.id, () => next.value) as TicketRecord;
  return { status: 200, json: ticketView(stored, now(call)) };
};

const deleteTicket: Handler = (call) => {
  const ticket = ownTicket(call);
  if (ticket === undefined) return notFound(call);
  call.state.tickets.delete(ticket.id);
  return { status: 204 };
};

function transitionHandler(action: Transition): Handler {
  return (call) => {
    const ticket = ownTicket(call);
    if (ticket === undefined) return notFound(call);
    const next = transition(ticket, action, now(call));
    if (!next.ok) return springError(409, 'ticket is revoked', call.request.path, call.clock);
    if (next.value !== ticket) call.state.tickets.update(ticket.id, () => next.value);
    return { status: 204 };
  };
}

const getTicketEvent: Handler = (call) => {
  const ticket = ownTicket(call);
  if (ticket === undefined) return notFound(call);
  // Host is a required parameter: validation has made sure it is here (the msw adapter
  // fills it from the URL where a browser does not expose it).
  const proto = call.input.headers['X-Forwarded-Proto'] ?? 'http';
  const event = calendarEvent(ticket, `${String(proto)}://${String(call.input.headers.Host)}`, now(call));
  const calendar = call.input.query.calendar ?? 'ics';
  if (calendar === 'google' || calendar === 'outlook') {
    return { status: 302, headers: { location: providerUrl(calendar, event) } };
  }
  return { status: 200, headers: { 'content-type': 'text/calendar; charset=utf-8' }, text: icsCalendar(event) };
};

async function issueToken(call: Call, token: Omit<TokenRecord, 'token'>): Promise<TokenRecord> {
  const value = call.state.faker.string.alphanumeric({ length: 40 });
  return call.state.tokens.insert({ ...token, token: value });
}

async function customerToken(call: Call, ticket: TicketRecord, clientId: string): Promise<MockResponse> {
  const seconds = customerTokenSeconds(ticket, now(call));
  const base = { organizationId: ticket.organizationId, clientId, ticketId: ticket.id, userId: ticket.userId };
  const access = await issueToken(call, { ...base, kind: 'customer', expiresAt: plusSeconds(now(call), seconds) });
  const refresh = await issueToken(call, { ...base, kind: 'refresh', expiresAt: ticket.expiresAt });
  return {
    status: 200,
    json: {
      access_token: access.token,
      token_type: 'bearer',
      refresh_token: refresh.token,
      expires_in: seconds,
      scope: 'global',
      organization: ticket.organizationId,
      userId: ticket.userId,
      jti: call.state.faker.string.uuid(),
    },
  };
}

const getToken: Handler = async (call) => {
  const form = call.input.body as Record<string, string | undefined>;
  const basic = call.principal.kind === 'anonymous' ? call.principal.basic : undefined;
  const clientId = basic?.clientId ?? form.client_id;
  const secret = basic?.secret ?? form.client_secret ?? '';
  const client = call.state.clients.find((candidate) => candidate.clientId === clientId);
  if (client === undefined || client.secret !== secret)
    return oauthError(401, 'invalid_client', 'Bad client credentials');

  if (form.grant_type === 'client_credentials') {
    if (client.public) return oauthError(400, 'unauthorized_client', 'The public client may only exchange tickets');
    const token = await issueToken(call, {
      kind: 'client',
      organizationId: client.organizationId,
      clientId: client.clientId,
      ticketId: null,
      userId: null,
      expiresAt: plusSeconds(now(call), CLIENT_TOKEN_SECONDS),
    });
    return {
      status: 200,
      json: { access_token: token.token, token_type: 'bearer', expires_in: CLIENT_TOKEN_SECONDS, scope: 'global' },
    };
  }

  if (form.grant_type === 'password') {
    if (!client.public) return oauthError(401, 'invalid_client', 'Ticket exchange needs the public client customer:');
    const ticket = call.state.tickets.get(String(form.username ?? form.ticket));
    const decision = exchangeable(ticket, now(call));
    if (!decision.ok) return oauthError(400, 'invalid_grant', decision.error);
    const response = await customerToken(call, decision.value, client.clientId);
    // A single-use ticket is gone once it has bought a token.
    if (isSingleUse(decision.value.type)) call.state.tickets.delete(decision.value.id);
    return response;
  }

  // refresh_token
  const refresh = call.state.tokens.get(String(form.refresh_token));
  if (
    refresh === undefined ||
    refresh.kind !== 'refresh' ||
    tokenExpired(refresh, call.clock.nowMs()) ||
    refresh.clientId !== client.clientId
  ) {
    return oauthError(400, 'invalid_grant', 'Invalid refresh token');
  }
  const ticket = call.state.tickets.get(String(refresh.ticketId));
  const decision = exchangeable(ticket, now(call));
  if (!decision.ok) return oauthError(400, 'invalid_grant', decision.error);
  call.state.tokens.delete(refresh.token);
  return customerToken(call, decision.value, client.clientId);
};

export const auviousOperations: Record<string, Handler> = {
  createTicket,
  getTicket,
  updateTicket,
  deleteTicket,
  disableTicket: transitionHandler('disable'),
  enableTicket: transitionHandler('enable'),
  revokeTicket: transitionHandler('revoke'),
  getTicketEvent,
  getToken,
};
