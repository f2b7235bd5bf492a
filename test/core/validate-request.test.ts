/**
 * The request check before an operation runs (src/core/validate-request.ts): what a client
 * of the mock gets for its parameters and body, over the three real specs' operation
 * tables (the precompiled validators the engine uses) and the toy spec's (test/core/toy-spec.ts).
 */
import { describe, expect, it } from 'vitest';
import { API_NAMES } from '../../src/apis.ts';
import type { OperationTable } from '../../src/core/operation-table.ts';
import { buildOperationTable } from '../../src/core/operation-table.ts';
import { precompiledValidators } from '../../src/core/precompiled.ts';
import { type Validation, validateRequest } from '../../src/core/validate-request.ts';
import { modulesFor } from '../../src/handlers/index.ts';
import { toyTable } from './toy-spec.ts';

const modules = Object.fromEntries(modulesFor(API_NAMES).map((module) => [module.name, module]));

/** A new operation table of an API (the precompiled validators the engine uses) or of the toy spec. */
function table(api: string): OperationTable {
  if (api === 'toy') return toyTable();
  const module = modules[api];
  if (module === undefined) throw new Error(`no API ${api}`);
  return buildOperationTable(module.outline, precompiledValidators(module.validators, module.name));
}

const JSON_TYPE = { 'content-type': 'application/json' };
const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };

/** Routes `url` in `api`'s table and checks the request as the engine does. */
function check(
  api: string,
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: string,
): Validation {
  const [path = url, search = ''] = url.split('?');
  const route = table(api).match(method, path);
  if (route.kind !== 'operation') throw new Error(`${method} ${url} is no ${api} operation`);
  const request = { method, path, query: new URLSearchParams(search), headers, body, origin: 'http://ticketmock.test' };
  return validateRequest(route.operation, request, route.pathParams);
}

const refused = (status: 400 | 415, message: string) => ({ ok: false, error: { status, message } });
const SERVICES = '/rest/v1/Location/28XXX004/services';
const OCTOPUS_TICKETS = '/rest/v1/Location/28XXX004/tickets';
const SAFE = Number.MAX_SAFE_INTEGER;
const INEXACT = `must be a number from -${SAFE} to ${SAFE}`;

describe('parameters', () => {
  it('hands the operation path, query and header parameters read as their schemas type them, and nothing else', () => {
    expect(check('octopus', 'GET', `${SERVICES}?offset=10&limit=5&extra=1`, { 'x-other': '1' })).toEqual({
      ok: true,
      value: {
        path: { version: 'v1', LocationId: '28XXX004' },
        query: { offset: 10, limit: 5 },
        headers: {},
        body: undefined,
        mediaType: '',
      },
    });
    const event = check('auvious', 'GET', '/security/ticket/abc/event?calendar=google', {
      host: 'h.test',
      'x-forwarded-proto': 'https',
      'x-other': '1',
    });
    expect(event.ok && event.value).toMatchObject({
      path: { ticketId: 'abc' },
      query: { calendar: 'google' },
      headers: { Host: 'h.test', 'X-Forwarded-Proto': 'https' },
    });
    expect(event.ok && Object.keys(event.value.headers)).toEqual(['X-Forwarded-Proto', 'Host']);
  });

  it('reads a query parameter only where the spec puts it in the query, and a header only where in the headers', () => {
    const services = check('octopus', 'GET', `${SERVICES}?LocationId=ITXXX006&version=v2&offset=1`, { offset: '7' });
    expect(services).toMatchObject({ ok: true, value: { path: { version: 'v1', LocationId: '28XXX004' } } });
    expect(services.ok && services.value.query).toEqual({ offset: 1 });
    expect(services.ok && services.value.headers).toEqual({});
    const event = check('auvious', 'GET', '/security/ticket/abc/event?Host=q.test', {
      calendar: 'yahoo',
      ticketid: 'x',
    });
    expect(event.ok && [event.value.query, event.value.headers]).toEqual([{}, {}]);
  });

  it('names the first problems of a location, at most three, each once', () => {
    expect(check('octopus', 'GET', `${SERVICES}?limit=abc`)).toEqual(refused(400, 'query.limit: must be integer'));
    expect(check('octopus', 'GET', `${OCTOPUS_TICKETS}?status=nope&from=x`)).toEqual(
      refused(
        400,
        'query.status: must be equal to one of the allowed values; query.from: must match format "date-time"',
      ),
    );
    expect(check('toy', 'GET', '/toy/v1/items', { 'x-trace': 'x' })).toEqual(
      refused(400, 'header.X-Trace: must NOT have fewer than 2 characters'),
    );
    expect(check('toy', 'GET', '/toy/v1/items/1/parts/one')).toEqual(refused(400, 'path.part: must be integer'));
  });

  it('reads every value of an array query parameter, and one value of any other', () => {
    const listed = check('toy', 'GET', '/toy/v1/items?tag=a&tag=b&tag=c&size=2&size=3');
    expect(listed.ok && listed.value.query).toEqual({ tag: ['a', 'b', 'c'], size: 2 });
    const single = check('toy', 'GET', '/toy/v1/items?tag=a');
    expect(single.ok && single.value.query).toEqual({ tag: ['a'] });
  });

  it.each([
    ['2^53 - 1', String(SAFE), true],
    ['-(2^53 - 1)', String(-SAFE), true],
    ['2^53', '9007199254740992', false],
    ['-2^53', '-9007199254740992', false],
    ['a run of 400 digits (Infinity)', `1${'0'.repeat(400)}`, false],
  ])('takes a number query parameter of %s only if JSON carries it back exactly', (_, size, exact) => {
    const result = check('toy', 'GET', `/toy/v1/items?size=${size}`);
    if (exact) expect(result).toMatchObject({ ok: true, value: { query: { size: Number(size) } } });
    else expect(result).toEqual(refused(400, `query.size: ${INEXACT}`));
  });

  it('refuses an Octopus offset past 2^53 - 1 (its schema bounds it)', () => {
    const at = check('octopus', 'GET', `${SERVICES}?offset=${SAFE}`);
    expect(at.ok && at.value.query).toEqual({ offset: SAFE });
    expect(check('octopus', 'GET', `${SERVICES}?offset=9007199254740992`)).toEqual(
      refused(400, `query.offset: must be <= ${SAFE}`),
    );
  });
});

describe('form numbers at and beyond 2^53', () => {
  it.each([
    ['2^53 - 1', String(SAFE), true],
    ['-(2^53 - 1)', String(-SAFE), true],
    ['2.5', '2.5', true],
    ['2^53', '9007199254740992', false],
    ['2^53 + 1', '9007199254740993', false],
    ['-2^53', '-9007199254740992', false],
    ['a run of 400 digits (Infinity)', `1${'0'.repeat(400)}`, false],
    ['-Infinity', `-1${'0'.repeat(400)}`, false],
  ])('a form number of %s is taken only if JSON carries it back exactly', (_, size, exact) => {
    const result = check('toy', 'POST', '/toy/v1/items', FORM_TYPE, `name=box&size=${size}`);
    if (exact) expect(result).toMatchObject({ ok: true, value: { body: { name: 'box', size: Number(size) } } });
    else expect(result).toEqual(refused(400, `body.size: ${INEXACT}`));
  });

  it('checks every value of a repeated field', () => {
    expect(check('toy', 'POST', '/toy/v1/items', FORM_TYPE, `name=box&tags=1&tags=${'9'.repeat(400)}`)).toEqual({
      ok: true,
      value: expect.objectContaining({ body: { name: 'box', tags: ['1', '9'.repeat(400)] } }),
    });
  });

  it('Octopus numusers: 2^53 - 1 passes the check, 2^53 is refused by the schema, Infinity by the check', () => {
    const at = check('octopus', 'POST', OCTOPUS_TICKETS, FORM_TYPE, `service=59219&numusers=${SAFE}`);
    expect(at).toMatchObject({ ok: true, value: { body: { service: '59219', numusers: SAFE } } });
    expect(check('octopus', 'POST', OCTOPUS_TICKETS, FORM_TYPE, 'service=59219&numusers=9007199254740992')).toEqual(
      refused(400, `body.numusers: must be <= ${SAFE}`),
    );
    expect(check('octopus', 'POST', OCTOPUS_TICKETS, FORM_TYPE, `service=59219&numusers=1${'0'.repeat(400)}`)).toEqual(
      refused(400, `body.numusers: ${INEXACT}`),
    );
  });

  it("a JSON body keeps its numbers to the schema: a JSON 2^53 is the schema's to judge, not the form check's", () => {
    expect(check('toy', 'POST', '/toy/v1/items', JSON_TYPE, '{"name":"box","size":9007199254740993}')).toMatchObject({
      ok: true,
      value: { body: { size: 9007199254740992 } },
    });
  });
});

describe('form bodies', () => {
  it('reads fields as text, a repeated one as an array in order, coerced as the schema types them', () => {
    expect(check('toy', 'POST', '/toy/v1/items', FORM_TYPE, 'name=box&tags=a&tags=b&tags=c&size=3')).toEqual({
      ok: true,
      value: {
        path: { version: 'v1' },
        query: {},
        headers: {},
        body: { name: 'box', tags: ['a', 'b', 'c'], size: 3 },
        mediaType: 'application/x-www-form-urlencoded',
      },
    });
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'keeps a field named %s as a plain field of its own',
    (name) => {
      const result = check('toy', 'POST', '/toy/v1/items', FORM_TYPE, `name=box&${name}=x`);
      expect(result).toEqual(refused(400, `body: unknown member ${JSON.stringify(name)}`));
      const named = check('toy', 'POST', '/toy/v1/items', FORM_TYPE, `name=${name}&tags=${name}`);
      expect(named.ok && named.value.body).toEqual({ name, tags: [name] });
      expect(Object.getPrototypeOf(named.ok && named.value.body)).toBe(Object.prototype);
    },
  );

  it('reads an Auvious token request from its form', () => {
    const token = check(
      'auvious',
      'POST',
      '/security/oauth/token',
      FORM_TYPE,
      'grant_type=client_credentials&client_id=a',
    );
    expect(token.ok && token.value.body).toEqual({ grant_type: 'client_credentials', client_id: 'a' });
  });
});

describe('JSON bodies', () => {
  it('hands the parsed body with its defaults filled in, and its media type', () => {
    expect(
      check('auvious', 'POST', '/security/ticket', JSON_TYPE, '{"type":"MULTI_USE_TICKET","properties":{"a":[[]]}}'),
    ).toEqual({
      ok: true,
      value: {
        path: {},
        query: {},
        headers: {},
        body: { type: 'MULTI_USE_TICKET', properties: { a: [[]] }, length: 6, ttl: 14400 },
        mediaType: 'application/json',
      },
    });
  });

  it('reads a Content-Type by its media type alone, in any case', () => {
    const result = check(
      'toy',
      'POST',
      '/toy/v1/items',
      { 'content-type': 'Application/JSON; charset=utf-8' },
      '{"name":"a"}',
    );
    expect(result.ok && result.value.mediaType).toBe('application/json');
  });

  it('ignores a leading byte-order mark, and only a leading one', () => {
    const body = '\uFEFF{"type":"MULTI_USE_TICKET","properties":{}}';
    expect(check('auvious', 'POST', '/security/ticket', JSON_TYPE, body)).toMatchObject({
      ok: true,
      value: { body: { type: 'MULTI_USE_TICKET', properties: {} } },
    });
    expect(check('toy', 'POST', '/toy/v1/items', JSON_TYPE, '{"name":"\uFEFFa"}')).toMatchObject({
      ok: true,
      value: { body: { name: '\uFEFFa' } },
    });
  });

  it("refuses malformed JSON with the parser's reason", () => {
    expect(check('octopus', 'POST', OCTOPUS_TICKETS, JSON_TYPE, '{"service":')).toEqual(
      refused(400, 'malformed JSON: Unexpected end of JSON input'),
    );
  });

  it('names what the schema misses: a missing member, an unknown one, a nested value, three problems at most', () => {
    expect(check('auvious', 'POST', '/security/ticket', JSON_TYPE, '{"properties":{}}')).toEqual(
      refused(400, 'body: missing "type"'),
    );
    expect(check('toy', 'POST', '/toy/v1/items', JSON_TYPE, '{"name":"a","colour":"red"}')).toEqual(
      refused(400, 'body: unknown member "colour"'),
    );
    const ticket = {
      productId: 'p',
      eventName: 'e',
      eventStartDate: '2026-12-31T20:00:00Z',
      eventEndDate: '2026-12-31T23:59:00Z',
      ticketType: 'single',
      ticketName: 'g',
      price: -1,
    };
    expect(
      check('adminserver', 'POST', '/jsonRpc/ticket.createPurchasableTicket', JSON_TYPE, JSON.stringify({ ticket })),
    ).toEqual(refused(400, 'body.ticket.price: must be >= 0'));
    expect(check('adminserver', 'POST', '/jsonRpc/ticket.createPurchasableTicket', JSON_TYPE, '{"ticket":{}}')).toEqual(
      refused(
        400,
        'body.ticket: missing "productId"; body.ticket: missing "eventName"; body.ticket: missing "eventStartDate"',
      ),
    );
    expect(
      check('octopus', 'POST', OCTOPUS_TICKETS, JSON_TYPE, '{"service":59219,"format":"fax","numusers":-1,"userId":5}'),
    ).toEqual(
      refused(
        400,
        'body.format: must be equal to one of the allowed values; body.userId: must be string; body.numusers: must be >= 1',
      ),
    );
  });

  it("says what the branches of an anyOf, a oneOf or an if refused, never the wrapper's own words", () => {
    expect(check('octopus', 'POST', OCTOPUS_TICKETS, JSON_TYPE, '{"service":59219,"start_time":"tomorrow"}')).toEqual(
      refused(400, 'body.start_time: must match format "date-time"; body.start_time: must match format "date"'),
    );
    expect(
      check('auvious', 'POST', '/security/ticket', JSON_TYPE, '{"type":"SCHEDULE_TICKET","properties":{}}'),
    ).toEqual(refused(400, 'body.properties: missing "scheduled_date"'));
    expect(check('auvious', 'POST', '/security/oauth/token', FORM_TYPE, 'grant_type=password')).toEqual(
      refused(
        400,
        'body.grant_type: must be equal to constant; body: missing "username"; body: missing "refresh_token"',
      ),
    );
    expect(check('toy', 'POST', '/toy/v1/items', JSON_TYPE, '{"name":"a","either":"x"}')).toEqual(
      refused(400, 'body.either: must be number; body.either: must be integer'),
    );
  });

  it('says only "invalid" where the one reason is a oneOf matched twice', () => {
    expect(check('toy', 'POST', '/toy/v1/items', JSON_TYPE, '{"name":"a","either":5}')).toEqual(
      refused(400, 'body: invalid'),
    );
    expect(check('toy', 'POST', '/toy/v1/items', JSON_TYPE, '{"name":"a","either":5.5}').ok).toBe(true);
  });
});

describe('the body and its media type', () => {
  it('requires a required body: none, or an empty one, is a 400', () => {
    expect(check('octopus', 'POST', OCTOPUS_TICKETS, JSON_TYPE)).toEqual(refused(400, 'the request body is required'));
    expect(check('octopus', 'POST', OCTOPUS_TICKETS, JSON_TYPE, '')).toEqual(
      refused(400, 'the request body is required'),
    );
  });

  it("runs an optional body's operation without one, and an operation without a body ignores what is sent", () => {
    const none = { body: undefined, mediaType: '' };
    expect(check('toy', 'PUT', '/toy/v1/items/1', JSON_TYPE, '')).toMatchObject({ ok: true, value: none });
    expect(check('toy', 'PUT', '/toy/v1/items/1')).toMatchObject({ ok: true, value: none });
    expect(check('adminserver', 'POST', '/auth/logout', JSON_TYPE, '{"x":1}')).toMatchObject({ ok: true, value: none });
    expect(check('adminserver', 'POST', '/auth/logout', { 'content-type': 'text/plain' }, 'not json')).toMatchObject({
      ok: true,
      value: none,
    });
  });

  it('answers a media type the operation does not take with its 415, or a 400 where it documents no 415', () => {
    const octopus = 'Content-Type must be application/json or application/x-www-form-urlencoded';
    expect(check('octopus', 'POST', OCTOPUS_TICKETS, { 'content-type': 'text/plain' }, 'x')).toEqual(
      refused(415, `${octopus}, not "text/plain"`),
    );
    expect(check('octopus', 'POST', OCTOPUS_TICKETS, {}, 'x')).toEqual(refused(415, `${octopus}, not missing`));
    expect(check('toy', 'PUT', '/toy/v1/items/1', { 'content-type': 'text/plain' }, 'x')).toEqual(
      refused(415, 'Content-Type must be application/json, not "text/plain"'),
    );
    expect(
      check('adminserver', 'POST', '/jsonRpc/ticket.getPurchasableTickets', { 'content-type': 'text/plain' }, '{}'),
    ).toEqual(refused(400, 'Content-Type must be application/json, not "text/plain"'));
    expect(check('toy', 'POST', '/toy/v1/items', { 'content-type': 'text/plain' }, 'x')).toEqual(
      refused(400, 'Content-Type must be application/json or application/x-www-form-urlencoded, not "text/plain"'),
    );
  });

  it('checks the parameters before the body', () => {
    expect(check('toy', 'PUT', '/toy/v1/items/1?revision=two', JSON_TYPE, '{')).toEqual(
      refused(400, 'query.revision: must be integer'),
    );
    expect(check('toy', 'PUT', '/toy/v1/items/1?revision=2', JSON_TYPE, '{')).toEqual(
      refused(400, "malformed JSON: Expected property name or '}' in JSON at position 1"),
    );
  });
});

describe('the nesting guard (JSON deeper than 256 levels is a 400)', () => {
  const NESTED = 'malformed JSON: nested deeper than 256 levels';
  /** An Auvious ticket whose free-form `properties` holds `value` (JSON text). */
  const ticketWith = (value: string) => `{"type":"MULTI_USE_TICKET","properties":{"x":${value}}}`;
  const create = (body: string) => check('auvious', 'POST', '/security/ticket', JSON_TYPE, body);
  const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const objects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  it('takes a shallow body of many brackets, arrays and objects, far longer than 256 characters', () => {
    const many = `[${Array.from({ length: 300 }, () => '[],{}').join(',')}]`;
    const result = create(ticketWith(many));
    expect(result.ok).toBe(true);
    expect(result.ok && (result.value.body as { properties: { x: unknown[] } }).properties.x).toHaveLength(600);
    const objectsInARow = `{${Array.from({ length: 300 }, (_, index) => `"k${index}":{"v":[]}`).join(',')}}`;
    expect(create(ticketWith(objectsInARow)).ok).toBe(true);
  });

  it.each([
    ['arrays', arrays],
    ['objects', objects],
  ])('takes %s 256 levels deep (with the body itself), refuses them a level deeper', (_, nest) => {
    // the body and `properties` are two levels: 254 more reach 256
    expect(create(ticketWith(nest(254))).ok).toBe(true);
    expect(create(ticketWith(nest(255)))).toEqual(refused(400, NESTED));
    expect(create(ticketWith(nest(10_000)))).toEqual(refused(400, NESTED));
  });

  it('refuses deep nesting before anything else is read: even where the JSON would be malformed', () => {
    expect(create(`${'['.repeat(300)}`)).toEqual(refused(400, NESTED));
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const inString = JSON.stringify(`"${'['.repeat(300)}\\"{{{{`);
    const result = create(ticketWith(inString));
    expect(result.ok && (result.value.body as { properties: { x: string } }).properties.x).toBe(
      `"${'['.repeat(300)}\\"{{{{`,
    );
    // a string, one ending in an escaped backslash too, hides nothing after its closing quote
    const endsInBackslash = `[${JSON.stringify('a\\')},${arrays(254)}]`;
    expect(create(ticketWith(endsInBackslash))).toEqual(refused(400, NESTED));
  });
});
