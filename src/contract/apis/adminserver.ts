/**
 * Roomful Adminserver Ticket API (API-NOTES.md §3): a session from `/auth/login`, then
 * per-network purchasable tickets keyed by a client-chosen `productId`, under the
 * `network.manage` permission; every answer is `{data}` or `{error:{status,code,message}}`.
 * Each check logs in a session of its own (a per-session rate limit then counts one
 * check's calls) and logs it out afterwards; every ticket a run creates is deleted.
 */
import { adminserverDocument } from '../../generated/adminserver.document.js';
import {
  type ApiContract,
  type CheckContext,
  type CheckDefinition,
  expectStatus,
  type Reading,
  successEvidence,
} from '../check.js';
import { jsonOf } from '../client.js';
import { adminserverCredentials, type Credentials } from '../credentials.js';
import { genericChecks, type OperationPlan } from '../generic.js';
import { loadSpec } from '../spec.js';
import type { Exchange } from '../types.js';

const CREATE = 'ticket.createPurchasableTicket';
const UPDATE = 'ticket.updatePurchasableTicket';
const DELETE = 'ticket.deletePurchasableTicket';
const LIST = 'ticket.getPurchasableTickets';

const errorCode = (exchange: Exchange): unknown =>
  (jsonOf(exchange) as { error?: { code?: unknown } } | undefined)?.error?.code;

/**
 * A purchasable ticket made to keep two rules its schema cannot say (API-NOTES.md §3
 * [chosen]): the event does not end before it starts (compared as instants, so offsets
 * count), and day n of m has n ≤ m. Other fields are left as they are.
 */
export function consistentPurchasableTicket(ticket: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const next: Record<string, unknown> = { ...ticket };
  if (Date.parse(String(next.eventEndDate)) < Date.parse(String(next.eventStartDate))) {
    [next.eventStartDate, next.eventEndDate] = [next.eventEndDate, next.eventStartDate];
  }
  const days = /^days:(\d+)of(\d+)$/.exec(String(next.ticketType));
  if (days !== null && Number(days[1]) > Number(days[2])) next.ticketType = `days:${days[2]}of${days[1]}`;
  return next;
}

export interface AdminserverOptions {
  /** Requests per rate-limited operation for rate_limit_conformance (0: the check is skipped). */
  readonly burst?: number;
}

export function adminserverContract(credentials: Credentials, options: AdminserverOptions = {}): ApiContract {
  const own = adminserverCredentials(credentials);
  const spec = loadSpec(adminserverDocument, 'adminserver');
  // the header the vendor's admin RPC documentation names (API-NOTES.md §3)
  const network = { 'x-network': own.network };
  const sessions = new WeakMap<CheckContext, Promise<string>>();
  const otherSessions = new WeakMap<CheckContext, Promise<string>>();
  /** The productId each update check works on. */
  const updated = new WeakMap<CheckContext, string>();
  let counter = 0;

  /** Logs in (a session for this check alone) and logs out after it; skips the check when login fails. */
  const login = async (context: CheckContext, email: string, password: string): Promise<string> => {
    const exchange = await context.call('auth.login', { json: { email, password } });
    const sessionId = (jsonOf(exchange) as { sessionId?: unknown } | undefined)?.sessionId;
    if (exchange.status !== 200 || typeof sessionId !== 'string') {
      return context.skip(`could not log in as ${email} (${exchange.status ?? exchange.error})`);
    }
    context.defer(() => context.call('auth.logout', { auth: 'none', headers: { 'x-session-id': sessionId } }));
    return sessionId;
  };
  const sessionOf = (
    context: CheckContext,
    map: WeakMap<CheckContext, Promise<string>>,
    open: () => Promise<string>,
  ) => {
    let session = map.get(context);
    if (session === undefined) {
      session = open();
      map.set(context, session);
    }
    return session;
  };

  const newTicket = (context: CheckContext) => {
    counter += 1;
    return {
      productId: `${context.runId}-${counter}`,
      eventName: 'ticketmock verify',
      eventStartDate: '2026-07-10T18:00:00Z',
      eventEndDate: '2026-07-10T23:00:00Z',
      ticketType: 'single',
      ticketName: 'Contract check',
      price: 12.5,
    };
  };
  const remove = (context: CheckContext, productId: string) =>
    context.call(DELETE, { headers: network, json: { productId } });
  /** Creates a ticket for the check, deleted after it. */
  const createTicket = async (context: CheckContext) => {
    const ticket = newTicket(context);
    const created = await context.call(CREATE, { headers: network, json: { ticket } });
    if (created.status !== 200)
      return context.skip(`could not create a ticket to work on (${created.status ?? created.error})`);
    context.defer(() => remove(context, ticket.productId));
    return ticket;
  };

  /** A generated ticket made to follow the rules a schema cannot say, with a price in cents. */
  const realizeTicket = (generated: unknown, productId: string) => {
    const ticket = consistentPurchasableTicket({ ...(generated as Record<string, unknown>), productId });
    if (typeof ticket.price === 'number') ticket.price = Math.round(Math.abs(ticket.price) * 100) / 100;
    return ticket;
  };

  const plans: OperationPlan[] = [
    {
      id: 'auth.login',
      reads: true,
      tenantScoped: false,
      base: async () => ({ json: { email: own.email, password: own.password } }),
      realize: () => ({ email: own.email, password: own.password }),
      async undo(context, exchange) {
        const sessionId = (jsonOf(exchange) as { sessionId?: unknown } | undefined)?.sessionId;
        if (typeof sessionId === 'string')
          await context.call('auth.logout', { auth: 'none', headers: { 'x-session-id': sessionId } });
      },
    },
    { id: 'auth.logout', reads: true, tenantScoped: false, base: async () => ({}) },
    { id: 'auth.check', reads: true, tenantScoped: false, base: async () => ({}) },
    {
      id: CREATE,
      tenantScoped: true,
      base: async (context) => ({ headers: network, json: { ticket: newTicket(context) } }),
      realize(body, context) {
        counter += 1;
        return { ticket: realizeTicket(body.ticket, `${context.runId}-g${counter}`) };
      },
      async undo(context, exchange) {
        const productId = (jsonOf(exchange) as { data?: { ticket?: { productId?: unknown } } } | undefined)?.data
          ?.ticket?.productId;
        if (typeof productId === 'string') await remove(context, productId);
      },
    },
    {
      id: UPDATE,
      tenantScoped: true,
      baseWrites: true,
      async base(context) {
        const ticket = await createTicket(context);
        updated.set(context, ticket.productId);
        return { headers: network, json: { ticket: { ...ticket, eventName: 'updated by ticketmock verify' } } };
      },
      // generated tickets keep the productId of the ticket the base request made
      realize: (body, context) => ({ ticket: realizeTicket(body.ticket, updated.get(context) ?? '') }),
    },
    {
      id: DELETE,
      tenantScoped: true,
      baseWrites: true,
      baseOnly: true,
      async base(context) {
        const ticket = await createTicket(context);
        return { headers: network, json: { productId: ticket.productId } };
      },
    },
    { id: LIST, reads: true, tenantScoped: true, base: async () => ({ headers: network, json: {} }) },
    { id: 'rpc.discover', reads: true, tenantScoped: false, base: async () => ({ json: {} }) },
  ];

  /** The status, and on an error the `error.code` that mirrors it (API-NOTES §3, chosen). */
  const expectAnswer = (
    context: CheckContext,
    exchange: Exchange,
    wanted: number,
    what: string,
    reading: Reading = 'documented',
  ) => {
    if (!expectStatus(context, exchange, [wanted], what, reading)) return false;
    if (wanted >= 400 && errorCode(exchange) !== wanted) {
      context.fail(
        `${what}: error.code ${JSON.stringify(errorCode(exchange))} does not mirror the HTTP status ${wanted}`,
        exchange,
        true,
      );
    }
    return true;
  };
  const listed = async (context: CheckContext) => {
    const exchange = await context.call(LIST, { headers: network, json: {} });
    const tickets = (jsonOf(exchange) as { data?: { tickets?: Array<Record<string, unknown>> } } | undefined)?.data
      ?.tickets;
    return Array.isArray(tickets) ? tickets : [];
  };

  const custom: CheckDefinition[] = [
    {
      check: 'flow:ticket_crud',
      operationId: CREATE,
      effect: 'mutating',
      basis: 'documented',
      stateful: true,
      async run(context) {
        const ticket = newTicket(context);
        const created = await context.call(CREATE, { headers: network, json: { ticket } });
        if (!expectAnswer(context, created, 200, 'creating a ticket')) return;
        context.defer(() => remove(context, ticket.productId));
        expectAnswer(
          context,
          await context.call(CREATE, { headers: network, json: { ticket } }),
          409,
          'creating the same productId again',
          'inferred',
        );
        const changed = { ...ticket, eventName: 'renamed', price: 20 };
        const updated = await context.call(UPDATE, { headers: network, json: { ticket: changed } });
        if (expectAnswer(context, updated, 200, 'updating it')) {
          const echoed = (jsonOf(updated) as { data?: { ticket?: { eventName?: unknown } } } | undefined)?.data?.ticket;
          if (echoed?.eventName !== 'renamed')
            context.fail('the update answer does not hold the new eventName', updated);
        }
        const found = (await listed(context)).find((item) => item.productId === ticket.productId);
        if (found === undefined) context.fail(`ticket ${ticket.productId} is not listed after create`);
        else if (found.eventName !== 'renamed' || found.price !== 20)
          context.fail('the listed ticket does not show the update');
        expectAnswer(context, await remove(context, ticket.productId), 200, 'deleting it');
        expectAnswer(context, await remove(context, ticket.productId), 404, 'deleting it again', 'status');
      },
    },
    {
      check: 'use_after_free',
      operationId: UPDATE,
      effect: 'mutating',
      basis: 'inferred',
      stateful: true,
      async run(context) {
        const ticket = await createTicket(context);
        expectAnswer(context, await remove(context, ticket.productId), 200, 'deleting a ticket');
        expectAnswer(
          context,
          await context.call(UPDATE, { headers: network, json: { ticket } }),
          404,
          'updating the deleted ticket',
          'status',
        );
        if ((await listed(context)).some((item) => item.productId === ticket.productId)) {
          context.fail(`deleted ticket ${ticket.productId} is still listed`);
        }
        // a closed session stays closed
        const sessionId = await login(context, own.email, own.password);
        const logout = await context.call('auth.logout', { auth: 'none', headers: { 'x-session-id': sessionId } });
        // `{ empty }` in the vendor's documentation: a JSON object a client's res.json() reads
        if (expectAnswer(context, logout, 200, 'logging out')) {
          const body = jsonOf(logout);
          if (typeof body !== 'object' || body === null || Array.isArray(body))
            context.fail('the logout answer is not a JSON object ({ empty })', logout);
        }
        expectAnswer(
          context,
          await context.call('auth.check', { auth: 'none', headers: { 'x-session-id': sessionId } }),
          401,
          'a session after its logout',
          'status',
        );
      },
    },
    {
      check: 'unknown_resource_rejected',
      operationId: DELETE,
      effect: 'mutating',
      basis: 'inferred',
      stateful: true,
      async run(context) {
        const ticket = { ...newTicket(context), productId: `ZZ${context.runId}-missing` };
        expectAnswer(
          context,
          await context.call(UPDATE, { headers: network, json: { ticket } }),
          404,
          'updating a productId that does not exist',
          'status',
        );
        expectAnswer(
          context,
          await remove(context, ticket.productId),
          404,
          'deleting a productId that does not exist',
          'status',
        );
      },
    },
    {
      check: 'flow:network_selection',
      operationId: LIST,
      effect: 'safe',
      basis: 'inferred',
      // the answers depend on the server's sessions and roles
      stateful: true,
      async run(context) {
        const named = await context.call(LIST, { headers: network, json: {} });
        expectAnswer(context, named, 200, 'listing with X-Network naming the own network', 'documented');
        const both = { ...network, 'x-network-id': own.network };
        expectAnswer(
          context,
          await context.call(LIST, { headers: both, json: {} }),
          200,
          'X-Network and X-Network-Id the same',
        );
        const clash = { ...network, 'x-network-id': `ZZ${context.runId}-network` };
        expectAnswer(
          context,
          await context.call(LIST, { headers: clash, json: {} }),
          400,
          'X-Network and X-Network-Id naming different networks',
        );
        // another tenant's user does not manage this network: X-Network must not be ignored
        if (own.otherToken === undefined && own.otherLogin === undefined) return;
        expectAnswer(
          context,
          await context.call(LIST, { auth: 'other', headers: network, json: {} }),
          403,
          "another tenant's user with X-Network naming this network",
          'documented',
        );
      },
    },
    {
      check: 'ignored_auth',
      operationId: 'auth.login',
      effect: 'safe',
      basis: 'documented',
      stateful: true,
      async run(context) {
        const wrong = await context.call('auth.login', {
          json: { email: own.email, password: `wrong-${context.runId}` },
        });
        expectAnswer(context, wrong, 401, 'logging in with a wrong password');
      },
    },
    ...spec.operations
      .filter((operation) => operation.statuses.includes('429'))
      .map(
        (operation): CheckDefinition => ({
          check: 'rate_limit_conformance',
          operationId: operation.id,
          effect: 'safe',
          basis: 'inferred',
          stateful: true,
          // Bursts requests a conforming server refuses until it answers 429: params that are
          // an array, which Go's encoding/json cannot read into a struct (400). An unknown
          // member no longer serves: Go ignores it (docs/decisions/008).
          async run(context) {
            const burst = options.burst ?? 0;
            if (burst <= 0) return context.skip('pass --burst <n> to send n rapid requests and look for the 429');
            const refused = { headers: network, json: [] };
            let limited: Exchange | undefined;
            let sent = 0;
            const worker = async () => {
              while (limited === undefined && sent < burst) {
                sent += 1;
                const exchange = await context.call(operation.id, refused);
                if (exchange.status === 429) limited ??= exchange;
                else if (exchange.status !== 400)
                  context.fail(
                    `${operation.id} in a burst: expected 400 or 429, got ${exchange.status ?? exchange.error}`,
                    exchange,
                  );
              }
            };
            await Promise.all(Array.from({ length: 8 }, worker));
            if (limited === undefined) return context.skip(`no 429 within ${burst} requests`);
            if (errorCode(limited) !== 705)
              context.fail(
                `the 429's error.code is ${JSON.stringify(errorCode(limited))}, not 705 (too frequent request)`,
                limited,
              );
          },
        }),
      ),
  ];

  return {
    name: 'adminserver',
    spec,
    async authHeaders(context, mode, operationId) {
      if (mode === 'none' || operationId === 'auth.login' || operationId === 'rpc.discover') return {};
      if (mode === 'invalid') return { 'x-session-id': `not-a-session-${context.runId}` };
      if (mode === 'other') {
        if (own.otherToken !== undefined) return { 'x-session-id': own.otherToken };
        const other = own.otherLogin;
        if (other === undefined) return context.skip('no second tenant: pass --other-token (a session id)');
        return {
          'x-session-id': await sessionOf(context, otherSessions, () => login(context, other.email, other.password)),
        };
      }
      return { 'x-session-id': await sessionOf(context, sessions, () => login(context, own.email, own.password)) };
    },
    async statelessEvidence(context) {
      const exchange = await context.call('auth.login', {
        json: { email: own.email, password: `wrong-${context.runId}` },
      });
      return successEvidence(exchange, `a login with a wrong password`);
    },
    checks: [...genericChecks(spec, plans), ...custom],
  };
}
