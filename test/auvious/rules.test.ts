import { describe, expect, it } from 'vitest';
import type { TicketRecord } from '../../src/handlers/auvious/model.ts';
import {
  calendarEvent,
  customerTokenSeconds,
  exchangeable,
  foldLine,
  icsCalendar,
  icsInstant,
  idLength,
  isScheduled,
  isSingleUse,
  newTicket,
  transition,
  updatedTicket,
} from '../../src/handlers/auvious/rules.ts';

const NOW = '2026-05-01T10:00:00.000Z';
const NOW_MS = Date.parse(NOW);
const ticket = (change: Partial<TicketRecord> = {}): TicketRecord => ({
  id: 'abc-123',
  organizationId: 'demo-org',
  type: 'MULTI_USE_TICKET',
  properties: {},
  createdAt: NOW,
  expiresAt: '2026-05-01T14:00:00.000Z',
  disabled: null,
  revoked: null,
  userId: 'ticket-abc-123',
  version: 0,
  ...change,
});

describe('ticket types', () => {
  it.each([
    ['SINGLE_USE_TICKET', true, false],
    ['GENESYS_SINGLE_USE_TICKET', true, false],
    ['SINGLE_USE_SCHEDULE_TICKET', true, true],
    ['SINGLE_USE_APPOINTMENTS_SCHEDULE_TICKET', true, true],
    ['MULTI_USE_TICKET', false, false],
    ['GENESYS_MULTI_USE_TICKET', false, false],
    ['SCHEDULE_TICKET', false, true],
    ['APPOINTMENTS_SCHEDULE_TICKET', false, true],
    ['GENESYS_SCHEDULE_TICKET', false, true],
  ] as const)('%s is single-use: %s, scheduled: %s', (type, single, scheduled) => {
    expect(isSingleUse(type)).toBe(single);
    expect(isScheduled(type)).toBe(scheduled);
  });

  it.each([
    [undefined, 6],
    [0, 6],
    [6, 6],
    [9, 9],
  ])('length %s gives an id of %i characters', (length, expected) => {
    expect(idLength(length)).toBe(expected);
  });
});

describe('newTicket', () => {
  it('defaults the organisation to the caller’s and the lifetime to 4 hours', () => {
    const made = newTicket({
      id: 'x',
      callerOrganizationId: 'demo-org',
      type: 'MULTI_USE_TICKET',
      properties: {},
      nowMs: NOW_MS,
    });
    expect(made).toEqual({
      ok: true,
      value: expect.objectContaining({ organizationId: 'demo-org', expiresAt: '2026-05-01T14:00:00.000Z', version: 0 }),
    });
  });

  it('refuses another organisation', () => {
    const made = newTicket({
      id: 'x',
      callerOrganizationId: 'demo-org',
      organizationId: 'other-org',
      type: 'MULTI_USE_TICKET',
      properties: {},
      nowMs: NOW_MS,
    });
    expect(made).toEqual({ ok: false, error: 'forbidden-organization' });
  });
});

describe('updatedTicket', () => {
  it.each([
    [undefined, true],
    ['demo-org', true],
    ['other-org', false],
  ])('with organizationId %s is allowed: %s', (organizationId, allowed) => {
    const result = updatedTicket(ticket(), { properties: { a: 1 }, organizationId });
    expect(result.ok).toBe(allowed);
    if (result.ok) expect(result.value).toMatchObject({ properties: { a: 1 }, version: 1 });
  });

  it.each([
    [{}, false],
    [{ scheduled_date: '2026-06-01T09:30:00Z' }, true],
  ])('keeps a scheduled ticket scheduled: properties %j allowed: %s', (properties, allowed) => {
    const result = updatedTicket(ticket({ type: 'SCHEDULE_TICKET' }), { properties });
    expect(result).toEqual(
      allowed ? expect.objectContaining({ ok: true }) : { ok: false, error: 'scheduled-date-required' },
    );
  });
});

describe('transition', () => {
  const revoked = ticket({ revoked: NOW, version: 1 });
  const disabled = ticket({ disabled: NOW, version: 1 });
  it.each([
    ['disable', ticket(), { ok: true, disabled: NOW, version: 1 }],
    ['disable', disabled, { ok: true, disabled: NOW, version: 1 }],
    ['enable', disabled, { ok: true, disabled: null, version: 2 }],
    ['enable', ticket(), { ok: true, disabled: null, version: 0 }],
    ['revoke', ticket(), { ok: true, revoked: NOW, version: 1 }],
    ['revoke', revoked, { ok: true, revoked: NOW, version: 1 }],
    ['enable', revoked, { ok: false }],
    ['disable', revoked, { ok: false }],
  ] as const)('%s on %j', (action, from, expected) => {
    const result = transition(from, action, NOW_MS);
    expect(result.ok).toBe(expected.ok);
    if (result.ok)
      expect(result.value).toMatchObject(Object.fromEntries(Object.entries(expected).filter(([key]) => key !== 'ok')));
    else expect(result.error).toBe('revoked');
  });
});

describe('exchangeable', () => {
  const later = '2026-05-01T15:00:00.000Z';
  it.each([
    ['no ticket', undefined, NOW, 'NOT_FOUND'],
    ['a revoked and disabled ticket', ticket({ revoked: NOW, disabled: NOW }), NOW, 'REVOKED'],
    ['a disabled ticket', ticket({ disabled: NOW }), NOW, 'DISABLED'],
    ['an expired ticket', ticket(), later, 'EXPIRED'],
    ['a disabled, expired ticket', ticket({ disabled: NOW }), later, 'DISABLED'],
    ['a good ticket', ticket(), NOW, null],
  ])('%s gives %s', (_, subject, now, failure) => {
    const result = exchangeable(subject, Date.parse(now));
    if (failure === null) expect(result.ok).toBe(true);
    else expect(result).toEqual({ ok: false, error: failure });
  });

  it('gives a customer token at most 4 hours, never past the ticket', () => {
    expect(customerTokenSeconds(ticket(), NOW_MS)).toBe(14_400);
    expect(customerTokenSeconds(ticket(), Date.parse('2026-05-01T13:59:00.000Z'))).toBe(60);
    expect(customerTokenSeconds(ticket({ expiresAt: '2026-06-01T00:00:00.000Z' }), NOW_MS)).toBe(14_400);
  });
});

describe('iCalendar', () => {
  it.each([
    ['2026-06-01T09:30:00Z', '20260601T093000Z'],
    ['2026-06-01T09:30:00.123Z', '20260601T093000Z'],
    ['2026-06-01T11:30:00+02:00', '20260601T093000Z'],
  ])('writes %s as %s', (iso, expected) => {
    expect(icsInstant(iso)).toBe(expected);
  });

  it.each([
    ['a short line', 'SUMMARY:Video call', 1],
    ['75 octets exactly', `X:${'a'.repeat(73)}`, 1],
    ['76 octets', `X:${'a'.repeat(74)}`, 2],
    ['200 octets', `X:${'a'.repeat(198)}`, 3],
    ['multi-byte characters', `X:${'€'.repeat(60)}`, 3],
  ])('folds %s into %i line(s) of at most 75 octets, never splitting a character', (_, line, count) => {
    const folded = foldLine(line).split('\r\n');
    expect(folded).toHaveLength(count);
    for (const part of folded) expect(new TextEncoder().encode(part).length).toBeLessThanOrEqual(75);
    expect(folded.map((part, index) => (index === 0 ? part : part.slice(1))).join('')).toBe(line);
  });

  it('starts at scheduled_date when there is one, else createdAt, and lasts 30 minutes', () => {
    const scheduled = calendarEvent(
      ticket({ properties: { scheduled_date: '2026-06-01T09:30:00Z' } }),
      'https://h',
      NOW_MS,
    );
    expect(scheduled).toMatchObject({
      start: '2026-06-01T09:30:00.000Z',
      end: '2026-06-01T10:00:00.000Z',
      joinUrl: 'https://h/t/abc-123',
    });
    expect(calendarEvent(ticket({ properties: { scheduled_date: 'soon' } }), 'https://h', NOW_MS).start).toBe(NOW);
  });

  it('escapes TEXT values and ends every line with CRLF', () => {
    const text = icsCalendar({ uid: 'a;b,c', start: NOW, end: NOW, joinUrl: 'https://h/t/x', stamp: NOW });
    expect(text).toContain('UID:a\\;b\\,c');
    expect(text.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });
});
