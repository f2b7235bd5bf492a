/**
 * Bad input never crashes anything: for every Auvious operation, malformed and hostile
 * requests get a documented 4xx in the API's own shape, the server stays up, and the data
 * is exactly as before (`GET /__mock/state`).
 */
import { STATUS_CODES } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caseTarget, client, jsonParseError, T0, type Target, type TargetFactory } from '../helpers/targets.ts';

const DEMO = { authorization: 'Bearer auvious-demo-token' };
const JSON_TYPE = { ...DEMO, 'content-type': 'application/json' };
const FORM_TYPE = { authorization: `Basic ${btoa('customer:')}`, 'content-type': 'application/x-www-form-urlencoded' };

interface BadCase {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** Sent with no Content-Type at all (fetch would label a string body text/plain). */
  readonly noContentType?: true;
  readonly status: number;
  /** The exact message: `error` of a 400, `error_description` at the token endpoint, Spring's `message` otherwise. */
  readonly message: string;
  /** OAuth's `error` code, at the token endpoint. */
  readonly oauthError?: string;
}

const VALID_CREATE = { type: 'MULTI_USE_TICKET', properties: {} };
const FULL_AUTH = 'Full authentication is required to access this resource';
const big = 'x'.repeat(1024 * 1024 + 10);

/** `{ticket}` stands for a real ticket id of the seeded data. */
const CASES: BadCase[] = [
  // createTicket
  {
    name: 'create: malformed JSON',
    method: 'POST',
    path: '/security/ticket',
    headers: JSON_TYPE,
    body: '{"type":',
    status: 400,
    message: 'malformed JSON: Unexpected end of JSON input',
  },
  {
    name: 'create: no body',
    method: 'POST',
    path: '/security/ticket',
    headers: JSON_TYPE,
    status: 400,
    message: 'the request body is required',
  },
  {
    name: 'create: JSON array',
    method: 'POST',
    path: '/security/ticket',
    headers: JSON_TYPE,
    body: '[]',
    status: 400,
    message: 'body: must be object',
  },
  {
    name: 'create: JSON null',
    method: 'POST',
    path: '/security/ticket',
    headers: JSON_TYPE,
    body: 'null',
    status: 400,
    message: 'body: must be object',
  },
  {
    name: 'create: text/plain',
    method: 'POST',
    path: '/security/ticket',
    headers: { ...DEMO, 'content-type': 'text/plain' },
    body: JSON.stringify(VALID_CREATE),
    status: 415,
    message: 'Content-Type must be application/json, not "text/plain"',
  },
  {
    name: 'create: no content type',
    method: 'POST',
    path: '/security/ticket',
    headers: DEMO,
    noContentType: true,
    body: JSON.stringify(VALID_CREATE),
    status: 415,
    message: 'Content-Type must be application/json, not missing',
  },
  {
    name: 'create: type missing',
    method: 'POST',
    path: '/security/ticket',
    headers: JSON_TYPE,
    body: '{"properties":{}}',
    status: 400,
    message: 'body: missing "type"',
  },
  {
    name: 'create: properties missing',
    method: 'POST',
    path: '/security/ticket',
    headers: JSON_TYPE,
    body: '{"type":"MULTI_USE_TICKET"}',
    status: 400,
    message: 'body: missing "properties"',
  },
  {
    name: 'create: unknown type',
    method: 'POST',
    path: '/security/ticket',
    headers: JSON_TYPE,
    body: '{"type":"GOLDEN_TICKET","properties":{}}',
    status: 400,
    message: 'body.type: must be equal to one of the allowed values',
  },
  {
    name: 'create: properties a string',
    method: 'POST',
    path: '/security/ticket',
    headers: JSON_TYPE,
    body: '{"type":"MULTI_USE_TICKET","properties":"x"}',
    status: 400,
    message: 'body.properties: must be object',
  },
  {
    name: 'create: length 7',
    method: 'POST',
    path: '/security/ticket',
    headers: JSON_TYPE,
    body: '{"type":"MULTI_USE_TICKET","properties":{},"length":7}',
    status: 400,
    message: 'body.length: must be equal to one of the allowed values',
  },
  {
    name: 'create: length a string',
    method: 'POST',
    path: '/security/ticket',
    headers: JSON_TYPE,
    body: '{"type":"MULTI_USE_TICKET","properties":{},"length":"6"}',
    status: 400,
    message: 'body.length: must be integer; body.length: must be equal to one of the allowed values',
  },
  {
    name: 'create: ttl too long',
    method: 'POST',
    path: '/security/ticket',
    headers: JSON_TYPE,
    body: '{"type":"MULTI_USE_TICKET","properties":{},"ttl":99999999}',
    status: 400,
    message: 'body.ttl: must be <= 2592000',
  },
  {
    name: 'create: disabled a string',
    method: 'POST',
    path: '/security/ticket',
    headers: JSON_TYPE,
    body: '{"type":"MULTI_USE_TICKET","properties":{},"disabled":"yes"}',
    status: 400,
    message: 'body.disabled: must be boolean',
  },
  {
    name: 'create: oversize body',
    method: 'POST',
    path: '/security/ticket',
    headers: JSON_TYPE,
    body: `{"type":"MULTI_USE_TICKET","properties":{"x":"${big}"}}`,
    status: 413,
    message: 'Request body is larger than 1048576 bytes',
  },
  {
    name: 'create: no credentials',
    method: 'POST',
    path: '/security/ticket',
    headers: { 'content-type': 'application/json' },
    body: '{}',
    status: 401,
    message: FULL_AUTH,
  },
  // getTicket and the id-taking operations; the client's URL parser resolves the dot
  // segments, so those two reach /security/, which is no route
  ...(
    [
      ['%00', 'Ticket not found'],
      ['..', 'no route GET /security/'],
      ['%2e%2e', 'no route GET /security/'],
      ['a'.repeat(300), 'Ticket not found'],
      ['%E2%82%AC', 'Ticket not found'],
      ["'%20OR%201=1", 'Ticket not found'],
      ['%ZZ', 'no route GET /security/ticket/%ZZ'],
    ] as const
  ).map(([id, message]) => ({
    name: `get: odd id ${id.slice(0, 20)}`,
    method: 'GET',
    path: `/security/ticket/${id}`,
    headers: DEMO,
    status: 404,
    message,
  })),
  // updateTicket
  {
    name: 'update: malformed JSON',
    method: 'PUT',
    path: '/security/ticket/{ticket}',
    headers: JSON_TYPE,
    body: '{',
    status: 400,
    message: `malformed JSON: ${jsonParseError('{')}`,
  },
  {
    name: 'update: properties missing',
    method: 'PUT',
    path: '/security/ticket/{ticket}',
    headers: JSON_TYPE,
    body: '{}',
    status: 400,
    message: 'body: missing "properties"',
  },
  {
    name: 'update: properties an array',
    method: 'PUT',
    path: '/security/ticket/{ticket}',
    headers: JSON_TYPE,
    body: '{"properties":[]}',
    status: 400,
    message: 'body.properties: must be object',
  },
  {
    name: 'update: organizationId a number',
    method: 'PUT',
    path: '/security/ticket/{ticket}',
    headers: JSON_TYPE,
    body: '{"properties":{},"organizationId":7}',
    status: 400,
    message: 'body.organizationId: must be string',
  },
  {
    name: 'update: form body',
    method: 'PUT',
    path: '/security/ticket/{ticket}',
    headers: { ...DEMO, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'properties=x',
    status: 415,
    message: 'Content-Type must be application/json, not "application/x-www-form-urlencoded"',
  },
  // deleteTicket, disable/enable/revoke
  {
    name: 'delete: unknown id',
    method: 'DELETE',
    path: '/security/ticket/zzzzzz',
    headers: DEMO,
    status: 404,
    message: 'Ticket not found',
  },
  {
    name: 'disable: unknown id',
    method: 'POST',
    path: '/security/ticket/zzzzzz/disable',
    headers: DEMO,
    status: 404,
    message: 'Ticket not found',
  },
  {
    name: 'enable: unknown id',
    method: 'POST',
    path: '/security/ticket/zzzzzz/enable',
    headers: DEMO,
    status: 404,
    message: 'Ticket not found',
  },
  {
    name: 'revoke: no credentials',
    method: 'POST',
    path: '/security/ticket/{ticket}/revoke',
    headers: {},
    status: 401,
    message: FULL_AUTH,
  },
  // getTicketEvent
  {
    name: 'event: unknown calendar',
    method: 'GET',
    path: '/security/ticket/{ticket}/event?calendar=%00',
    headers: DEMO,
    status: 400,
    message: 'query.calendar: must be equal to one of the allowed values',
  },
  {
    name: 'event: bad X-Forwarded-Proto',
    method: 'GET',
    path: '/security/ticket/{ticket}/event',
    // any URI scheme is taken (the seed's own sample sends "string"); this one cannot start a URL
    headers: { ...DEMO, 'x-forwarded-proto': 'ht tp' },
    status: 400,
    message: 'header.X-Forwarded-Proto: must match pattern "^[A-Za-z][A-Za-z0-9+.-]*$"',
  },
  // getToken
  {
    name: 'token: JSON instead of a form',
    method: 'POST',
    path: '/security/oauth/token',
    headers: { ...FORM_TYPE, 'content-type': 'application/json' },
    body: '{"grant_type":"password"}',
    status: 415,
    message: 'Content-Type must be application/x-www-form-urlencoded, not "application/json"',
  },
  {
    name: 'token: no grant_type',
    method: 'POST',
    path: '/security/oauth/token',
    headers: FORM_TYPE,
    body: 'username=abc',
    status: 400,
    oauthError: 'invalid_request',
    message: 'body: missing "grant_type"; body: missing "refresh_token"',
  },
  {
    name: 'token: password grant without ticket',
    method: 'POST',
    path: '/security/oauth/token',
    headers: FORM_TYPE,
    body: 'grant_type=password',
    status: 400,
    oauthError: 'invalid_request',
    // the ticket goes in `username` or `ticket`: without `ticket`, `username` is the one asked for
    message: 'body.grant_type: must be equal to constant; body: missing "username"; body: missing "refresh_token"',
  },
  {
    name: 'token: malformed Basic',
    method: 'POST',
    path: '/security/oauth/token',
    headers: { ...FORM_TYPE, authorization: 'Basic ###' },
    body: 'grant_type=password&username=a',
    status: 401,
    oauthError: 'invalid_client',
    message: 'Malformed Basic credentials',
  },
  {
    name: 'token: unknown ticket',
    method: 'POST',
    path: '/security/oauth/token',
    headers: FORM_TYPE,
    body: 'grant_type=password&username=nope99',
    status: 400,
    oauthError: 'invalid_grant',
    message: 'NOT_FOUND',
  },
  // routes
  {
    name: 'unknown route',
    method: 'GET',
    path: '/security/nothing/here',
    headers: DEMO,
    status: 404,
    message: 'no route GET /security/nothing/here',
  },
  {
    name: 'wrong method',
    method: 'PATCH',
    path: '/security/ticket/{ticket}',
    headers: DEMO,
    status: 405,
    message: 'PATCH is not allowed on /security/ticket/{ticket}',
  },
];

function auviousBadInputCases(factory: TargetFactory): void {
  describe(`Auvious bad input on the ${factory.name}`, () => {
    let target: Target;
    const api = client(() => target);
    let ticket = '';

    beforeAll(async () => {
      target = await factory.start(['auvious']);
    });
    afterAll(async () => {
      await target.close();
    });
    beforeEach(async () => {
      await api.call('POST', '/__mock/reset');
      await api.call('POST', '/__mock/clock', { json: { now: T0 } });
      const state = JSON.parse(await api.state()) as {
        apis: { auvious: { tickets: Array<{ id: string; organizationId: string; revoked: string | null }> } };
      };
      const mine = state.apis.auvious.tickets.find((t) => t.organizationId === 'demo-org' && t.revoked === null);
      ticket = mine?.id ?? '';
      expect(ticket).not.toBe('');
    });

    it.each(CASES.map((badCase) => [badCase.name, badCase] as const))(
      '%s: a documented 4xx, data unchanged',
      async (_, badCase) => {
        const before = await api.state();
        const headers = { ...badCase.headers };
        // a Host header sends the request through node:http, which adds no Content-Type;
        // msw intercepts node:http in-process as it does fetch
        if (badCase.noContentType) headers.host = new URL(target.baseUrl).host;
        const response = await api.call(badCase.method, badCase.path.replace('{ticket}', ticket), {
          headers,
          ...(badCase.body === undefined ? {} : { body: badCase.body }),
        });
        expect(response.status).toBe(badCase.status);
        const message = badCase.message.replace('{ticket}', ticket);
        // the API's own error shape: OAuth's from the token endpoint's checks, {error: "..."}
        // for 400, Spring's otherwise
        if (badCase.oauthError !== undefined)
          expect(response.json).toEqual({ error: badCase.oauthError, error_description: message });
        else if (badCase.status === 400) expect(response.json).toEqual({ error: message });
        else
          expect(response.json).toEqual({
            timestamp: T0,
            status: badCase.status,
            error: STATUS_CODES[badCase.status],
            message,
            path: expect.stringMatching(/^\/security\//),
          });
        expect(await api.state()).toBe(before);
        // still up
        expect((await api.call('GET', `/security/ticket/${ticket}`, { headers: DEMO })).status).toBe(200);
      },
    );

    it('stores __proto__ and constructor keys inside properties as plain data, polluting nothing', async () => {
      const body =
        '{"type":"MULTI_USE_TICKET","properties":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}}';
      const response = await api.call('POST', '/security/ticket', { headers: JSON_TYPE, body });
      expect(response.status).toBe(200);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      const read = await api.call('GET', `/security/ticket/${response.json.id}`, { headers: DEMO });
      expect(Object.hasOwn(read.json.properties, '__proto__')).toBe(true);
      expect(Object.getOwnPropertyDescriptor(read.json.properties, '__proto__')?.value).toEqual({ polluted: 'yes' });
      const update = await api.call('PUT', `/security/ticket/${response.json.id}`, {
        headers: JSON_TYPE,
        body: '{"properties":{"__proto__":{"polluted":1}}}',
      });
      expect(update.status).toBe(200);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });
}

auviousBadInputCases(caseTarget());
