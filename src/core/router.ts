/**
 * The router: one table of every API's routes, looked up by the whole path template
 * (docs/decisions/023-router-and-spec-module.md). Built once at start as a tree of path
 * segments: a literal segment is a map lookup, a segment with variables (`{id}`,
 * `{ticket_id}.json`, `v{version}`) a test in order of specificity. Two APIs may share a
 * prefix (`/api/…`); the same method on the same template shape twice is refused at start.
 *
 * Rules, in the order they decide:
 * - segments compare as the client sent them (percent-escapes and case kept); only a
 *   variable's value is decoded, and a value that does not decode, or decodes to ``,
 *   matches nothing;
 * - at each segment a literal beats a segment with variables, and among those the one
 *   with more literal text (`{id}.json` before `{id}`) and then one with an `x-pattern`;
 * - the first route (in that order) with the request's method answers; HEAD takes the
 *   first GET where no route has a HEAD of its own (RFC 9110 §9.3.2);
 * - a path some route matches with another method is 405 with every such method in
 *   `allow` (HEAD beside each GET); otherwise 404, owned by the route under the longest
 *   run of literal segments the path shares, so the API under that prefix answers it.
 */
import { parsePathTemplate, type TemplateSegment } from '../spec/path-template.js';

/** One route: a method on a full path template (base path included), the owner answering it, and what it leads to. */
export interface RouteDefinition<T, O> {
  readonly method: string;
  /** The full template, e.g. `/rest/{version}/Location/{LocationId}/services` or `/api/v2/tickets/{id}.json`. */
  readonly template: string;
  /** A regular expression a variable's decoded value must match (a base path variable's `x-pattern`). */
  readonly patterns?: Readonly<Record<string, string>>;
  readonly owner: O;
  readonly value: T;
}

export type Routed<T, O> =
  | { readonly kind: 'match'; readonly value: T; readonly owner: O; readonly params: Record<string, string> }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[]; readonly owner: O }
  | { readonly kind: 'not-found'; readonly owner: O | undefined };

export interface Router<T, O> {
  lookup(method: string, path: string): Routed<T, O>;
  /** First literal segments some route starts with (`rest`, `security`). */
  readonly prefixes: ReadonlySet<string>;
  /** Whether a route starts with a variable, or is the root: then any path may be one of its. */
  readonly anyPath: boolean;
}

/** One segment's test: a whole-segment variable is decoded as is, a mixed one is read by a RegExp. */
interface Matcher {
  /** Shape of the segment (literal text, `{}` per variable with its pattern), for sharing nodes. */
  readonly key: string;
  readonly literalLength: number;
  readonly regexp: RegExp | undefined;
  readonly patterns: ReadonlyArray<RegExp | undefined>;
}

interface Leaf<T, O> {
  readonly method: string;
  readonly names: readonly string[];
  readonly owner: O;
  readonly value: T;
  readonly template: string;
}

interface Node<T, O> {
  readonly literal: Map<string, Node<T, O>>;
  readonly dynamic: Array<{ readonly matcher: Matcher; readonly node: Node<T, O> }>;
  readonly routes: Leaf<T, O>[];
  /** The owner of the first route added under this node: who answers a 404 that gets no further. */
  owner: O | undefined;
}

const newNode = <T, O>(): Node<T, O> => ({ literal: new Map(), dynamic: [], routes: [], owner: undefined });

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function matcherOf(segment: TemplateSegment, patterns: Readonly<Record<string, string>>): Matcher {
  let key = '';
  let source = '';
  let literalLength = 0;
  const tests: Array<RegExp | undefined> = [];
  for (const piece of segment) {
    if ('literal' in piece) {
      key += piece.literal.replaceAll('{', '{{');
      source += escapeRegExp(piece.literal);
      literalLength += piece.literal.length;
    } else {
      const pattern = Object.hasOwn(patterns, piece.param) ? patterns[piece.param] : undefined;
      key += `{${pattern ?? ''}}`;
      // greedy: `{id}.json` on `a.b.json` reads `a.b`, the last `.json` the literal
      source += '(.+)';
      tests.push(pattern === undefined ? undefined : new RegExp(pattern));
    }
  }
  const regexp = segment.length === 1 ? undefined : new RegExp(`^${source}$`);
  return { key, literalLength, regexp, patterns: tests };
}

/** A variable's decoded value, or undefined when it does not decode, is empty or breaks its pattern. */
function decoded(text: string, pattern: RegExp | undefined): string | undefined {
  let value: string;
  try {
    value = decodeURIComponent(text);
  } catch {
    return undefined;
  }
  return value === '' || (pattern !== undefined && !pattern.test(value)) ? undefined : value;
}

/** Pushes the values a segment's variables take in `part` onto `values`; how many, or -1 when it does not match. */
function readSegment(matcher: Matcher, part: string, values: string[]): number {
  if (matcher.regexp === undefined) {
    const value = decoded(part, matcher.patterns[0]);
    if (value === undefined) return -1;
    values.push(value);
    return 1;
  }
  const found = matcher.regexp.exec(part);
  if (found === null) return -1;
  for (let index = 1; index < found.length; index += 1) {
    const value = decoded(found[index] as string, matcher.patterns[index - 1]);
    if (value === undefined) {
      values.length -= index - 1;
      return -1;
    }
    values.push(value);
  }
  return found.length - 1;
}

/** More literal text first, then a patterned variable before a free one; otherwise in the order added. */
function bySpecificity(a: { matcher: Matcher }, b: { matcher: Matcher }): number {
  const patterned = (matcher: Matcher): number => matcher.patterns.filter((pattern) => pattern !== undefined).length;
  return b.matcher.literalLength - a.matcher.literalLength || patterned(b.matcher) - patterned(a.matcher);
}

function insert<T, O>(root: Node<T, O>, route: RouteDefinition<T, O>, describe: (owner: O, value: T) => string): void {
  const patterns = route.patterns ?? {};
  const names: string[] = [];
  let node = root;
  node.owner ??= route.owner;
  for (const segment of parsePathTemplate(route.template)) {
    const only = segment[0];
    if (segment.length === 1 && only !== undefined && 'literal' in only) {
      const next = node.literal.get(only.literal) ?? newNode<T, O>();
      node.literal.set(only.literal, next);
      node = next;
    } else {
      const matcher = matcherOf(segment, patterns);
      let child = node.dynamic.find((candidate) => candidate.matcher.key === matcher.key);
      if (child === undefined) {
        child = { matcher, node: newNode() };
        node.dynamic.push(child);
        node.dynamic.sort(bySpecificity);
      }
      for (const piece of segment) if ('param' in piece) names.push(piece.param);
      node = child.node;
    }
    node.owner ??= route.owner;
  }
  const method = route.method.toLowerCase();
  const twin = node.routes.find((leaf) => leaf.method === method);
  if (twin !== undefined) {
    throw new Error(
      `${describe(twin.owner, twin.value)} (${twin.template}) and ${describe(route.owner, route.value)} (${route.template}) both answer ${method.toUpperCase()} on the same path: rename one, or mount them apart`,
    );
  }
  node.routes.push({ method, names, owner: route.owner, value: route.value, template: route.template });
}

/** What one lookup has found so far, in priority order. */
interface Search<T, O> {
  readonly method: string;
  found: Routed<T, O> | undefined;
  headAsGet: Routed<T, O> | undefined;
  /** Methods of the routes the path matches, made on the first (most lookups find their route first). */
  allow: Set<string> | undefined;
  allowOwner: O | undefined;
}

function params(names: readonly string[], values: readonly string[]): Record<string, string> {
  const named: Record<string, string> = {};
  names.forEach((name, index) => {
    named[name] = values[index] as string;
  });
  return named;
}

function visitLeaf<T, O>(search: Search<T, O>, routes: readonly Leaf<T, O>[], values: readonly string[]): void {
  for (const leaf of routes) {
    if (leaf.method === search.method) {
      search.found = { kind: 'match', value: leaf.value, owner: leaf.owner, params: params(leaf.names, values) };
      return;
    }
    if (search.method === 'head' && leaf.method === 'get' && search.headAsGet === undefined) {
      search.headAsGet = { kind: 'match', value: leaf.value, owner: leaf.owner, params: params(leaf.names, values) };
    }
    search.allowOwner ??= leaf.owner;
    search.allow ??= new Set();
    search.allow.add(leaf.method.toUpperCase());
    if (leaf.method === 'get') search.allow.add('HEAD');
  }
}

/** Depth first, literal before variables: stops at the first route with the method. */
function walk<T, O>(search: Search<T, O>, node: Node<T, O>, parts: readonly string[], at: number, values: string[]) {
  if (at === parts.length) {
    visitLeaf(search, node.routes, values);
    return;
  }
  const part = parts[at] as string;
  const literal = node.literal.get(part);
  if (literal !== undefined) walk(search, literal, parts, at + 1, values);
  for (const { matcher, node: child } of node.dynamic) {
    if (search.found !== undefined) return;
    const read = readSegment(matcher, part, values);
    if (read < 0) continue;
    walk(search, child, parts, at + 1, values);
    values.length -= read;
  }
}

/** The owner under the longest run of literal segments the path shares with some route (none: no one's). */
function ownerOf<T, O>(root: Node<T, O>, parts: readonly string[]): O | undefined {
  let node = root;
  let owner: O | undefined;
  for (const part of parts) {
    const next = node.literal.get(part);
    if (next === undefined) break;
    node = next;
    owner = node.owner;
  }
  return owner;
}

/**
 * Builds the router of `routes`. Throws when two routes answer the same method on the same
 * template shape (variable names aside): `describe` names each in the message.
 */
export function createRouter<T, O>(
  routes: readonly RouteDefinition<T, O>[],
  describe: (owner: O, value: T) => string = (owner) => String(owner),
): Router<T, O> {
  const root = newNode<T, O>();
  for (const route of routes) insert(root, route, describe);
  return {
    prefixes: new Set(root.literal.keys()),
    anyPath: root.dynamic.length > 0 || root.routes.length > 0,
    lookup(method, path) {
      if (path !== '' && !path.startsWith('/')) return { kind: 'not-found', owner: undefined };
      const parts = path === '' || path === '/' ? [] : path.slice(1).split('/');
      const search: Search<T, O> = {
        method: method.toLowerCase(),
        found: undefined,
        headAsGet: undefined,
        allow: undefined,
        allowOwner: undefined,
      };
      walk(search, root, parts, 0, []);
      const found = search.found ?? search.headAsGet;
      if (found !== undefined) return found;
      if (search.allowOwner !== undefined)
        return { kind: 'method-not-allowed', allow: [...(search.allow ?? [])], owner: search.allowOwner };
      return { kind: 'not-found', owner: ownerOf(root, parts) };
    },
  };
}
