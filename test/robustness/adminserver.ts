/**
 * Adminserver under fuzz: mostly the demo admin's session (logged in first, carried as
 * `X-Session-Id` or the cookie), now and then the member's, the other network's admin's,
 * none or a made-up one; products that exist or not. A logout ends a session of its own,
 * so the carried ones live through the run. Afterwards each network holds, and lists in
 * order, exactly the tickets it had and those the answers say were created less those
 * deleted, and every listed ticket can be addressed by its productId.
 */
import fc from 'fast-check';
import { consistentPurchasableTicket } from '../../src/contract/apis/adminserver.ts';
import { loadSpec } from '../../src/contract/spec.ts';
import { ADMINSERVER_DEMO } from '../../src/fixtures/demo.ts';
import { adminserverDocument } from '../../src/generated/adminserver.document.ts';
import { apiRequests, type OperationHooks } from './inputs.ts';
import { Pools, ref } from './model.ts';
import { headerValue } from './odd-values.ts';
import {
  canonical,
  compareIds,
  credentialNames,
  errorCodeOf,
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
const CREATE = 'ticket.createPurchasableTicket';
const DELETE = 'ticket.deletePurchasableTicket';
/** Each demo network, with the user who manages it. */
const TENANTS = [
  ['admin', ADMINSERVER_DEMO.network],
  ['other', ADMINSERVER_DEMO.otherNetwork],
] as const;

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
  /** Each user's preferredNetworkId, as login answered it. */
  const preferred = new Map<User, string>();
  const login = async (user: User): Promise<string> => {
    const answer = await runtime.call('POST', '/auth/login', { json: USERS[user] });
    if (answer.status !== 200) throw new Error(`adminserver login ${user}: ${answer.status}`);
    preferred.set(user, answer.json.preferredNetworkId);
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
  /**
   * Per key (network, productId): creates less deletes the run was answered 200 for. A
   * count, not the order of the answers: those of requests in flight together arrive in
   * any order, but the server can only have alternated a key's creates and deletes.
   */
  const balance = new Map<string, number>();
  /** Creates and deletes answered 200 that no user's session could have made. */
  const unattributed: string[] = [];

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
  /** What schemas cannot say (the contract suite's own reading of it). */
  const realize = (value: unknown) => {
    const params = value as { ticket?: Record<string, unknown> };
    return params.ticket === undefined ? value : { ...params, ticket: consistentPurchasableTicket(params.ticket) };
  };
  /** An existing product this often (per thousand): a duplicate, an update, a delete that finds it. */
  const existing: Readonly<Record<string, number>> = {
    [CREATE]: 150,
    'ticket.updatePurchasableTicket': 800,
    [DELETE]: 750,
  };
  const hooksFor = ({ id: operationId }: { id: string }): OperationHooks => ({
    auth,
    // both headers select the network; sent together they must agree, else 400
    headerParams: { 'X-Network-Id': network, 'X-Network': network },
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
  const requests = apiRequests(spec, hooksFor);

  /** The user whose session a named credential carries (a made-up or raw one: none). */
  const userOf = (auth: string): User | undefined =>
    auth === 'adminCookie' ? 'admin' : Object.hasOwn(USERS, auth) ? (auth as User) : undefined;
  const sessionHeaders = (name: string, session: string): Record<string, string> =>
    name === 'adminCookie' ? { cookie: `sessionId=${session}` } : { 'x-session-id': session };
  const listOf = async (user: User) => {
    const answer = await runtime.call('POST', LIST, { headers: { 'x-session-id': await login(user) } });
    return { status: answer.status, tickets: (answer.json?.data?.tickets ?? []) as Ticket[] };
  };

  return {
    spec,
    errors: { schema: '/components/schemas/ErrorEnvelope', statusOf: errorCodeOf },
    pools,
    requests,
    async credentials(request) {
      const raw = rawValue(request.auth);
      if (raw !== undefined) return { 'x-session-id': raw };
      const user = userOf(request.auth);
      if (user === undefined) return request.auth === 'wrong' ? { 'x-session-id': 'not-a-session' } : {};
      // a logout ends the session it is sent with: give it one of its own
      const logout = request.method === 'POST' && request.path.split('?')[0] === '/auth/logout';
      return sessionHeaders(request.auth, logout ? await login(user) : carried[user]);
    },
    observe(request, sent, exchange) {
      const change = sent.operationId === CREATE ? 1 : sent.operationId === DELETE ? -1 : 0;
      if (exchange.status !== 200 || change === 0) return;
      const productId =
        change > 0
          ? (JSON.parse(exchange.responseText) as { data: { ticket: Ticket } }).data.ticket.productId
          : // the server skips a byte-order mark before JSON (RFC 8259 §8.1); read the body as it does
            String(sentFields({ ...sent, body: (sent.body ?? '').replace(/^\uFEFF/, '') }).productId);
      if (change > 0) pools.add('product', productId);
      // the other network may still hold one of that id: the pool only stops offering it
      else pools.remove('product', productId);
      // the network it acted in, as the plan sent it: its X-Network or X-Network-Id (a 200
      // means they agreed), else the preferredNetworkId of the user whose session it
      // carried (API-NOTES.md §3)
      const user = userOf(request.auth);
      const named = request.headers['x-network'] ?? request.headers['x-network-id'];
      const where = named?.trim() ?? (user === undefined ? undefined : preferred.get(user));
      if (where === undefined) {
        unattributed.push(`${sent.operationId} of ${JSON.stringify(productId)} (auth ${request.auth}) answered 200`);
        return;
      }
      balance.set(key(where, productId), (balance.get(key(where, productId)) ?? 0) + change);
    },
    async consistency() {
      const problems = [...unattributed];
      // what the answers say each network holds: what it had, and what was created less what was deleted
      const expected = new Map<string, Set<string>>();
      const had = new Set(initial.map((ticket) => key(ticket.networkId, ticket.productId)));
      for (const held of new Set([...had, ...balance.keys()])) {
        const [networkId, productId] = JSON.parse(held) as [string, string];
        const count = (had.has(held) ? 1 : 0) + (balance.get(held) ?? 0);
        if (count === 1) expected.set(networkId, (expected.get(networkId) ?? new Set<string>()).add(productId));
        else if (count !== 0)
          problems.push(`${networkId}: ${JSON.stringify(productId)} answered as held ${count} times`);
      }
      const expectedIn = (networkId: string) => expected.get(networkId) ?? new Set<string>();
      const stored = (await runtime.state()).apis.adminserver.tickets as Stored[];
      const heldIn = (networkId: string) => stored.filter((ticket) => ticket.networkId === networkId);
      for (const networkId of new Set([...expected.keys(), ...stored.map((ticket) => ticket.networkId)])) {
        const ids = heldIn(networkId).map((ticket) => ticket.productId);
        problems.push(...compareIds(`${networkId} tickets held vs answered`, ids, expectedIn(networkId)));
      }
      for (const [user, networkId] of TENANTS) {
        const listed = await listOf(user);
        if (listed.status !== 200) problems.push(`${networkId}: ${LIST} answered ${listed.status}`);
        const ids = listed.tickets.map((ticket) => ticket.productId);
        if (new Set(ids).size !== ids.length) problems.push(`${networkId}: a productId is listed twice`);
        problems.push(...compareIds(`${networkId} tickets listed vs answered`, ids, expectedIn(networkId)));
        if (!inOrder(listed.tickets)) problems.push(`${networkId}: not ordered by eventStartDate, productId`);
        const held = heldIn(networkId);
        for (const ticket of listed.tickets) {
          const record = held.find((candidate) => candidate.productId === ticket.productId);
          const { networkId: _networkId, ...view } = record ?? { networkId };
          if (canonical(view) !== canonical(ticket))
            problems.push(`${ticket.productId} listed as ${canonical(ticket)}`);
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
