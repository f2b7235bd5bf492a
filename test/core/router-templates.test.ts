/**
 * The router alone (src/core/router.ts), table-driven in hono's style: templates × paths ×
 * the expected match, then what it refuses at start. No spec, no engine: routes are
 * templates with an owner and a name. test/core/router.test.ts checks the same router
 * over the real specs' operation tables.
 */
import { describe, expect, it } from 'vitest';
import { createRouter, type RouteDefinition, type Routed } from '../../src/core/router.ts';
import { parsePathTemplate } from '../../src/spec/path-template.ts';

type Route = readonly [method: string, template: string, owner?: string, patterns?: Record<string, string>];

const routerOf = (routes: readonly Route[]) =>
  createRouter(
    routes.map(
      ([method, template, owner = 'a', patterns]): RouteDefinition<string, string> => ({
        method,
        template,
        owner,
        value: `${method} ${template}`,
        ...(patterns === undefined ? {} : { patterns }),
      }),
    ),
  );

/** A lookup as a test reads it: the route and its parameters, '405' with Allow and owner, or '404' and owner. */
function summary(routed: Routed<string, string>): unknown {
  if (routed.kind === 'match') return [routed.value, routed.params];
  if (routed.kind === 'method-not-allowed') return ['405', routed.allow, routed.owner];
  return ['404', routed.owner];
}

const TICKETS: readonly Route[] = [
  ['GET', '/api/v2/tickets/{ticket_id}.json'],
  ['PUT', '/api/v2/tickets/{ticket_id}.json'],
  ['GET', '/api/v2/tickets/{ticket_id}'],
  ['GET', '/api/v2/tickets/count.json'],
  ['GET', '/api/v2/tickets.json'],
  ['GET', '/files/{name}.{ext}'],
  ['GET', '/v{version}/ping'],
  ['GET', '/v{version}/ping', 'b', { version: '^[0-9]+$' }],
  ['POST', '/reports/{year}-{month}'],
  ['GET', '/'],
];

describe('templates × paths', () => {
  it.each<[string, string, unknown]>([
    // literals around a parameter
    ['GET', '/api/v2/tickets/42.json', ['GET /api/v2/tickets/{ticket_id}.json', { ticket_id: '42' }]],
    ['PUT', '/api/v2/tickets/42.json', ['PUT /api/v2/tickets/{ticket_id}.json', { ticket_id: '42' }]],
    // the whole segment when the suffix is missing
    ['GET', '/api/v2/tickets/42', ['GET /api/v2/tickets/{ticket_id}', { ticket_id: '42' }]],
    ['GET', '/api/v2/tickets/42.xml', ['GET /api/v2/tickets/{ticket_id}', { ticket_id: '42.xml' }]],
    // a literal beats a parameter, with or without literals around it
    ['GET', '/api/v2/tickets/count.json', ['GET /api/v2/tickets/count.json', {}]],
    ['GET', '/api/v2/tickets.json', ['GET /api/v2/tickets.json', {}]],
    // nothing before the suffix is no value; the greedy parameter keeps inner dots
    ['GET', '/api/v2/tickets/.json', ['GET /api/v2/tickets/{ticket_id}', { ticket_id: '.json' }]],
    ['GET', '/api/v2/tickets/a.b.json', ['GET /api/v2/tickets/{ticket_id}.json', { ticket_id: 'a.b' }]],
    ['GET', '/files/report.tar.gz', ['GET /files/{name}.{ext}', { name: 'report.tar', ext: 'gz' }]],
    ['GET', '/files/report', ['404', 'a']],
    ['POST', '/reports/2026-05', ['POST /reports/{year}-{month}', { year: '2026', month: '05' }]],
    // encoded segments: a value is decoded, a literal compared as sent, a bad escape matches nothing
    ['GET', '/api/v2/tickets/a%20b%2Fc.json', ['GET /api/v2/tickets/{ticket_id}.json', { ticket_id: 'a b/c' }]],
    ['GET', '/api/v2/tickets/42%2Ejson', ['GET /api/v2/tickets/{ticket_id}', { ticket_id: '42.json' }]],
    ['GET', '/api/v2/tickets/%E0%A4%A.json', ['404', 'a']],
    ['GET', '/api/v2/tick%65ts/42.json', ['404', 'a']],
    // a prefix inside a segment, and a pattern on its parameter
    ['GET', '/v3/ping', ['GET /v{version}/ping', { version: '3' }]],
    ['GET', '/vbeta/ping', ['GET /v{version}/ping', { version: 'beta' }]],
    ['GET', '/v/ping', ['404', undefined]],
    // the root, and trailing slashes as the template writes them (none here)
    ['GET', '/', ['GET /', {}]],
    ['GET', '', ['GET /', {}]],
    ['GET', '/api/v2/tickets/42.json/', ['404', 'a']],
    ['GET', '/api/v2/tickets.json/', ['404', 'a']],
    ['GET', '//api/v2/tickets.json', ['404', undefined]],
    ['GET', 'api/v2/tickets.json', ['404', undefined]],
    // 405 lists every method the path takes, HEAD beside GET; 404 otherwise
    ['DELETE', '/api/v2/tickets/42.json', ['405', ['GET', 'HEAD', 'PUT'], 'a']],
    ['GET', '/reports/2026-05', ['405', ['POST'], 'a']],
    ['GET', '/api/v3/tickets/42.json', ['404', 'a']],
    ['GET', '/nowhere', ['404', undefined]],
  ])('%s %s', (method, path, expected) => {
    expect(summary(routerOf(TICKETS).lookup(method, path))).toEqual(expected);
  });

  it('prefers a patterned parameter to a free one on the same shape, and falls back to the free one', () => {
    const router = routerOf(TICKETS);
    const patterned = router.lookup('GET', '/v7/ping');
    expect(patterned.kind === 'match' && patterned.owner).toBe('b');
    const free = router.lookup('GET', '/vx/ping');
    expect(free.kind === 'match' && free.owner).toBe('a');
  });

  it('reads the method in any case', () => {
    expect(summary(routerOf(TICKETS).lookup('put', '/api/v2/tickets/1.json'))).toEqual([
      'PUT /api/v2/tickets/{ticket_id}.json',
      { ticket_id: '1' },
    ]);
  });

  it('tells a trailing slash in the template apart from none', () => {
    const router = routerOf([
      ['GET', '/items/'],
      ['GET', '/items'],
    ]);
    expect(summary(router.lookup('GET', '/items/'))).toEqual(['GET /items/', {}]);
    expect(summary(router.lookup('GET', '/items'))).toEqual(['GET /items', {}]);
  });
});

describe('HEAD', () => {
  it('takes the first GET in priority order where no route has a HEAD', () => {
    // the templated GET comes first in the spec; the literal one still answers HEAD
    const router = routerOf([
      ['GET', '/items/{id}'],
      ['GET', '/items/special'],
    ]);
    expect(summary(router.lookup('HEAD', '/items/special'))).toEqual(['GET /items/special', {}]);
    expect(summary(router.lookup('HEAD', '/items/7'))).toEqual(['GET /items/{id}', { id: '7' }]);
  });

  it("is a route's own HEAD where there is one, even below a GET that matches first", () => {
    const router = routerOf([
      ['GET', '/items/special'],
      ['HEAD', '/items/{id}'],
    ]);
    expect(summary(router.lookup('HEAD', '/items/special'))).toEqual(['HEAD /items/{id}', { id: 'special' }]);
  });
});

describe('several APIs in one router', () => {
  const shared: readonly Route[] = [
    ['GET', '/api/tickets/{id}', 'zendesk'],
    ['GET', '/api/tickets/{id}.json', 'other'],
    ['GET', '/api/users/{id}', 'other'],
    ['POST', '/api/tickets/{id}', 'other'],
  ];

  it('routes by the whole template, so two APIs share a prefix and even a path with different methods', () => {
    const router = routerOf(shared);
    expect(summary(router.lookup('GET', '/api/tickets/1'))).toEqual(['GET /api/tickets/{id}', { id: '1' }]);
    expect(summary(router.lookup('GET', '/api/tickets/1.json'))).toEqual(['GET /api/tickets/{id}.json', { id: '1' }]);
    expect(summary(router.lookup('POST', '/api/tickets/1'))).toEqual(['POST /api/tickets/{id}', { id: '1' }]);
    expect(summary(router.lookup('GET', '/api/users/u'))).toEqual(['GET /api/users/{id}', { id: 'u' }]);
    expect([...router.prefixes]).toEqual(['api']);
  });

  it('gives a 404 to the API under the longest literal prefix the path shares, a 405 to the first that matches', () => {
    const router = routerOf(shared);
    expect(summary(router.lookup('GET', '/api/users/u/extra'))).toEqual(['404', 'other']);
    expect(summary(router.lookup('GET', '/api/tickets/1/extra'))).toEqual(['404', 'zendesk']);
    expect(summary(router.lookup('GET', '/api/nothing'))).toEqual(['404', 'zendesk']);
    expect(summary(router.lookup('DELETE', '/api/tickets/1'))).toEqual(['405', ['GET', 'HEAD', 'POST'], 'zendesk']);
  });

  it('refuses at start the same method on the same template shape, whatever the parameters are named', () => {
    expect(() =>
      routerOf([
        ['GET', '/api/tickets/{id}', 'zendesk'],
        ['GET', '/api/tickets/{ticketId}', 'freshdesk'],
      ]),
    ).toThrow(
      'zendesk (/api/tickets/{id}) and freshdesk (/api/tickets/{ticketId}) both answer GET on the same path: rename one, or mount them apart',
    );
    expect(() =>
      routerOf([
        ['GET', '/a/{x}.json', 'p'],
        ['GET', '/a/{y}.json', 'q'],
      ]),
    ).toThrow(/both answer GET/);
    // not a conflict: another method, a suffix, another pattern
    expect(() =>
      routerOf([
        ['GET', '/a/{x}', 'p'],
        ['POST', '/a/{y}', 'q'],
        ['GET', '/a/{y}.json', 'q'],
        ['GET', '/a/{z}', 'r', { z: '^[0-9]+$' }],
      ]),
    ).not.toThrow();
  });

  it('says whether some API may answer any path (a route starting with a parameter, or the root)', () => {
    expect(routerOf(shared).anyPath).toBe(false);
    expect(routerOf([['GET', '/{tenant}/tickets']]).anyPath).toBe(true);
    expect(routerOf([['GET', '/']]).anyPath).toBe(true);
  });
});

describe('path templates', () => {
  it.each<[string, unknown]>([
    ['/', []],
    ['', []],
    ['/a/{b}', [[{ literal: 'a' }], [{ param: 'b' }]]],
    ['/t/{id}.json', [[{ literal: 't' }], [{ param: 'id' }, { literal: '.json' }]]],
    ['/v{version}', [[{ literal: 'v' }, { param: 'version' }]]],
    ['/{a}-{b}', [[{ param: 'a' }, { literal: '-' }, { param: 'b' }]]],
    ['/a/', [[{ literal: 'a' }], [{ literal: '' }]]],
    ['/a/{open', [[{ literal: 'a' }], [{ literal: '{open' }]]],
  ])('%s', (template, segments) => {
    expect(parsePathTemplate(template)).toEqual(segments);
  });

  it('refuses two variables side by side, which no path can tell apart', () => {
    expect(() => parsePathTemplate('/x/{a}{b}')).toThrow('/x/{a}{b}: two variables side by side cannot be told apart');
  });
});
