/**
 * One function per operationId of specs/auvious.openapi.yaml: request in, rule applied,
 * store changed, response out (API-NOTES.md §2). Each is typed from the generated
 * `operations[id]`: a field renamed in the spec breaks the build here.
 */
import type { OperationCall, OperationHandler, OperationHandlers } from '../../core/api-module.js';
import { untaken } from '../../core/random.js';
import { ticketId } from '../../fixtures/auvious.js';
import type { components, operations } from '../../generated/auvious.js';
import { fail, ok, type Result } from '../../spec/result.js';
import { oauthError, springError } from './errors.js';
import { signToken, verifyToken } from './jwt.js';
import type { TicketRecord, TokenRecord } from './model.js';
import {
  CLIENT_TOKEN_SECONDS,
  calendarEvent,
  customerTokenSeconds,
  exchangeable,
  icsCalendar,
  idLength,
  isoAt,
  isSingleUse,
  newTicket,
  providerUrl,
  type Transition,
  ticketView,
  tokenExpired,
  transition,
  updatedTicket,
} from './rules.js';
import type { AuviousPrincipal, AuviousState } from './state.js';

type Operations = operations;
type Handler<Id extends keyof Operations> = OperationHandler<AuviousState, AuviousPrincipal, Operations[Id]>;
type Call<Id extends keyof Operations> = OperationCall<AuviousState, AuviousPrincipal, Operations[Id]>;
/** What every call on one ticket has: the ticket's id in its path. */
type TicketCall = Pick<Call<'getTicket'>, 'state' | 'principal' | 'clock' | 'request'> & {
  readonly input: { readonly path: { readonly ticketId: string } };
};

const notFound = (call: TicketCall) => springError(404, 'Ticket not found', call.request.path, call.clock);

/** The caller's ticket, or undefined: another organisation's ticket is not found (no existence leak). */
function ownTicket(call: TicketCall): TicketRecord | undefined {
  const ticket = call.state.tickets.get(call.input.path.ticketId);
  if (ticket === undefined || call.principal.kind !== 'client') return undefined;
  return ticket.organizationId === call.principal.organizationId ? ticket : undefined;
}

function callerOrganization(call: Call<'createTicket'>): string {
  if (call.principal.kind !== 'client') throw new Error('ticket operations need a client principal');
  return call.principal.organizationId;
}

const forbidden = (organizationId: string | undefined, call: Pick<TicketCall, 'request' | 'clock'>) =>
  springError(403, `Access is denied to organisation ${organizationId}`, call.request.path, call.clock);

/** The documented 400 body of the ticket operations, `{"error": "…"}`. */
const badRequest = (error: string) => ({ status: 400 as const, json: { error } });

const createTicket: Handler<'createTicket'> = async (call) => {
  const body = call.input.body;
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
    nowMs: call.clock.nowMs(),
  });
  if (!made.ok) return forbidden(body.organizationId, call);
  const ticket = await call.state.tickets.insert(made.value);
  return { status: 200, json: ticketView(ticket, call.clock.nowMs()) };
};

const getTicket: Handler<'getTicket'> = (call) => {
  const ticket = ownTicket(call);
  return ticket === undefined ? notFound(call) : { status: 200, json: ticketView(ticket, call.clock.nowMs()) };
};

const updateTicket: Handler<'updateTicket'> = (call) => {
  const ticket = ownTicket(call);
  if (ticket === undefined) return notFound(call);
  const body = call.input.body;
  const next = updatedTicket(ticket, body);
  if (!next.ok && next.error === 'scheduled-date-required') {
    return badRequest(`properties.scheduled_date: required for a ${ticket.type}`);
  }
  if (!next.ok) return forbidden(body.organizationId, call);
  const stored = call.state.tickets.update(ticket.id, () => next.value) as TicketRecord;
  return { status: 200, json: ticketView(stored, call.clock.nowMs()) };
};

const deleteTicket: Handler<'deleteTicket'> = (call) => {
  const ticket = ownTicket(call);
  if (ticket === undefined) return notFound(call);
  call.state.tickets.delete(ticket.id);
  return { status: 204 };
};

/** disable / enable / revoke: 204, or 409 once the ticket is revoked. */
function transitionTicket(call: TicketCall, action: Transition) {
  const ticket = ownTicket(call);
  if (ticket === undefined) return notFound(call);
  const next = transition(ticket, action, call.clock.nowMs());
  if (!next.ok) return springError(409, 'ticket is revoked', call.request.path, call.clock);
  if (next.value !== ticket) call.state.tickets.update(ticket.id, () => next.value);
  return { status: 204 as const };
}

const getTicketEvent: Handler<'getTicketEvent'> = (call) => {
  const ticket = ownTicket(call);
  if (ticket === undefined) return notFound(call);
  // Every HTTP/1.1 request names its host; a fetch client cannot set Host, so without the
  // header the host the request was sent to is the one (the msw adapter's case).
  const host = call.input.headers.Host ?? new URL(call.request.origin).host;
  const proto = call.input.headers['X-Forwarded-Proto'] ?? 'http';
  const event = calendarEvent(ticket, `${proto}://${host}`, call.clock.nowMs());
  const calendar = call.input.query.calendar ?? 'ics';
  if (calendar === 'google' || calendar === 'outlook') {
    return { status: 302, headers: { location: providerUrl(calendar, event) } };
  }
  return { status: 200, headers: { 'content-type': 'text/calendar; charset=utf-8' }, text: icsCalendar(event) };
};

/**
 * A stored token that still holds at `nowMs`: the ready-made demo tokens (plain strings,
 * never expiring) by look-up alone; an issued one must also be a JWT of the mock's key
 * whose `exp` has not passed on the mock's clock.
 */
export async function checkedToken(
  state: AuviousState,
  token: string,
  nowMs: number,
): Promise<Result<TokenRecord, 'invalid' | 'expired'>> {
  const record = state.tokens.get(token);
  if (record === undefined) return fail('invalid');
  if (record.expiresAt === null) return ok(record);
  const verified = await verifyToken(token, nowMs);
  if (!verified.ok) return verified;
  // the record decides too: exp is the record's expiry in whole seconds
  return tokenExpired(record, nowMs) ? fail('expired') : ok(record);
}

type Issued = Omit<TokenRecord, 'token' | 'expiresAt'> & { readonly sub: string; readonly expiresMs: number };

/** Signs a token on the mock's clock and keeps it (the store decides what is still valid: single use, reset). */
async function issueToken(call: Call<'getToken'>, token: Issued, ati?: string): Promise<TokenRecord & { jti: string }> {
  const jti = call.state.faker.string.uuid();
  const { sub, expiresMs, ...record } = token;
  // exp counts whole seconds; the record keeps the same instant
  const expiresAt = isoAt(Math.floor(expiresMs / 1000) * 1000);
  const value = await signToken(
    {
      sub,
      organization: token.organizationId,
      client_id: token.clientId,
      scope: 'global',
      jti,
      ...(ati === undefined ? {} : { ati }),
    },
    call.clock.nowMs(),
    expiresMs,
  );
  const stored = await call.state.tokens.insert({ ...record, token: value, expiresAt });
  return { ...stored, jti };
}

type CustomerToken = components['schemas']['CustomerToken'];

async function customerToken(call: Call<'getToken'>, ticket: TicketRecord, clientId: string) {
  const nowMs = call.clock.nowMs();
  const seconds = customerTokenSeconds(ticket, nowMs);
  const base = { organizationId: ticket.organizationId, clientId, ticketId: ticket.id, userId: ticket.userId };
  const access = await issueToken(call, {
    ...base,
    kind: 'customer',
    sub: ticket.userId,
    expiresMs: nowMs + seconds * 1000,
  });
  const refresh = await issueToken(
    call,
    { ...base, kind: 'refresh', sub: ticket.userId, expiresMs: Date.parse(ticket.expiresAt) },
    access.jti,
  );
  const conference = ticket.properties.conference_id;
  const json: CustomerToken = {
    access_token: access.token,
    token_type: 'bearer',
    refresh_token: refresh.token,
    expires_in: seconds,
    scope: 'global',
    organization: ticket.organizationId,
    sub: ticket.userId,
    userId: ticket.userId,
    ...(typeof conference === 'string' ? { conference_id: conference } : {}),
    jti: access.jti,
  };
  return { status: 200 as const, json };
}

const getToken: Handler<'getToken'> = async (call) => {
  // the query string and the form, folded into one form by the module's `prepare`
  const form = call.input.body;
  if (form === undefined) return oauthError(400, 'invalid_request', 'missing "grant_type"');
  const basic = call.principal.kind === 'anonymous' ? call.principal.basic : undefined;
  const clientId = basic?.clientId ?? form.client_id;
  const secret = basic?.secret ?? form.client_secret ?? '';
  const client = clientId === undefined ? undefined : call.state.clients.get(clientId);
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
      sub: client.clientId,
      expiresMs: call.clock.nowMs() + CLIENT_TOKEN_SECONDS * 1000,
    });
    return {
      status: 200,
      json: { access_token: token.token, token_type: 'bearer', expires_in: CLIENT_TOKEN_SECONDS, scope: 'global' },
    };
  }

  if (form.grant_type === 'password') {
    if (!client.public) return oauthError(401, 'invalid_client', 'Ticket exchange needs the public client customer:');
    const ticket = call.state.tickets.get(form.username ?? form.ticket ?? '');
    const decision = exchangeable(ticket, call.clock.nowMs());
    if (!decision.ok) return oauthError(400, 'invalid_grant', decision.error);
    const response = await customerToken(call, decision.value, client.clientId);
    // A single-use ticket is gone once it has bought a token.
    if (isSingleUse(decision.value.type)) call.state.tickets.delete(decision.value.id);
    return response;
  }

  if (form.grant_type !== 'refresh_token') throw new Error('validation lets through three grants only');
  const checked = await checkedToken(call.state, form.refresh_token, call.clock.nowMs());
  if (!checked.ok || checked.value.kind !== 'refresh' || checked.value.clientId !== client.clientId) {
    return oauthError(400, 'invalid_grant', 'Invalid refresh token');
  }
  const ticket = call.state.tickets.get(String(checked.value.ticketId));
  const decision = exchangeable(ticket, call.clock.nowMs());
  if (!decision.ok) return oauthError(400, 'invalid_grant', decision.error);
  call.state.tokens.delete(checked.value.token);
  return customerToken(call, decision.value, client.clientId);
};

export const auviousOperations: OperationHandlers<AuviousState, AuviousPrincipal, Operations> = {
  createTicket,
  getTicket,
  updateTicket,
  deleteTicket,
  disableTicket: (call) => transitionTicket(call, 'disable'),
  enableTicket: (call) => transitionTicket(call, 'enable'),
  revokeTicket: (call) => transitionTicket(call, 'revoke'),
  getTicketEvent,
  getToken,
};
