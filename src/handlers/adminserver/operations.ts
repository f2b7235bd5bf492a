/**
 * One function per method of specs/adminserver.openapi.yaml (API-NOTES.md §3).
 */
import type { OperationCall, OperationHandler } from '../../core/api-module.js';
import { isoSeconds } from '../../core/clock.js';
import type { MockResponse } from '../../core/http.js';
import { untaken } from '../../core/random.js';
import { sessionId } from '../../fixtures/adminserver.js';
import { adminserverOpenRpc } from '../../generated/adminserver.openrpc.js';
import { rpcError } from './errors.js';
import type { PurchasableTicketInput, SessionRecord, UserRecord } from './model.js';
import { compareTickets, SESSION_COOKIE, SESSION_SECONDS, ticketFromInput, ticketView } from './rules.js';
import { type AdminserverPrincipal, type AdminserverState, ticketKey } from './state.js';

type Call = OperationCall<AdminserverState, AdminserverPrincipal>;
type Handler = OperationHandler<AdminserverState, AdminserverPrincipal>;

const COOKIE_ATTRIBUTES = 'Path=/; HttpOnly; SameSite=Lax';

function signedIn(call: Call): Extract<AdminserverPrincipal, { kind: 'session' }> {
  if (call.principal.kind !== 'session') throw new Error(`${call.operation.operationId} needs a session`);
  return call.principal;
}

function sessionView(state: AdminserverState, session: SessionRecord, user: UserRecord) {
  return {
    sessionId: session.sessionId,
    userId: user.userId,
    preferredNetworkId: user.preferredNetworkId,
    preferredNetworkName: state.networks.get(user.preferredNetworkId)?.name ?? user.preferredNetworkId,
    expiresAt: session.expiresAt,
  };
}

const login: Handler = async (call) => {
  const body = call.input.body as { email: string; password: string };
  const [user] = call.state.users.page(body.email.toLowerCase(), 0, 1);
  if (user === undefined || user.password !== body.password) return rpcError(401, 'invalid email or password');
  const now = call.clock.nowMs();
  const id = untaken(
    () => sessionId(call.state.faker),
    (candidate) => call.state.sessions.has(candidate),
  );
  const session = await call.state.sessions.insert({
    sessionId: id,
    userId: user.userId,
    createdAt: isoSeconds(now),
    expiresAt: isoSeconds(now + SESSION_SECONDS * 1000),
  });
  return {
    status: 200,
    headers: {
      'set-cookie': `${SESSION_COOKIE}=${session.sessionId}; ${COOKIE_ATTRIBUTES}; Max-Age=${SESSION_SECONDS}`,
    },
    json: sessionView(call.state, session, user),
  };
};

const logout: Handler = (call) => {
  call.state.sessions.delete(signedIn(call).session.sessionId);
  return { status: 204, headers: { 'set-cookie': `${SESSION_COOKIE}=; ${COOKIE_ATTRIBUTES}; Max-Age=0` } };
};

const check: Handler = (call) => {
  const { session, user } = signedIn(call);
  return { status: 200, json: sessionView(call.state, session, user) };
};

const ticketOf = (call: Call): PurchasableTicketInput => (call.input.body as { ticket: PurchasableTicketInput }).ticket;

const createTicket: Handler = async (call) => {
  const { networkId } = signedIn(call);
  const made = ticketFromInput(ticketOf(call), networkId);
  if (!made.ok) return rpcError(400, made.error);
  if (call.state.tickets.has(ticketKey(networkId, made.value.productId))) {
    return rpcError(409, `purchasable ticket ${made.value.productId} already exists`);
  }
  const ticket = await call.state.tickets.insert(made.value);
  return { status: 200, json: { data: { ticket: ticketView(ticket) } } };
};

const updateTicket: Handler = (call) => {
  const { networkId } = signedIn(call);
  const made = ticketFromInput(ticketOf(call), networkId);
  if (!made.ok) return rpcError(400, made.error);
  const key = ticketKey(networkId, made.value.productId);
  const ticket = call.state.tickets.update(key, () => made.value);
  if (ticket === undefined) return notFound(made.value.productId);
  return { status: 200, json: { data: { ticket: ticketView(ticket) } } };
};

const notFound = (productId: string): MockResponse => rpcError(404, `purchasable ticket ${productId} not found`);

const deleteTicket: Handler = (call) => {
  const { networkId } = signedIn(call);
  const { productId } = call.input.body as { productId: string };
  if (call.state.tickets.delete(ticketKey(networkId, productId)) === undefined) return notFound(productId);
  return { status: 200, json: { data: {} } };
};

const getTickets: Handler = (call) => {
  const { networkId } = signedIn(call);
  const tickets = call.state.tickets.page(networkId, 0, Number.POSITIVE_INFINITY).map(ticketView).sort(compareTickets);
  return { status: 200, json: { data: { tickets } } };
};

const discover: Handler = () => ({ status: 200, json: { data: adminserverOpenRpc } });

export const adminserverOperations: Readonly<Record<string, Handler>> = {
  'auth.login': login,
  'auth.logout': logout,
  'auth.check': check,
  'ticket.createPurchasableTicket': createTicket,
  'ticket.updatePurchasableTicket': updateTicket,
  'ticket.deletePurchasableTicket': deleteTicket,
  'ticket.getPurchasableTickets': getTickets,
  'rpc.discover': discover,
};
