/**
 * What the fuzz sends and what it expects back. A generated request is symbolic where the
 * answer depends on the run (a credential, a ticket the run created): its `auth` names a
 * credential and `REF_<pool>_<n>_REF` stands for the n-th id of a pool, both resolved just
 * before sending. What the server must do with the request is decided here from the spec's
 * paths alone, apart from the engine's router, so a routing bug cannot hide itself; and as
 * this is a second router, fuzz.test.ts checks it against the operation each request sent
 * as documented was generated for, so a bug both routers share shows too.
 */
import type { OutgoingRequest } from '../../src/contract/client.ts';
import type { ApiSpec, SpecOperation } from '../../src/contract/spec.ts';
import { valueAt } from '../../src/spec/openapi.ts';

export interface FuzzRequest {
  readonly method: string;
  /** Encoded path and query, perhaps with references. */
  readonly path: string;
  /** A credential the API's plan knows (`demo`, `none`, …), or `raw:<header value>`. */
  readonly auth: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** What was generated, for reports: `invalid body (/ticket/price: wrong type (true))`. */
  readonly what: string;
  /** The operation the request was generated for. */
  readonly aim: string;
  /**
   * Whether it was sent off its aim on purpose: another method (HEAD for a GET is not
   * one), a path mangled, another base path or a path parameter not plainly encoded.
   * A request that is not must reach the operation it aims at.
   */
  readonly mangled: boolean;
}

/** What a correct server answers, given the spec. */
export type Expectation =
  | { readonly kind: 'operation'; readonly operation: SpecOperation; readonly head: boolean }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] }
  | { readonly kind: 'not-found' }
  /** A first path segment none of the API's paths starts with: the engine's own 404, in no API's shape. */
  | { readonly kind: 'no-api' };

/** `REF_ticket_3_REF`: only letters, digits and `_`, so no encoding (path, JSON, form) changes it. */
export const ref = (pool: string, index: number): string => `REF_${pool}_${index}_REF`;

/** Ids the run can address, growing as it creates; a reference picks one by index. */
export class Pools {
  readonly #pools = new Map<string, string[]>();

  add(pool: string, id: string): void {
    const ids = this.#pools.get(pool) ?? [];
    if (!ids.includes(id)) ids.push(id);
    this.#pools.set(pool, ids);
  }

  /** The id is gone: references to `pool` stop finding it, those to `<pool>gone` find it. */
  remove(pool: string, id: string): void {
    const ids = this.#pools.get(pool) ?? [];
    if (ids.includes(id)) ids.splice(ids.indexOf(id), 1);
    this.add(`${pool}gone`, id);
  }

  /** `text` with each reference replaced by its id, escaped as `escaped` says (for JSON, a form, a path). */
  resolve(text: string, escaped: (id: string) => string): string {
    return text.replace(/REF_([a-z]+)_(\d+)_REF/g, (_, pool: string, index: string) => {
      const ids = this.#pools.get(pool) ?? [];
      return escaped(ids.length === 0 ? `no-${pool}-yet` : (ids[Number(index) % ids.length] as string));
    });
  }
}

/** A request with its references resolved and its credential headers added by the plan. */
export function resolved(
  request: FuzzRequest,
  pools: Pools,
  credentials: Readonly<Record<string, string>>,
): OutgoingRequest {
  const headers: Record<string, string> = { ...credentials, ...request.headers };
  // an id may be any text (a productId the run chose): escaped, it arrives as it was stored
  const form = (id: string) => new URLSearchParams({ id }).toString().slice(3);
  const json = (id: string) => JSON.stringify(id).slice(1, -1);
  const isForm = (headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
  return {
    operationId: '',
    method: request.method,
    path: pools.resolve(request.path, form),
    headers,
    ...(request.body === undefined ? {} : { body: pools.resolve(request.body, isForm ? form : json) }),
  };
}

type Segment = { readonly literal: string } | { readonly param: RegExp };

/** The first server's path as segments: `/rest/{version}` with the variable's `x-pattern`. */
function baseSegments(spec: ApiSpec): Segment[] {
  const url = String(valueAt(spec.document, '/servers/0/url') ?? '');
  const path = url.replace(/^[a-z]+:\/\/[^/]*/i, '');
  return path
    .split('/')
    .filter((part) => part !== '')
    .map((part) => {
      const name = /^\{(.+)\}$/.exec(part)?.[1];
      if (name === undefined) return { literal: part };
      const pattern = valueAt(spec.document, `/servers/0/variables/${name}/x-pattern`);
      return { param: new RegExp(typeof pattern === 'string' ? pattern : '^.+$') };
    });
}

function templateSegments(template: string): Segment[] {
  return template
    .split('/')
    .filter((part) => part !== '')
    .map((part) => (/^\{.+\}$/.test(part) ? { param: /^.+$/s } : { literal: part }));
}

function decoded(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

function matches(segments: readonly Segment[], parts: readonly string[]): boolean {
  if (segments.length !== parts.length) return false;
  return segments.every((segment, index) => {
    const part = parts[index] as string;
    if ('literal' in segment) return segment.literal === part;
    const value = decoded(part);
    return value !== undefined && value !== '' && segment.param.test(value);
  });
}

/** The oracle: which operation the spec gives this method and path, or the 405/404 it calls for. */
export function expectationOf(spec: ApiSpec, method: string, pathAndQuery: string): Expectation {
  const path = pathAndQuery.split('?')[0] as string;
  const parts = path.split('/').slice(1);
  const base = baseSegments(spec);
  const templates = spec.operations.map((operation) => [...base, ...templateSegments(operation.path)]);
  if (!templates.some(([first]) => first !== undefined && 'literal' in first && first.literal === parts[0])) {
    return { kind: 'no-api' };
  }
  const documented = spec.operations.filter((_, index) => matches(templates[index] as Segment[], parts));
  const exact = documented.find((operation) => operation.method === method);
  if (exact !== undefined) return { kind: 'operation', operation: exact, head: false };
  const get = documented.find((operation) => operation.method === 'GET');
  if (method === 'HEAD' && get !== undefined) return { kind: 'operation', operation: get, head: true };
  if (documented.length === 0) return { kind: 'not-found' };
  const allow = documented.map((operation) => operation.method);
  return { kind: 'method-not-allowed', allow: get === undefined ? allow : [...allow, 'HEAD'] };
}
