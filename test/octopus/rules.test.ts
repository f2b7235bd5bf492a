import { describe, expect, it } from 'vitest';
import type { ApiKeyRecord, LocationRecord, Service, TicketRecord } from '../../src/handlers/octopus/model.ts';
import {
  hasFilter,
  instantMs,
  locationAccess,
  matchesFilter,
  newTicket,
  pagination,
  serviceIdOf,
  type TicketFilter,
  ticketStatus,
  ticketView,
  UNAMBIGUOUS,
} from '../../src/handlers/octopus/rules.ts';
import { OCTOPUS_SERVICE } from '../seeds/seed-bodies.ts';

const NOW = Date.parse('2026-05-01T10:00:00.000Z');
const HOME = '28XXX004';

/** The vendor's example service, "Ticket - 1 Hora" (the seed's own, test/seeds/), with changes. */
const service = (change: Partial<Service> = {}): Service => ({
  ...OCTOPUS_SERVICE,
  LocationId: HOME,
  type: { ...OCTOPUS_SERVICE.type },
  ...change,
});

const ticket = (change: Partial<TicketRecord> = {}): TicketRecord => ({
  id: 1_000_001,
  LocationId: HOME,
  serviceId: 59219,
  username: 'k7mq4x',
  password: 'r9tz3w',
  format: 'print',
  email: null,
  userId: null,
  numusers: 1,
  start_time: '2026-05-01T10:00:00Z',
  valid_until: '2026-10-28T10:00:00Z',
  expires_at: '2026-05-01T11:00:00Z',
  createdAt: '2026-05-01T10:00:00Z',
  ...change,
});

const make = (request: Partial<Parameters<typeof newTicket>[0]['request']> = {}, of: Service | undefined) =>
  newTicket({
    id: 1_000_049,
    LocationId: HOME,
    service: of,
    request: { service: '59219', ...request },
    username: 'abcdef',
    password: 'ghjkmn',
    now: NOW,
  });

describe('UNAMBIGUOUS', () => {
  it('holds no character a guest could misread', () => {
    expect(UNAMBIGUOUS).not.toMatch(/[01ilo]/);
  });
});

describe('locationAccess', () => {
  const listed: ApiKeyRecord = { key: 'k1', customerId: 'demo-customer', locations: [HOME] };
  const all: ApiKeyRecord = { key: 'k2', customerId: 'other-customer', locations: 'all' };
  const home: LocationRecord = { LocationId: HOME, customerId: 'demo-customer', name: 'Hotel' };
  const camping: LocationRecord = { LocationId: '28XXX099', customerId: 'other-customer', name: 'Camping' };
  const sibling: LocationRecord = { LocationId: '28XXX005', customerId: 'demo-customer', name: 'Hotel 2' };
  it.each([
    ['a listed key, a granted existing Location', listed, HOME, home, 'ok'],
    ['a listed key, a granted Location that does not exist', listed, HOME, undefined, 'not-found'],
    ['a listed key, its customer’s ungranted Location', listed, '28XXX005', sibling, 'forbidden'],
    ['a listed key, another customer’s Location', listed, '28XXX099', camping, 'forbidden'],
    ['a listed key, an unknown Location', listed, '28ZZZ999', undefined, 'forbidden'],
    ['an all-Locations key, its customer’s Location', all, '28XXX099', camping, 'ok'],
    ['an all-Locations key, another customer’s Location', all, HOME, home, 'forbidden'],
    ['an all-Locations key, an unknown Location', all, '28ZZZ999', undefined, 'not-found'],
  ] as const)('%s: %s', (_, key, id, location, expected) => {
    expect(locationAccess(key, id, location)).toBe(expected);
  });
});

describe('serviceIdOf', () => {
  it.each([
    ['59219', 59219],
    ['1', 1],
    ['9007199254740991', 9_007_199_254_740_991],
    ['1234567890123456', 1_234_567_890_123_456],
    ['0', undefined],
    ['059219', undefined],
    ['-1', undefined],
    ['+1', undefined],
    ['1.5', undefined],
    ['1e3', undefined],
    [' 1', undefined],
    ['1 ', undefined],
    ['0x10', undefined],
    ['abc', undefined],
    ['', undefined],
    ['１２', undefined],
    ['9007199254740992', undefined],
    ['12345678901234567', undefined],
  ])('reads %j as %s', (text, expected) => {
    expect(serviceIdOf(text)).toBe(expected);
  });

  // the number a client copies from the services list names the same service as its text
  it.each([
    [59219, 59219],
    [1, 1],
    [9_007_199_254_740_991, 9_007_199_254_740_991],
    [0, undefined],
    [-59219, undefined],
    [59219.5, undefined],
    [9_007_199_254_740_992, undefined],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
  ])('reads the number %s as %s', (id, expected) => {
    expect(serviceIdOf(id)).toBe(expected);
  });

  it.each(['59219', '1', '9007199254740991'])('reads %s as a string and as a number alike', (text) => {
    expect(serviceIdOf(Number(text))).toBe(serviceIdOf(text));
  });
});

describe('instantMs', () => {
  it.each([
    ['2026-05-01', Date.UTC(2026, 4, 1)],
    ['2026-05-01T10:00:00Z', Date.UTC(2026, 4, 1, 10)],
    ['2026-05-01T12:00:00+02:00', Date.UTC(2026, 4, 1, 10)],
    ['2026-05-01T10:00:00.250Z', Date.UTC(2026, 4, 1, 10, 0, 0, 250)],
    ['9999-12-31', Date.UTC(9999, 11, 31)],
  ])('reads %s', (text, expected) => {
    expect(instantMs(text)).toBe(expected);
  });

  it.each(['2016-12-31T23:59:60Z', 'not a date'])('gives NaN for %s', (text) => {
    expect(instantMs(text)).toBeNaN();
  });
});

describe('newTicket', () => {
  it('fills the defaults: now, print, one user, validUntil and expTime of the service', () => {
    expect(make({}, service())).toEqual({
      ok: true,
      value: {
        id: 1_000_049,
        LocationId: HOME,
        serviceId: 59219,
        username: 'abcdef',
        password: 'ghjkmn',
        format: 'print',
        email: null,
        userId: null,
        numusers: 1,
        start_time: '2026-05-01T10:00:00Z',
        valid_until: '2026-10-28T10:00:00Z',
        expires_at: '2026-05-01T11:00:00Z',
        createdAt: '2026-05-01T10:00:00Z',
      },
    });
  });

  it('writes instants to the second, milliseconds cut', () => {
    const made = newTicket({
      id: 1,
      LocationId: HOME,
      service: service(),
      request: { service: '59219' },
      username: 'a',
      password: 'b',
      now: NOW + 999,
    });
    expect(made.ok && made.value).toMatchObject({
      start_time: '2026-05-01T10:00:00Z',
      createdAt: '2026-05-01T10:00:00Z',
    });
  });

  it.each([
    [
      'a date-only start_time at midnight UTC',
      { start_time: '2026-05-03' },
      {},
      { start_time: '2026-05-03T00:00:00Z', valid_until: '2026-10-30T00:00:00Z', expires_at: '2026-05-03T01:00:00Z' },
    ],
    [
      'an offset start_time in UTC',
      { start_time: '2026-05-03T12:00:00+02:00' },
      {},
      { start_time: '2026-05-03T10:00:00Z', expires_at: '2026-05-03T11:00:00Z' },
    ],
    [
      'valid_until before the access ends: expires_at clamped to it',
      { valid_until: '2026-05-01T10:20:00Z' },
      {},
      { valid_until: '2026-05-01T10:20:00Z', expires_at: '2026-05-01T10:20:00Z' },
    ],
    [
      'valid_until equal to start_time',
      { valid_until: '2026-05-01T10:00:00Z' },
      {},
      { valid_until: '2026-05-01T10:00:00Z', expires_at: '2026-05-01T10:00:00Z' },
    ],
    [
      'a date-only valid_until',
      { start_time: '2026-05-02T08:00:00Z', valid_until: '2026-05-03' },
      {},
      { valid_until: '2026-05-03T00:00:00Z', expires_at: '2026-05-02T09:00:00Z' },
    ],
    [
      'expTime 0: expires_at = valid_until',
      {},
      { expTime: 0, validUntil: 30 * 86_400 },
      { valid_until: '2026-05-31T10:00:00Z', expires_at: '2026-05-31T10:00:00Z' },
    ],
    [
      'expTime 0 with an explicit valid_until',
      { valid_until: '2026-06-01' },
      { expTime: 0 },
      { valid_until: '2026-06-01T00:00:00Z', expires_at: '2026-06-01T00:00:00Z' },
    ],
    [
      'validUntil 0 and no valid_until: no limit, access by expTime',
      {},
      { validUntil: 0 },
      { valid_until: null, expires_at: '2026-05-01T11:00:00Z' },
    ],
    [
      'validUntil 0 and expTime 0: both unlimited',
      {},
      { validUntil: 0, expTime: 0 },
      { valid_until: null, expires_at: null },
    ],
    [
      'validUntil 0 with an explicit valid_until',
      { valid_until: '2026-05-01T10:30:00Z' },
      { validUntil: 0 },
      { valid_until: '2026-05-01T10:30:00Z', expires_at: '2026-05-01T10:30:00Z' },
    ],
    [
      'format email: the address kept',
      { format: 'email', email: 'guest@hotel.test' },
      {},
      { format: 'email', email: 'guest@hotel.test' },
    ],
    [
      'format email without an address (the seed documents none)',
      { format: 'email' },
      {},
      { format: 'email', email: null },
    ],
    ['the service as a number', { service: 59219 }, {}, { serviceId: 59219 }],
    [
      'format print: an address dropped',
      { format: 'print', email: 'guest@hotel.test' },
      {},
      { format: 'print', email: null },
    ],
    ['no format: print, an address dropped', { email: 'guest@hotel.test' }, {}, { format: 'print', email: null }],
    ['a userId', { userId: 'room-204' }, {}, { userId: 'room-204' }],
    ['numusers equal to maxUsers', { numusers: 3 }, { maxUsers: 3 }, { numusers: 3 }],
    ['any numusers when maxUsers is 0', { numusers: 1000 }, { maxUsers: 0 }, { numusers: 1000 }],
    [
      'both instants at the last second of 9999',
      { start_time: '9999-12-31T23:59:59Z', valid_until: '9999-12-31T23:59:59Z' },
      {},
      { start_time: '9999-12-31T23:59:59Z', valid_until: '9999-12-31T23:59:59Z', expires_at: '9999-12-31T23:59:59Z' },
    ],
  ] as const)('with %s', (_, request, serviceChange, expected) => {
    const made = make(request, service(serviceChange));
    expect(made.ok).toBe(true);
    if (made.ok) expect(made.value).toMatchObject(expected);
  });

  const notOffered = `service: 59219 is not an existing, non-deleted service of Location ${HOME}`;
  it.each([
    ['no such service', {}, undefined, notOffered],
    [
      'no such service, named by a number',
      { service: 99999 },
      undefined,
      `service: 99999 is not an existing, non-deleted service of Location ${HOME}`,
    ],
    ['a deleted service', {}, service({ deleted: 1 }), notOffered],
    ['another Location’s service', {}, service({ LocationId: '28XXX099' }), notOffered],
    ['numusers over maxUsers', { numusers: 2 }, service(), 'numusers: must be at most 1 for service 59219'],
    [
      'valid_until before start_time',
      { start_time: '2026-05-02T10:00:00Z', valid_until: '2026-05-02T09:59:59Z' },
      service(),
      'valid_until: must not be before start_time',
    ],
    ['valid_until before now', { valid_until: '2026-05-01' }, service(), 'valid_until: must not be before start_time'],
    ['a leap-second start_time', { start_time: '2016-12-31T23:59:60Z' }, service(), 'start_time: not a usable instant'],
    [
      'a leap-second valid_until',
      { valid_until: '2026-06-30T23:59:60Z' },
      service(),
      'valid_until: not a usable instant (too far from start_time, or a leap second)',
    ],
    [
      'a default valid_until past 9999',
      { start_time: '9999-12-31T00:00:00Z' },
      service(),
      'valid_until: not a usable instant (too far from start_time, or a leap second)',
    ],
    [
      'an access end past 9999, without validUntil',
      { start_time: '9999-12-31T23:30:00Z' },
      service({ validUntil: 0 }),
      'start_time: too late for this service',
    ],
  ] as const)('refuses %s', (_, request, of, error) => {
    expect(make(request, of)).toEqual({ ok: false, error });
  });
});

describe('ticketStatus', () => {
  const at = (iso: string) => Date.parse(iso);
  it.each([
    ['no service', ticket(), undefined, NOW, 'disabled'],
    ['a deleted service, before expiry', ticket(), service({ deleted: 1 }), NOW, 'disabled'],
    ['a deleted service, after expiry', ticket(), service({ deleted: 1 }), at('2026-06-01T00:00:00Z'), 'disabled'],
    ['before expires_at', ticket(), service(), at('2026-05-01T10:59:59.999Z'), 'active'],
    ['exactly at expires_at', ticket(), service(), at('2026-05-01T11:00:00Z'), 'expired'],
    ['after expires_at', ticket(), service(), at('2026-05-01T11:00:01Z'), 'expired'],
    ['no expires_at, far later', ticket({ expires_at: null }), service(), at('9999-01-01T00:00:00Z'), 'active'],
    [
      'before start_time',
      ticket({ start_time: '2026-06-01T00:00:00Z', expires_at: '2026-06-01T01:00:00Z' }),
      service(),
      NOW,
      'active',
    ],
  ] as const)('%s: %s', (_, record, of, now, expected) => {
    expect(ticketStatus(record, of, now)).toBe(expected);
  });

  it('is what ticketView adds to the record', () => {
    expect(ticketView(ticket(), service(), at('2026-05-01T11:00:00Z'))).toEqual({ ...ticket(), status: 'expired' });
    expect(ticketView(ticket(), service(), NOW)).toEqual({ ...ticket(), status: 'active' });
  });
});

describe('ticket filters', () => {
  const view = { ...ticket(), status: 'active' as const };
  /** The filter as the handler builds it from the query: its instants in epoch milliseconds. */
  const filterOf = ({ from, to, ...rest }: { from?: string; to?: string } & Omit<TicketFilter, 'from' | 'to'>) => ({
    ...rest,
    ...(from === undefined ? {} : { from: instantMs(from) }),
    ...(to === undefined ? {} : { to: instantMs(to) }),
  });
  it.each([
    ['no filter', {}, true],
    ['its service', { service: '59219' }, true],
    ['another service', { service: '59220' }, false],
    ['a zero-padded service', { service: '059219' }, false],
    ['its status', { status: 'active' }, true],
    ['another status', { status: 'expired' }, false],
    ['from its creation (inclusive)', { from: '2026-05-01T10:00:00Z' }, true],
    ['from a second later', { from: '2026-05-01T10:00:01Z' }, false],
    ['from its day (date-only)', { from: '2026-05-01' }, true],
    ['to its creation (exclusive)', { to: '2026-05-01T10:00:00Z' }, false],
    ['to a second later', { to: '2026-05-01T10:00:01Z' }, true],
    ['to its day (date-only, midnight)', { to: '2026-05-01' }, false],
    ['to an offset instant after it', { to: '2026-05-01T12:00:01+02:00' }, true],
    ['from and to around it', { from: '2026-05-01T09:00:00Z', to: '2026-05-01T11:00:00Z' }, true],
    ['all four matching', { service: '59219', status: 'active', from: '2026-05-01', to: '2026-05-02' }, true],
    ['all four but the status', { service: '59219', status: 'disabled', from: '2026-05-01', to: '2026-05-02' }, false],
  ] as const)('%s matches: %s', (_, filter, expected) => {
    expect(matchesFilter(view, filterOf(filter))).toBe(expected);
  });

  it.each([
    [{}, false],
    [{ service: undefined, status: undefined, from: undefined, to: undefined }, false],
    [{ service: '59219' }, true],
    [{ status: 'disabled' as const }, true],
    [{ from: instantMs('2026-05-01') }, true],
    [{ to: instantMs('2026-05-01') }, true],
    [{ from: 0 }, true],
  ] satisfies Array<[TicketFilter, boolean]>)('hasFilter(%j) is %s', (filter, expected) => {
    expect(hasFilter(filter)).toBe(expected);
  });
});

describe('pagination', () => {
  it.each([
    [0, 0, 5000, 0, 1],
    [0, 10, 5, 0, 3],
    [1, 0, 5000, 1, 1],
    [9, 0, 5000, 1, 1],
    [9, 4, 4, 3, 2],
    [9, 8, 4, 3, 3],
    [8, 4, 4, 2, 2],
    [10, 5, 5, 2, 2],
    [10, 3, 5, 2, 1],
    [5000, 0, 5000, 1, 1],
    [5001, 5000, 5000, 2, 2],
    [12, 0, 1, 12, 1],
    [12, 11, 1, 12, 12],
  ])('%i rows from offset %i by %i: %i pages, current %i', (rows, offset, limit, pages, currentPage) => {
    expect(pagination(rows, offset, limit)).toEqual({ offset, limit, rows, pages, currentPage });
  });
});
