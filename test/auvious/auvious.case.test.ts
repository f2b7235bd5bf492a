/**
 * Every Auvious behaviour of API-NOTES.md §2, as one set of cases for any target.
 */
import ICAL from 'ical.js';
import { decodeJwt, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUVIOUS_DEMO } from '../../src/fixtures/demo.ts';
import { caseTarget, client, T0, type Target, type TargetFactory } from '../helpers/targets.ts';

const DEMO = { authorization: 'Bearer auvious-demo-token' };
const OTHER = { authorization: 'Bearer auvious-other-token' };
const CUSTOMER = { authorization: `Basic ${btoa('customer:')}` };
const TYPES = [
  'APPOINTMENTS_SCHEDULE_TICKET',
  'GENESYS_MULTI_USE_TICKET',
  'GENESYS_SCHEDULE_TICKET',
  'GENESYS_SINGLE_USE_TICKET',
  'MULTI_USE_TICKET',
  'SCHEDULE_TICKET',
  'SINGLE_USE_APPOINTMENTS_SCHEDULE_TICKET',
  'SINGLE_USE_SCHEDULE_TICKET',
  'SINGLE_USE_TICKET',
] as const;
const SCHEDULED_AT = '2026-05-02T09:30:00Z';
/** The mock's documented signing key (README, DESIGN: access tokens are JWTs). */
const JWT_KEY = new TextEncoder().encode(AUVIOUS_DEMO.jwtSecret);
/** The vendor's real ids: `vug-yyt`, `6u2-up4-grp`. */
const ID_6 = /^[a-z0-9]{3}-[a-z0-9]{3}$/;
const ID_9 = /^[a-z0-9]{3}-[a-z0-9]{3}-[a-z0-9]{3}$/;

function auviousCases(factory: TargetFactory): void {
  describe(`Auvious on the ${factory.name}`, () => {
    let target: Target;
    const api = client(() => target);
    const { call } = api;

    beforeAll(async () => {
      target = await factory.start(['auvious']);
    });
    afterAll(async () => {
      await target.close();
    });
    beforeEach(async () => {
      await call('POST', '/__mock/reset');
      await call('POST', '/__mock/clock', { json: { now: T0 } });
    });

    const create = (body: Record<string, unknown>, headers: Record<string, string> = DEMO) =>
      call('POST', '/security/ticket', { headers, json: body });
    const exchange = (id: string, field: 'username' | 'ticket' = 'username') =>
      call('POST', '/security/oauth/token', {
        headers: CUSTOMER,
        form: { grant_type: 'password', [field]: id, password: id },
      });
    const springShape = (json: unknown, status: number) =>
      expect(json).toMatchObject({
        status,
        error: expect.any(String),
        message: expect.any(String),
        path: expect.any(String),
      });

    describe('creating a ticket', () => {
      it('answers 200 with a 6-character id like the vendor’s (`vug-yyt`), version 0 and a 4-hour lifetime by default', async () => {
        const response = await create({ type: 'MULTI_USE_TICKET', properties: { conference_id: 'c-1' } });
        expect(response.status).toBe(200);
        expect(response.json.id).toMatch(ID_6);
        expect(response.json).toMatchObject({
          version: 0,
          organizationId: 'demo-org',
          disabled: null,
          revoked: null,
          expired: false,
        });
        expect(response.json.createdAt).toBe(T0);
        expect(Date.parse(response.json.expiresAt) - Date.parse(T0)).toBe(14_400_000);
      });

      it.each([
        [0, ID_6],
        [6, ID_6],
        [9, ID_9],
      ])('makes an id of the right form for length %i', async (length, form) => {
        const response = await create({ type: 'MULTI_USE_TICKET', properties: {}, length });
        expect(response.json.id).toMatch(form);
      });

      it('finds a dashed id by its join link’s last 7 characters, as one integration reads it', async () => {
        const ticket = (await create({ type: 'MULTI_USE_TICKET', properties: {} })).json;
        const link = `https://meet.example.org/t/${ticket.id}`;
        expect((await exchange(link.slice(-7))).status).toBe(200);
      });

      it('honours ttl and disabled', async () => {
        const response = await create({ type: 'MULTI_USE_TICKET', properties: {}, ttl: 60, disabled: true });
        expect(Date.parse(response.json.expiresAt) - Date.parse(T0)).toBe(60_000);
        expect(response.json.disabled).toBe(T0);
      });

      it.each(TYPES)('accepts the type %s', async (type) => {
        const response = await create({ type, properties: { scheduled_date: SCHEDULED_AT } });
        expect(response.status).toBe(200);
        expect(response.json.type).toBe(type);
      });

      it.each(TYPES.filter((type) => type.includes('SCHEDULE')))(
        'needs properties.scheduled_date for %s',
        async (type) => {
          const response = await create({ type, properties: {} });
          expect(response.status).toBe(400);
          expect(response.json.error).toMatch(/scheduled_date/);
        },
      );

      it('refuses another organisation with 403', async () => {
        const response = await create({ type: 'MULTI_USE_TICKET', properties: {}, organizationId: 'other-org' });
        expect(response.status).toBe(403);
        springShape(response.json, 403);
      });

      it('keeps unknown top-level members out, as the real server ignores them', async () => {
        const response = await create({ type: 'MULTI_USE_TICKET', properties: {}, colour: 'red' });
        expect(response.status).toBe(200);
        expect(response.json).not.toHaveProperty('colour');
      });
    });

    describe('reading, updating and deleting', () => {
      it('reads its own ticket and hides another organisation’s with 404', async () => {
        const mine = (await create({ type: 'MULTI_USE_TICKET', properties: { a: 1 } })).json;
        expect((await call('GET', `/security/ticket/${mine.id}`, { headers: DEMO })).json).toEqual(mine);
        const theirs = await call('GET', `/security/ticket/${mine.id}`, { headers: OTHER });
        expect(theirs.status).toBe(404);
        springShape(theirs.json, 404);
      });

      it('answers HEAD as GET without the body (the spec has no HEAD of its own)', async () => {
        const mine = (await create({ type: 'MULTI_USE_TICKET', properties: { a: 1 } })).json;
        const head = await call('HEAD', `/security/ticket/${mine.id}`, { headers: DEMO });
        expect([head.status, head.text]).toEqual([200, '']);
        expect(head.headers.get('content-type')).toMatch(/^application\/json\b/);
        const refused = await call('HEAD', `/security/ticket/${mine.id}`, { headers: OTHER });
        expect([refused.status, refused.text]).toEqual([404, '']);
        const allow = await call('PATCH', `/security/ticket/${mine.id}`, { headers: DEMO });
        expect([allow.status, allow.headers.get('allow')]).toEqual([405, 'GET, HEAD, PUT, DELETE']);
      });

      it('replaces properties and bumps version on update', async () => {
        const ticket = (await create({ type: 'MULTI_USE_TICKET', properties: { a: 1, b: 2 } })).json;
        const updated = await call('PUT', `/security/ticket/${ticket.id}`, {
          headers: DEMO,
          json: { properties: { c: 3 } },
        });
        expect(updated.status).toBe(200);
        expect(updated.json).toMatchObject({ properties: { c: 3 }, version: 1 });
        const again = await call('PUT', `/security/ticket/${ticket.id}`, {
          headers: DEMO,
          json: { properties: {}, organizationId: 'demo-org' },
        });
        expect(again.json.version).toBe(2);
      });

      it('refuses moving a ticket to another organisation (403) and unknown ids (404)', async () => {
        const ticket = (await create({ type: 'MULTI_USE_TICKET', properties: {} })).json;
        const moved = await call('PUT', `/security/ticket/${ticket.id}`, {
          headers: DEMO,
          json: { properties: {}, organizationId: 'other-org' },
        });
        expect(moved.status).toBe(403);
        expect((await call('PUT', '/security/ticket/nope00', { headers: DEMO, json: { properties: {} } })).status).toBe(
          404,
        );
      });

      it('keeps a scheduled ticket scheduled: an update without scheduled_date is refused (400), unchanged', async () => {
        const properties = { scheduled_date: '2026-06-01T09:30:00Z' };
        const ticket = (await create({ type: 'SCHEDULE_TICKET', properties })).json;
        const refused = await call('PUT', `/security/ticket/${ticket.id}`, { headers: DEMO, json: { properties: {} } });
        expect(refused.status).toBe(400);
        expect(refused.json).toEqual({ error: 'properties.scheduled_date: required for a SCHEDULE_TICKET' });
        const read = await call('GET', `/security/ticket/${ticket.id}`, { headers: DEMO });
        expect(read.json).toMatchObject({ properties, version: 0 });
      });

      it('deletes with 204, after which the ticket stays gone', async () => {
        const ticket = (await create({ type: 'MULTI_USE_TICKET', properties: {} })).json;
        expect((await call('DELETE', `/security/ticket/${ticket.id}`, { headers: DEMO })).status).toBe(204);
        expect((await call('GET', `/security/ticket/${ticket.id}`, { headers: DEMO })).status).toBe(404);
        expect((await call('DELETE', `/security/ticket/${ticket.id}`, { headers: DEMO })).status).toBe(404);
      });
    });

    describe('disable, enable, revoke and exchange', () => {
      it('walks the whole life of a multi-use ticket', async () => {
        const ticket = (await create({ type: 'MULTI_USE_TICKET', properties: {} })).json;
        const path = `/security/ticket/${ticket.id}`;
        expect((await call('POST', `${path}/disable`, { headers: DEMO })).status).toBe(204);
        expect((await call('GET', path, { headers: DEMO })).json).toMatchObject({ disabled: T0, version: 1 });
        expect((await exchange(ticket.id)).json).toEqual({ error: 'invalid_grant', error_description: 'DISABLED' });
        expect((await call('POST', `${path}/enable`, { headers: DEMO })).status).toBe(204);
        const token = await exchange(ticket.id);
        expect(token.status).toBe(200);
        expect(token.json).toMatchObject({ organization: 'demo-org', userId: ticket.userId, scope: 'global' });
        expect((await call('GET', path, { headers: DEMO })).status).toBe(200); // multi-use survives
        expect((await call('POST', `${path}/revoke`, { headers: DEMO })).status).toBe(204);
        expect((await exchange(ticket.id)).json.error_description).toBe('REVOKED');
        const enable = await call('POST', `${path}/enable`, { headers: DEMO });
        expect(enable.status).toBe(409);
        expect(enable.json.message).toBe('ticket is revoked');
        expect((await call('POST', `${path}/disable`, { headers: DEMO })).status).toBe(409);
        expect((await call('POST', `${path}/revoke`, { headers: DEMO })).status).toBe(204);
        expect((await call('GET', path, { headers: DEMO })).json.version).toBe(3);
      });

      it.each(['username', 'ticket'] as const)(
        'deletes a single-use ticket on its first exchange (ticket as %s)',
        async (field) => {
          const ticket = (await create({ type: 'SINGLE_USE_TICKET', properties: {} })).json;
          expect((await exchange(ticket.id, field)).status).toBe(200);
          expect((await call('GET', `/security/ticket/${ticket.id}`, { headers: DEMO })).status).toBe(404);
          expect((await exchange(ticket.id, field)).json.error_description).toBe('NOT_FOUND');
        },
      );

      it('reports an expired ticket on read and refuses its exchange', async () => {
        const ticket = (await create({ type: 'MULTI_USE_TICKET', properties: {}, ttl: 60 })).json;
        await api.advance(61);
        expect((await call('GET', `/security/ticket/${ticket.id}`, { headers: DEMO })).json.expired).toBe(true);
        expect((await exchange(ticket.id)).json.error_description).toBe('EXPIRED');
      });

      it('lets a scheduled ticket be exchanged before its time', async () => {
        const ticket = (
          await create({ type: 'SCHEDULE_TICKET', properties: { scheduled_date: SCHEDULED_AT }, ttl: 86_400 })
        ).json;
        expect((await exchange(ticket.id)).status).toBe(200);
      });

      it('needs Basic customer: for an exchange', async () => {
        const ticket = (await create({ type: 'MULTI_USE_TICKET', properties: {} })).json;
        const response = await call('POST', '/security/oauth/token', {
          form: { grant_type: 'password', username: ticket.id },
        });
        expect(response.status).toBe(401);
        expect(response.json.error).toBe('invalid_client');
      });

      it('answers the exchange with `sub` and `conference_id`, as the iOS SDK reads them, and keeps `userId`', async () => {
        const ticket = (await create({ type: 'MULTI_USE_TICKET', properties: { conference_id: 'conf-42' } })).json;
        const token = await exchange(ticket.id);
        expect(token.status).toBe(200);
        expect(token.json).toMatchObject({
          sub: ticket.userId,
          userId: ticket.userId,
          conference_id: 'conf-42',
          organization: 'demo-org',
          scope: 'global',
        });
        expect(token.json).not.toHaveProperty('error_description');
        const bare = (await create({ type: 'MULTI_USE_TICKET', properties: {} })).json;
        expect((await exchange(bare.id)).json).not.toHaveProperty('conference_id');
      });

      it('issues customer tokens as JWTs of the mock’s key, with sub, exp, iat, jti, scope and organisation', async () => {
        const ticket = (await create({ type: 'MULTI_USE_TICKET', properties: {}, ttl: 7200 })).json;
        const token = (await exchange(ticket.id)).json;
        const { payload, protectedHeader } = await jwtVerify(token.access_token, JWT_KEY, {
          currentDate: new Date(T0),
        });
        expect(protectedHeader.alg).toBe('HS256');
        expect(payload).toMatchObject({
          sub: ticket.userId,
          organization: 'demo-org',
          scope: 'global',
          jti: token.jti,
        });
        expect(payload.iat).toBe(Date.parse(T0) / 1000);
        expect(payload.exp).toBe(Date.parse(T0) / 1000 + token.expires_in);
        const refresh = decodeJwt(token.refresh_token);
        expect(refresh).toMatchObject({ sub: ticket.userId, ati: token.jti });
        expect(refresh.exp).toBe(Date.parse(ticket.expiresAt) / 1000);
      });

      it('renews a customer token with its refresh token, once', async () => {
        const ticket = (await create({ type: 'MULTI_USE_TICKET', properties: {} })).json;
        const first = (await exchange(ticket.id)).json;
        const renew = () =>
          call('POST', '/security/oauth/token', {
            headers: CUSTOMER,
            form: { grant_type: 'refresh_token', refresh_token: first.refresh_token },
          });
        const second = await renew();
        expect(second.status).toBe(200);
        expect(second.json.access_token).not.toBe(first.access_token);
        expect((await renew()).json.error).toBe('invalid_grant');
      });

      it('does not let a customer token manage tickets (403)', async () => {
        const ticket = (await create({ type: 'MULTI_USE_TICKET', properties: {} })).json;
        const token = (await exchange(ticket.id)).json.access_token;
        const response = await call('GET', `/security/ticket/${ticket.id}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(response.status).toBe(403);
      });
    });

    describe('application tokens', () => {
      it.each([
        ['in the form', {}, { client_id: 'demo-client', client_secret: 'demo-secret' }],
        ['as HTTP Basic', { authorization: `Basic ${btoa('demo-client:demo-secret')}` }, {}],
      ])('issues a client-credentials token with credentials %s, valid for an hour', async (_, headers, form) => {
        const token = await call('POST', '/security/oauth/token', {
          headers,
          form: { grant_type: 'client_credentials', ...form },
        });
        expect(token.status).toBe(200);
        expect(token.json).toMatchObject({ token_type: 'bearer', expires_in: 3600, scope: 'global' });
        expect(decodeJwt(token.json.access_token)).toMatchObject({
          sub: 'demo-client',
          organization: 'demo-org',
          scope: 'global',
          exp: Date.parse(T0) / 1000 + 3600,
        });
        const bearer = { authorization: `Bearer ${token.json.access_token}` };
        const ticket = await create({ type: 'MULTI_USE_TICKET', properties: {} }, bearer);
        expect(ticket.json.organizationId).toBe('demo-org');
        await api.advance(3600);
        expect((await call('GET', `/security/ticket/${ticket.json.id}`, { headers: bearer })).status).toBe(401);
        expect((await call('GET', `/security/ticket/${ticket.json.id}`, { headers: DEMO })).status).toBe(200);
      });

      it.each([
        [
          'the query string and no body, as the vendor’s API example scripts do',
          'grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret',
          undefined,
        ],
        [
          'the query string and an empty form',
          'grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret',
          '',
        ],
        [
          'the query string and the form together',
          'grant_type=client_credentials',
          'client_id=demo-client&client_secret=demo-secret',
        ],
        [
          'both, the body winning a clash',
          'grant_type=client_credentials&client_id=demo-client&client_secret=wrong',
          'client_secret=demo-secret',
        ],
      ])('takes the parameters from %s', async (_, query, body) => {
        const headers: Record<string, string> =
          body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' };
        const token = await call('POST', `/security/oauth/token?${query}`, {
          headers,
          ...(body === undefined ? {} : { body }),
        });
        expect(token.status).toBe(200);
        const bearer = { authorization: `Bearer ${token.json.access_token}` };
        expect((await create({ type: 'MULTI_USE_TICKET', properties: {} }, bearer)).status).toBe(200);
      });

      it('lets the body win over the query string also when the body is wrong', async () => {
        const response = await call(
          'POST',
          '/security/oauth/token?grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret',
          {
            form: { client_secret: 'wrong' },
          },
        );
        expect(response.status).toBe(401);
        expect(response.json.error).toBe('invalid_client');
      });

      it('exchanges a ticket given in the query string', async () => {
        const ticket = (await create({ type: 'MULTI_USE_TICKET', properties: {} })).json;
        const response = await call('POST', `/security/oauth/token?grant_type=password&username=${ticket.id}`, {
          headers: CUSTOMER,
        });
        expect(response.status).toBe(200);
        expect(response.json.sub).toBe(ticket.userId);
      });

      it('answers invalid_request when neither the query string nor the body holds a grant', async () => {
        const response = await call('POST', '/security/oauth/token');
        expect(response.status).toBe(400);
        expect(response.json).toEqual({ error: 'invalid_request', error_description: 'missing "grant_type"' });
      });

      it('refuses a wrong secret with 401 invalid_client', async () => {
        const response = await call('POST', '/security/oauth/token', {
          form: { grant_type: 'client_credentials', client_id: 'demo-client', client_secret: 'nope' },
        });
        expect(response.status).toBe(401);
        expect(response.json.error).toBe('invalid_client');
      });

      it('refuses an unknown grant type with 400', async () => {
        const response = await call('POST', '/security/oauth/token', {
          headers: CUSTOMER,
          form: { grant_type: 'authorization_code' },
        });
        expect(response.status).toBe(400);
        expect(response.json.error).toBe('invalid_request');
      });

      it('never expires the ready-made demo tokens', async () => {
        await api.advance(365 * 86_400);
        expect((await create({ type: 'MULTI_USE_TICKET', properties: {} })).status).toBe(200);
      });

      it.each([
        ['no Authorization', {}],
        ['an unknown token', { authorization: 'Bearer not-a-token' }],
        ['a malformed header', { authorization: 'Bearer' }],
      ])('answers 401 in Spring shape for %s', async (_, headers) => {
        const response = await call('GET', '/security/ticket/abc-def', { headers });
        expect(response.status).toBe(401);
        springShape(response.json, 401);
      });

      it.each([
        ['no token', {}, 'Bearer'],
        [
          'an unknown token',
          { authorization: 'Bearer not-a-token' },
          'Bearer error="invalid_token", error_description="Invalid access token"',
        ],
      ])('challenges %s with WWW-Authenticate (RFC 6750)', async (_, headers, challenge) => {
        const response = await call('GET', '/security/ticket/abc-def', { headers });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe(challenge);
      });

      it('expires an issued token on the mock’s clock, and says so in the challenge', async () => {
        const token = await call('POST', '/security/oauth/token', {
          form: { grant_type: 'client_credentials', client_id: 'demo-client', client_secret: 'demo-secret' },
        });
        const bearer = { authorization: `Bearer ${token.json.access_token}` };
        await api.advance(3599);
        expect((await create({ type: 'MULTI_USE_TICKET', properties: {} }, bearer)).status).toBe(200);
        await api.advance(1);
        const expired = await create({ type: 'MULTI_USE_TICKET', properties: {} }, bearer);
        expect(expired.status).toBe(401);
        expect(expired.headers.get('www-authenticate')).toBe(
          'Bearer error="invalid_token", error_description="Access token expired"',
        );
      });

      it('refuses a token the store holds when its signature is not the mock key’s (a forged state)', async () => {
        // the store alone would accept it: only the signature check tells it apart
        const forged = await new SignJWT({ organization: 'demo-org', client_id: 'demo-client', scope: 'global' })
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .setSubject('demo-client')
          .setJti('forged-jti')
          .setIssuedAt(Date.parse(T0) / 1000)
          .setExpirationTime(Date.parse(T0) / 1000 + 3600)
          .sign(new TextEncoder().encode('not-the-mock-key'));
        const state = JSON.parse((await call('GET', '/__mock/state')).text);
        const held = (token: string) => ({
          token,
          kind: 'client',
          organizationId: 'demo-org',
          clientId: 'demo-client',
          ticketId: null,
          userId: null,
          expiresAt: '2026-05-01T11:00:00.000Z',
        });
        state.apis.auvious.tokens.push(held(forged));
        expect((await call('PUT', '/__mock/state', { json: state })).status).toBe(200);
        const response = await create(
          { type: 'MULTI_USE_TICKET', properties: {} },
          { authorization: `Bearer ${forged}` },
        );
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe(
          'Bearer error="invalid_token", error_description="Invalid access token"',
        );
      });
    });

    describe('the calendar event', () => {
      it('is an RFC 5545 calendar with the ticket as UID and the join URL from the forwarded host', async () => {
        const ticket = (
          await create({ type: 'SCHEDULE_TICKET', properties: { scheduled_date: SCHEDULED_AT }, ttl: 86_400 })
        ).json;
        const response = await call('GET', `/security/ticket/${ticket.id}/event`, {
          headers: { ...DEMO, accept: 'text/calendar', 'x-forwarded-proto': 'https', host: 'meet.example.org' },
        });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
        const lines = response.text.split('\r\n');
        expect(response.text.endsWith('\r\n')).toBe(true);
        expect(response.text.replaceAll('\r\n', '')).not.toMatch(/\n/);
        for (const line of lines) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
        const calendar = new ICAL.Component(ICAL.parse(response.text));
        const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent') as ICAL.Component);
        expect(event.uid).toBe(ticket.id);
        expect(event.startDate.toJSDate().toISOString()).toBe('2026-05-02T09:30:00.000Z');
        expect(event.endDate.toJSDate().getTime() - event.startDate.toJSDate().getTime()).toBe(30 * 60_000);
        const url = calendar.getFirstSubcomponent('vevent')?.getFirstPropertyValue('url');
        expect(String(url)).toBe(`https://meet.example.org/t/${ticket.id}`);
        expect(event.description).toContain(`https://meet.example.org/t/${ticket.id}`);
      });

      it('starts at createdAt for a ticket without scheduled_date, and folds long lines', async () => {
        const id = (await create({ type: 'MULTI_USE_TICKET', properties: {}, length: 9 })).json.id;
        const longHost = `${'a'.repeat(60)}.example.org`;
        const response = await call('GET', `/security/ticket/${id}/event`, { headers: { ...DEMO, host: longHost } });
        const event = new ICAL.Event(
          new ICAL.Component(ICAL.parse(response.text)).getFirstSubcomponent('vevent') as ICAL.Component,
        );
        expect(event.startDate.toJSDate().toISOString()).toBe(T0);
        expect(event.description).toContain(`http://${longHost}/t/${id}`);
        expect(response.text).toMatch(/\r\n /); // a folded continuation line
      });

      it.each([
        ['google', /^https:\/\/calendar\.google\.com\/calendar\/render\?/],
        ['outlook', /^https:\/\/outlook\.live\.com\/calendar\//],
      ])('redirects to %s with 302', async (calendar, location) => {
        const id = (await create({ type: 'MULTI_USE_TICKET', properties: {} })).json.id;
        const response = await call('GET', `/security/ticket/${id}/event?calendar=${calendar}`, { headers: DEMO });
        expect(response.status).toBe(302);
        expect(response.headers.get('location')).toMatch(location);
        expect(decodeURIComponent(response.headers.get('location') ?? '')).toContain(`/t/${id}`);
      });

      it('refuses an unknown calendar with 400', async () => {
        const id = (await create({ type: 'MULTI_USE_TICKET', properties: {} })).json.id;
        expect((await call('GET', `/security/ticket/${id}/event?calendar=yahoo`, { headers: DEMO })).status).toBe(400);
      });
    });
  });
}

auviousCases(caseTarget());
