/**
 * Bad input never crashes anything: for every Octopus operation, malformed and hostile
 * requests get a documented 4xx in the API's own shape (`{error: {code, message}}`), the
 * server stays up, and the data is exactly as before (`GET /__mock/state`).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caseTarget, client, T0, type Target, type TargetFactory } from '../helpers/targets.ts';

const DEMO = { authorization: 'Bearer octopus-demo-key' };
const OTHER = { authorization: 'Bearer octopus-other-key' };
const JSON_TYPE = { ...DEMO, 'content-type': 'application/json' };
const FORM_TYPE = { ...DEMO, 'content-type': 'application/x-www-form-urlencoded' };
const SERVICES = '/rest/v1/Location/28XXX004/services';
const TICKETS = '/rest/v1/Location/28XXX004/tickets';

interface BadCase {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly status: number;
  /** The exact message, where it says something worth pinning. */
  readonly message?: string | RegExp;
  /** The `allow` header of a 405. */
  readonly allow?: string;
}

const big = 'x'.repeat(1024 * 1024 + 10);
const createCase = (name: string, body: string | undefined, status: number, message?: string | RegExp): BadCase => ({
  name: `create: ${name}`,
  method: 'POST',
  path: TICKETS,
  headers: JSON_TYPE,
  ...(body === undefined ? {} : { body }),
  status,
  ...(message === undefined ? {} : { message }),
});
const withField = (fields: string) => `{"service":"59219",${fields}}`;

const CASES: BadCase[] = [
  // createTicket: the body
  createCase('malformed JSON', '{"service":', 400, /^malformed JSON: /),
  createCase('JSON array', '[]', 400, 'body: must be object'),
  createCase('JSON null', 'null', 400, 'body: must be object'),
  createCase('JSON string', '"59219"', 400, 'body: must be object'),
  createCase('JSON number', '59219', 400, 'body: must be object'),
  createCase('no body', undefined, 400, 'the request body is required'),
  createCase('an empty body', '', 400, 'the request body is required'),
  {
    name: 'create: text/plain',
    method: 'POST',
    path: TICKETS,
    headers: { ...DEMO, 'content-type': 'text/plain' },
    body: '{"service":"59219"}',
    status: 415,
    message: 'Content-Type must be application/json or application/x-www-form-urlencoded, not "text/plain"',
  },
  {
    name: 'create: no content type',
    method: 'POST',
    path: TICKETS,
    // with a Host header the client sends through node:http, which adds no Content-Type (fetch would say text/plain)
    headers: { ...DEMO, host: 'octopus.example' },
    body: '{"service":"59219"}',
    status: 415,
    message: 'Content-Type must be application/json or application/x-www-form-urlencoded, not missing',
  },
  {
    name: 'create: multipart',
    method: 'POST',
    path: TICKETS,
    headers: { ...DEMO, 'content-type': 'multipart/form-data; boundary=x' },
    body: '--x\r\nContent-Disposition: form-data; name="service"\r\n\r\n59219\r\n--x--\r\n',
    status: 415,
  },
  createCase('service missing', '{"numusers":1}', 400, 'body: missing "service"'),
  // a whole number is a service id (the services list answers `id` as one); these are not
  createCase('service 0', '{"service":0}', 400, 'body.service: must be >= 1'),
  createCase('service negative', '{"service":-59219}', 400),
  createCase('service a fraction', '{"service":59219.5}', 400, 'body.service: must be string,integer'),
  createCase('service 1e400', '{"service":1e400}', 400),
  createCase('service past 2^53', '{"service":9007199254740993}', 400, 'body.service: must be <= 9007199254740991'),
  createCase('service true', '{"service":true}', 400, 'body.service: must be string,integer'),
  createCase('service an array', '{"service":[59219]}', 400),
  createCase('service null', '{"service":null}', 400, 'body.service: must be string,integer'),
  createCase('service 17 characters', '{"service":"12345678901234567"}', 400),
  createCase('numusers "x"', withField('"numusers":"x"'), 400, 'body.numusers: must be integer'),
  createCase('numusers "2" (a string in JSON)', withField('"numusers":"2"'), 400, 'body.numusers: must be integer'),
  createCase('numusers 1.5', withField('"numusers":1.5'), 400, 'body.numusers: must be integer'),
  createCase('numusers -1', withField('"numusers":-1'), 400, 'body.numusers: must be >= 1'),
  createCase('format sms', withField('"format":"sms"'), 400, 'body.format: must be equal to one of the allowed values'),
  createCase('format PRINT', withField('"format":"PRINT"'), 400),
  createCase('userId 65 characters', withField(`"userId":"${'u'.repeat(65)}"`), 400),
  createCase('userId a number', withField('"userId":204'), 400, 'body.userId: must be string'),
  createCase('bad email', withField('"format":"email","email":"not-an-email"'), 400, /^body\.email: must match format/),
  createCase('bad email without format', withField('"email":"@"'), 400),
  createCase('email too long', withField(`"format":"email","email":"${'a'.repeat(250)}@x.es"`), 400),
  createCase('start_time not a date', withField('"start_time":"tomorrow"'), 400),
  createCase('start_time without offset', withField('"start_time":"2026-05-01T10:00:00"'), 400),
  createCase('start_time 30 February', withField('"start_time":"2026-02-30"'), 400),
  createCase('start_time hour 24', withField('"start_time":"2026-05-01T24:00:00Z"'), 400),
  createCase('start_time a number', withField('"start_time":1777629600'), 400),
  createCase('valid_until five-digit year', withField('"valid_until":"10000-01-01T00:00:00Z"'), 400),
  // leap seconds are RFC 3339 but name no instant Date can hold: the engine's date-time refuses them
  createCase(
    'start_time a leap second',
    withField('"start_time":"2016-12-31T23:59:60Z"'),
    400,
    'body.start_time: must match format "date-time"; body.start_time: must match format "date"',
  ),
  createCase(
    'valid_until a leap second',
    withField('"valid_until":"2026-06-30T23:59:60Z"'),
    400,
    'body.valid_until: must match format "date-time"; body.valid_until: must match format "date"',
  ),
  // year 9999: the default valid_until (start + 180 days) would need a five-digit year
  createCase(
    'start_time at the end of 9999',
    withField('"start_time":"9999-12-31T23:59:59Z"'),
    400,
    'valid_until: not a usable instant (too far from start_time, or a leap second)',
  ),
  createCase('start_time 9999-12-31', withField('"start_time":"9999-12-31"'), 400),
  createCase('valid_until before start_time', withField('"valid_until":"2026-04-30T23:59:59Z"'), 400),
  createCase(
    'the __proto__ of the body holding the service',
    '{"__proto__":{"service":"59219"}}',
    400,
    'body: missing "service"',
  ),
  createCase('numusers an object with __proto__', withField('"numusers":{"__proto__":{"x":1}}'), 400),
  {
    name: 'create: form numusers x',
    method: 'POST',
    path: TICKETS,
    headers: FORM_TYPE,
    body: 'service=59219&numusers=x',
    status: 400,
    message: 'body.numusers: must be integer',
  },
  createCase(
    'numusers past 2^53',
    withField('"numusers":9007199254740993'),
    400,
    'body.numusers: must be <= 9007199254740991',
  ),
  {
    name: 'create: form numusers past 2^53',
    method: 'POST',
    path: TICKETS,
    headers: FORM_TYPE,
    body: 'service=59219&numusers=9007199254740993',
    status: 400,
    message: 'body.numusers: must be <= 9007199254740991',
  },
  {
    name: 'create: form service twice',
    method: 'POST',
    path: TICKETS,
    headers: FORM_TYPE,
    body: 'service=59219&service=59220',
    status: 400,
    message: 'body.service: must be string,integer',
  },
  {
    name: 'create: form without service',
    method: 'POST',
    path: TICKETS,
    headers: FORM_TYPE,
    body: 'numusers=1',
    status: 400,
    message: 'body: missing "service"',
  },
  {
    name: 'create: form JSON text',
    method: 'POST',
    path: TICKETS,
    headers: FORM_TYPE,
    body: '{"service":"59219"}',
    status: 400,
  },
  createCase('oversize body', withField(`"userId":"${big}"`), 413, 'Request body is larger than 1048576 bytes'),
  {
    name: 'create: oversize form',
    method: 'POST',
    path: TICKETS,
    headers: FORM_TYPE,
    body: `service=59219&userId=${big}`,
    status: 413,
  },
  {
    name: 'create: no credentials',
    method: 'POST',
    path: TICKETS,
    headers: { 'content-type': 'application/json' },
    body: '{"service":"59219"}',
    status: 401,
    message: 'Missing or invalid API key',
  },
  {
    name: 'create: another customer’s Location',
    method: 'POST',
    path: '/rest/v1/Location/28XXX099/tickets',
    headers: JSON_TYPE,
    body: '{"service":"61420"}',
    status: 403,
  },
  // odd Location ids, on every operation
  ...(['GET services', 'GET tickets', 'POST tickets'] as const).flatMap((operation) => {
    const [method, resource] = operation.split(' ') as [string, string];
    const body = method === 'POST' ? { body: '{"service":"59219"}' } : {};
    const headers = method === 'POST' ? JSON_TYPE : DEMO;
    const odd = (id: string, status: number, via = headers, message?: string): BadCase => ({
      name: `${operation}: Location ${id.slice(0, 24)}${id.length > 24 ? '…' : ''}${via === headers ? '' : ' (all-Locations key)'}`,
      method,
      path: `/rest/v1/Location/${id}/${resource}`,
      headers: via,
      ...body,
      status,
      ...(message === undefined ? {} : { message }),
    });
    const otherHeaders = method === 'POST' ? { ...OTHER, 'content-type': 'application/json' } : OTHER;
    return [
      odd('%ZZ', 404, headers, `no route ${method} /rest/v1/Location/%ZZ/${resource}`),
      odd('A'.repeat(4000), 403),
      odd('A'.repeat(4000), 404, otherHeaders),
      odd('..%2F..', 403, headers, 'This API key is not granted Location ../..'),
      odd('..%2F..', 404, otherHeaders, 'Location ../.. not found'),
      odd('%00', 403),
      odd('%E2%82%AC', 404, otherHeaders, 'Location € not found'),
      odd("'%20OR%201=1", 404, otherHeaders),
      odd('__proto__', 404, otherHeaders, 'Location __proto__ not found'),
      odd('constructor', 404, otherHeaders, 'Location constructor not found'),
      odd('28xxx004', 403),
    ];
  }),
  // bad queries
  ...['limit=abc', 'limit=5001', 'limit=0', 'limit=-5', 'offset=-1', 'offset=1.5', 'offset=x', 'limit='].map(
    (query): BadCase => ({
      name: `services: ?${query}`,
      method: 'GET',
      path: `${SERVICES}?${query}`,
      headers: DEMO,
      status: 400,
      message: /^query\.(limit|offset): /,
    }),
  ),
  ...[
    'limit=abc',
    'limit=5001',
    'offset=-1',
    'from=not-a-date',
    'to=2026-05-01',
    'from=2026-05-01T10:00:00',
    'status=nope',
    'status=ACTIVE',
    `service=${'9'.repeat(17)}`,
  ].map(
    (query): BadCase => ({
      name: `tickets: ?${query}`,
      method: 'GET',
      path: `${TICKETS}?${query}`,
      headers: DEMO,
      status: 400,
      message: /^query\.(limit|offset|from|to|status|service): /,
    }),
  ),
  // an offset past 2^53 (400 digits read as Infinity) cannot be echoed in pagination.offset:
  // the spec's maximum says so, and text no number can hold is refused as such
  ...(['services', 'tickets'] as const).flatMap((resource) =>
    (
      [
        [
          '400 digits',
          `offset=${'9'.repeat(400)}`,
          'query.offset: must be a number from -9007199254740991 to 9007199254740991',
        ],
        ['2^53', 'offset=9007199254740992', 'query.offset: must be <= 9007199254740991'],
        ['2^53 + 1', 'offset=9007199254740993', 'query.offset: must be <= 9007199254740991'],
        [
          '400 digits, filtered',
          `offset=${'9'.repeat(400)}&status=active`,
          'query.offset: must be a number from -9007199254740991 to 9007199254740991',
        ],
      ] as const
    ).map(
      ([label, query, message]): BadCase => ({
        name: `${resource}: an offset of ${label}`,
        method: 'GET',
        path: `/rest/v1/Location/28XXX004/${resource}?${query}`,
        headers: DEMO,
        status: 400,
        message,
      }),
    ),
  ),
  // routes
  {
    name: 'unknown route under a Location',
    method: 'GET',
    path: '/rest/v1/Location/28XXX004/nothing',
    headers: DEMO,
    status: 404,
  },
  { name: 'unknown route under the API', method: 'GET', path: '/rest/v1/tickets', headers: DEMO, status: 404 },
  { name: 'empty Location', method: 'GET', path: '/rest/v1/Location//services', headers: DEMO, status: 404 },
  { name: 'a trailing segment', method: 'GET', path: `${SERVICES}/59219`, headers: DEMO, status: 404 },
  {
    name: 'wrong method on services',
    method: 'DELETE',
    path: SERVICES,
    headers: DEMO,
    status: 405,
    allow: 'GET, HEAD',
  },
  {
    name: 'POST on services',
    method: 'POST',
    path: SERVICES,
    headers: JSON_TYPE,
    body: '{}',
    status: 405,
    allow: 'GET, HEAD',
  },
  {
    name: 'PUT on tickets',
    method: 'PUT',
    path: TICKETS,
    headers: JSON_TYPE,
    body: '{}',
    status: 405,
    allow: 'GET, HEAD, POST',
  },
  { name: 'PATCH on tickets', method: 'PATCH', path: TICKETS, headers: DEMO, status: 405, allow: 'GET, HEAD, POST' },
];

/** Odd but valid instants: accepted, with the ticket they describe. */
const ACCEPTED: ReadonlyArray<readonly [string, Record<string, string>, Record<string, string | null>]> = [
  [
    'valid_until at the end of 9999',
    { valid_until: '9999-12-31T23:59:59Z' },
    { start_time: '2026-05-01T10:00:00Z', valid_until: '9999-12-31T23:59:59Z', expires_at: '2026-05-01T11:00:00Z' },
  ],
  [
    'start_time and valid_until both at the last second of 9999',
    { start_time: '9999-12-31T23:59:59Z', valid_until: '9999-12-31T23:59:59Z' },
    { start_time: '9999-12-31T23:59:59Z', valid_until: '9999-12-31T23:59:59Z', expires_at: '9999-12-31T23:59:59Z' },
  ],
  [
    'start_time in year 0',
    { start_time: '0000-01-01T00:00:00Z' },
    { start_time: '0000-01-01T00:00:00Z', expires_at: '0000-01-01T01:00:00Z', status: 'expired' },
  ],
  [
    'a space for T (RFC 3339 allows it)',
    { start_time: '2026-05-02 10:00:00Z' },
    { start_time: '2026-05-02T10:00:00Z', expires_at: '2026-05-02T11:00:00Z' },
  ],
  [
    'nanoseconds',
    { start_time: '2026-05-02T10:00:00.123456789Z' },
    { start_time: '2026-05-02T10:00:00Z', expires_at: '2026-05-02T11:00:00Z' },
  ],
];

function octopusBadInputCases(factory: TargetFactory): void {
  describe(`Octopus bad input on the ${factory.name}`, () => {
    let target: Target;
    const api = client(() => target);

    beforeAll(async () => {
      target = await factory.start(['octopus']);
    });
    afterAll(async () => {
      await target.close();
    });
    beforeEach(async () => {
      await api.call('POST', '/__mock/clock', { json: { now: T0 } });
      await api.call('POST', '/__mock/reset');
    });

    const stillUp = async () => {
      const response = await api.call('GET', SERVICES, { headers: DEMO });
      expect(response.status).toBe(200);
      expect(response.json.pagination.rows).toBe(9);
    };

    it.each(CASES.map((badCase) => [badCase.name, badCase] as const))(
      '%s: a documented 4xx, data unchanged',
      async (_, badCase) => {
        const before = await api.state();
        const response = await api.call(badCase.method, badCase.path, {
          headers: badCase.headers,
          ...(badCase.body === undefined ? {} : { body: badCase.body }),
        });
        expect(response.status).toBe(badCase.status);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        expect(response.json).toEqual({
          error: {
            code: badCase.status,
            message:
              badCase.message === undefined
                ? expect.any(String)
                : typeof badCase.message === 'string'
                  ? badCase.message
                  : expect.stringMatching(badCase.message),
          },
        });
        if (badCase.allow !== undefined) expect(response.headers.get('allow')).toBe(badCase.allow);
        expect(await api.state()).toBe(before);
        await stillUp();
      },
    );

    it.each(ACCEPTED)('accepts %s', async (_, fields, expected) => {
      const response = await api.call('POST', TICKETS, { headers: DEMO, json: { service: '59219', ...fields } });
      expect(response.status).toBe(200);
      expect(response.json.data).toMatchObject(expected);
      await stillUp();
    });

    it.each(['from', 'to'])('refuses a leap-second %s in the ticket list, as start_time is refused', async (name) => {
      // RFC 3339 allows it, but no clock can compare with it
      const response = await api.call('GET', `${TICKETS}?${name}=2016-12-31T23:59:60Z`, { headers: DEMO });
      expect(response.status).toBe(400);
      expect(response.json).toEqual({ error: { code: 400, message: `query.${name}: must match format "date-time"` } });
    });

    it('ignores __proto__ and constructor members of a JSON body, polluting nothing', async () => {
      const body =
        '{"service":"59219","__proto__":{"polluted":"yes","numusers":7},"constructor":{"prototype":{"polluted":"yes"}}}';
      const response = await api.call('POST', TICKETS, { headers: JSON_TYPE, body });
      expect(response.status).toBe(200);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.keys(response.json.data)).not.toContain('polluted');
      expect(Object.hasOwn(response.json.data, '__proto__')).toBe(false);
      expect(Object.hasOwn(response.json.data, 'constructor')).toBe(false);
      expect(response.json.data).toMatchObject({ serviceId: 59219, numusers: 1 });
      const state = JSON.parse(await api.state());
      const stored = state.apis.octopus.tickets.find((ticket: { id: number }) => ticket.id === response.json.data.id);
      expect(Object.keys(stored).sort()).toEqual(
        [
          'LocationId',
          'createdAt',
          'email',
          'expires_at',
          'format',
          'id',
          'numusers',
          'password',
          'serviceId',
          'start_time',
          'userId',
          'username',
          'valid_until',
        ].sort(),
      );
      await stillUp();
    });

    it('ignores __proto__ and constructor fields of a form, polluting nothing', async () => {
      const response = await api.call('POST', TICKETS, {
        headers: FORM_TYPE,
        body: '__proto__=x&constructor=y&service=59219&__proto__%5Bpolluted%5D=yes',
      });
      expect(response.status).toBe(200);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(response.json.data).toMatchObject({ serviceId: 59219, numusers: 1, format: 'print' });
      await stillUp();
    });

    it('ignores __proto__ and constructor in the query', async () => {
      const response = await api.call('GET', `${TICKETS}?__proto__=1&constructor=2&__proto__[polluted]=yes`, {
        headers: DEMO,
      });
      expect(response.status).toBe(200);
      expect(response.json.pagination.rows).toBe(12);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('stores a userId that looks like markup or a prototype key as plain text', async () => {
      for (const userId of ['__proto__', '<script>alert(1)</script>', "'; DROP TABLE tickets; --", '€ ñ 🛜']) {
        const response = await api.call('POST', TICKETS, { headers: DEMO, json: { service: '59219', userId } });
        expect(response.status).toBe(200);
        expect(response.json.data.userId).toBe(userId);
      }
    });
  });
}

octopusBadInputCases(caseTarget());
