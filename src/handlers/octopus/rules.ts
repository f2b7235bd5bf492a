/**
 * Octopus domain rules, pure: data and the current instant in, data or a refusal out
 * (API-NOTES.md §1 [chosen]). No HTTP, no store, no clock object.
 */
import { isoSeconds } from '../../core/clock.js';
import { fail, ok, type Result } from '../../spec/result.js';
import type {
  ApiKeyRecord,
  CreateTicketRequest,
  LocationRecord,
  Service,
  Ticket,
  TicketRecord,
  TicketStatus,
} from './model.js';

/** The default and the largest page (the vendor's example pages by 5000). */
export const MAX_LIMIT = 5000;

/** Letters and digits a guest cannot misread: no 0/o, 1/l/i. */
export const UNAMBIGUOUS = 'abcdefghjkmnpqrstuvwxyz23456789';
export const CREDENTIAL_LENGTH = 6;

/**
 * An ISO-8601 date (midnight UTC: ECMAScript reads a date-only form as UTC) or date-time in
 * epoch milliseconds; NaN for one Date cannot read (a leap second).
 */
export function instantMs(text: string): number {
  return Date.parse(text);
}

const LAST_INSTANT = Date.parse('9999-12-31T23:59:59Z');
/**
 * Whether an instant has a four-digit-year ISO-8601 form: null (no instant) has; NaN has
 * not. Only the end is checked: the schema's date and date-time admit no year before 0000,
 * and every instant here is one of them or later.
 */
const representable = (ms: number | null): boolean => (ms ?? 0) <= LAST_INSTANT;

export type LocationAccess = 'ok' | 'forbidden' | 'not-found';

/**
 * Whether a key may use a Location: a key granted a list sees only those (anything else
 * is 403, existing or not); a key granted all of its customer's Locations gets 403 for
 * another customer's and 404 for one that does not exist.
 */
export function locationAccess(
  key: ApiKeyRecord,
  locationId: string,
  location: LocationRecord | undefined,
): LocationAccess {
  if (key.locations === 'all') {
    if (location === undefined) return 'not-found';
    return location.customerId === key.customerId ? 'ok' : 'forbidden';
  }
  if (!key.locations.includes(locationId)) return 'forbidden';
  return location === undefined ? 'not-found' : 'ok';
}

/**
 * The service id a `service` parameter names: a positive integer, sent as the services
 * list answers it (the JSON number 59219) or as the vendor types the parameter (String(16),
 * `"59219"`, decimal digits without a leading zero). Either names the same service
 * (API-NOTES.md §1, "Readings revised"; docs/decisions/006-octopus-client-fidelity.md).
 */
export function serviceIdOf(service: string | number): number | undefined {
  // a number is read through its text: a positive safe integer's is the same digits
  const text = String(service);
  return /^[1-9][0-9]{0,15}$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : undefined;
}

export interface NewTicket {
  readonly id: number;
  readonly LocationId: string;
  /** The service the request names, if this Location has it. */
  readonly service: Service | undefined;
  readonly request: CreateTicketRequest;
  readonly username: string;
  readonly password: string;
  /** Epoch milliseconds. */
  readonly now: number;
}

/**
 * A new ticket, or the message of its 400. `valid_until` defaults to `start_time` plus
 * the service's `validUntil` seconds (no limit when 0); access ends `expTime` seconds
 * after `start_time` (as if first used then), never after `valid_until`.
 */
export function newTicket(input: NewTicket): Result<TicketRecord, string> {
  const { service, request } = input;
  if (service === undefined || service.deleted === 1 || service.LocationId !== input.LocationId) {
    return fail(`service: ${request.service} is not an existing, non-deleted service of Location ${input.LocationId}`);
  }
  const numusers = request.numusers ?? 1;
  if (service.maxUsers > 0 && numusers > service.maxUsers) {
    return fail(`numusers: must be at most ${service.maxUsers} for service ${service.id}`);
  }
  const start = request.start_time === undefined ? input.now : instantMs(request.start_time);
  const validUntil =
    request.valid_until !== undefined
      ? instantMs(request.valid_until)
      : service.validUntil > 0
        ? start + service.validUntil * 1000
        : null;
  if (!representable(start)) return fail('start_time: not a usable instant');
  if (!representable(validUntil))
    return fail('valid_until: not a usable instant (too far from start_time, or a leap second)');
  if (validUntil !== null && validUntil < start) return fail('valid_until: must not be before start_time');
  const accessEnd = service.expTime > 0 ? start + service.expTime * 1000 : null;
  const expires = accessEnd === null ? validUntil : validUntil === null ? accessEnd : Math.min(accessEnd, validUntil);
  if (!representable(expires)) return fail('start_time: too late for this service');
  const format = request.format ?? 'print';
  return ok({
    id: input.id,
    LocationId: input.LocationId,
    serviceId: service.id,
    username: input.username,
    password: input.password,
    format,
    email: format === 'email' ? (request.email ?? null) : null,
    userId: request.userId ?? null,
    numusers,
    start_time: isoSeconds(start),
    valid_until: validUntil === null ? null : isoSeconds(validUntil),
    expires_at: expires === null ? null : isoSeconds(expires),
    createdAt: isoSeconds(input.now),
  });
}

/**
 * A ticket's status now: `disabled` once its service is deleted (or gone), `expired` from
 * `expires_at` on, else `active`.
 */
export function ticketStatus(ticket: TicketRecord, service: Service | undefined, now: number): TicketStatus {
  if (service === undefined || service.deleted === 1) return 'disabled';
  if (ticket.expires_at !== null && now >= Date.parse(ticket.expires_at)) return 'expired';
  return 'active';
}

export function ticketView(ticket: TicketRecord, service: Service | undefined, now: number): Ticket {
  return { ...ticket, status: ticketStatus(ticket, service, now) };
}

export interface TicketFilter {
  readonly service?: string | undefined;
  readonly status?: TicketStatus | undefined;
  /** Created at or after this instant (epoch milliseconds). */
  readonly from?: number | undefined;
  /** Created before this instant (epoch milliseconds). */
  readonly to?: number | undefined;
}

export function hasFilter(filter: TicketFilter): boolean {
  return Object.values(filter).some((value) => value !== undefined);
}

export function matchesFilter(ticket: Ticket, filter: TicketFilter): boolean {
  const created = Date.parse(ticket.createdAt);
  return (
    (filter.service === undefined || String(ticket.serviceId) === filter.service) &&
    (filter.status === undefined || ticket.status === filter.status) &&
    (filter.from === undefined || created >= filter.from) &&
    (filter.to === undefined || created < filter.to)
  );
}

export interface Pagination {
  readonly offset: number;
  readonly limit: number;
  readonly rows: number;
  readonly pages: number;
  readonly currentPage: number;
}

/** `rows` is the total count; the current page is the one `offset` falls in. */
export function pagination(rows: number, offset: number, limit: number): Pagination {
  return { offset, limit, rows, pages: Math.ceil(rows / limit), currentPage: Math.floor(offset / limit) + 1 };
}
