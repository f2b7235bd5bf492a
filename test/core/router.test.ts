/**
 * The router and the rest of the operation table (src/core/operation-table.ts), table-driven
 * in hono's style: templates × paths × the expected match, over the three real specs and
 * the toy spec (test/core/toy-spec.ts); then what the table holds per operation (documented
 * statuses, the answers `Prefer: code=<status>` gives, whether credentials are needed).
 */
import { describe, expect, it } from 'vitest';
import { API_NAMES } from '../../src/apis.ts';
import { buildOperationTable, type OperationTable, type RouteMatch } from '../../src/core/operation-table.ts';
import { precompiledValidators } from '../../src/core/precompiled.ts';
import { modulesFor } from '../../src/handlers/index.ts';
import type { OpenApiDocument } from '../../src/spec/openapi.ts';
import { TOY_SPEC, toyTable } from './toy-spec.ts';

const modules = Object.fromEntries(modulesFor(API_NAMES).map((module) => [module.name, module]));

/** A new operation table of an API (the precompiled validators the engine uses) or of the toy spec. */
function table(api: string): OperationTable {
  if (api === 'toy') return toyTable();
  const module = modules[api];
  if (module === undefined) throw new Error(`no API ${api}`);
  return buildOperationTable(module.outline, precompiledValidators(module.validators, module.name));
}

/** A match as a test reads it: the operation's id and the path parameters, '405' and Allow, or '404'. */
function summary(match: RouteMatch): unknown {
  if (match.kind === 'operation') return [match.operation.operationId, match.pathParams];
  if (match.kind === 'method-not-allowed') return ['405', match.allow];
  return match.kind === 'not-found' && Object.keys(match).length === 1 ? '404' : match;
}

describe('routing', () => {
  it.each<[string, string, string, unknown]>([
    // Octopus: the base path's `{version}` is any v<digits>
    [
      'octopus',
      'GET',
      '/rest/v1/Location/28XXX004/services',
      ['getServices', { version: 'v1', LocationId: '28XXX004' }],
    ],
    [
      'octopus',
      'GET',
      '/rest/v22/Location/ITXXX006/tickets',
      ['getTickets', { version: 'v22', LocationId: 'ITXXX006' }],
    ],
    [
      'octopus',
      'POST',
      '/rest/v1/Location/28XXX004/tickets',
      ['createTicket', { version: 'v1', LocationId: '28XXX004' }],
    ],
    ['octopus', 'GET', '/rest/1/Location/28XXX004/services', '404'],
    ['octopus', 'GET', '/rest/version1/Location/28XXX004/services', '404'],
    ['octopus', 'GET', '/rest/v1/Location/28XXX004/services/', '404'],
    ['octopus', 'GET', '/rest/v1/location/28XXX004/services', '404'],
    ['octopus', 'GET', '/rest/v1/Location//services', '404'],
    ['octopus', 'DELETE', '/rest/v1/Location/28XXX004/tickets', ['405', ['GET', 'HEAD', 'POST']]],
    ['octopus', 'POST', '/rest/v1/Location/28XXX004/services', ['405', ['GET', 'HEAD']]],
    // Auvious: percent-encoded ids are decoded; a malformed escape matches nothing
    ['auvious', 'GET', '/security/ticket/vug-yyt', ['getTicket', { ticketId: 'vug-yyt' }]],
    ['auvious', 'GET', '/security/ticket/a%20b%2Fc', ['getTicket', { ticketId: 'a b/c' }]],
    ['auvious', 'GET', '/security/ticket/%E0%A4%A', '404'],
    ['auvious', 'GET', '/security/ticket/%', '404'],
    ['auvious', 'POST', '/security/ticket/vug-yyt/revoke', ['revokeTicket', { ticketId: 'vug-yyt' }]],
    ['auvious', 'GET', '/security/ticket/vug-yyt/event', ['getTicketEvent', { ticketId: 'vug-yyt' }]],
    ['auvious', 'POST', '/security/oauth/token', ['getToken', {}]],
    ['auvious', 'GET', '/security/oauth/token', ['405', ['POST']]],
    ['auvious', 'GET', '/security', '404'],
    ['auvious', 'GET', '/', '404'],
    ['auvious', 'GET', '', '404'],
    // Adminserver: one literal path per method
    ['adminserver', 'POST', '/jsonRpc/ticket.getPurchasableTickets', ['ticket.getPurchasableTickets', {}]],
    ['adminserver', 'POST', '/jsonRpc/rpc.discover', ['rpc.discover', {}]],
    ['adminserver', 'POST', '/auth/login', ['auth.login', {}]],
    ['adminserver', 'GET', '/auth/login', ['405', ['POST']]],
    ['adminserver', 'POST', '/jsonRpc/ticket.nope', '404'],
    // the toy spec: a literal path wins over its templated sibling, which the spec lists first
    ['toy', 'GET', '/toy/v1/items/special', ['special', { version: 'v1' }]],
    ['toy', 'GET', '/toy/v1/items/other', ['getItem', { version: 'v1', id: 'other' }]],
    ['toy', 'PUT', '/toy/v1/items/special', ['putItem', { version: 'v1', id: 'special' }]],
    ['toy', 'GET', '/toy/v9/items/7/parts/2', ['getPart', { version: 'v9', id: '7', part: '2' }]],
    ['toy', 'GET', '/toy/v9/items/7/parts', '404'],
    ['toy', 'GET', '/toy/v1/items/%2e%2e', ['getItem', { version: 'v1', id: '..' }]],
    ['toy', 'GET', '/toy/v1/items/', '404'],
    ['toy', 'GET', '/toy/vx/items', '404'],
    ['toy', 'GET', '/toy/items', '404'],
    ['toy', 'GET', '/other/v1/items', '404'],
  ])('%s %s %s', (api, method, path, expected) => {
    expect(summary(table(api).match(method, path))).toEqual(expected);
  });

  it('matches the method in any case, as an adapter may hand it', () => {
    expect(summary(table('auvious').match('get', '/security/ticket/x'))).toEqual(['getTicket', { ticketId: 'x' }]);
    expect(summary(table('auvious').match('Delete', '/security/ticket/x'))).toEqual([
      'deleteTicket',
      { ticketId: 'x' },
    ]);
  });

  describe('HEAD', () => {
    it('is GET without the body where the spec has no HEAD of its own', () => {
      expect(summary(table('auvious').match('HEAD', '/security/ticket/abc123'))).toEqual([
        'getTicket',
        { ticketId: 'abc123' },
      ]);
    });

    it("is the spec's own HEAD where it has one", () => {
      expect(summary(table('toy').match('HEAD', '/toy/v1/things/1'))).toEqual([
        'headThing',
        { version: 'v1', id: '1' },
      ]);
      expect(summary(table('toy').match('GET', '/toy/v1/things/1'))).toEqual(['getThing', { version: 'v1', id: '1' }]);
    });

    it('is listed in Allow beside every GET, and is a wrong method where there is no GET', () => {
      expect(summary(table('auvious').match('PATCH', '/security/ticket/abc123'))).toEqual([
        '405',
        ['GET', 'HEAD', 'PUT', 'DELETE'],
      ]);
      expect(summary(table('auvious').match('HEAD', '/security/ticket'))).toEqual(['405', ['POST']]);
      expect(summary(table('toy').match('POST', '/toy/v1/things/1'))).toEqual(['405', ['GET', 'HEAD']]);
    });
  });
});

describe('base paths', () => {
  /** The toy spec with another first server, and one GET /ping. */
  const withServer = (servers: unknown): OperationTable =>
    toyTable({
      openapi: '3.1.0',
      info: { title: 'base', version: '1' },
      ...(servers === undefined ? {} : { servers }),
      paths: { '/ping': { get: { operationId: 'ping', responses: { '200': { description: 'OK' } } } } },
    } as OpenApiDocument);

  it.each<[string, unknown, string, string[]]>([
    ['no servers', undefined, '/ping', []],
    ['an empty server list', [], '/ping', []],
    ['a server without a url', [{ description: 'x' }], '/ping', []],
    ['a server that is no object', ['https://api.example/base'], '/ping', []],
    ['a server left empty (null in YAML)', [null], '/ping', []],
    ['an absolute URL', [{ url: 'https://api.example/base/v1' }], '/base/v1/ping', ['base']],
    ['an absolute URL, upper-case scheme', [{ url: 'HTTPS://api.example/base' }], '/base/ping', ['base']],
    ['a templated host', [{ url: 'https://{server}/rest' }], '/rest/ping', ['rest']],
    ['a server variable for the whole origin', [{ url: '{origin}/api' }], '/api/ping', ['api']],
    ['a relative URL', [{ url: '/relative/' }], '/relative/ping', ['relative']],
    [
      'a relative URL holding a URL',
      [{ url: '/mirror/https://api.example' }],
      '/mirror/https:/api.example/ping',
      ['mirror'],
    ],
    ['the root', [{ url: 'http://api.example' }], '/ping', ['ping']],
    ['only the first server', [{ url: '/one' }, { url: '/two' }], '/one/ping', ['one']],
  ])('%s', (_, servers, path, prefixes) => {
    const routes = withServer(servers);
    expect(summary(routes.match('GET', path))).toEqual(['ping', {}]);
    expect([...routes.prefixes]).toEqual(prefixes.length > 0 ? prefixes : ['ping']);
  });

  it('constrains a base path variable by its x-pattern, and takes any value without one', () => {
    const free = withServer([{ url: '/api/{version}', variables: { version: { default: 'v1' } } }]);
    expect(summary(free.match('GET', '/api/anything/ping'))).toEqual(['ping', { version: 'anything' }]);
    const bound = withServer([
      { url: '/api/{version}', variables: { version: { default: 'v1', 'x-pattern': '^v[0-9]+$' } } },
    ]);
    expect(summary(bound.match('GET', '/api/v3/ping'))).toEqual(['ping', { version: 'v3' }]);
    expect(summary(bound.match('GET', '/api/anything/ping'))).toBe('404');
    const notText = withServer([{ url: '/api/{version}', variables: { version: { 'x-pattern': 5 } } }]);
    expect(summary(notText.match('GET', '/api/v1/ping'))).toEqual(['ping', { version: 'v1' }]);
  });

  it('lists the first literal segment of every operation as the prefixes it answers under', () => {
    expect([...table('octopus').prefixes]).toEqual(['rest']);
    expect([...table('auvious').prefixes]).toEqual(['security']);
    expect([...table('adminserver').prefixes].sort()).toEqual(['auth', 'jsonRpc']);
    expect([...withServer([{ url: '/{tenant}' }]).prefixes]).toEqual([]);
  });

  it('reads an empty headers or examples key (null in YAML) as none', () => {
    const empty = toyTable({
      openapi: '3.1.0',
      info: { title: 'empty', version: '1' },
      paths: {
        '/ping': {
          get: {
            operationId: 'ping',
            responses: {
              '200': {
                description: 'OK',
                headers: null,
                content: { 'application/json': { schema: { type: 'object' }, examples: null } },
              },
              '204': { description: 'No content', headers: null },
            },
          },
        },
      },
    } as OpenApiDocument);
    expect(Object.fromEntries(empty.operations[0]?.examples ?? [])).toEqual({ '204': { headers: {} } });
  });

  it('builds the table of a spec with an operation at the root, which lists no prefix', () => {
    const root = toyTable({
      openapi: '3.1.0',
      info: { title: 'root', version: '1' },
      paths: { '/': { get: { operationId: 'root', responses: { '200': { description: 'OK' } } } } },
    } as OpenApiDocument);
    expect(root.operations.map((entry) => [entry.operationId, entry.template])).toEqual([['root', '/']]);
    expect([...root.prefixes]).toEqual([]);
  });
});

describe('what the table holds per operation', () => {
  const operation = (api: string, operationId: string) => {
    const found = table(api).operations.find((candidate) => candidate.operationId === operationId);
    if (found === undefined) throw new Error(`no operation ${operationId}`);
    return found;
  };

  it('holds every operation of the spec once, with its method', () => {
    expect(table('toy').operations.map((entry) => `${entry.method} ${entry.operationId}`)).toEqual([
      'get listItems',
      'post createItem',
      'get getItem',
      'put putItem',
      'delete deleteItem',
      'get special',
      'get getPart',
      'get getThing',
      'head headThing',
    ]);
    expect(table('octopus').operations).toHaveLength(3);
  });

  it('reads each parameter: where it goes, whether it is required, whether it takes an array', () => {
    expect(operation('toy', 'listItems').params).toEqual([
      { name: 'tag', in: 'query', required: false, array: true },
      { name: 'size', in: 'query', required: false, array: false },
      { name: 'X-Trace', in: 'header', required: false, array: false },
    ]);
    expect(operation('toy', 'getPart').params).toEqual([
      { name: 'id', in: 'path', required: true, array: false },
      { name: 'part', in: 'path', required: true, array: false },
    ]);
  });

  it('has a parameter validator only where there is something to check', () => {
    expect(Object.keys(operation('toy', 'listItems').paramValidators)).toEqual(['path', 'query', 'header']);
    expect(Object.keys(operation('toy', 'createItem').paramValidators)).toEqual(['path']);
    expect(Object.keys(operation('auvious', 'createTicket').paramValidators)).toEqual([]);
    expect(Object.keys(operation('adminserver', 'ticket.getPurchasableTickets').paramValidators)).toEqual(['header']);
  });

  it('reads the body: whether it is required, and a validator per media type', () => {
    const body = operation('toy', 'createItem').body;
    expect(body?.required).toBe(true);
    expect([...(body?.media.keys() ?? [])]).toEqual(['application/json', 'application/x-www-form-urlencoded']);
    expect(body?.media.get('application/json')?.({ name: 'a' })).toBe(true);
    expect(body?.media.get('application/json')?.({})).toBe(false);
    expect(operation('toy', 'putItem').body?.required).toBe(false);
    expect(operation('toy', 'getItem').body).toBeUndefined();
  });

  it('documents each status with a validator per media type, or none for a status without a body', () => {
    const responses = operation('toy', 'deleteItem').responses;
    expect([...responses.keys()].sort()).toEqual(['200', '202', '204', '409']);
    expect(responses.get('204')).toBeNull();
    expect([...(responses.get('200')?.keys() ?? [])]).toEqual(['text/plain', 'text/csv', 'application/json']);
    expect(responses.get('200')?.get('text/plain')?.('bye')).toBe(true);
    expect(responses.get('200')?.get('text/plain')?.(5)).toBe(false);
  });

  describe('the answers of Prefer: code=<status>', () => {
    const examples = (api: string, operationId: string) => Object.fromEntries(operation(api, operationId).examples);

    it("takes a media type's example, or the first of its examples, following a $ref", () => {
      expect(examples('toy', 'getItem')).toEqual({
        '200': { body: { mediaType: 'application/json', value: { ok: true } }, headers: {} },
        '410': { body: { mediaType: 'application/json', value: { gone: true } }, headers: {} },
      });
    });

    it('takes the first media type with an example, and the example of each required header (lower-cased)', () => {
      expect(examples('toy', 'deleteItem')).toEqual({
        '200': { body: { mediaType: 'application/json', value: { deleted: 1 } }, headers: { where: 'here' } },
        '204': { headers: { trace: 'trace-1' } },
      });
    });

    it('leaves a status out when its body or a required header has no example', () => {
      expect(examples('toy', 'getPart')).toEqual({});
      expect(Object.keys(examples('toy', 'deleteItem'))).not.toContain('202');
      expect(Object.keys(examples('toy', 'deleteItem'))).not.toContain('409');
      expect(Object.keys(examples('toy', 'createItem'))).toEqual(['201']);
    });

    it('answers a body-less status with no body, its headers only', () => {
      expect(examples('toy', 'headThing')).toEqual({ '200': { headers: {} } });
    });

    it("gives the real specs' documented examples, headers included", () => {
      const event = examples('auvious', 'getTicketEvent');
      expect(Object.keys(event)).toEqual(['200', '302', '400', '401', '403', '404']);
      expect(event['200']?.body?.mediaType).toBe('text/calendar');
      expect(event['302']).toEqual({
        headers: { location: expect.stringMatching(/^https:\/\/calendar\.google\.com\/calendar\/render\?/) },
      });
      expect(event['401']?.headers).toEqual({
        'www-authenticate': 'Bearer error="invalid_token", error_description="Access token expired"',
      });
      expect(examples('adminserver', 'auth.login')['200']?.headers).toEqual({
        'set-cookie': 'sessionId=2f7c9b1e4d8a4c6fb3e1a5d7c9e0f2a4; Path=/; HttpOnly; SameSite=Lax',
      });
      expect(Object.keys(examples('auvious', 'deleteTicket'))).toEqual(['200', '204', '401', '403', '404']);
    });
  });

  describe('whether credentials are needed', () => {
    it.each<[string, string, boolean]>([
      ['toy', 'getItem', true],
      ['toy', 'listItems', false],
      ['toy', 'special', false],
      ['auvious', 'getToken', false],
      ['auvious', 'getTicket', true],
      ['adminserver', 'auth.login', false],
      ['adminserver', 'rpc.discover', false],
      ['adminserver', 'auth.check', true],
      ['octopus', 'getServices', true],
    ])('%s %s: %s', (api, operationId, secured) => {
      expect(operation(api, operationId).secured).toBe(secured);
    });

    it('needs none where neither the spec nor the operation asks', () => {
      const open = toyTable({ ...TOY_SPEC, security: undefined } as OpenApiDocument);
      expect(open.operations.filter((entry) => entry.secured)).toEqual([]);
      const emptyList = toyTable({ ...TOY_SPEC, security: [] } as OpenApiDocument);
      expect(emptyList.operations.filter((entry) => entry.secured)).toEqual([]);
    });
  });
});
