/**
 * One function per method of specs/adminserver.openapi.yaml (API-NOTES.md §3), each typed
 * from the generated `operations[<operationId>]`: its input as the spec validated it, its
 * answer one the spec documents.
 */
import type { OperationCall, OperationHandler, OperationHandlers } from '../../core/api-module.js';
import { isoSeconds } from '../../core/clock.js';
import { untaken } from '../../core/random.js';
import { sessionId } from '../../fixtures/adminserver.js';
import type { operations } from '../../generated/adminserver.js';
import { adminserverOpenRpc } from '../../generated/adminserver.openrpc.js';
import { rpcError } from './errors.js';
import type { SessionRecord, UserRecord } from './model.js';
import { compareTickets, SESSION_COOKIE, SESSION_SECONDS, sessionEndMs, ticketFromInput, ticketView } from './rules.js';
import { type AdminserverPrincipal, type AdminserverState, ticketKey } from './state.js';

type Op = keyof operations;
type Handler<Id extends Op> = OperationHandler<AdminserverState, AdminserverPrincipal, operations[Id]>;

const COOKIE_ATTRIBUTES = 'Path=/; HttpOnly; SameSite=Lax';
/**
 * `{ empty }`, the answer of delete, logout and check in the vendor's documentation: the
 * empty object (docs/decisions/008-adminserver-client-fidelity.md).
 */
const EMPTY = (): Record<string, never> => ({});

/** The session a secured method runs in (authentication let no call without one through). */
function signedIn(
  call: Pick<OperationCall<AdminserverState, AdminserverPrincipal>, 'principal' | 'operation'>,
): Extract<AdminserverPrincipal, { kind: 'session' }> {
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

const login: Handler<'auth.login'> = async (call) => {
  const { email, password } = call.input.body;
  const [user] = call.state.users.page(email.toLowerCase(), 0, 1);
  if (user === undefined || user.password !== password) return rpcError(401, 'invalid email or password');
  const nowMs = call.clock.nowMs();
  const id = untaken(
    () => sessionId(call.state.faker),
    (candidate) => call.state.sessions.has(candidate),
  );
  const session = await call.state.sessions.insert({
    sessionId: id,
    userId: user.userId,
    createdAt: isoSeconds(nowMs),
    expiresAt: isoSeconds(sessionEndMs(nowMs)),
  });
  return {
    status: 200,
    headers: {
      'set-cookie': `${SESSION_COOKIE}=${session.sessionId}; ${COOKIE_ATTRIBUTES}; Max-Age=${SESSION_SECONDS}`,
    },
    json: sessionView(call.state, session, user),
  };
};

const logout: Handler<'auth.logout'> = (call) => {
  call.state.sessions.delete(signedIn(call).session.sessionId);
  return {
    status: 200,
    headers: { 'set-cookie': `${SESSION_COOKIE}=; ${COOKIE_ATTRIBUTES}; Max-Age=0` },
    json: EMPTY(),
  };
};

const check: Handler<'auth.check'> = (call) => {
  signedIn(call);
  return { status: 200, json: EMPTY() };
};

const createTicket: Handler<'ticket.createPurchasableTicket'> = async (call) => {
  const { networkId } = signedIn(call);
  const made = ticketFromInput(call.input.body.ticket, networkId);
  if (!made.ok) return rpcError(400, made.error);
  if (call.state.tickets.has(ticketKey(networkId, made.value.productId))) {
    return rpcError(409, `purchasable ticket ${made.value.productId} already exists`);
  }
  const ticket = await call.state.tickets.insert(made.value);
  return { status: 200, json: { data: { ticket: ticketView(ticket) } } };
};

const notFound = (productId: string) => rpcError(404, `purchasable ticket ${productId} not found`);

const updateTicket: Handler<'ticket.updatePurchasableTicket'> = (call) => {
  const { networkId } = signedIn(call);
  const made = ticketFromInput(call.input.body.ticket, networkId);
  if (!made.ok) return rpcError(400, made.error);
  const ticket = call.state.tickets.update(ticketKey(networkId, made.value.productId), () => made.value);
  if (ticket === undefined) return notFound(made.value.productId);
  return { status: 200, json: { data: { ticket: ticketView(ticket) } } };
};

const deleteTicket: Handler<'ticket.deletePurchasableTicket'> = (call) => {
  const { networkId } = signedIn(call);
  const { productId } = call.input.body;
  if (call.state.tickets.delete(ticketKey(networkId, productId)) === undefined) return notFound(productId);
  return { status: 200, json: EMPTY() };
};

const getTickets: Handler<'ticket.getPurchasableTickets'> = (call) => {
  const { networkId } = signedIn(call);
  const tickets = call.state.tickets.page(networkId, 0, Number.POSITIVE_INFINITY).map(ticketView).sort(compareTickets);
  return { status: 200, json: { data: { tickets } } };
};

const discover: Handler<'rpc.discover'> = () => ({
  status: 200,
  // the generated OpenRPC document is the value this schema describes, typed loosely as JSON
  json: {
    data: adminserverOpenRpc as operations['rpc.discover']['responses'][200]['content']['application/json']['data'],
  },
});

export const adminserverOperations: OperationHandlers<AdminserverState, AdminserverPrincipal, operations> = {
  'auth.login': login,
  'auth.logout': logout,
  'auth.check': check,
  'ticket.createPurchasableTicket': createTicket,
  'ticket.updatePurchasableTicket': updateTicket,
  'ticket.deletePurchasableTicket': deleteTicket,
  'ticket.getPurchasableTickets': getTickets,
  'rpc.discover': discover,
};
