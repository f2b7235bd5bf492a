import { describe, expect, it } from 'vitest';
import type { MockRequest } from '../../src/core/http.ts';
import { ADMINSERVER_ASSIGNMENTS, ADMINSERVER_ROLES, ADMINSERVER_USERS } from '../../src/fixtures/adminserver.ts';
import { adminserverError, rpcError } from '../../src/handlers/adminserver/errors.ts';
import type { PurchasableTicket, PurchasableTicketInput, SessionRecord } from '../../src/handlers/adminserver/model.ts';
import {
  compareTickets,
  cookieValue,
  covers,
  hasCents,
  hasPermission,
  MANAGE,
  networkTarget,
  sessionExpired,
  ticketFromInput,
  ticketView,
  validTicketType,
} from '../../src/handlers/adminserver/rules.ts';

const input = (change: Partial<PurchasableTicketInput> = {}): PurchasableTicketInput => ({
  productId: 'p-1',
  eventName: 'Summer Fest 2026',
  eventStartDate: '2026-07-10T18:00:00Z',
  eventEndDate: '2026-07-10T23:00:00Z',
  ticketType: 'single',
  ticketName: 'Entry ticket',
  price: 19.99,
  ...change,
});
const ticket = (productId: string, eventStartDate: string): PurchasableTicket => ({
  productId,
  eventName: 'e',
  eventStartDate,
  eventEndDate: '2027-01-01T00:00:00Z',
  ticketType: 'single',
  ticketName: 'n',
  ticketDescription: '',
  price: 1,
  thumbnailId: '',
  discount: '',
  grants: [],
});

describe('networkTarget', () => {
  it('is the network id under /', () => {
    expect(networkTarget('demo-network')).toBe('/demo-network');
  });
});

describe('covers', () => {
  it.each([
    ['/demo-network', '/demo-network', true],
    ['/', '/demo-network', true],
    ['/', '/', true],
    ['/demo-network', '/demo-network/rooms', true],
    ['/demo-network/', '/demo-network/rooms', true],
    ['/demo-network', '/demo-network/rooms/lobby', true],
    ['/demo', '/demo-network', false],
    ['/demo-network', '/demo-networks', false],
    ['/demo-network/rooms', '/demo-network', false],
    ['/other-network', '/demo-network', false],
    ['/demo-network', '/', false],
    ['/Demo-Network', '/demo-network', false],
  ])('a role held on %s covers %s: %s', (held, target, expected) => {
    expect(covers(held, target)).toBe(expected);
  });
});

describe('hasPermission', () => {
  const roleOf = (roleId: string) => ADMINSERVER_ROLES.find((role) => role.roleId === roleId);
  const userId = (email: string) => ADMINSERVER_USERS.find((user) => user.email === email)?.userId ?? '';
  it.each([
    ['admin@demo.test', 'network.manage', '/demo-network', true],
    ['admin@demo.test', 'network.view', '/demo-network', true],
    ['admin@demo.test', 'network.manage', '/demo-network/rooms', true],
    ['admin@demo.test', 'network.manage', '/other-network', false],
    ['admin@demo.test', 'network.view', '/other-network', true],
    ['admin@demo.test', 'ticket.purchase', '/other-network', true],
    ['admin@demo.test', 'network.manage', '/', false],
    ['member@demo.test', 'network.manage', '/demo-network', false],
    ['member@demo.test', 'network.view', '/demo-network', true],
    ['member@demo.test', 'network.view', '/other-network', false],
    ['admin@other.test', 'network.manage', '/other-network', true],
    ['admin@other.test', 'network.manage', '/demo-network', false],
    ['nobody@demo.test', 'network.view', '/demo-network', false],
    ['admin@demo.test', 'network.delete', '/demo-network', false],
  ])('%s holds %s on %s: %s', (email, permission, target, expected) => {
    expect(hasPermission(roleOf, ADMINSERVER_ASSIGNMENTS, userId(email), permission, target)).toBe(expected);
  });

  it('reaches every network through a role held on /', () => {
    const assignments = [{ userId: 'root', roleId: 'network.admin', target: '/' }];
    expect(hasPermission(roleOf, assignments, 'root', MANAGE, '/any-network')).toBe(true);
    expect(hasPermission(roleOf, assignments, 'someone-else', MANAGE, '/any-network')).toBe(false);
  });

  it('gives nothing through a role that does not exist', () => {
    const assignments = [{ userId: 'u', roleId: 'ghost.role', target: '/' }];
    expect(hasPermission(roleOf, assignments, 'u', MANAGE, '/demo-network')).toBe(false);
  });
});

describe('validTicketType', () => {
  it.each(
    [
      ['single', true],
      ['days:1of1', true],
      ['days:1of3', true],
      ['days:3of3', true],
      ['days:9of10', true],
      ['days:10of10', true],
      ['days:4of3', false],
      ['days:10of9', false],
      ['days:0of3', false],
      ['days:1of0', false],
      ['days:01of3', false],
      ['days:-1of3', false],
      ['days:1of3 ', false],
      ['days:1of3\n', false],
      ['days:1.5of3', false],
      ['days:of3', false],
      ['Single', false],
      ['weekly', false],
      ['', false],
      // beyond 2^53 Number() rounds both sides to 9007199254740992
      ['days:9007199254740993of9007199254740992', false],
      ['days:9007199254740992of9007199254740993', true],
      // beyond 1e308 Number() makes both sides Infinity
      [`days:${'9'.repeat(400)}of${'9'.repeat(399)}8`, false],
      [`days:${'9'.repeat(399)}8of${'9'.repeat(400)}`, true],
      [`days:1of${'9'.repeat(400)}`, true],
    ].map(([ticketType, expected]) => {
      const text = ticketType as string;
      return [
        text.length > 48 ? `${text.slice(0, 16)}…${text.slice(-16)} (${text.length} chars)` : text,
        text,
        expected,
      ];
    }),
  )('%s is valid: %s', (_, ticketType, expected) => {
    expect(validTicketType(ticketType as string)).toBe(expected);
  });
});

describe('hasCents', () => {
  it.each([
    [19.99, true],
    [0.1, true],
    [0, true],
    [100, true],
    [1.1, true],
    [49.9, true],
    [1e21, true],
    [1.5e21, true],
    [1.234, false],
    [1.005, false],
    [0.001, false],
    [0.000001, false],
    [1.5e-7, false],
    [5e-324, false],
    [0.30000000000000004, false],
    [0.1 + 0.2, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
    [Number.NEGATIVE_INFINITY, false],
    // the sign is the schema's business (minimum 0), not this rule's
    [-19.99, true],
  ])('%d has at most two decimals: %s', (price, expected) => {
    expect(hasCents(price)).toBe(expected);
  });
});

describe('ticketFromInput', () => {
  it('defaults the optional fields to empty and records the network', () => {
    expect(ticketFromInput(input(), 'demo-network')).toEqual({
      ok: true,
      value: {
        ...input(),
        ticketDescription: '',
        thumbnailId: '',
        discount: '',
        grants: [],
        networkId: 'demo-network',
      },
    });
  });

  it('keeps every given field, and copies the grants', () => {
    const grants = [{ grantType: 'userRole' as const, grantTarget: 'attendee:/events/x' }];
    const full = input({ ticketDescription: 'd', thumbnailId: 'res-1', discount: '20% off', grants });
    const made = ticketFromInput(full, 'other-network');
    expect(made).toEqual({ ok: true, value: { ...full, networkId: 'other-network' } });
    if (made.ok) expect(made.value.grants[0]).not.toBe(grants[0]);
  });

  it('drops members a grant should not have', () => {
    const extra = { grantType: 'userRole', grantTarget: 'a:b', extra: 1 };
    const grants = [extra] as unknown as NonNullable<PurchasableTicketInput['grants']>;
    const made = ticketFromInput(input({ grants }), 'demo-network');
    expect(made.ok && made.value.grants).toEqual([{ grantType: 'userRole', grantTarget: 'a:b' }]);
  });

  it.each([
    ['days:4of3', { ticketType: 'days:4of3' }, 'ticket.ticketType: must be single or days:<n>of<m> with 1 <= n <= m'],
    ['weekly', { ticketType: 'weekly' }, 'ticket.ticketType: must be single or days:<n>of<m> with 1 <= n <= m'],
    ['an unusable start', { eventStartDate: '2026-06-30T23:59:60Z' }, 'ticket.eventStartDate: not a usable instant'],
    ['an unusable end', { eventEndDate: 'soon' }, 'ticket.eventEndDate: not a usable instant'],
    [
      'an end before the start',
      { eventEndDate: '2026-07-10T17:59:59Z' },
      'ticket.eventEndDate: must not be before eventStartDate',
    ],
    [
      'an end before the start in another offset',
      { eventEndDate: '2026-07-10T19:00:00+02:00' },
      'ticket.eventEndDate: must not be before eventStartDate',
    ],
    ['price 1.234', { price: 1.234 }, 'ticket.price: at most two decimals'],
    ['price NaN', { price: Number.NaN }, 'ticket.price: at most two decimals'],
    // the first refusal wins: type, then dates, then price
    [
      'a bad type and a bad price',
      { ticketType: 'days:2of1', price: 1.234 },
      'ticket.ticketType: must be single or days:<n>of<m> with 1 <= n <= m',
    ],
    [
      'a bad end and a bad price',
      { eventEndDate: '2026-01-01T00:00:00Z', price: 1.234 },
      'ticket.eventEndDate: must not be before eventStartDate',
    ],
  ])('refuses %s', (_, change, error) => {
    expect(ticketFromInput(input(change), 'demo-network')).toEqual({ ok: false, error });
  });

  it.each([
    ['an end equal to the start', { eventEndDate: '2026-07-10T18:00:00Z' }],
    ['the same instant in another offset', { eventEndDate: '2026-07-10T20:00:00+02:00' }],
    ['price 0', { price: 0 }],
    ['days:3of3', { ticketType: 'days:3of3' }],
  ])('accepts %s', (_, change) => {
    expect(ticketFromInput(input(change), 'demo-network').ok).toBe(true);
  });
});

describe('ticketView', () => {
  it('answers the ticket without its network', () => {
    const made = ticketFromInput(input(), 'demo-network');
    if (!made.ok) throw new Error(made.error);
    const view = ticketView(made.value);
    expect(view).not.toHaveProperty('networkId');
    expect(view).toEqual({ ...input(), ticketDescription: '', thumbnailId: '', discount: '', grants: [] });
  });
});

describe('compareTickets', () => {
  it.each([
    ['an earlier start first', ticket('b', '2026-07-10T18:00:00Z'), ticket('a', '2026-07-11T18:00:00Z'), -1],
    ['a later start last', ticket('a', '2026-07-11T18:00:00Z'), ticket('b', '2026-07-10T18:00:00Z'), 1],
    ['the same start: by productId', ticket('a', '2026-07-10T18:00:00Z'), ticket('b', '2026-07-10T18:00:00Z'), -1],
    ['productIds by code unit', ticket('B', '2026-07-10T18:00:00Z'), ticket('a', '2026-07-10T18:00:00Z'), -1],
    [
      'the same instant in two offsets',
      ticket('b', '2026-07-10T20:00:00+02:00'),
      ticket('a', '2026-07-10T18:00:00Z'),
      1,
    ],
    ['instants, not text', ticket('a', '2026-07-10T19:00:00+02:00'), ticket('b', '2026-07-10T18:00:00Z'), -1],
    ['equal tickets', ticket('a', '2026-07-10T18:00:00Z'), ticket('a', '2026-07-10T18:00:00.000Z'), 0],
  ])('puts %s', (_, a, b, sign) => {
    expect(Math.sign(compareTickets(a, b))).toBe(sign);
    expect(Math.sign(compareTickets(b, a))).toBe(-sign || 0);
  });

  it('sorts a list by start, then productId', () => {
    const sorted = [
      ticket('c', '2026-07-10T18:00:00Z'),
      ticket('late', '2027-01-01T00:00:00Z'),
      ticket('a', '2026-07-10T18:00:00Z'),
      ticket('offset', '2026-07-10T19:00:00+03:00'),
    ].sort(compareTickets);
    expect(sorted.map((t) => t.productId)).toEqual(['offset', 'a', 'c', 'late']);
  });
});

describe('sessionExpired', () => {
  const session: SessionRecord = {
    sessionId: 'a'.repeat(32),
    userId: 'user-admin',
    createdAt: '2026-05-01T10:00:00Z',
    expiresAt: '2026-05-02T10:00:00Z',
  };
  const end = Date.parse(session.expiresAt);
  it.each([
    ['at login', Date.parse(session.createdAt), false],
    ['a millisecond before expiresAt', end - 1, false],
    ['at expiresAt', end, true],
    ['after expiresAt', end + 1, true],
  ])('is expired %s: %s', (_, nowMs, expected) => {
    expect(sessionExpired(session, nowMs)).toBe(expected);
  });
});

describe('cookieValue', () => {
  it.each([
    ['sessionId=abc', 'abc'],
    ['a=1; sessionId=abc; b=2', 'abc'],
    ['a=1;sessionId=abc', 'abc'],
    ['  sessionId = abc  ', 'abc'],
    ['sessionId=first; sessionId=second', 'first'],
    ['sessionId=a=b', 'a=b'],
    ['sessionId=', ''],
    ['sessionIdX=abc', undefined],
    ['XsessionId=abc', undefined],
    ['sessionid=abc', undefined],
    ['other=sessionId=abc', undefined],
    ['sessionId', undefined],
    ['=abc', undefined],
    ['a=1; b=2', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('reads %j as %j', (header, expected) => {
    expect(cookieValue(header, 'sessionId')).toBe(expected);
  });
});

describe('errors', () => {
  const request = (path: string): MockRequest => ({
    method: 'POST',
    path,
    query: new URLSearchParams(),
    headers: {},
    body: undefined,
    origin: 'http://adminserver.test',
  });

  it.each([
    [400, 400],
    [401, 401],
    [403, 403],
    [404, 404],
    [409, 409],
    [413, 413],
    [429, 705],
  ])('rpcError(%i) answers that HTTP status with error.code %i', (status, code) => {
    expect(rpcError(status, 'why')).toEqual({ status, json: { error: { status: true, code, message: 'why' } } });
  });

  it.each([
    ['/jsonRpc/ticket.nope', 'method not found: ticket.nope'],
    ['/jsonRpc/ticket%2Enope', 'method not found: ticket.nope'],
    ['/jsonRpc/%ZZ', 'method not found: %ZZ'],
    ['/jsonRpc/', 'method not found: '],
    ['/auth/nope', 'no route'],
    ['/jsonRpcX/ticket.nope', 'no route'],
  ])('names an unknown method under /jsonRpc/ only: %s', (path, message) => {
    expect(adminserverError(404, 'no route', request(path))).toEqual({
      status: 404,
      json: { error: { status: true, code: 404, message } },
    });
  });

  it('keeps the engine’s message for other statuses, and 705 for 429', () => {
    expect(adminserverError(405, 'GET is not allowed', request('/jsonRpc/ticket.nope'))).toEqual({
      status: 405,
      json: { error: { status: true, code: 405, message: 'GET is not allowed' } },
    });
    expect(adminserverError(429, 'too frequent request', request('/jsonRpc/ticket.getPurchasableTickets'))).toEqual({
      status: 429,
      json: { error: { status: true, code: 705, message: 'too frequent request' } },
    });
  });
});
