/**
 * Generated requests for one operation, built from its spec: its bodies (bodies.ts),
 * query and header parameters valid, broken and odd, headers nobody documents, other
 * methods, and paths next to the documented ones.
 */
import fc from 'fast-check';
import { mutationsOf, validValues } from '../../src/contract/arbitrary.ts';
import type { ApiSpec, SpecOperation } from '../../src/contract/spec.ts';
import { parametersOf } from '../../src/spec/openapi.ts';
import { type BodyHooks, bodyArbitrary } from './bodies.ts';
import type { FuzzRequest } from './model.ts';
import { headerValue, oddSegment, oddText, textOf, w } from './odd-values.ts';

const JUNK_QUERY = [
  ...['__proto__=1', '__proto__[polluted]=1', 'constructor[prototype][polluted]=1', 'x=%ZZ', '%ZZ=1', '=', '&&'],
  ...['offset=1&offset=2', 'limit=1&limit=x', 'a[]=1&a[]=2', 'calendar=ics&calendar=google', ';', 'q=%00'],
];

/** A query: each documented parameter absent, valid, broken or odd, now and then junk besides. */
export function queryArbitrary(spec: ApiSpec, operation: SpecOperation): fc.Arbitrary<string> {
  const params = parametersOf(spec.document, operation.entry).filter(({ node }) => node.in === 'query');
  const model: Record<string, fc.Arbitrary<string | undefined>> = {};
  for (const { node } of params) {
    const broken = mutationsOf(spec.document, node.schema)
      .filter((mutation) => mutation.kind === 'replace')
      .map((mutation) => textOf(mutation.value));
    model[String(node.name)] = fc.oneof(
      w(5, fc.constant(undefined)),
      w(3, validValues(spec.document, node.schema, () => true).map(textOf)),
      w(1, broken.length === 0 ? oddText : fc.constantFrom(...broken)),
      w(1, oddText),
    );
  }
  return fc.tuple(fc.record(model), fc.option(fc.constantFrom(...JUNK_QUERY), { freq: 8 })).map(([values, junk]) => {
    const pairs = Object.entries(values)
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
    const query = [...pairs, ...(junk === null ? [] : [junk])].join('&');
    return query === '' ? '' : `?${query}`;
  });
}

/** Header parameters the operation documents: mostly absent, else valid or odd (hooks may replace one). */
function headerParams(
  spec: ApiSpec,
  operation: SpecOperation,
  overrides: Readonly<Record<string, fc.Arbitrary<string | undefined>>>,
): fc.Arbitrary<Record<string, string | undefined>> {
  const model: Record<string, fc.Arbitrary<string | undefined>> = {};
  for (const { node } of parametersOf(spec.document, operation.entry).filter(({ node }) => node.in === 'header')) {
    const name = String(node.name);
    const valid = validValues(spec.document, node.schema, () => true)
      .map(textOf)
      .filter((value) => /^[\x20-\x7e]*$/.test(value) && value.trim() !== '');
    model[name.toLowerCase()] =
      overrides[name] ??
      fc.oneof(
        w(6, fc.constant(undefined)),
        w(3, valid),
        w(
          1,
          headerValue.filter((value) => value.trim() !== ''),
        ),
      );
  }
  return fc.record(model);
}

/** Headers nobody documents: a Prefer for a status, odd Accept, prototype names, a stray cookie. */
function extraHeaders(operation: SpecOperation): fc.Arbitrary<ReadonlyArray<readonly [string, string]>> {
  const prefer = fc
    .constantFrom(...operation.statuses, '500', '999', 'abc')
    .map((status): [string, string] => ['prefer', `code=${status}`]);
  const pair = fc.oneof(
    w(1, prefer),
    w(
      2,
      fc.tuple(
        fc.constant('accept'),
        fc.oneof(fc.constantFrom('application/xml', '*/*;q=0', 'text/calendar'), headerValue),
      ),
    ),
    w(2, fc.tuple(fc.constantFrom('__proto__', 'constructor', 'x-fuzz', 'x-http-method-override'), headerValue)),
    w(
      2,
      fc.tuple(
        fc.constant('cookie'),
        fc.oneof(fc.constantFrom('sessionId=__proto__', 'sessionId=; sessionId=x'), headerValue),
      ),
    ),
    w(1, fc.tuple(fc.constant('x-forwarded-proto'), fc.oneof(fc.constantFrom('https', 'ftp'), headerValue))),
  );
  return fc.oneof(w(6, fc.constant([] as const)), w(4, fc.array(pair, { minLength: 1, maxLength: 2 })));
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND', 'SEARCH', 'MKCOL'];

/**
 * A path next to a documented one: a segment more or less, a slash, another case; or one
 * under a first segment no API answers (upper case, or `~` and an odd segment: no API's
 * prefix has either), which the engine itself answers 404.
 */
const PATH_MANGLES: ReadonlyArray<(path: string, segment: string) => string> = [
  (path, segment) => `${path}/${segment}`,
  (path) => `${path}/`,
  (path) => path.replace(/^(\/[^/]+)/, '$1/'),
  (path) => path.replace(/\/[^/]+$/, ''),
  (path) => path.replace(/^(\/[^/]+\/)([^/]*)/, (_, head: string, next: string) => `${head}${next.toUpperCase()}`),
  (path) => path.replace(/([^/]+)$/, (last: string) => last.toLowerCase()),
  (path, segment) => path.replace(/([^/]+)$/, segment),
  (path) => path.replace(/^\/[^/]*/, (first: string) => first.toUpperCase()),
  (path, segment) => path.replace(/^\/[^/]*/, `/~${segment}`),
];

/** A path parameter as a client means it: some text, percent-encoded as encodeURIComponent does. */
function plainlyEncoded(value: string): boolean {
  try {
    return value !== '' && encodeURIComponent(decodeURIComponent(value)) === value;
  } catch {
    return false;
  }
}

export interface OperationHooks extends BodyHooks {
  /** Credential names (see FuzzRequest.auth). */
  readonly auth: fc.Arbitrary<string>;
  /** The base path (Octopus: `/rest/v1`, sometimes another version). */
  readonly base?: fc.Arbitrary<string>;
  /** Encoded values per path parameter. */
  readonly pathParams?: Readonly<Record<string, fc.Arbitrary<string>>>;
  /** Values per documented header parameter, by its spec name (`undefined`: not sent). */
  readonly headerParams?: Readonly<Record<string, fc.Arbitrary<string | undefined>>>;
}

/** Requests aimed at one operation: mostly as documented, sometimes with another method or path. */
function operationRequests(spec: ApiSpec, operation: SpecOperation, hooks: OperationHooks): fc.Arbitrary<FuzzRequest> {
  const others = METHODS.filter((method) => method !== operation.method);
  const method = fc.oneof(
    w(88, fc.constant(operation.method)),
    w(4, fc.constant(operation.method === 'GET' ? 'HEAD' : operation.method)),
    w(8, fc.constantFrom(...others)),
  );
  const mangle = fc.oneof(w(93, fc.constant(undefined)), w(7, fc.tuple(fc.nat(PATH_MANGLES.length - 1), oddSegment)));
  return fc
    .record({
      method,
      auth: hooks.auth,
      base: hooks.base ?? fc.constant(spec.basePath),
      params: fc.record(hooks.pathParams ?? {}),
      query: queryArbitrary(spec, operation),
      headerParams: headerParams(spec, operation, hooks.headerParams ?? {}),
      extras: extraHeaders(operation),
      body: bodyArbitrary(spec, operation, hooks),
      mangle,
    })
    .map(({ method, auth, base, params, query, headerParams, extras, body, mangle }): FuzzRequest => {
      let path = `${base}${operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => params[name] ?? 'x')}`;
      if (mangle !== undefined) path = (PATH_MANGLES[mangle[0]] as (p: string, s: string) => string)(path, mangle[1]);
      const asDocumented = method === operation.method || (method === 'HEAD' && operation.method === 'GET');
      const mangled =
        !asDocumented || mangle !== undefined || base !== spec.basePath || !Object.values(params).every(plainlyEncoded);
      const headers: Record<string, string> = {};
      for (const [name, value] of [...Object.entries(headerParams), ...extras]) {
        if (value !== undefined) headers[name] = value;
      }
      // GET and HEAD carry no body here: what a server does with one is not the API's business
      const sendsBody = method !== 'GET' && method !== 'HEAD' && body.text !== undefined;
      if (sendsBody && body.contentType !== undefined) headers['content-type'] = body.contentType;
      const what = [
        `${method} ${operation.id}`,
        sendsBody ? `${body.what} body as ${body.contentType ?? 'no content type'}` : 'no body',
        `auth ${auth.length > 40 ? `${auth.slice(0, 37)}...` : auth}`,
        ...(mangle === undefined ? [] : ['path mangled']),
      ].join(', ');
      return {
        method,
        path: `${path}${query}`,
        auth,
        headers,
        ...(sendsBody ? { body: body.text } : {}),
        what,
        aim: operation.id,
        mangled,
      };
    });
}

/** Requests for every operation of the API, each with the hooks `hooksFor` gives it. */
export function apiRequests(
  spec: ApiSpec,
  hooksFor: (operation: SpecOperation) => OperationHooks,
): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(...spec.operations.map((operation) => operationRequests(spec, operation, hooksFor(operation))));
}
