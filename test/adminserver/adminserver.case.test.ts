/**
 * Every Adminserver (Roomful) behaviour of API-NOTES.md §3, as one set of cases for any target.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caseTarget, client, T0, type Target, type TargetFactory } from '../helpers/targets.ts';

const ADMIN = { email: 'admin@demo.test', password: 'demo-password' };
const MEMBER = { email: 'member@demo.test', password: 'demo-password' };
const OTHER = { email: 'admin@other.test', password: 'other-password' };
const EXPIRES = '2026-05-02T10:00:00Z'; // T0 + 24 h
const COOKIE_ATTRIBUTES = 'Path=/; HttpOnly; SameSite=Lax';
const OPENRPC = JSON.parse(readFileSync(new URL('../../specs/adminserver.openrpc.json', import.meta.url), 'utf8'));

const CREATE = 'ticket.createPurchasableTicket';
const UPDATE = 'ticket.updatePurchasableTicket';
const DELETE = 'ticket.deletePurchasableTicket';
const LIST = 'ticket.getPurchasableTickets';

const failure = (code: number, message: string) => ({ error: { status: true, code, message } });
const NOT_LOGGED_IN = failure(401, 'not logged in');
const FORBIDDEN_DEMO = failure(403, 'permission network.manage required on /demo-network');
const FORBIDDEN_OTHER = failure(403, 'permission network.manage required on /other-network');
const BAD_TICKET_TYPE = 'ticket.ticketType: must be single or days:<n>of<m> with 1 <= n <= m';
const TICKET_TYPE_PATTERN = 'body.ticket.ticketType: must match pattern "^(single|days:[1-9][0-9]*of[1-9][0-9]*)$"';

/** A ticket with only the required fields. */
const minimal = (productId: string, change: Record<string, unknown> = {}) => ({
  productId,
  eventName: 'Test Event 2026',
  eventStartDate: '2026-07-10T18:00:00Z',
  eventEndDate: '2026-07-10T23:00:00Z',
  ticketType: 'single',
  ticketName: 'Entry ticket',
  price: 10,
  ...change,
});
/** What the server stores for `minimal(…)`: the optional fields defaulted to empty. */
const DEFAULTS = { ticketDescription: '', thumbnailId: '', discount: '', grants: [] };
/** Every field (the spec's example). */
const FESTIVAL_DAY = {
  productId: 'summer-fest-2026-day1',
  eventName: 'Summer Fest 2026',
  eventStartDate: '2026-07-10T18:00:00Z',
  eventEndDate: '2026-07-10T23:00:00Z',
  ticketType: 'days:1of3',
  ticketName: 'Friday ticket',
  ticketDescription: 'Entry on the first day of the festival.',
  price: 19.99,
  thumbnailId: 'res-7f3a2c',
  discount: 'Early bird',
  grants: [{ grantType: 'userRole', grantTarget: 'attendee:/events/summer-fest-2026' }],
};

interface StoredTicket extends Record<string, unknown> {
  productId: string;
  eventStartDate: string;
  networkId: string;
}
interface StoredSession {
  sessionId: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
}

function adminserverCases(factory: TargetFactory): void {
  describe(`Adminserver on the ${factory.name}`, () => {
    let target: Target;
    const api = client(() => target);
    const { call } = api;

    const logIn = (who: { email: string; password: string }) => call('POST', '/auth/login', { json: who });
    /** A new session's id. */
    const login = async (who = ADMIN): Promise<string> => {
      const response = await logIn(who);
      expect(response.status).toBe(200);
      return response.json.sessionId;
    };
    const session = (id: string | undefined): Record<string, string> =>
      id === undefined ? {} : { 'x-session-id': id };
    /** One method under `/jsonRpc/`, with the session in `X-Session-Id`. */
    const rpc = (method: string, id: string | undefined, json?: unknown, headers: Record<string, string> = {}) =>
      call('POST', `/jsonRpc/${method}`, {
        headers: { ...session(id), ...headers },
        ...(json === undefined ? {} : { json }),
      });
    const listed = async (id: string, headers: Record<string, string> = {}): Promise<string[]> => {
      const response = await rpc(LIST, id, {}, headers);
      expect(response.status).toBe(200);
      return response.json.data.tickets.map((ticket: { productId: string }) => ticket.productId);
    };
    const stored = async () =>
      JSON.parse(await api.state()).apis.adminserver as { tickets: StoredTicket[]; sessions: StoredSession[] };
    /** The seeded tickets of a network as the API shows them, in the documented order. */
    const seededView = async (networkId: string) =>
      (await stored()).tickets
        .filter((ticket) => ticket.networkId === networkId)
        .map(({ networkId: _networkId, ...ticket }) => ticket)
        .sort(
          (a, b) =>
            Date.parse(a.eventStartDate) - Date.parse(b.eventStartDate) ||
            (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0),
        );

    beforeAll(async () => {
      target = await factory.start(['adminserver']);
    });
    afterAll(async () => {
      await target.close();
    });
    beforeEach(async () => {
      await call('PUT', '/__mock/faults', { json: {} });
      // In-process, msw keeps a cookie jar like a browser's: a login's Set-Cookie rides on every
      // later request to the origin, and after a reset the reseeded faker hands out the same
      // session ids again. A logout's clearing cookie empties the jar; the reset then wipes the rest.
      await call('POST', '/auth/logout', { headers: session(await login()) });
      await call('POST', '/__mock/reset');
      await call('POST', '/__mock/clock', { json: { now: T0 } });
    });

    describe('auth.login', () => {
      it('answers 200 with the session, and sets it as an HttpOnly cookie', async () => {
        const response = await logIn(ADMIN);
        expect(response.status).toBe(200);
        expect(response.json).toEqual({
          sessionId: expect.stringMatching(/^[0-9a-f]{32}$/),
          userId: 'user-admin',
          preferredNetworkId: 'demo-network',
          preferredNetworkName: 'Demo Network',
          expiresAt: EXPIRES,
        });
        // Readable on both targets: Node's fetch does not filter Set-Cookie out of a Response.
        expect(response.headers.getSetCookie()).toEqual([
          `sessionId=${response.json.sessionId}; ${COOKIE_ATTRIBUTES}; Max-Age=86400`,
        ]);
        expect((await stored()).sessions).toEqual([
          {
            sessionId: response.json.sessionId,
            userId: 'user-admin',
            createdAt: '2026-05-01T10:00:00Z',
            expiresAt: EXPIRES,
          },
        ]);
      });

      it.each([
        ['member@demo.test', MEMBER, 'user-member', 'demo-network', 'Demo Network'],
        ['admin@other.test', OTHER, 'user-other', 'other-network', 'Other Network'],
      ])('logs %s in to the preferred network', async (_, who, userId, networkId, networkName) => {
        const response = await logIn(who);
        expect(response.json).toMatchObject({
          userId,
          preferredNetworkId: networkId,
          preferredNetworkName: networkName,
        });
      });

      it('opens a new session on every login, each one usable', async () => {
        const first = await login();
        const second = await login();
        expect(second).not.toBe(first);
        expect((await call('POST', '/auth/check', { headers: session(first) })).status).toBe(200);
        expect((await call('POST', '/auth/check', { headers: session(second) })).status).toBe(200);
        expect((await stored()).sessions.map((s) => s.sessionId)).toEqual(expect.arrayContaining([first, second]));
      });

      it.each(['ADMIN@DEMO.TEST', 'Admin@Demo.Test'])('reads the email case-insensitively (%s)', async (email) => {
        const response = await logIn({ email, password: ADMIN.password });
        expect(response.status).toBe(200);
        expect(response.json.userId).toBe('user-admin');
      });

      it.each([
        ['a wrong password', { email: ADMIN.email, password: 'wrong-password' }],
        ['another user’s password', { email: ADMIN.email, password: OTHER.password }],
        ['a password in another case', { email: ADMIN.email, password: 'DEMO-PASSWORD' }],
        ['an unknown email', { email: 'nobody@demo.test', password: 'demo-password' }],
      ])('refuses %s with 401, opening no session', async (_, credentials) => {
        const before = await api.state();
        const response = await logIn(credentials);
        expect(response.status).toBe(401);
        expect(response.json).toEqual(failure(401, 'invalid email or password'));
        expect(response.headers.get('set-cookie')).toBeNull();
        expect(await api.state()).toBe(before);
      });

      it.each([
        ['no email', { password: 'demo-password' }, 'body: missing "email"'],
        ['no password', { email: ADMIN.email }, 'body: missing "password"'],
        ['an email without @', { email: 'admin', password: 'x' }, 'body.email: must match format "email"'],
        [
          'an empty password',
          { email: ADMIN.email, password: '' },
          'body.password: must NOT have fewer than 1 characters',
        ],
        ['a number as email', { email: 7, password: 'x' }, 'body.email: must be string'],
      ])('answers 400 to %s', async (_, body, message) => {
        const response = await call('POST', '/auth/login', { json: body });
        expect(response.status).toBe(400);
        expect(response.json).toEqual(failure(400, message));
      });
    });

    describe('sessions', () => {
      it('is found through X-Session-Id: auth.check answers 200 { empty }, a JSON object', async () => {
        const login = await logIn(ADMIN);
        const check = await call('POST', '/auth/check', { headers: session(login.json.sessionId) });
        expect(check.status).toBe(200);
        expect(check.headers.get('content-type')).toMatch(/^application\/json/);
        expect(check.json).toEqual({});
      });

      it.each([
        ['lower-case', 'x-session-id'],
        ['as the docs spell it', 'X-Session-Id'],
        ['upper-case', 'X-SESSION-ID'],
      ])('reads the session header in any case (%s)', async (_, name) => {
        const id = await login();
        expect((await call('POST', '/auth/check', { headers: { [name]: id } })).status).toBe(200);
        expect((await rpc(LIST, undefined, {}, { [name]: id })).status).toBe(200);
      });

      it('is found through the sessionId cookie, among others', async () => {
        const first = await login();
        const second = await login(MEMBER); // in-process, msw's jar now sends this one too, after ours
        for (const cookie of [`sessionId=${first}`, `theme=dark; sessionId=${first}; lang=en`]) {
          // the admin's session, not the member's: only the admin manages demo-network
          const check = await rpc(LIST, undefined, {}, { cookie });
          expect(check.status).toBe(200);
        }
        expect(second).not.toBe(first);
        const tickets = await rpc(LIST, undefined, {}, { cookie: `sessionId=${first}` });
        expect(tickets.status).toBe(200);
      });

      it('prefers X-Session-Id to the cookie', async () => {
        const admin = await login();
        const member = await login(MEMBER);
        // the member's session answers: 403 where the admin's would list
        const list = await rpc(LIST, member, {}, { cookie: `sessionId=${admin}` });
        expect(list.json).toEqual(FORBIDDEN_DEMO);
      });

      it('ends with auth.logout: 200 { empty }, a clearing cookie, and the id stops working at once', async () => {
        const id = await login();
        const kept = await login();
        const logout = await call('POST', '/auth/logout', { headers: session(id) });
        expect(logout.status).toBe(200);
        expect(logout.headers.get('content-type')).toMatch(/^application\/json/);
        // what a client's res.json() reads
        expect(JSON.parse(logout.text)).toEqual({});
        expect(logout.headers.getSetCookie()).toEqual([`sessionId=; ${COOKIE_ATTRIBUTES}; Max-Age=0`]);
        expect((await stored()).sessions.map((s) => s.sessionId)).toEqual([kept]);
        for (const path of ['/auth/check', '/auth/logout', `/jsonRpc/${LIST}`]) {
          const response = await call('POST', path, { headers: session(id) });
          expect(response.status).toBe(401);
          expect(response.json).toEqual(NOT_LOGGED_IN);
        }
        expect((await call('POST', '/auth/check', { headers: session(kept) })).status).toBe(200);
      });

      it.each([
        [86_399, 200],
        [86_400, 401],
        [86_400 * 30, 401],
      ])('after %i s on the clock answers %i (sessions last 24 h)', async (seconds, status) => {
        const id = await login();
        await api.advance(seconds);
        const check = await call('POST', '/auth/check', { headers: session(id) });
        expect(check.status).toBe(status);
        expect((await rpc(LIST, id)).status).toBe(status);
        if (status === 401) expect(check.json).toEqual(NOT_LOGGED_IN);
      });

      it('is sent by the client only: with a session open, a request that names none is not logged in', async () => {
        const id = await login();
        // In-process, msw's cookie jar would replay the login's Set-Cookie as a browser does
        // (the client's doing, not the mock's); a spare session's logout clears that cookie,
        // so that only what the request sends reaches the mock, as on the standalone server.
        const spare = await login();
        expect((await call('POST', '/auth/logout', { headers: session(spare) })).status).toBe(200);
        const response = await call('POST', '/auth/check');
        expect(response.status).toBe(401);
        expect(response.json).toEqual(NOT_LOGGED_IN);
        // the session is still open: the 401 is for the request, not for an ended session
        expect((await call('POST', '/auth/check', { headers: session(id) })).status).toBe(200);
      });
    });

    describe('without a valid session', () => {
      const bodies: Record<string, unknown> = {
        [CREATE]: { ticket: minimal('nope-1') },
        [UPDATE]: { ticket: minimal('nope-1') },
        [DELETE]: { productId: 'nope-1' },
        [LIST]: {},
      };
      const calls = [
        ...Object.entries(bodies).map(([method, body]) => [method, `/jsonRpc/${method}`, body] as const),
        ['auth.check', '/auth/check', undefined] as const,
        ['auth.logout', '/auth/logout', undefined] as const,
      ];
      const credentials = [
        ['no session', {}],
        ['an unknown X-Session-Id', { 'x-session-id': 'f'.repeat(32) }],
        ['an unknown cookie', { cookie: `sessionId=${'0'.repeat(32)}` }],
        ['an empty X-Session-Id', { 'x-session-id': '' }],
      ] as const;

      it.each(
        calls.flatMap(([name, path, body]) => credentials.map(([how, headers]) => [name, how, path, body, headers])),
      )('%s with %s answers 401 not logged in', async (_, __, path, body, headers) => {
        const before = await api.state();
        const response = await call('POST', path as string, {
          headers: headers as Record<string, string>,
          ...(body === undefined ? {} : { json: body }),
        });
        expect(response.status).toBe(401);
        expect(response.json).toEqual(NOT_LOGGED_IN);
        expect(await api.state()).toBe(before);
      });
    });

    describe('networks and permissions', () => {
      it.each([
        [CREATE, { ticket: minimal('member-1') }],
        [UPDATE, { ticket: minimal('member-1') }],
        [DELETE, { productId: 'member-1' }],
        [LIST, {}],
      ])('refuses %s to a member without network.manage with 403', async (method, body) => {
        const id = await login(MEMBER);
        const before = await api.state();
        const response = await rpc(method, id, body);
        expect(response.status).toBe(403);
        expect(response.json).toEqual(FORBIDDEN_DEMO);
        expect(await api.state()).toBe(before);
      });

      it('refuses the demo admin in the network it is only a member of', async () => {
        const id = await login();
        const response = await rpc(LIST, id, {}, { 'x-network-id': 'other-network' });
        expect(response.status).toBe(403);
        expect(response.json).toEqual(FORBIDDEN_OTHER);
        const create = await rpc(CREATE, id, { ticket: minimal('x-1') }, { 'x-network-id': 'other-network' });
        expect(create.json).toEqual(FORBIDDEN_OTHER);
      });

      it.each([
        ['an unknown network', 'nope-network'],
        ['a path below its own network', 'demo-network/rooms'],
        ['an empty id', ''],
      ])('refuses the admin %s with 403', async (_, networkId) => {
        const id = await login();
        const before = await api.state();
        for (const [method, body] of [
          [LIST, {}],
          [CREATE, { ticket: minimal('x-1') }],
          [DELETE, { productId: 'x-1' }],
        ] as const) {
          const response = await rpc(method, id, body, { 'x-network-id': networkId });
          expect(response.status).toBe(403);
          expect(response.json).toEqual(failure(403, `permission network.manage required on /${networkId}`));
        }
        expect(await api.state()).toBe(before);
      });

      it('keeps a network id below the admin’s own from reaching its tickets', async () => {
        // `demo-network/rooms` + `t-1` would make the same store key as `demo-network` + `rooms/t-1`
        const id = await login();
        expect((await rpc(CREATE, id, { ticket: minimal('rooms/t-1') })).status).toBe(200);
        const before = await api.state();
        const below = { 'x-network-id': 'demo-network/rooms' };
        const forbidden = failure(403, 'permission network.manage required on /demo-network/rooms');
        expect((await rpc(UPDATE, id, { ticket: minimal('t-1', { price: 1 }) }, below)).json).toEqual(forbidden);
        expect((await rpc(DELETE, id, { productId: 't-1' }, below)).json).toEqual(forbidden);
        expect((await rpc(CREATE, id, { ticket: minimal('t-1') }, below)).json).toEqual(forbidden);
        expect(await api.state()).toBe(before);
        expect(await listed(id)).toContain('rooms/t-1');
      });

      it('lists only the current network’s tickets, for each network’s admin', async () => {
        const demo = await seededView('demo-network');
        const other = await seededView('other-network');
        expect(demo.length).toBeGreaterThan(0);
        expect(other.length).toBeGreaterThan(0);
        const admin = await login();
        const otherAdmin = await login(OTHER);
        expect((await rpc(LIST, admin, {})).json).toEqual({ data: { tickets: demo } });
        expect((await rpc(LIST, admin, {}, { 'x-network-id': 'demo-network' })).json).toEqual({
          data: { tickets: demo },
        });
        expect((await rpc(LIST, otherAdmin, {})).json).toEqual({ data: { tickets: other } });
        expect((await rpc(LIST, otherAdmin, {}, { 'x-network-id': 'other-network' })).json).toEqual({
          data: { tickets: other },
        });
        expect((await rpc(LIST, otherAdmin, {}, { 'x-network-id': 'demo-network' })).json).toEqual(FORBIDDEN_DEMO);
      });

      it('keeps each network’s tickets out of the other', async () => {
        const admin = await login();
        const otherAdmin = await login(OTHER);
        const demoBefore = await listed(admin);
        const otherBefore = await listed(otherAdmin);
        expect((await rpc(CREATE, admin, { ticket: minimal('demo-only') })).status).toBe(200);
        expect((await rpc(CREATE, otherAdmin, { ticket: minimal('other-only') })).status).toBe(200);
        expect((await listed(otherAdmin)).sort()).toEqual([...otherBefore, 'other-only'].sort());
        expect((await listed(admin)).sort()).toEqual([...demoBefore, 'demo-only'].sort());
        // the other network cannot reach this one's ticket by its productId
        expect((await rpc(UPDATE, otherAdmin, { ticket: minimal('demo-only') })).status).toBe(404);
        expect((await rpc(DELETE, otherAdmin, { productId: 'demo-only' })).status).toBe(404);
        expect(await listed(admin)).toContain('demo-only');
      });

      it('allows the same productId in two networks, as two tickets', async () => {
        const admin = await login();
        const otherAdmin = await login(OTHER);
        expect((await rpc(CREATE, admin, { ticket: minimal('shared-id', { price: 1 }) })).status).toBe(200);
        const other = await rpc(CREATE, otherAdmin, { ticket: minimal('shared-id', { price: 2 }) });
        expect(other.status).toBe(200);
        expect((await rpc(DELETE, otherAdmin, { productId: 'shared-id' })).status).toBe(200);
        const demo = (await rpc(LIST, admin, {})).json.data.tickets.find(
          (ticket: { productId: string }) => ticket.productId === 'shared-id',
        );
        expect(demo).toEqual({ ...minimal('shared-id', { price: 1 }), ...DEFAULTS });
      });
    });

    describe('ticket.getPurchasableTickets', () => {
      it('answers {data: {tickets}} with no error member, with or without a body', async () => {
        const id = await login();
        const expected = { data: { tickets: await seededView('demo-network') } };
        const withBody = await rpc(LIST, id, {});
        expect(withBody.status).toBe(200);
        expect(withBody.json).toEqual(expected);
        expect(Object.keys(withBody.json)).toEqual(['data']);
        const withoutBody = await rpc(LIST, id);
        expect(withoutBody.status).toBe(200);
        expect(withoutBody.json).toEqual(expected);
      });

      it('orders by eventStartDate as instants, then productId', async () => {
        const id = await login();
        const seeded = await listed(id);
        const early = { eventStartDate: '2026-05-01T00:00:00Z', eventEndDate: '2026-05-01T05:00:00Z' };
        // 01:00+02:00 is 2026-04-30T23:00Z: earlier than `early`, though it sorts later as text
        const earlier = { eventStartDate: '2026-05-01T01:00:00+02:00', eventEndDate: '2026-05-01T05:00:00Z' };
        // much later than every seeded event
        const late = { eventStartDate: '2027-01-01T00:00:00Z', eventEndDate: '2027-01-01T05:00:00Z' };
        for (const ticket of [
          minimal('b-same-start', early),
          minimal('late', late),
          minimal('a-same-start', early),
          minimal('z-offset', earlier),
          minimal('B-upper-case', early),
        ]) {
          expect((await rpc(CREATE, id, { ticket })).status).toBe(200);
        }
        expect(await listed(id)).toEqual([
          'z-offset',
          'B-upper-case',
          'a-same-start',
          'b-same-start',
          ...seeded,
          'late',
        ]);
      });
    });

    describe('ticket.createPurchasableTicket', () => {
      it('answers the stored ticket, defaulting the optional fields to empty', async () => {
        const id = await login();
        const response = await rpc(CREATE, id, { ticket: minimal('new-1') });
        expect(response.status).toBe(200);
        expect(response.json).toEqual({ data: { ticket: { ...minimal('new-1'), ...DEFAULTS } } });
        const stored = (await rpc(LIST, id, {})).json.data.tickets.find(
          (ticket: { productId: string }) => ticket.productId === 'new-1',
        );
        expect(stored).toEqual({ ...minimal('new-1'), ...DEFAULTS });
      });

      it('keeps every field it is given', async () => {
        const id = await login();
        const response = await rpc(CREATE, id, { ticket: FESTIVAL_DAY });
        expect(response.status).toBe(200);
        expect(response.json).toEqual({ data: { ticket: FESTIVAL_DAY } });
        const state = await stored();
        expect(state.tickets.find((ticket) => ticket.productId === FESTIVAL_DAY.productId)).toEqual({
          ...FESTIVAL_DAY,
          networkId: 'demo-network',
        });
      });

      it('refuses a productId the network already has with 409', async () => {
        const id = await login();
        expect((await rpc(CREATE, id, { ticket: minimal('dup-1') })).status).toBe(200);
        const before = await api.state();
        const again = await rpc(CREATE, id, { ticket: minimal('dup-1', { price: 99 }) });
        expect(again.status).toBe(409);
        expect(again.json).toEqual(failure(409, 'purchasable ticket dup-1 already exists'));
        const seeded = (await seededView('demo-network'))[0]?.productId as string;
        const seededAgain = await rpc(CREATE, id, { ticket: minimal(seeded) });
        expect(seededAgain.json).toEqual(failure(409, `purchasable ticket ${seeded} already exists`));
        expect(await api.state()).toBe(before);
      });
    });

    describe('ticket.updatePurchasableTicket', () => {
      it('replaces the ticket: fields left out go back to their defaults', async () => {
        const id = await login();
        await rpc(CREATE, id, { ticket: FESTIVAL_DAY });
        const change = { eventName: 'Summer Fest 2026 (moved)', price: 25, ticketType: 'days:2of3' };
        const response = await rpc(UPDATE, id, { ticket: minimal(FESTIVAL_DAY.productId, change) });
        expect(response.status).toBe(200);
        const expected = { ...minimal(FESTIVAL_DAY.productId, change), ...DEFAULTS };
        expect(response.json).toEqual({ data: { ticket: expected } });
        const listedTicket = (await rpc(LIST, id, {})).json.data.tickets.filter(
          (ticket: { productId: string }) => ticket.productId === FESTIVAL_DAY.productId,
        );
        expect(listedTicket).toEqual([expected]);
      });

      it('updates a seeded ticket in place', async () => {
        const id = await login();
        const [first] = await seededView('demo-network');
        const ticket = { ...first, ticketName: 'Renamed' };
        const response = await rpc(UPDATE, id, { ticket });
        expect(response.json).toEqual({ data: { ticket } });
        expect((await seededView('demo-network'))[0]).toEqual(ticket);
      });

      it('answers 404 for an unknown productId, creating nothing', async () => {
        const id = await login();
        const before = await api.state();
        const response = await rpc(UPDATE, id, { ticket: minimal('no-such-ticket') });
        expect(response.status).toBe(404);
        expect(response.json).toEqual(failure(404, 'purchasable ticket no-such-ticket not found'));
        expect(await api.state()).toBe(before);
      });
    });

    describe('ticket.deletePurchasableTicket', () => {
      it('answers { empty } ({}); the ticket is gone, and a second delete answers 404', async () => {
        const id = await login();
        await rpc(CREATE, id, { ticket: minimal('del-1') });
        const response = await rpc(DELETE, id, { productId: 'del-1' });
        expect(response.status).toBe(200);
        expect(response.json).toEqual({});
        expect(await listed(id)).not.toContain('del-1');
        const again = await rpc(DELETE, id, { productId: 'del-1' });
        expect(again.status).toBe(404);
        expect(again.json).toEqual(failure(404, 'purchasable ticket del-1 not found'));
        expect((await rpc(UPDATE, id, { ticket: minimal('del-1') })).status).toBe(404);
        expect((await rpc(CREATE, id, { ticket: minimal('del-1') })).status).toBe(200);
      });

      it('deletes a seeded ticket and only that one', async () => {
        const id = await login();
        const seeded = await listed(id);
        const [gone, ...rest] = seeded;
        expect((await rpc(DELETE, id, { productId: gone })).json).toEqual({});
        expect(await listed(id)).toEqual(rest);
      });
    });

    describe('ticket validation', () => {
      const ruleCases: Array<[string, Record<string, unknown>, string]> = [
        ['ticketType days:4of3', { ticketType: 'days:4of3' }, BAD_TICKET_TYPE],
        [
          'ticketType days:n of m with n > m past 2^53',
          { ticketType: 'days:9007199254740993of9007199254740992' },
          BAD_TICKET_TYPE,
        ],
        ['ticketType days:0of3', { ticketType: 'days:0of3' }, TICKET_TYPE_PATTERN],
        ['ticketType weekly', { ticketType: 'weekly' }, TICKET_TYPE_PATTERN],
        ['ticketType days:1of0', { ticketType: 'days:1of0' }, TICKET_TYPE_PATTERN],
        [
          'eventEndDate before eventStartDate',
          { eventEndDate: '2026-07-10T17:59:59Z' },
          'ticket.eventEndDate: must not be before eventStartDate',
        ],
        [
          'eventEndDate before eventStartDate in another offset',
          { eventEndDate: '2026-07-10T19:59:59+02:00' },
          'ticket.eventEndDate: must not be before eventStartDate',
        ],
        [
          'a date that is not a date-time',
          { eventStartDate: '2026-07-10' },
          'body.ticket.eventStartDate: must match format "date-time"',
        ],
        ['price -1', { price: -1 }, 'body.ticket.price: must be >= 0'],
        ['price 1.234', { price: 1.234 }, 'ticket.price: at most two decimals'],
        ['price 0.1 + 0.2', { price: 0.1 + 0.2 }, 'ticket.price: at most two decimals'],
        [
          'grantTarget without a colon',
          { grants: [{ grantType: 'userRole', grantTarget: 'attendee' }] },
          'body.ticket.grants.0.grantTarget: must match pattern "^[^:\\s]+:\\S+$"',
        ],
        [
          'grantType other than userRole',
          { grants: [{ grantType: 'groupRole', grantTarget: 'attendee:/events/x' }] },
          'body.ticket.grants.0.grantType: must be equal to one of the allowed values',
        ],
        ['productId ""', { productId: '' }, 'body.ticket.productId: must NOT have fewer than 1 characters'],
        ['no ticketName', { ticketName: undefined }, 'body.ticket: missing "ticketName"'],
      ];
      const bodyCases: Array<[string, unknown, string]> = [
        ['no ticket', {}, 'body: missing "ticket"'],
        // Go reads null params as {}: the ticket is missing all the same
        ['null params', null, 'body: must be object'],
        ['a null ticket', { ticket: null }, 'body.ticket: must be object'],
        [
          'a null required member',
          { ticket: minimal('v-1', { ticketName: null }) },
          'body.ticket.ticketName: must be string',
        ],
        ['ticket as a string', { ticket: 'v-1' }, 'body.ticket: must be object'],
      ];
      const cases = [
        ...ruleCases.map(([name, change, message]) => [name, { ticket: minimal('v-1', change) }, message] as const),
        ...bodyCases,
      ];

      it.each(
        cases.flatMap(([name, body, message]) => [CREATE, UPDATE].map((method) => [method, name, body, message])),
      )('%s refuses %s with 400', async (method, _, body, message) => {
        const id = await login();
        if (method === UPDATE) expect((await rpc(CREATE, id, { ticket: minimal('v-1') })).status).toBe(200);
        const before = await api.state();
        const response = await rpc(method as string, id, body);
        expect(response.status).toBe(400);
        expect(response.json).toEqual(failure(400, message as string));
        expect(await api.state()).toBe(before);
      });

      it.each([
        ['ticketType single', { ticketType: 'single' }],
        ['ticketType days:3of3', { ticketType: 'days:3of3' }],
        ['ticketType days:1of1', { ticketType: 'days:1of1' }],
        ['ticketType days:9of10', { ticketType: 'days:9of10' }],
        ['price 0', { price: 0 }],
        ['price 19.99', { price: 19.99 }],
        ['price 0.1', { price: 0.1 }],
        ['price 1e21', { price: 1e21 }],
        ['eventEndDate equal to eventStartDate', { eventEndDate: '2026-07-10T18:00:00Z' }],
        ['the same instant in another offset', { eventEndDate: '2026-07-10T20:00:00+02:00' }],
        ['a grantTarget with several colons', { grants: [{ grantType: 'userRole', grantTarget: 'vip:/a:b' }] }],
      ])('accepts %s', async (_, change) => {
        const id = await login();
        const ticket = minimal('ok-1', change);
        const response = await rpc(CREATE, id, { ticket });
        expect(response.status).toBe(200);
        expect(response.json).toEqual({ data: { ticket: { ...DEFAULTS, ...ticket } } });
      });
    });

    describe('X-Network and X-Network-Id', () => {
      it.each([
        ['X-Network', 'X-Network'],
        ['x-network (lower-case)', 'x-network'],
        ['X-Network-Id', 'X-Network-Id'],
        ['x-network-id (lower-case)', 'x-network-id'],
      ])('%s selects the network: a member there gets 403, its admin 200', async (_, header) => {
        const member = await login(MEMBER);
        const admin = await login();
        const otherAdmin = await login(OTHER);
        const before = await api.state();
        for (const [method, body] of [
          [LIST, {}],
          [CREATE, { ticket: minimal('net-1') }],
          [DELETE, { productId: 'net-1' }],
        ] as const) {
          expect((await rpc(method, member, body, { [header]: 'demo-network' })).json).toEqual(FORBIDDEN_DEMO);
          // the demo admin only belongs to other-network: the header is read, not the preferred network
          expect((await rpc(method, admin, body, { [header]: 'other-network' })).json).toEqual(FORBIDDEN_OTHER);
        }
        expect(await api.state()).toBe(before);
        const other = await seededView('other-network');
        // the other network's admin, whose preferred network it is, and the demo admin on its own
        expect((await rpc(LIST, otherAdmin, {}, { [header]: 'other-network' })).json).toEqual({
          data: { tickets: other },
        });
        expect((await rpc(LIST, admin, {}, { [header]: 'demo-network' })).status).toBe(200);
        const created = await rpc(CREATE, admin, { ticket: minimal('net-2') }, { [header]: 'demo-network' });
        expect(created.status).toBe(200);
        expect((await stored()).tickets.find((t) => t.productId === 'net-2')?.networkId).toBe('demo-network');
      });

      it.each([
        ['X-Network', 'X-Network-Id'],
        ['x-network', 'x-network-id'],
        ['X-NETWORK', 'x-Network-ID'],
      ])('answers 400 when %s and %s name different networks, changing nothing', async (a, b) => {
        const admin = await login();
        const before = await api.state();
        for (const [method, body] of [
          [LIST, {}],
          [CREATE, { ticket: minimal('net-3') }],
          [UPDATE, { ticket: minimal('net-3') }],
          [DELETE, { productId: 'net-3' }],
        ] as const) {
          const response = await rpc(method, admin, body, { [a]: 'demo-network', [b]: 'other-network' });
          expect(response.status).toBe(400);
          expect(response.json).toEqual(
            failure(400, 'X-Network "demo-network" and X-Network-Id "other-network" name different networks'),
          );
        }
        expect(await api.state()).toBe(before);
      });

      it('accepts both naming the same network', async () => {
        const admin = await login();
        const both = { 'x-network': 'demo-network', 'X-Network-Id': 'demo-network' };
        expect((await rpc(LIST, admin, {}, both)).json).toEqual({
          data: { tickets: await seededView('demo-network') },
        });
        const member = await login(MEMBER);
        expect((await rpc(LIST, member, {}, both)).json).toEqual(FORBIDDEN_DEMO);
      });

      it('answers 401 before looking at the headers', async () => {
        const response = await rpc(
          LIST,
          undefined,
          {},
          { 'x-network': 'demo-network', 'x-network-id': 'other-network' },
        );
        expect(response.json).toEqual(NOT_LOGGED_IN);
      });
    });

    describe('params as a Go server reads them (docs/decisions/008)', () => {
      it('accepts and ignores members the vendor does not list, anywhere in the params', async () => {
        const id = await login();
        const ticket = {
          ...minimal('extra-1'),
          colour: 'red',
          networkId: 'other-network',
          grants: [{ grantType: 'userRole', grantTarget: 'a:b', expires: 'never' }],
        };
        const created = await rpc(CREATE, id, { ticket, networkId: 'other-network', dryRun: true });
        expect(created.status).toBe(200);
        const clean = { ...DEFAULTS, ...minimal('extra-1'), grants: [{ grantType: 'userRole', grantTarget: 'a:b' }] };
        expect(created.json).toEqual({ data: { ticket: clean } });
        const record = (await stored()).tickets.find((t) => t.productId === 'extra-1');
        expect(record).toEqual({ ...clean, networkId: 'demo-network' });
        const updated = await rpc(UPDATE, id, { ticket: { ...ticket, price: 2 }, extra: [1] });
        expect(updated.json).toEqual({ data: { ticket: { ...clean, price: 2 } } });
        expect((await rpc(LIST, id, { networkId: 'other-network', page: 2 })).json).toEqual({
          data: { tickets: await seededView('demo-network') },
        });
        expect((await rpc(DELETE, id, { productId: 'extra-1', networkId: 'other-network' })).json).toEqual({});
        expect(await listed(id)).not.toContain('extra-1');
        const discover = await call('POST', '/jsonRpc/rpc.discover', { json: { method: 'x' } });
        expect(discover.json).toEqual({ data: OPENRPC });
      });

      it('reads null params as {}: getPurchasableTickets and rpc.discover answer as to {}', async () => {
        const id = await login();
        expect((await rpc(LIST, id, null)).json).toEqual({ data: { tickets: await seededView('demo-network') } });
        expect((await call('POST', '/jsonRpc/rpc.discover', { json: null })).json).toEqual({ data: OPENRPC });
      });

      it('reads null params of delete as {}: productId is missing (400)', async () => {
        const id = await login();
        const before = await api.state();
        const response = await rpc(DELETE, id, null);
        expect(response.json).toEqual(failure(400, 'body: must be object'));
        expect(await api.state()).toBe(before);
      });

      it('reads null for an optional ticket member as the member left out', async () => {
        const id = await login();
        const ticket = minimal('nulls-1', { ticketDescription: null, thumbnailId: null, discount: null, grants: null });
        const created = await rpc(CREATE, id, { ticket });
        expect(created.status).toBe(200);
        expect(created.json).toEqual({ data: { ticket: { ...minimal('nulls-1'), ...DEFAULTS } } });
        const withAll = { ...FESTIVAL_DAY, productId: 'nulls-1' };
        expect((await rpc(UPDATE, id, { ticket: withAll })).status).toBe(200);
        // update replaces: null clears the member back to its default, as leaving it out does
        const cleared = await rpc(UPDATE, id, { ticket: { ...withAll, discount: null, grants: null } });
        expect(cleared.json).toEqual({ data: { ticket: { ...withAll, discount: '', grants: [] } } });
      });
    });

    describe('routing', () => {
      it.each([
        ['/jsonRpc/ticket.nope', 'ticket.nope'],
        ['/jsonRpc/ticket%2Enope', 'ticket.nope'],
        ['/jsonRpc/nope.getPurchasableTickets', 'nope.getPurchasableTickets'],
      ])('answers %s with 404 method not found', async (path, method) => {
        const id = await login();
        const response = await call('POST', path, { headers: session(id), json: {} });
        expect(response.status).toBe(404);
        expect(response.json).toEqual(failure(404, `method not found: ${method}`));
      });

      it.each(['GET', 'PUT', 'DELETE', 'PATCH'])('answers %s on a method with 405 and Allow: POST', async (method) => {
        const id = await login();
        const response = await call(method, `/jsonRpc/${LIST}`, { headers: session(id) });
        expect(response.status).toBe(405);
        expect(response.headers.get('allow')).toBe('POST');
        expect(response.json).toEqual(failure(405, `${method} is not allowed on /jsonRpc/${LIST}`));
      });

      it('answers an unknown /auth path with 404', async () => {
        const response = await call('POST', '/auth/nope', { json: {} });
        expect(response.status).toBe(404);
        expect(response.json).toEqual(failure(404, 'no route POST /auth/nope'));
      });
    });

    describe('rpc.discover', () => {
      it.each([
        ['without a session or body', {}, undefined],
        ['with {} and an unknown session', { 'x-session-id': 'unknown' }, {}],
      ])('answers the OpenRPC document %s', async (_, headers, json) => {
        const response = await call('POST', '/jsonRpc/rpc.discover', {
          headers,
          ...(json === undefined ? {} : { json }),
        });
        expect(response.status).toBe(200);
        expect(response.json).toEqual({ data: OPENRPC });
        expect(response.json.data.methods.map((method: { name: string }) => method.name)).toEqual([
          CREATE,
          DELETE,
          UPDATE,
          LIST,
        ]);
      });
    });

    describe('rate limit', () => {
      const faults = (config: unknown) => call('PUT', '/__mock/faults', { json: config });
      const TOO_FREQUENT = failure(705, 'too frequent request');

      it('is off by default', async () => {
        const id = await login();
        for (let i = 0; i < 20; i += 1) expect((await rpc(LIST, id, {})).status).toBe(200);
      });

      it('answers the 4th call of a session in one clock second with 429, code 705', async () => {
        expect((await faults({ rateLimitPerSecond: 3 })).json).toEqual({ rateLimitPerSecond: 3 });
        const id = await login();
        const other = await login();
        for (let i = 0; i < 3; i += 1) expect((await rpc(LIST, id, {})).status).toBe(200);
        const before = await api.state();
        const limited = await rpc(CREATE, id, { ticket: minimal('limited-1') });
        expect(limited.status).toBe(429);
        expect(limited.json).toEqual(TOO_FREQUENT);
        expect(await api.state()).toBe(before);
        // another session has a count of its own
        expect((await rpc(LIST, other, {})).status).toBe(200);
        // methods without a documented 429 are never limited
        expect((await call('POST', '/auth/check', { headers: session(id) })).status).toBe(200);
        await api.advance(0.5);
        expect((await rpc(LIST, id, {})).status).toBe(429);
        await api.advance(0.5);
        for (let i = 0; i < 3; i += 1) expect((await rpc(LIST, id, {})).status).toBe(200);
        expect((await rpc(LIST, id, {})).status).toBe(429);
      });

      it('never limits auth.login, whose spec documents no 429', async () => {
        expect((await faults({ rateLimitPerSecond: 1 })).json).toEqual({ rateLimitPerSecond: 1 });
        for (let i = 0; i < 5; i += 1) expect((await logIn(ADMIN)).status).toBe(200);
      });

      it('limits only the method a route rule names', async () => {
        await faults({ routes: { 'adminserver.ticket.createPurchasableTicket': { rateLimitPerSecond: 1 } } });
        const id = await login();
        expect((await rpc(CREATE, id, { ticket: minimal('r-1') })).status).toBe(200);
        const limited = await rpc(CREATE, id, { ticket: minimal('r-2') });
        expect(limited.status).toBe(429);
        expect(limited.json).toEqual(TOO_FREQUENT);
        for (let i = 0; i < 5; i += 1) expect((await rpc(LIST, id, {})).status).toBe(200);
        expect((await rpc(DELETE, id, { productId: 'r-1' })).status).toBe(200);
        await api.advance(1);
        expect((await rpc(CREATE, id, { ticket: minimal('r-2') })).status).toBe(200);
      });

      it("counts a route rule's calls apart from the global rule's", async () => {
        await faults({
          rateLimitPerSecond: 2,
          routes: { 'adminserver.ticket.createPurchasableTicket': { rateLimitPerSecond: 1 } },
        });
        const id = await login();
        // two listings use up the global allowance, not the create route's
        expect((await rpc(LIST, id, {})).status).toBe(200);
        expect((await rpc(LIST, id, {})).status).toBe(200);
        expect((await rpc(LIST, id, {})).status).toBe(429);
        expect((await rpc(CREATE, id, { ticket: minimal('r-3') })).status).toBe(200);
        expect((await rpc(CREATE, id, { ticket: minimal('r-4') })).status).toBe(429);
      });
    });
  });
}

adminserverCases(caseTarget());
