/**
 * Adminserver under fuzz: mostly the demo admin's session (logged in first, carried as
 * `X-Session-Id` or the cookie), now and then the member's, the other network's admin's,
 * none or a made-up one; products that exist or not. A logout ends a session of its own,
 * so the carried ones live through the run. Afterwards each network's ticket list is its
 * data, in order, and every listed ticket can be addressed by its productId.
 */
import fc from 'fast-check';
import { loadSpec } from '../../src/contract/spec.ts';
import { ADMINSERVER_DEMO } from '../../src/fixtures/demo.ts';
import { adminserverDocument } from '../../src/generated/adminserver.document.ts';
import { type OperationHooks, operationRequests } from './inputs.ts';
import { Pools, ref } from './model.ts';
import { headerValue } from './odd-values.ts';
import {
  canonical,
  compareIds,
  credentialNames,
  type FuzzPlan,
  type Runtime,
  rawCredential,
  rawValue,
  sentFields,
} from './plan.ts';

type Ticket = Record<string, unknown> & { readonly productId: string; readonly eventStartDate: string };
type Stored = Ticket & { readonly networkId: string };

const USERS = {
  admin: ADMINSERVER_DEMO.admin,
  member: ADMINSERVER_DEMO.member,
  other: ADMINSERVER_DEMO.other,
} as const;
type User = keyof typeof USERS;
const LIST = '/jsonRpc/ticket.getPurchasableTickets';
const UPDATE = '/jsonRpc/ticket.updatePurchasableTicket';

const key = (networkId: string, productId: string) => JSON.stringify([networkId, productId]);

/** The order the spec gives the list: by eventStartDate, then productId. */
function inOrder(tickets: readonly Ticket[]): boolean {
  return tickets.every((ticket, index) => {
    const next = tickets[index + 1];
    if (next === undefined) return true;
    const byStart = Date.parse(ticket.eventStartDate) - Date.parse(next.eventStartDate);
    return byStart < 0 || (byStart === 0 && ticket.productId <= next.productId);
  });
}

export async function adminserverPlan(runtime: Runtime): Promise<FuzzPlan> {
  const spec = loadSpec(adminserverDocument, 'adminserver');
  /** Session id → whose it is and the network it acts in by default. */
  const sessions = new Map<string, { user: User; network: string }>();
  const login = async (user: User): Promise<string> => {
    const answer = await runtime.call('POST', '/auth/login', { json: USERS[user] });
    if (answer.status !== 200) throw new Error(`adminserver login ${user}: ${answer.status}`);
    sessions.set(answer.json.sessionId, { user, network: answer.json.preferredNetworkId });
    return answer.json.sessionId;
  };
  const carried: Record<User, string> = {
    admin: await login('admin'),
    member: await login('member'),
    other: await login('other'),
  };

  const initial = (await runtime.state()).apis.adminserver.tickets as Stored[];
  const pools = new Pools();
  for (const ticket of initial) pools.add('product', ticket.productId);
  /** Keys (network, productId) the run was answered 200 for, created and deleted. */
  const created = new Set<string>();
  const deleted = new Set<string>();

  const auth = fc.oneof(
    { weight: 23, arbitrary: credentialNames({ admin: 70, adminCookie: 8, member: 5, other: 4, none: 4, wrong: 4 }) },
    {
      weight: 2,
      arbitrary: rawCredential(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'null'), headerValue)),
    },
  );
  const network = fc.oneof(
    { weight: 80, arbitrary: fc.constant(undefined) },
    { weight: 8, arbitrary: fc.constant(ADMINSERVER_DEMO.network) },
    { weight: 4, arbitrary: fc.constant(ADMINSERVER_DEMO.otherNetwork) },
    { weight: 5, arbitrary: fc.constantFrom('nope-network', '', 'demo-network/x', '__proto__') },
    { weight: 3, arbitrary: headerValue },
  );
  /** What schemas cannot say: the event does not end before it starts, day n of m has n ≤ m. */
  const realize = (value: unknown) => {
    const params = value as { ticket?: Record<string, unknown> };
    if (params.ticket === undefined) return value;
    const ticket = { ...params.ticket };
    const [start, end] = [Date.parse(String(ticket.eventStartDate)), Date.parse(String(ticket.eventEndDate))];
    if (end < start) [ticket.eventStartDate, ticket.eventEndDate] = [ticket.eventEndDate, ticket.eventStartDate];
    const days = /^days:(\d+)of(\d+)$/.exec(String(ticket.ticketType));
    if (days !== null && Number(days[1]) > Number(days[2])) ticket.ticketType = `days:${days[2]}of${days[1]}`;
    return { ...params, ticket };
  };
  /** An existing product this often (per thousand): a duplicate, an update, a delete that finds it. */
  const existing: Readonly<Record<string, number>> = {
    'ticket.createPurchasableTicket': 150,
    'ticket.updatePurchasableTicket': 800,
    'ticket.deletePurchasableTicket': 750,
  };
  const hooksFor = (operationId: string): OperationHooks => ({
    auth,
    headerParams: { 'X-Network-Id': network },
    realize,
    adjust(value, pick) {
      const params = { ...(value as Record<string, unknown>) };
      if (operationId === 'auth.login' && pick % 20 < 15) {
        return { ...USERS[(['admin', 'admin', 'admin', 'member', 'other'] as const)[pick % 5] ?? 'admin'] };
      }
      if (pick >= (existing[operationId] ?? 0)) return params;
      // now and then one the run deleted
      const productId = ref(pick % 10 === 0 ? 'productgone' : 'product', pick);
      if (typeof params.productId === 'string') params.productId = productId;
      if (typeof params.ticket === 'object') params.ticket = { ...(params.ticket as object), productId };
      return params;
    },
  });
  const requests = fc.oneof(
    ...spec.operations.map((operation) => operationRequests(spec, operation, hooksFor(operation.id))),
  );

  /** The network a request acted in: its X-Network-Id, else its session's. */
  const networkOf = (headers: Readonly<Record<string, string>>): string | undefined => {
    const id = headers['x-session-id'] ?? /sessionId=([^;]*)/.exec(headers.cookie ?? '')?.[1];
    return headers['x-network-id'] ?? (id === undefined ? undefined : sessions.get(id.trim())?.network);
  };
  const sessionHeaders = (name: string, session: string): Record<string, string> =>
    name === 'adminCookie' ? { cookie: `sessionId=${session}` } : { 'x-session-id': session };
  const listOf = async (user: User) => {
    const answer = await runtime.call('POST', LIST, { headers: { 'x-session-id': await login(user) } });
    return { status: answer.status, tickets: (answer.json?.data?.tickets ?? []) as Ticket[] };
  };

  return {
    spec,
    errors: {
      schema: '/components/schemas/ErrorEnvelope',
      statusOf: (body) => (body as { error?: { code?: unknown } }).error?.code,
    },
    pools,
    requests,
    async credentials(request) {
      const raw = rawValue(request.auth);
      if (raw !== undefined) return { 'x-session-id': raw };
      if (request.auth === 'none') return {};
      if (request.auth === 'wrong') return { 'x-session-id': 'not-a-session' };
      const user: User = request.auth === 'adminCookie' ? 'admin' : (request.auth as User);
      // a logout ends the session it is sent with: give it one of its own
      const logout = request.method === 'POST' && request.path.split('?')[0] === '/auth/logout';
      return sessionHeaders(request.auth, logout ? await login(user) : carried[user]);
    },
    observe(sent, exchange) {
      if (exchange.status !== 200) return;
      const fields = sentFields(sent);
      const where = networkOf(sent.headers ?? {});
      if (sent.operationId === 'ticket.createPurchasableTicket') {
        const productId = (JSON.parse(exchange.responseText) as { data: { ticket: Ticket } }).data.ticket.productId;
        pools.add('product', productId);
        if (where !== undefined) created.add(key(where, productId));
      }
      if (sent.operationId === 'ticket.deletePurchasableTicket' && where !== undefined) {
        deleted.add(key(where, String(fields.productId)));
        // the other network may still hold one of that id: the pool only stops offering it
        pools.remove('product', String(fields.productId));
      }
    },
    async consistency() {
      const problems: string[] = [];
      const stored = (await runtime.state()).apis.adminserver.tickets as Stored[];
      for (const [user, networkId] of [
        ['admin', ADMINSERVER_DEMO.network],
        ['other', ADMINSERVER_DEMO.otherNetwork],
      ] as const) {
        const held = stored.filter((ticket) => ticket.networkId === networkId);
        const listed = await listOf(user);
        if (listed.status !== 200) problems.push(`${networkId}: ${LIST} answered ${listed.status}`);
        const ids = listed.tickets.map((ticket) => ticket.productId);
        if (ids.length !== held.length)
          problems.push(`${networkId}: lists ${ids.length} tickets, holds ${held.length}`);
        if (new Set(ids).size !== ids.length) problems.push(`${networkId}: a productId is listed twice`);
        problems.push(
          ...compareIds(
            `${networkId} tickets listed vs held`,
            ids,
            held.map((ticket) => ticket.productId),
          ),
        );
        if (!inOrder(listed.tickets)) problems.push(`${networkId}: not ordered by eventStartDate, productId`);
        for (const ticket of listed.tickets) {
          const record = held.find((candidate) => candidate.productId === ticket.productId);
          const { networkId: _networkId, ...view } = record ?? { networkId };
          if (canonical(view) !== canonical(ticket))
            problems.push(`${ticket.productId} listed as ${canonical(ticket)}`);
        }
        for (const created_ of created) {
          const [where, productId] = JSON.parse(created_) as [string, string];
          if (where === networkId && !deleted.has(created_) && !ids.includes(productId)) {
            problems.push(`${networkId}: ${JSON.stringify(productId)} was created, never deleted, and is not listed`);
          }
        }
        // each listed ticket is addressed by its productId: sent back unchanged, it comes back unchanged
        const session = { 'x-session-id': await login(user) };
        for (const ticket of listed.tickets) {
          const same = await runtime.call('POST', UPDATE, { headers: session, json: { ticket } });
          if (same.status !== 200 || canonical(same.json.data.ticket) !== canonical(ticket)) {
            problems.push(
              `${networkId}: ${ticket.productId} sent back as listed: ${same.status} ${same.text.slice(0, 200)}`,
            );
          }
        }
      }
      return problems;
    },
    async healthy() {
      const problems: string[] = [];
      const answer = await runtime.call('POST', '/auth/login', { json: USERS.admin });
      if (answer.status !== 200 || answer.headers.get('set-cookie') === null) problems.push(`login: ${answer.status}`);
      const session = { 'x-session-id': answer.json?.sessionId ?? '' };
      for (const path of ['/auth/check', LIST, '/jsonRpc/rpc.discover']) {
        const call = await runtime.call('POST', path, { headers: session });
        if (call.status !== 200) problems.push(`${path}: ${call.status} ${call.text.slice(0, 200)}`);
      }
      return problems;
    },
  };
}
