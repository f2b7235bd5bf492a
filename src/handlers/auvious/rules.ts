/**
 * Auvious domain rules, pure: data and the current instant in, data or a typed failure
 * out (API-NOTES.md §2 [chosen]). No HTTP, no store, no clock object.
 */
import { fail, ok, type Result } from '../../spec/result.js';
import type { Ticket, TicketRecord, TicketType, TokenRecord } from './model.js';

export const DEFAULT_TTL_SECONDS = 14_400;
export const DEFAULT_LENGTH = 6;
/** How long a client-credentials token lives. */
export const CLIENT_TOKEN_SECONDS = 3_600;
/** How long a customer token lives at most (and never past its ticket). */
export const CUSTOMER_TOKEN_SECONDS = 14_400;
/** An event lasts this long in the calendar. */
export const EVENT_MINUTES = 30;

/** Every type whose name contains `SINGLE_USE` is deleted by its first exchange. */
export function isSingleUse(type: TicketType): boolean {
  return type.includes('SINGLE_USE');
}

/** The types that need `properties.scheduled_date`. */
export function isScheduled(type: TicketType): boolean {
  return type.includes('SCHEDULE');
}

/** Whether a token has run out at `nowMs` (the demo tokens never do: `expiresAt` null). */
export function tokenExpired(token: Pick<TokenRecord, 'expiresAt'>, nowMs: number): boolean {
  return token.expiresAt !== null && Date.parse(token.expiresAt) <= nowMs;
}

/**
 * A ticket id from `length` random lower-case letters and digits, in groups of three
 * joined by dashes as the vendor's real links show (`vug-yyt`, `6u2-up4-grp`).
 */
export function dashedId(characters: string): string {
  return characters.match(/.{1,3}/g)?.join('-') ?? characters;
}

/** `length` as the id's length: 0 (an absent Java int) and absent mean the default. */
export function idLength(length: number | undefined): number {
  return length === undefined || length === 0 ? DEFAULT_LENGTH : length;
}

/** An instant in milliseconds as the API writes it (ISO-8601, `Z`). */
export const isoAt = (ms: number): string => new Date(ms).toISOString();

export interface NewTicket {
  readonly id: string;
  readonly callerOrganizationId: string;
  readonly organizationId?: string | undefined;
  readonly type: TicketType;
  readonly properties: Record<string, unknown>;
  readonly ttl?: number | undefined;
  readonly disabled?: boolean | undefined;
  readonly nowMs: number;
}

/** A new ticket record; another organisation than the caller's is refused. */
export function newTicket(input: NewTicket): Result<TicketRecord, 'forbidden-organization'> {
  const organizationId = input.organizationId ?? input.callerOrganizationId;
  if (organizationId !== input.callerOrganizationId) return fail('forbidden-organization');
  const now = isoAt(input.nowMs);
  return ok({
    id: input.id,
    organizationId,
    type: input.type,
    properties: input.properties,
    createdAt: now,
    expiresAt: isoAt(input.nowMs + (input.ttl ?? DEFAULT_TTL_SECONDS) * 1000),
    disabled: input.disabled === true ? now : null,
    revoked: null,
    userId: `ticket-${input.id}`,
    version: 0,
  });
}

export function isExpired(ticket: TicketRecord, nowMs: number): boolean {
  return nowMs >= Date.parse(ticket.expiresAt);
}

/** The API's view of a ticket at `nowMs`. */
export function ticketView(ticket: TicketRecord, nowMs: number): Ticket {
  return {
    createdAt: ticket.createdAt,
    disabled: ticket.disabled,
    expired: isExpired(ticket, nowMs),
    expiresAt: ticket.expiresAt,
    id: ticket.id,
    organizationId: ticket.organizationId,
    properties: ticket.properties,
    revoked: ticket.revoked,
    type: ticket.type,
    userId: ticket.userId,
    version: ticket.version,
  };
}

/**
 * `PUT`: properties replaced; organizationId only if it is the caller's; version + 1. A
 * scheduled type keeps needing `scheduled_date` (API-NOTES §2): the replacement must hold it.
 */
export function updatedTicket(
  ticket: TicketRecord,
  change: { properties: Record<string, unknown>; organizationId?: string | undefined },
): Result<TicketRecord, 'forbidden-organization' | 'scheduled-date-required'> {
  if (change.organizationId !== undefined && change.organizationId !== ticket.organizationId) {
    return fail('forbidden-organization');
  }
  if (isScheduled(ticket.type) && typeof change.properties.scheduled_date !== 'string') {
    return fail('scheduled-date-required');
  }
  return ok({ ...ticket, properties: change.properties, version: ticket.version + 1 });
}

export type Transition = 'disable' | 'enable' | 'revoke';

/**
 * disable / enable / revoke. Revoking is final: a revoked ticket can be neither enabled
 * nor disabled (409), and revoking again changes nothing. A change bumps `version`;
 * a no-op (disabling a disabled ticket) does not.
 */
export function transition(ticket: TicketRecord, action: Transition, nowMs: number): Result<TicketRecord, 'revoked'> {
  const now = isoAt(nowMs);
  if (action === 'revoke') {
    return ok(ticket.revoked !== null ? ticket : { ...ticket, revoked: now, version: ticket.version + 1 });
  }
  if (ticket.revoked !== null) return fail('revoked');
  if (action === 'disable') {
    return ok(ticket.disabled !== null ? ticket : { ...ticket, disabled: now, version: ticket.version + 1 });
  }
  return ok(ticket.disabled === null ? ticket : { ...ticket, disabled: null, version: ticket.version + 1 });
}

export type ExchangeFailure = 'NOT_FOUND' | 'REVOKED' | 'DISABLED' | 'EXPIRED';

/**
 * Whether a ticket may be exchanged for a customer token now. Revoked wins over disabled,
 * disabled over expired. A scheduled ticket may be exchanged before its time (the
 * waiting room handles early arrivals).
 */
export function exchangeable(ticket: TicketRecord | undefined, nowMs: number): Result<TicketRecord, ExchangeFailure> {
  if (ticket === undefined) return fail('NOT_FOUND');
  if (ticket.revoked !== null) return fail('REVOKED');
  if (ticket.disabled !== null) return fail('DISABLED');
  if (isExpired(ticket, nowMs)) return fail('EXPIRED');
  return ok(ticket);
}

/** Seconds a customer token from this ticket lives: up to 4 h, never past the ticket. */
export function customerTokenSeconds(ticket: TicketRecord, nowMs: number): number {
  const left = Math.floor((Date.parse(ticket.expiresAt) - nowMs) / 1000);
  return Math.max(1, Math.min(CUSTOMER_TOKEN_SECONDS, left));
}

export interface CalendarEvent {
  readonly uid: string;
  readonly start: string;
  readonly end: string;
  readonly joinUrl: string;
  readonly stamp: string;
}

/** The event of a ticket: at `scheduled_date` (else `createdAt`), 30 minutes long. */
export function calendarEvent(ticket: TicketRecord, origin: string, nowMs: number): CalendarEvent {
  const scheduled = ticket.properties.scheduled_date;
  const startMs =
    typeof scheduled === 'string' && Number.isFinite(Date.parse(scheduled))
      ? Date.parse(scheduled)
      : Date.parse(ticket.createdAt);
  return {
    uid: ticket.id,
    start: isoAt(startMs),
    end: isoAt(startMs + EVENT_MINUTES * 60_000),
    joinUrl: `${origin}/t/${encodeURIComponent(ticket.id)}`,
    stamp: isoAt(nowMs),
  };
}

/** `20260601T093000Z`, iCalendar's UTC DATE-TIME form. */
export function icsInstant(iso: string): string {
  // toISOString has one `.sssZ`, at its end
  return new Date(Date.parse(iso))
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z/, 'Z');
}

/** TEXT escaping of RFC 5545 §3.3.11. */
function icsText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

const encoder = new TextEncoder();

/** Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** An RFC 5545 VCALENDAR with one VEVENT, CRLF line ends, folded lines. */
export function icsCalendar(event: CalendarEvent): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//ticketmock//Auvious mock//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${icsText(event.uid)}`,
    `DTSTAMP:${icsInstant(event.stamp)}`,
    `DTSTART:${icsInstant(event.start)}`,
    `DTEND:${icsInstant(event.end)}`,
    'SUMMARY:Video call',
    `DESCRIPTION:${icsText(`Join the video call: ${event.joinUrl}`)}`,
    `URL:${event.joinUrl}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

/** The add-event page of Google Calendar or Outlook for the event. */
export function providerUrl(provider: 'google' | 'outlook', event: CalendarEvent): string {
  if (provider === 'google') {
    const query = new URLSearchParams({
      action: 'TEMPLATE',
      text: 'Video call',
      dates: `${icsInstant(event.start)}/${icsInstant(event.end)}`,
      details: `Join the video call: ${event.joinUrl}`,
      location: event.joinUrl,
    });
    return `https://calendar.google.com/calendar/render?${query}`;
  }
  const query = new URLSearchParams({
    path: '/calendar/action/compose',
    rru: 'addevent',
    subject: 'Video call',
    startdt: event.start,
    enddt: event.end,
    body: `Join the video call: ${event.joinUrl}`,
    location: event.joinUrl,
  });
  return `https://outlook.live.com/calendar/0/deeplink/compose?${query}`;
}
