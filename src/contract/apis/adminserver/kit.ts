/**
 * What Adminserver's plans and checks share (API-NOTES.md §3): the credentials and network,
 * a session per check (logged out after it), the tickets a check creates (deleted after
 * it), and how they read its `{data}` / `{error}` answers.
 */
import { adminserverDocument } from '../../../generated/adminserver.document.js';
import { type CheckContext, expectStatus, type Reading } from '../../check.js';
import { jsonOf } from '../../client.js';
import { adminserverCredentials, type Credentials } from '../../credentials.js';
import { type ApiSpec, loadSpec } from '../../spec.js';
import type { Exchange } from '../../types.js';

export const CREATE = 'ticket.createPurchasableTicket';
export const UPDATE = 'ticket.updatePurchasableTicket';
export const DELETE = 'ticket.deletePurchasableTicket';
export const LIST = 'ticket.getPurchasableTickets';

export const errorCode = (exchange: Exchange): unknown =>
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

/** The ticket the suite creates. */
export interface SuiteTicket {
  readonly productId: string;
  readonly eventName: string;
  readonly eventStartDate: string;
  readonly eventEndDate: string;
  readonly ticketType: string;
  readonly ticketName: string;
  readonly price: number;
}

export interface AdminserverKit {
  readonly own: ReturnType<typeof adminserverCredentials>;
  readonly spec: ApiSpec;
  /** The header that names the network (the vendor's admin RPC documentation's, API-NOTES.md §3). */
  readonly network: { readonly 'x-network': string };
  /** Logs in (a session for this check alone) and logs out after it; skips the check when login fails. */
  login(context: CheckContext, email: string, password: string): Promise<string>;
  /** The check's session of the given kind, logged in once. */
  sessionOf(context: CheckContext, kind: 'own' | 'other', open: () => Promise<string>): Promise<string>;
  /** A new ticket with a productId unique to this run. */
  newTicket(context: CheckContext): SuiteTicket;
  /** A fresh productId unique to this run, with a tag (`g` for generated bodies). */
  nextProductId(context: CheckContext, tag?: string): string;
  remove(context: CheckContext, productId: string): Promise<Exchange>;
  /** Creates a ticket for the check, deleted after it; skips the check when creation fails. */
  createTicket(context: CheckContext): Promise<SuiteTicket>;
  /** The tickets of the network. */
  listed(context: CheckContext): Promise<Array<Record<string, unknown>>>;
  /** The status, and on an error the `error.code` that mirrors it (API-NOTES §3, chosen). */
  expectAnswer(context: CheckContext, exchange: Exchange, wanted: number, what: string, reading?: Reading): boolean;
}

export function adminserverKit(credentials: Credentials): AdminserverKit {
  const own = adminserverCredentials(credentials);
  const network = { 'x-network': own.network };
  const sessions = {
    own: new WeakMap<CheckContext, Promise<string>>(),
    other: new WeakMap<CheckContext, Promise<string>>(),
  };
  const nextProductId = (context: CheckContext, tag = '') => context.name(tag);
  const newTicket = (context: CheckContext): SuiteTicket => ({
    productId: nextProductId(context),
    eventName: 'ticketmock verify',
    eventStartDate: '2026-07-10T18:00:00Z',
    eventEndDate: '2026-07-10T23:00:00Z',
    ticketType: 'single',
    ticketName: 'Contract check',
    price: 12.5,
  });
  const remove = (context: CheckContext, productId: string) =>
    context.call(DELETE, { headers: network, json: { productId } });
  return {
    own,
    spec: loadSpec(adminserverDocument, 'adminserver'),
    network,
    async login(context, email, password) {
      const exchange = await context.call('auth.login', { json: { email, password } });
      const sessionId = (jsonOf(exchange) as { sessionId?: unknown } | undefined)?.sessionId;
      if (exchange.status !== 200 || typeof sessionId !== 'string') {
        return context.skip(`could not log in as ${email} (${exchange.status ?? exchange.error})`);
      }
      context.defer(() => context.call('auth.logout', { auth: 'none', headers: { 'x-session-id': sessionId } }));
      return sessionId;
    },
    sessionOf(context, kind, open) {
      const map = sessions[kind];
      let session = map.get(context);
      if (session === undefined) {
        session = open();
        map.set(context, session);
      }
      return session;
    },
    newTicket,
    nextProductId,
    remove,
    async createTicket(context) {
      const ticket = newTicket(context);
      const created = await context.call(CREATE, { headers: network, json: { ticket } });
      if (created.status !== 200)
        return context.skip(`could not create a ticket to work on (${created.status ?? created.error})`);
      context.defer(() => remove(context, ticket.productId));
      return ticket;
    },
    async listed(context) {
      const exchange = await context.call(LIST, { headers: network, json: {} });
      const tickets = (jsonOf(exchange) as { data?: { tickets?: Array<Record<string, unknown>> } } | undefined)?.data
        ?.tickets;
      return Array.isArray(tickets) ? tickets : [];
    },
    expectAnswer(context, exchange, wanted, what, reading = 'documented') {
      if (!expectStatus(context, exchange, [wanted], what, reading)) return false;
      if (wanted >= 400 && errorCode(exchange) !== wanted) {
        context.fail(
          `${what}: error.code ${JSON.stringify(errorCode(exchange))} does not mirror the HTTP status ${wanted}`,
          exchange,
          true,
        );
      }
      return true;
    },
  };
}
