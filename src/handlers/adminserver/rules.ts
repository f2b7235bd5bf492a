/**
 * Adminserver domain rules, pure (API-NOTES.md §3 [chosen]): the ticket rules the
 * schema cannot say, RBAC, sessions and ordering.
 */
import { fail, ok, type Result } from '../../spec/result.js';
import type {
  AssignmentRecord,
  PurchasableTicket,
  PurchasableTicketInput,
  RoleRecord,
  SessionRecord,
  TicketRecord,
} from './model.js';

/** How long a session lives after login. */
export const SESSION_SECONDS = 86_400;
const SESSION_MS = SESSION_SECONDS * 1000;
export const MANAGE = 'network.manage';
export const SESSION_COOKIE = 'sessionId';

/**
 * The network a call acts in (API-NOTES.md §3 [chosen]): `X-Network` (the admin RPC
 * documentation's header) or `X-Network-Id` (the client-side twin's), the same network if
 * both are sent; else the session's preferred network.
 */
export function chosenNetwork(
  xNetwork: string | undefined,
  xNetworkId: string | undefined,
  preferredNetworkId: string,
): Result<string, string> {
  if (xNetwork !== undefined && xNetworkId !== undefined && xNetwork !== xNetworkId) {
    return fail(
      `X-Network ${JSON.stringify(xNetwork)} and X-Network-Id ${JSON.stringify(xNetworkId)} name different networks`,
    );
  }
  return ok(xNetwork ?? xNetworkId ?? preferredNetworkId);
}

/** The RBAC target of a network. */
export const networkTarget = (networkId: string): string => `/${networkId}`;

/** Whether a role held on `held` reaches `target`: the same path, or an ancestor of it. */
export function covers(held: string, target: string): boolean {
  // the root `/` needs no case of its own: every target starts with it
  if (held === target) return true;
  return target.startsWith(held.endsWith('/') ? held : `${held}/`);
}

/** Whether the user holds `permission` on `target` through any of their roles (`roleOf`: a role by id). */
export function hasPermission(
  roleOf: (roleId: string) => RoleRecord | undefined,
  assignments: readonly AssignmentRecord[],
  userId: string,
  permission: string,
  target: string,
): boolean {
  return assignments.some(
    (assignment) =>
      assignment.userId === userId &&
      covers(assignment.target, target) &&
      roleOf(assignment.roleId)?.permissions.includes(permission) === true,
  );
}

/** `days:<n>of<m>` needs 1 ≤ n ≤ m (the schema's pattern checks only the shape). */
export function validTicketType(ticketType: string): boolean {
  if (ticketType === 'single') return true;
  const match = /^days:([1-9][0-9]*)of([1-9][0-9]*)$/.exec(ticketType);
  // BigInt: Number() rounds past 2^53 and makes Infinity of long digit runs, letting n > m through
  return match !== null && BigInt(match[1] as string) <= BigInt(match[2] as string);
}

/** At most two decimals (cents), read through the decimal text of the number. */
export function hasCents(price: number): boolean {
  if (!Number.isFinite(price)) return false;
  const text = String(price);
  // the exponent form is a whole number from 1e21 up, or a fraction below 1e-6
  if (/e/i.test(text)) return Number.isInteger(price);
  return !/\.\d{3}/.test(text);
}

/**
 * A ticket as stored, from a client's input: the rules beyond the schema checked, the
 * optional fields left out or `null` defaulted to empty (Go's zero values: `encoding/json`
 * leaves a field as it is for `null`), and members the vendor does not list dropped
 * (docs/decisions/008-adminserver-client-fidelity.md).
 */
export function ticketFromInput(input: PurchasableTicketInput, networkId: string): Result<TicketRecord, string> {
  if (!validTicketType(input.ticketType)) {
    return fail('ticket.ticketType: must be single or days:<n>of<m> with 1 <= n <= m');
  }
  const start = Date.parse(input.eventStartDate);
  const end = Date.parse(input.eventEndDate);
  if (!Number.isFinite(start)) return fail('ticket.eventStartDate: not a usable instant');
  if (!Number.isFinite(end)) return fail('ticket.eventEndDate: not a usable instant');
  if (end < start) return fail('ticket.eventEndDate: must not be before eventStartDate');
  if (!hasCents(input.price)) return fail('ticket.price: at most two decimals');
  return ok({
    productId: input.productId,
    eventName: input.eventName,
    eventStartDate: input.eventStartDate,
    eventEndDate: input.eventEndDate,
    ticketType: input.ticketType,
    ticketName: input.ticketName,
    ticketDescription: input.ticketDescription ?? '',
    price: input.price,
    thumbnailId: input.thumbnailId ?? '',
    discount: input.discount ?? '',
    grants: (input.grants ?? []).map((grant) => ({ grantType: grant.grantType, grantTarget: grant.grantTarget })),
    networkId,
  });
}

/** The API's view of a stored ticket. */
export function ticketView(record: TicketRecord): PurchasableTicket {
  const { networkId: _networkId, ...ticket } = record;
  return ticket;
}

/** Ordered by `eventStartDate` (as instants), then `productId`. */
export function compareTickets(a: PurchasableTicket, b: PurchasableTicket): number {
  const byStart = Date.parse(a.eventStartDate) - Date.parse(b.eventStartDate);
  if (byStart !== 0) return byStart;
  return a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0;
}

/** When a session opened at `nowMs` ends, in milliseconds. */
export const sessionEndMs = (nowMs: number): number => nowMs + SESSION_MS;

/** Whether the session has ended at `nowMs` (its end instant included). */
export function sessionExpired(session: SessionRecord, nowMs: number): boolean {
  return nowMs >= Date.parse(session.expiresAt);
}

/** The value of cookie `name` in a Cookie header, if any. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  // Stryker disable next-line StringLiteral: any text without `name=` holds no such cookie
  const cookies = header ?? '';
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
