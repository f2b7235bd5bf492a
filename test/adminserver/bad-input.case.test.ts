/**
 * Bad input never crashes anything: for every Adminserver method, malformed and hostile
 * requests get a documented 4xx in the `{error: {status: true, code, message}}` envelope,
 * the server stays up, and the data is exactly as before (`GET /__mock/state`).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caseTarget, client, T0, type Target, type TargetFactory } from '../helpers/targets.ts';

/** `{session}` stands for a live admin session's id (replaced in every header value). */
const SESSION = { 'x-session-id': '{session}' };
const JSON_TYPE = { 'content-type': 'application/json' };
const SESSION_JSON = { ...SESSION, ...JSON_TYPE };
/** A request with no Content-Type at all (fetch would add text/plain to a string body). */
const NO_TYPE = 'no-content-type';

interface BadCase {
  readonly name: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly method?: string;
  readonly status: number;
  /** The exact message, or a pattern for one that names Node's own words. */
  readonly message?: string | RegExp;
}

const LOGIN = { email: 'admin@demo.test', password: 'demo-password' };
const TICKET = {
  productId: 'bad-input-1',
  eventName: 'Bad Input 2026',
  eventStartDate: '2026-07-10T18:00:00Z',
  eventEndDate: '2026-07-10T23:00:00Z',
  ticketType: 'single',
  ticketName: 'Entry ticket',
  price: 10,
};
/**
 * A create/update body: TICKET with `change`, then `raw` JSON members appended to the ticket
 * (a later duplicate key wins in JSON.parse). Raw text keeps `"__proto__"` a plain member name
 * and allows numbers JSON.stringify cannot write (`1e400`).
 */
const ticketBody = (change: Record<string, unknown>, raw = '') => {
  const text = JSON.stringify({ ticket: { ...TICKET, ...change } });
  return raw === '' ? text : `${text.slice(0, -2)},${raw}}}`;
};
const big = 'x'.repeat(1024 * 1024 + 10);
const TOO_LARGE = 'Request body is larger than 1048576 bytes';
const MALFORMED = /^malformed JSON: /;
const NOT_JSON = 'Content-Type must be application/json, not "text/plain"';
const NO_JSON_TYPE = 'Content-Type must be application/json, not missing';
const NOT_OBJECT = 'body: must be object';
const REQUIRED = 'the request body is required';
const NOT_LOGGED_IN = 'not logged in';

interface Method {
  readonly name: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly valid: string;
  /** Whether the spec requires a body. */
  readonly required: boolean;
}

/** The methods with a JSON body in the spec. */
const DISCOVER = '/jsonRpc/rpc.discover';

const BODY_METHODS: Method[] = [
  { name: 'login', path: '/auth/login', headers: JSON_TYPE, valid: JSON.stringify(LOGIN), required: true },
  {
    name: 'create',
    path: '/jsonRpc/ticket.createPurchasableTicket',
    headers: SESSION_JSON,
    valid: ticketBody({}),
    required: true,
  },
  {
    name: 'update',
    path: '/jsonRpc/ticket.updatePurchasableTicket',
    headers: SESSION_JSON,
    valid: ticketBody({ productId: '{ticket}' }),
    required: true,
  },
  {
    name: 'delete',
    path: '/jsonRpc/ticket.deletePurchasableTicket',
    headers: SESSION_JSON,
    valid: '{"productId":"{ticket}"}',
    required: true,
  },
  { name: 'list', path: '/jsonRpc/ticket.getPurchasableTickets', headers: SESSION_JSON, valid: '{}', required: false },
  { name: 'discover', path: '/jsonRpc/rpc.discover', headers: JSON_TYPE, valid: '{}', required: false },
];

/** The methods that change data when they accept a body. */
const WRITES: ReadonlySet<string> = new Set([
  '/jsonRpc/ticket.createPurchasableTicket',
  '/jsonRpc/ticket.updatePurchasableTicket',
  '/jsonRpc/ticket.deletePurchasableTicket',
]);

/** Ajv's words for params that are no object (null allowed where the params are optional). */
const notObject = (m: Method): string => (m.required ? NOT_OBJECT : 'body: must be object,null');

/** The same hostile bodies for every method that takes one. */
const perMethod = (m: Method): BadCase[] => {
  const withoutType = Object.fromEntries(Object.entries(m.headers).filter(([name]) => name !== 'content-type'));
  const cases: BadCase[] = [
    { name: 'malformed JSON', path: m.path, headers: m.headers, body: '{"ticket":', status: 400, message: MALFORMED },
    { name: 'JSON array', path: m.path, headers: m.headers, body: '[]', status: 400, message: notObject(m) },
    // Go reads null params as {}: accepted where {} is (docs/decisions/008)
    m.required || m.name === 'login'
      ? { name: 'JSON null', path: m.path, headers: m.headers, body: 'null', status: 400, message: NOT_OBJECT }
      : { name: 'JSON null, read as {}', path: m.path, headers: m.headers, body: 'null', status: 200 },
    { name: 'JSON number', path: m.path, headers: m.headers, body: '7', status: 400, message: notObject(m) },
    { name: 'JSON string', path: m.path, headers: m.headers, body: '"{}"', status: 400, message: notObject(m) },
    {
      name: 'text/plain (400: the spec documents no 415)',
      path: m.path,
      headers: { ...withoutType, 'content-type': 'text/plain' },
      body: m.valid,
      status: 400,
      message: NOT_JSON,
    },
    {
      name: 'form content type',
      path: m.path,
      headers: { ...withoutType, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'productId=x',
      status: 400,
      message: 'Content-Type must be application/json, not "application/x-www-form-urlencoded"',
    },
    {
      name: 'no content type',
      path: m.path,
      headers: { ...withoutType, [NO_TYPE]: '1' },
      body: m.valid,
      status: 400,
      message: NO_JSON_TYPE,
    },
    // rpc.discover documents no 413: it is answered without the body
    {
      name: 'oversize body',
      path: m.path,
      headers: m.headers,
      body: `{"x":"${big}"}`,
      ...(m.path === DISCOVER ? { status: 200 } : { status: 413, message: TOO_LARGE }),
    },
  ];
  // members nobody lists are ignored, as Go's encoding/json does (docs/decisions/008); the
  // ticket methods, which then change data, have a test of their own below
  if (!WRITES.has(m.path)) {
    cases.push(
      {
        name: '__proto__ member, ignored',
        path: m.path,
        headers: m.headers,
        body: `${m.valid.slice(0, -1)}${m.valid === '{}' ? '' : ','}"__proto__":{"polluted":"yes"}}`,
        status: 200,
      },
      {
        name: 'constructor member, ignored',
        path: m.path,
        headers: m.headers,
        body: `${m.valid.slice(0, -1)}${m.valid === '{}' ? '' : ','}"constructor":{"prototype":{"polluted":"yes"}}}`,
        status: 200,
      },
    );
  }
  if (m.required) {
    cases.push({ name: 'no body', path: m.path, headers: m.headers, status: 400, message: REQUIRED });
    cases.push({ name: 'empty object', path: m.path, headers: m.headers, body: '{}', status: 400 });
  }
  return cases.map((badCase) => ({ ...badCase, name: `${m.name}: ${badCase.name}` }));
};

const CREATE = '/jsonRpc/ticket.createPurchasableTicket';
const UPDATE = '/jsonRpc/ticket.updatePurchasableTicket';
const DELETE = '/jsonRpc/ticket.deletePurchasableTicket';
const LIST = '/jsonRpc/ticket.getPurchasableTickets';

const ticketCase = (name: string, change: Record<string, unknown> | string, message: string | RegExp): BadCase[] =>
  [CREATE, UPDATE].map((path) => {
    const fields = typeof change === 'string' ? {} : change;
    const raw = typeof change === 'string' ? change : '';
    return {
      name: `${path === CREATE ? 'create' : 'update'}: ${name}`,
      path,
      headers: SESSION_JSON,
      body: ticketBody(path === UPDATE ? { productId: '{ticket}', ...fields } : fields, raw),
      status: 400,
      message,
    };
  });

/** A valid body for each ticket method, so that only the headers are odd. */
const VALID_BODY: Record<string, string> = {
  [CREATE]: ticketBody({}),
  [UPDATE]: ticketBody({ productId: '{ticket}' }),
  [DELETE]: '{"productId":"{ticket}"}',
  [LIST]: '{}',
};

const CASES: BadCase[] = [
  ...BODY_METHODS.flatMap(perMethod),
  // login: wrong types and odd values
  {
    name: 'login: email a number',
    path: '/auth/login',
    headers: JSON_TYPE,
    body: '{"email":7,"password":"x"}',
    status: 400,
    message: 'body.email: must be string',
  },
  {
    name: 'login: over-long email',
    path: '/auth/login',
    headers: JSON_TYPE,
    body: JSON.stringify({ email: `${'a'.repeat(200_000)}@${'b'.repeat(200_000)}`, password: 'x' }),
    status: 400,
    message: 'body.email: must match format "email"',
  },
  {
    name: 'login: email with a NUL',
    path: '/auth/login',
    headers: JSON_TYPE,
    body: JSON.stringify({ email: 'admin@demo.test\u0000', password: 'demo-password' }),
    status: 400,
    message: 'body.email: must match format "email"',
  },
  {
    name: 'login: over-long password',
    path: '/auth/login',
    headers: JSON_TYPE,
    body: JSON.stringify({ email: LOGIN.email, password: 'p'.repeat(500_000) }),
    status: 401,
    message: 'invalid email or password',
  },
  {
    name: 'login: password an array',
    path: '/auth/login',
    headers: JSON_TYPE,
    body: JSON.stringify({ email: LOGIN.email, password: [LOGIN.password] }),
    status: 400,
    message: 'body.password: must be string',
  },
  // create and update: wrong types, over-long and odd values
  ...ticketCase('price "19.99"', { price: '19.99' }, 'body.ticket.price: must be number'),
  ...ticketCase('price 1e400 (Infinity)', '"price":1e400', 'body.ticket.price: must be number'),
  ...ticketCase('price 1.5e-7', { price: 1.5e-7 }, 'ticket.price: at most two decimals'),
  ...ticketCase('price null', { price: null }, 'body.ticket.price: must be number'),
  ...ticketCase('grants {}', { grants: {} }, 'body.ticket.grants: must be array,null'),
  ...ticketCase('grants [null]', { grants: [null] }, 'body.ticket.grants.0: must be object'),
  ...ticketCase('grants ["userRole"]', { grants: ['userRole'] }, 'body.ticket.grants.0: must be object'),
  ...ticketCase(
    'a grantTarget with a space',
    { grants: [{ grantType: 'userRole', grantTarget: 'attendee: /events/x' }] },
    'body.ticket.grants.0.grantTarget: must match pattern "^[^:\\s]+:\\S+$"',
  ),
  ...ticketCase('productId a number', { productId: 7 }, 'body.ticket.productId: must be string'),
  ...ticketCase('eventName an object', { eventName: {} }, 'body.ticket.eventName: must be string'),
  ...ticketCase(
    'ticketType with 400 digits, n > m',
    { ticketType: `days:${'9'.repeat(400)}of${'9'.repeat(399)}8` },
    'ticket.ticketType: must be single or days:<n>of<m> with 1 <= n <= m',
  ),
  ...ticketCase(
    'ticketType with a trailing newline',
    { ticketType: 'single\n' },
    'body.ticket.ticketType: must match pattern "^(single|days:[1-9][0-9]*of[1-9][0-9]*)$"',
  ),
  ...ticketCase(
    'a leap-second eventStartDate',
    { eventStartDate: '2026-06-30T23:59:60Z', eventEndDate: '2026-07-01T00:00:00Z' },
    'body.ticket.eventStartDate: must match format "date-time"',
  ),
  ...ticketCase(
    'a leap-second eventEndDate',
    { eventStartDate: '2026-06-30T23:00:00Z', eventEndDate: '2026-06-30T23:59:60Z' },
    'body.ticket.eventEndDate: must match format "date-time"',
  ),
  ...ticketCase(
    'February 30th',
    { eventStartDate: '2026-02-30T10:00:00Z' },
    'body.ticket.eventStartDate: must match format "date-time"',
  ),
  ...ticketCase(
    'hour 24',
    { eventEndDate: '2026-07-10T24:00:00Z' },
    'body.ticket.eventEndDate: must match format "date-time"',
  ),
  ...ticketCase(
    'a date without an offset',
    { eventStartDate: '2026-07-10T18:00:00' },
    'body.ticket.eventStartDate: must match format "date-time"',
  ),
  {
    name: 'create: deeply nested grants',
    path: CREATE,
    headers: SESSION_JSON,
    body: `{"ticket":{"productId":"deep","grants":${'['.repeat(200_000)}${']'.repeat(200_000)}}}`,
    status: 400,
  },
  {
    name: 'create: deeply nested ticket',
    path: CREATE,
    headers: SESSION_JSON,
    body: `{"ticket":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`,
    status: 400,
  },
  {
    name: 'create: ticket an array',
    path: CREATE,
    headers: SESSION_JSON,
    body: '{"ticket":[]}',
    status: 400,
    message: 'body.ticket: must be object',
  },
  {
    name: 'update: an unknown productId, over-long',
    path: UPDATE,
    headers: SESSION_JSON,
    body: ticketBody({ productId: 'p'.repeat(100_000) }),
    status: 404,
    message: `purchasable ticket ${'p'.repeat(100_000)} not found`,
  },
  // delete
  {
    name: 'delete: productId a number',
    path: DELETE,
    headers: SESSION_JSON,
    body: '{"productId":7}',
    status: 400,
    message: 'body.productId: must be string',
  },
  {
    name: 'delete: productId ""',
    path: DELETE,
    headers: SESSION_JSON,
    body: '{"productId":""}',
    status: 400,
    message: 'body.productId: must NOT have fewer than 1 characters',
  },
  {
    name: 'delete: an unknown productId, over-long',
    path: DELETE,
    headers: SESSION_JSON,
    body: JSON.stringify({ productId: 'q'.repeat(100_000) }),
    status: 404,
    message: `purchasable ticket ${'q'.repeat(100_000)} not found`,
  },
  {
    name: 'delete: a productId of another network’s shape',
    path: DELETE,
    headers: SESSION_JSON,
    body: '{"productId":"../other-network/{ticket}"}',
    status: 404,
    message: 'purchasable ticket ../other-network/{ticket} not found',
  },
  // list and discover take no params: a member is ignored, and the network stays the header's
  {
    name: 'list: a member, ignored',
    path: LIST,
    headers: SESSION_JSON,
    body: '{"networkId":"other-network"}',
    status: 200,
  },
  { name: 'discover: a member, ignored', path: DISCOVER, headers: JSON_TYPE, body: '{"method":"x"}', status: 200 },
  // logout and check take no body: one is ignored, and they still need a session
  {
    name: 'logout: malformed JSON without a session',
    path: '/auth/logout',
    headers: JSON_TYPE,
    body: '{"x":',
    status: 401,
    message: NOT_LOGGED_IN,
  },
  {
    name: 'check: malformed JSON without a session',
    path: '/auth/check',
    headers: JSON_TYPE,
    body: '{"x":',
    status: 401,
    message: NOT_LOGGED_IN,
  },
  { name: 'check: malformed JSON, ignored', path: '/auth/check', headers: SESSION_JSON, body: '{"x":', status: 200 },
  {
    name: 'check: text/plain, ignored',
    path: '/auth/check',
    headers: { ...SESSION, 'content-type': 'text/plain' },
    body: 'hi',
    status: 200,
  },
  // their specs document no 413: answered without the body (logout without a session, so the data stays)
  {
    name: '/auth/check: oversize body, answered without it',
    path: '/auth/check',
    headers: SESSION_JSON,
    body: big,
    status: 200,
  },
  {
    name: '/auth/logout: oversize body, answered without it',
    path: '/auth/logout',
    headers: JSON_TYPE,
    body: big,
    status: 401,
    message: 'not logged in',
  },
  // odd sessions, on every method that needs one
  ...[
    ['an empty X-Session-Id', { 'x-session-id': '' }],
    ['a very long X-Session-Id', { 'x-session-id': 'a'.repeat(8000) }],
    ['two session ids with a comma', { 'x-session-id': '{session}, {session}' }],
    ['a session id with a comma', { 'x-session-id': '{session},' }],
    ['the session id upper-cased', { 'x-session-id': '{SESSION}' }],
    ['an empty X-Session-Id beside a valid cookie', { 'x-session-id': '', cookie: 'sessionId={session}' }],
    ['an empty sessionId cookie', { cookie: 'sessionId=' }],
    ['a cookie sessionIdX', { cookie: 'sessionIdX={session}' }],
    ['a cookie named xsessionId', { cookie: 'xsessionId={session}' }],
    ['the session in another cookie’s value', { cookie: 'other=sessionId={session}' }],
  ].flatMap(([what, headers]) =>
    ['/auth/check', '/auth/logout', CREATE, UPDATE, DELETE, LIST].map((path) => ({
      name: `${path}: ${what}`,
      path,
      headers: { ...(headers as Record<string, string>), ...JSON_TYPE },
      body: VALID_BODY[path] ?? '{}',
      status: 401,
      message: NOT_LOGGED_IN,
    })),
  ),
  // odd networks
  ...[
    ['an empty X-Network-Id', '', '/'],
    ['an unknown network', 'nope-network', '/nope-network'],
    ['a path below its own network', 'demo-network/x', '/demo-network/x'],
    ['a network in another case', 'Demo-Network', '/Demo-Network'],
    ['a very long network id', 'n'.repeat(8000), `/${'n'.repeat(8000)}`],
    ['a network it is only a member of', 'other-network', '/other-network'],
  ].flatMap(([what, network, targetPath]) =>
    [CREATE, UPDATE, DELETE, LIST].flatMap((path) =>
      ['x-network-id', 'x-network'].map((header) => ({
        name: `${path}: ${what} in ${header}`,
        path,
        headers: { ...SESSION_JSON, [header]: network as string },
        body: VALID_BODY[path] ?? '{}',
        status: 403,
        message: `permission network.manage required on ${targetPath}`,
      })),
    ),
  ),
  // the two network headers disagreeing, one of them odd
  ...[
    ['an empty X-Network beside its own network', '', 'demo-network'],
    ['its own network beside an empty X-Network-Id', 'demo-network', ''],
    ['a network in another case', 'Demo-Network', 'demo-network'],
    ['a very long network id', 'n'.repeat(8000), 'demo-network'],
  ].flatMap(([what, xNetwork, xNetworkId]) =>
    [CREATE, UPDATE, DELETE, LIST].map((path) => ({
      name: `${path}: ${what}`,
      path,
      headers: { ...SESSION_JSON, 'x-network': xNetwork as string, 'x-network-id': xNetworkId as string },
      body: VALID_BODY[path] ?? '{}',
      status: 400,
      message: `X-Network ${JSON.stringify(xNetwork)} and X-Network-Id ${JSON.stringify(xNetworkId)} name different networks`,
    })),
  ),
  // routes
  {
    name: 'an unknown method',
    path: '/jsonRpc/ticket.nope',
    headers: SESSION_JSON,
    body: '{}',
    status: 404,
    message: 'method not found: ticket.nope',
  },
  {
    name: 'a malformed escape in a method',
    path: '/jsonRpc/%ZZ',
    headers: SESSION_JSON,
    body: '{}',
    status: 404,
    message: 'method not found: %ZZ',
  },
  {
    name: 'a method below a method',
    path: `${LIST}/x`,
    headers: SESSION_JSON,
    body: '{}',
    status: 404,
    message: 'method not found: ticket.getPurchasableTickets/x',
  },
  {
    name: 'no method',
    path: '/jsonRpc/',
    headers: SESSION_JSON,
    body: '{}',
    status: 404,
    message: 'method not found: ',
  },
  {
    name: 'GET on a method',
    method: 'GET',
    path: LIST,
    headers: SESSION,
    status: 405,
    message: `GET is not allowed on ${LIST}`,
  },
  {
    name: 'DELETE on a method',
    method: 'DELETE',
    path: DELETE,
    headers: SESSION,
    status: 405,
    message: `DELETE is not allowed on ${DELETE}`,
  },
  {
    name: 'GET on login',
    method: 'GET',
    path: '/auth/login',
    headers: {},
    status: 405,
    message: 'GET is not allowed on /auth/login',
  },
];

function adminserverBadInputCases(factory: TargetFactory): void {
  describe(`Adminserver bad input on the ${factory.name}`, () => {
    let target: Target;
    const api = client(() => target);
    let session = '';
    let ticket = '';

    const logIn = async (): Promise<string> => {
      const response = await api.call('POST', '/auth/login', { json: LOGIN });
      expect(response.status).toBe(200);
      return response.json.sessionId;
    };
    const fill = (text: string): string =>
      text
        .replaceAll('{session}', session)
        .replaceAll('{SESSION}', session.toUpperCase())
        .replaceAll('{ticket}', ticket);
    const send = (badCase: BadCase) => {
      const headers = Object.fromEntries(Object.entries(badCase.headers).map(([name, value]) => [name, fill(value)]));
      if (NO_TYPE in headers) {
        // a Host header sends the request through node:http, which adds no Content-Type
        delete headers[NO_TYPE];
        headers.host = new URL(target.baseUrl).host;
      }
      const body = badCase.body === undefined ? undefined : fill(badCase.body);
      return api.call(badCase.method ?? 'POST', badCase.path, { headers, ...(body === undefined ? {} : { body }) });
    };

    beforeAll(async () => {
      target = await factory.start(['adminserver']);
    });
    afterAll(async () => {
      await target.close();
    });
    beforeEach(async () => {
      await api.call('PUT', '/__mock/faults', { json: {} });
      await api.call('POST', '/__mock/reset');
      await api.call('POST', '/__mock/clock', { json: { now: T0 } });
      session = await logIn();
      // In-process, msw keeps a cookie jar: a second session's logout clears the cookie the
      // logins left in it, so that only what a case sends reaches the mock.
      const spare = await logIn();
      expect((await api.call('POST', '/auth/logout', { headers: { 'x-session-id': spare } })).status).toBe(200);
      const state = JSON.parse(await api.state()) as {
        apis: { adminserver: { tickets: Array<{ productId: string; networkId: string }> } };
      };
      ticket = state.apis.adminserver.tickets.find((t) => t.networkId === 'demo-network')?.productId ?? '';
      expect(ticket).not.toBe('');
    });

    it.each(CASES.map((badCase) => [badCase.name.slice(0, 160), badCase] as const))(
      '%s: a documented answer, data unchanged',
      async (_, badCase) => {
        const before = await api.state();
        const response = await send(badCase);
        expect(response.status).toBe(badCase.status);
        if (badCase.status >= 400) {
          expect(response.json).toEqual({
            error: { status: true, code: badCase.status === 429 ? 705 : badCase.status, message: expect.any(String) },
          });
          if (typeof badCase.message === 'string') expect(response.json.error.message).toBe(fill(badCase.message));
          else if (badCase.message instanceof RegExp) expect(response.json.error.message).toMatch(badCase.message);
        }
        // a successful login opens a session; every other case leaves the data as it was
        if (badCase.status >= 400 || badCase.path !== '/auth/login') expect(await api.state()).toBe(before);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.prototype).not.toHaveProperty('polluted');
        // still up
        const list = await api.call('POST', LIST, { headers: { 'x-session-id': session } });
        expect(list.status).toBe(200);
        expect(list.json.data.tickets.length).toBeGreaterThan(0);
      },
    );

    it('lets the valid body of every method through, so each bad case above fails for its own reason', async () => {
      for (const method of BODY_METHODS) {
        const response = await send({
          name: method.name,
          path: method.path,
          headers: method.headers,
          body: method.valid,
          status: 200,
        });
        expect(response.status, method.name).toBe(200);
      }
      expect((await send({ name: 'list', path: LIST, headers: SESSION, status: 200 })).status).toBe(200);
      expect((await send({ name: 'discover', path: DISCOVER, headers: {}, status: 200 })).status).toBe(200);
    });

    it('ignores a body on logout, whose spec takes none', async () => {
      const response = await api.call('POST', '/auth/logout', {
        headers: { 'x-session-id': session, 'content-type': 'application/json' },
        body: '{"x":',
      });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({});
      expect((await api.call('POST', '/auth/check', { headers: { 'x-session-id': session } })).status).toBe(401);
    });

    it('reads a JSON body behind a byte-order mark the same on every target', async () => {
      // RFC 8259 lets a parser ignore a BOM; msw's request.text() drops it, and the engine
      // drops it for the standalone server, so both adapters read the same body
      const response = await api.call('POST', LIST, {
        headers: { 'x-session-id': session, 'content-type': 'application/json' },
        body: '\uFEFF{}',
      });
      expect(response.status).toBe(200);
      expect(response.json.data.tickets.length).toBeGreaterThan(0);
    });

    it('reads a session id with spaces around it, as HTTP trims a header value', async () => {
      const response = await api.call('POST', '/auth/check', { headers: { 'x-session-id': `  ${session}\t` } });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({});
    });

    it('accepts odd but valid values, and echoes them as sent', async () => {
      const odd = [
        { productId: 'p'.repeat(100_000), eventName: 'e'.repeat(100_000) },
        { productId: 'nul\u0000and\nnewline', eventName: '🎟️ Ünïcödé' },
        { productId: 'slash/in/id', ticketName: '<script>alert(1)</script>' },
        {
          productId: 'offsets',
          eventStartDate: '2026-07-10T18:00:00.123456789+14:00',
          eventEndDate: '2026-07-10t18:00:00z',
        },
        { productId: 'year-0', eventStartDate: '0000-01-01T00:00:00Z' },
        { productId: 'huge-days', ticketType: `days:${'9'.repeat(399)}8of${'9'.repeat(400)}` },
      ];
      for (const change of odd) {
        const sent = { ...TICKET, ...change };
        const response = await api.call('POST', CREATE, {
          headers: { 'x-session-id': session },
          json: { ticket: sent },
        });
        expect(response.status).toBe(200);
        expect(response.json).toEqual({
          data: { ticket: { ...sent, ticketDescription: '', thumbnailId: '', discount: '', grants: [] } },
        });
      }
    });

    it('stores no __proto__ or constructor, and pollutes nothing, wherever they are sent', async () => {
      const login = await api.call('POST', '/auth/login', {
        headers: { 'content-type': 'application/json' },
        body: '{"email":"admin@demo.test","password":"demo-password","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}',
      });
      // LoginRequest does not close the object: unknown members are ignored there
      expect(login.status).toBe(200);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      const state = await api.state();
      expect(state).not.toContain('polluted');
      // the ticket methods accept and drop members nobody lists (docs/decisions/008)
      const polluting = '"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}';
      const sent = [
        [CREATE, ticketBody({}, `"grants":[{"grantType":"userRole","grantTarget":"a:b",${polluting}}]`)],
        [CREATE, ticketBody({ productId: 'bad-input-2' }, polluting)],
        [UPDATE, `${ticketBody({ productId: 'bad-input-2', price: 3 }).slice(0, -1)},${polluting}}`],
        [DELETE, `{"productId":"bad-input-1",${polluting}}`],
      ] as const;
      for (const [path, body] of sent) {
        const response = await api.call('POST', path, {
          headers: { 'x-session-id': session, 'content-type': 'application/json' },
          body,
        });
        expect(response.status, `${path} ${body}`).toBe(200);
        expect(response.text).not.toContain('polluted');
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }
      const after = await api.state();
      expect(after).not.toContain('polluted');
      expect(after).not.toContain('__proto__');
      const tickets = (JSON.parse(after) as { apis: { adminserver: { tickets: Array<Record<string, unknown>> } } }).apis
        .adminserver.tickets;
      expect(tickets.find((t) => t.productId === 'bad-input-2')).toEqual({
        ...TICKET,
        productId: 'bad-input-2',
        price: 3,
        ticketDescription: '',
        thumbnailId: '',
        discount: '',
        grants: [],
        networkId: 'demo-network',
      });
      expect(Object.prototype).not.toHaveProperty('polluted');
    });
  });
}

adminserverBadInputCases(caseTarget());
