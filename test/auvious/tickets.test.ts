/**
 * Auvious tickets and tokens over time (src/handlers/auvious/rules.ts): the expiry instant
 * itself, what a client reads of a ticket, the record a new ticket gets, and how long the
 * tokens it is exchanged for live. Complements test/auvious/rules.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { TicketRecord } from '../../src/handlers/auvious/model.ts';
import {
  CLIENT_TOKEN_SECONDS,
  CUSTOMER_TOKEN_SECONDS,
  customerTokenSeconds,
  DEFAULT_TTL_SECONDS,
  dashedId,
  EVENT_MINUTES,
  exchangeable,
  isExpired,
  isoAt,
  newTicket,
  ticketView,
  tokenExpired,
  transition,
  updatedTicket,
} from '../../src/handlers/auvious/rules.ts';

const T0 = '2026-05-01T10:00:00.000Z';
const T0_MS = Date.parse(T0);
const EXPIRES = '2026-05-01T14:00:00.000Z';
const EXPIRES_MS = Date.parse(EXPIRES);

const ticket = (change: Partial<TicketRecord> = {}): TicketRecord => ({
  id: 'vug-yyt',
  organizationId: 'demo-org',
  type: 'MULTI_USE_TICKET',
  properties: { conference_id: 'c-1' },
  createdAt: T0,
  expiresAt: EXPIRES,
  disabled: null,
  revoked: null,
  userId: 'ticket-vug-yyt',
  version: 3,
  ...change,
});

describe('a ticket at exactly expiresAt', () => {
  it('reads expired: true from that instant on, and false a millisecond before', () => {
    expect(ticketView(ticket(), EXPIRES_MS - 1).expired).toBe(false);
    expect(ticketView(ticket(), EXPIRES_MS).expired).toBe(true);
    expect(ticketView(ticket(), EXPIRES_MS + 1).expired).toBe(true);
    expect(isExpired(ticket(), EXPIRES_MS)).toBe(true);
  });

  it('can no longer be exchanged at that instant', () => {
    expect(exchangeable(ticket(), EXPIRES_MS - 1)).toEqual({ ok: true, value: ticket() });
    expect(exchangeable(ticket(), EXPIRES_MS)).toEqual({ ok: false, error: 'EXPIRED' });
  });

  it('gives a customer token that lives to the second before, and at least one second', () => {
    expect(customerTokenSeconds(ticket(), EXPIRES_MS - 90_500)).toBe(90);
    expect(customerTokenSeconds(ticket(), EXPIRES_MS - 1_000)).toBe(1);
    expect(customerTokenSeconds(ticket(), EXPIRES_MS - 500)).toBe(1);
    expect(customerTokenSeconds(ticket(), EXPIRES_MS - CUSTOMER_TOKEN_SECONDS * 1000 - 1000)).toBe(14_400);
  });
});

describe('tokens', () => {
  it('an issued token has run out from its expiresAt on; a demo token (expiresAt null) never does', () => {
    expect(tokenExpired({ expiresAt: EXPIRES }, EXPIRES_MS - 1)).toBe(false);
    expect(tokenExpired({ expiresAt: EXPIRES }, EXPIRES_MS)).toBe(true);
    expect(tokenExpired({ expiresAt: null }, Number.MAX_SAFE_INTEGER)).toBe(false);
  });

  it('live an hour (client credentials) and four hours at most (customers)', () => {
    expect([CLIENT_TOKEN_SECONDS, CUSTOMER_TOKEN_SECONDS, DEFAULT_TTL_SECONDS, EVENT_MINUTES]).toEqual([
      3600, 14_400, 14_400, 30,
    ]);
  });
});

describe('what a client reads of a ticket', () => {
  it('is every field of the record, with expired as of now', () => {
    const record = ticket({ disabled: T0, revoked: EXPIRES });
    expect(ticketView(record, T0_MS)).toEqual({
      createdAt: T0,
      disabled: T0,
      expired: false,
      expiresAt: EXPIRES,
      id: 'vug-yyt',
      organizationId: 'demo-org',
      properties: { conference_id: 'c-1' },
      revoked: EXPIRES,
      type: 'MULTI_USE_TICKET',
      userId: 'ticket-vug-yyt',
      version: 3,
    });
  });
});

describe('a new ticket', () => {
  it('is created now, enabled, unrevoked, version 0, its user named after it, living its ttl', () => {
    const made = newTicket({
      id: 'k3x-q7m',
      callerOrganizationId: 'demo-org',
      organizationId: 'demo-org',
      type: 'SCHEDULE_TICKET',
      properties: { scheduled_date: '2026-06-01T09:30:00Z' },
      ttl: 90,
      nowMs: T0_MS + 250,
    });
    expect(made).toEqual({
      ok: true,
      value: {
        id: 'k3x-q7m',
        organizationId: 'demo-org',
        type: 'SCHEDULE_TICKET',
        properties: { scheduled_date: '2026-06-01T09:30:00Z' },
        createdAt: '2026-05-01T10:00:00.250Z',
        expiresAt: '2026-05-01T10:01:30.250Z',
        disabled: null,
        revoked: null,
        userId: 'ticket-k3x-q7m',
        version: 0,
      },
    });
  });

  it.each([
    [true, T0],
    [false, null],
    [undefined, null],
  ])('disabled: %s makes it disabled since %s', (disabled, since) => {
    const made = newTicket({
      id: 'x',
      callerOrganizationId: 'demo-org',
      type: 'MULTI_USE_TICKET',
      properties: {},
      disabled,
      nowMs: T0_MS,
    });
    expect(made.ok && made.value.disabled).toBe(since);
  });
});

describe('changes to a ticket', () => {
  it('a PUT replaces the properties, bumps the version, and keeps the rest', () => {
    const result = updatedTicket(ticket(), { properties: { b: 2 } });
    expect(result).toEqual({ ok: true, value: { ...ticket(), properties: { b: 2 }, version: 4 } });
  });

  it("a PUT may name the ticket's own organisation, and no other", () => {
    expect(updatedTicket(ticket(), { properties: {}, organizationId: 'demo-org' }).ok).toBe(true);
    expect(updatedTicket(ticket(), { properties: {}, organizationId: 'other-org' })).toEqual({
      ok: false,
      error: 'forbidden-organization',
    });
  });

  it('a scheduled ticket keeps a scheduled_date that is text', () => {
    const scheduled = ticket({ type: 'APPOINTMENTS_SCHEDULE_TICKET' });
    expect(updatedTicket(scheduled, { properties: { scheduled_date: 5 } })).toEqual({
      ok: false,
      error: 'scheduled-date-required',
    });
    expect(updatedTicket(ticket(), { properties: {} }).ok).toBe(true);
  });

  it.each([
    ['disable', ticket({ disabled: T0 })],
    ['enable', ticket()],
    ['revoke', ticket({ revoked: T0 })],
  ] as const)('%s on a ticket already so is no change at all: the same record, the same version', (action, from) => {
    const result = transition(from, action, T0_MS + 60_000);
    expect(result.ok && result.value).toBe(from);
  });

  it('a change is stamped with the instant it happens', () => {
    const at = T0_MS + 60_000;
    expect(transition(ticket(), 'disable', at)).toEqual({
      ok: true,
      value: { ...ticket(), disabled: isoAt(at), version: 4 },
    });
    expect(transition(ticket(), 'revoke', at)).toEqual({
      ok: true,
      value: { ...ticket(), revoked: isoAt(at), version: 4 },
    });
    expect(transition(ticket({ disabled: T0 }), 'enable', at)).toEqual({
      ok: true,
      value: { ...ticket(), disabled: null, version: 4 },
    });
  });
});

describe('ids', () => {
  it.each([
    ['', ''],
    ['ab', 'ab'],
    ['vugyyt', 'vug-yyt'],
    ['6u2up4grp', '6u2-up4-grp'],
    ['abcdefg', 'abc-def-g'],
  ])('groups %j by three as %j', (characters, id) => {
    expect(dashedId(characters)).toBe(id);
  });

  it('writes instants as ISO-8601 with milliseconds and Z', () => {
    expect(isoAt(T0_MS + 7)).toBe('2026-05-01T10:00:00.007Z');
  });
});
