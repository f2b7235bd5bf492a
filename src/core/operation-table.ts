/**
 * The operation table: built once from an OpenAPI document, it routes a method and path
 * to an operation and holds every validator that operation needs, compiled at start-up
 * (STYLE.md: per-request work that belongs at start-up is done here).
 */
import type { ValidateFunction } from 'ajv/dist/2020.js';
import {
  type HttpMethod,
  listOperations,
  locate,
  mediaSchemaPointer,
  mediaTypes,
  type OperationEntry,
  parametersOf,
  resolve,
  valueAt,
} from './openapi.js';
import { createSpecSchemas, jsonPointer, type OpenApiDocument, type SpecSchemas } from './spec-schemas.js';

type ParamLocation = 'path' | 'query' | 'header' | 'cookie';

export interface ParamSpec {
  readonly name: string;
  readonly in: ParamLocation;
  readonly required: boolean;
  /** Whether the schema takes an array (query parameters only: read every value). */
  readonly array: boolean;
}

type Segment = { readonly literal: string } | { readonly param: string; readonly pattern?: RegExp };

export interface BodySpec {
  readonly required: boolean;
  /** Validator per accepted media type. */
  readonly media: ReadonlyMap<string, ValidateFunction>;
}

export interface OperationSpec {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The full path, base path included (`/rest/{version}/Location/{LocationId}/services`), split. */
  readonly segments: readonly Segment[];
  readonly params: readonly ParamSpec[];
  /** Validators of the path, query and header parameters, each over an object of them. */
  readonly paramValidators: Readonly<Partial<Record<ParamLocation, ValidateFunction>>>;
  readonly body: BodySpec | undefined;
  /** Documented statuses, each with a validator per media type (null: no body). */
  readonly responses: ReadonlyMap<string, ReadonlyMap<string, ValidateFunction> | null>;
  /**
   * What `Prefer: code=<status>` answers for each documented status: its first example
   * body and the example of each required header. A status is left out when the spec
   * lacks an example for its body or for one of its required headers.
   */
  readonly examples: ReadonlyMap<string, CannedResponse>;
  /** Whether the spec requires credentials (its effective `security` has no empty entry). */
  readonly secured: boolean;
}

export interface CannedResponse {
  /** The body's media type and example; absent for a response without a body. */
  readonly body?: { readonly mediaType: string; readonly value: unknown };
  readonly headers: Readonly<Record<string, string>>;
}

export type RouteMatch =
  | { readonly kind: 'operation'; readonly operation: OperationSpec; readonly pathParams: Record<string, string> }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] }
  | { readonly kind: 'not-found' };

export interface OperationTable {
  readonly operations: readonly OperationSpec[];
  /** First literal path segments this API answers under (`security`, `rest`, `jsonRpc`, `auth`). */
  readonly prefixes: ReadonlySet<string>;
  match(method: string, path: string): RouteMatch;
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

function pathSegments(template: string): Segment[] {
  return template
    .split('/')
    .filter((part) => part !== '')
    .map((part) => {
      const param = /^\{([^}]+)\}$/.exec(part)?.[1];
      return param === undefined ? { literal: part } : { param };
    });
}

/** The first server's base path as segments; a variable's `x-pattern` constrains its segment. */
function basePathSegments(document: OpenApiDocument): Segment[] {
  const servers = document.servers;
  const server = Array.isArray(servers) && isNode(servers[0]) ? servers[0] : undefined;
  if (server === undefined || typeof server.url !== 'string') return [];
  const path = server.url.replace(/^[a-z]+:\/\/[^/]*/i, '').replace(/^\{[^}]+\}/, '');
  return pathSegments(path).map((segment) => {
    if ('literal' in segment) return segment;
    const pattern = valueAt(server, `/variables/${segment.param}/x-pattern`);
    return typeof pattern === 'string' ? { param: segment.param, pattern: new RegExp(pattern) } : segment;
  });
}

function compileParams(
  schemas: SpecSchemas,
  located: Array<{ node: Node; pointer: string }>,
  location: ParamLocation,
  extra: Record<string, Node> = {},
): ValidateFunction | undefined {
  const mine = located.filter(({ node }) => node.in === location);
  if (mine.length === 0 && Object.keys(extra).length === 0) return undefined;
  const properties: Record<string, unknown> = { ...extra };
  const required = Object.keys(extra);
  for (const { node, pointer } of mine) {
    properties[String(node.name)] = { $ref: `${schemas.id}#${pointer}/schema` };
    if (node.required === true) required.push(String(node.name));
  }
  return schemas.compile({ type: 'object', properties, required });
}

function compileBody(document: OpenApiDocument, entry: OperationEntry, json: SpecSchemas, text: SpecSchemas) {
  if (entry.operation.requestBody === undefined) return undefined;
  const holder = `${entry.pointer}/requestBody`;
  const media = new Map<string, ValidateFunction>();
  for (const mediaType of mediaTypes(document, holder)) {
    // Form fields arrive as text: that validator coerces them to the schema's types.
    const registry = mediaType === 'application/x-www-form-urlencoded' ? text : json;
    media.set(mediaType, registry.validator(mediaSchemaPointer(document, holder, mediaType) as string));
  }
  return { required: locate<Node>(document, holder).node.required === true, media };
}

function firstExample(document: OpenApiDocument, media: Node): { found: boolean; value: unknown } {
  if (media.example !== undefined) return { found: true, value: media.example };
  const first = isNode(media.examples) ? Object.values(media.examples)[0] : undefined;
  if (first === undefined) return { found: false, value: undefined };
  const example = resolve<Node>(document, { node: first, pointer: '' }).node;
  return { found: example.value !== undefined, value: example.value };
}

/** The examples of a response's required headers, or undefined when one has none. */
function requiredHeaderExamples(document: OpenApiDocument, holder: string): Record<string, string> | undefined {
  const headers = locate<Node>(document, holder).node.headers;
  const examples: Record<string, string> = {};
  for (const [name, value] of Object.entries(isNode(headers) ? headers : {})) {
    const header = resolve<Node>(document, { node: value, pointer: '' }).node;
    if (header.required !== true) continue;
    const example = header.example ?? valueAt(header, '/schema/example');
    if (typeof example !== 'string') return undefined;
    examples[name.toLowerCase()] = example;
  }
  return examples;
}

function compileResponses(document: OpenApiDocument, entry: OperationEntry, strict: SpecSchemas) {
  const responses = new Map<string, ReadonlyMap<string, ValidateFunction> | null>();
  const examples = new Map<string, CannedResponse>();
  for (const status of Object.keys(isNode(entry.operation.responses) ? entry.operation.responses : {})) {
    const holder = `${entry.pointer}${jsonPointer('responses', status)}`;
    const headers = requiredHeaderExamples(document, holder);
    const types = mediaTypes(document, holder);
    if (types.length === 0) {
      responses.set(status, null);
      if (headers !== undefined) examples.set(status, { headers });
      continue;
    }
    const media = new Map<string, ValidateFunction>();
    for (const mediaType of types) {
      media.set(mediaType, strict.validator(mediaSchemaPointer(document, holder, mediaType) as string));
      const mediaObject = valueAt(locate(document, holder).node, `${jsonPointer('content', mediaType)}`) as Node;
      const example = firstExample(document, mediaObject);
      if (example.found && headers !== undefined && !examples.has(status)) {
        examples.set(status, { body: { mediaType, value: example.value }, headers });
      }
    }
    responses.set(status, media);
  }
  return { responses, examples };
}

function isSecured(document: OpenApiDocument, operation: Node): boolean {
  const security = operation.security ?? document.security;
  if (!Array.isArray(security) || security.length === 0) return false;
  return !security.some((requirement) => isNode(requirement) && Object.keys(requirement).length === 0);
}

/** Builds the operation table of `document`; `name` names the API in errors and `$id`s. */
export function buildOperationTable(document: OpenApiDocument, name: string): OperationTable {
  const strict = createSpecSchemas(document, name, { useDefaults: true });
  const responsesOnly = createSpecSchemas(document, `${name}-responses`);
  const text = createSpecSchemas(document, `${name}-text`, { fromText: true });
  const base = basePathSegments(document);
  const baseParams: Record<string, Node> = {};
  for (const segment of base) {
    if ('param' in segment) baseParams[segment.param] = { type: 'string', minLength: 1 };
  }

  const operations: OperationSpec[] = listOperations(document).map((entry) => {
    const located = parametersOf(document, entry);
    const params: ParamSpec[] = located.map(({ node }) => ({
      name: String(node.name),
      in: node.in as ParamLocation,
      required: node.required === true,
      array: valueAt(node, '/schema/type') === 'array',
    }));
    const paramValidators: Partial<Record<ParamLocation, ValidateFunction>> = {};
    const path = compileParams(text, located, 'path', baseParams);
    const query = compileParams(text, located, 'query');
    const header = compileParams(text, located, 'header');
    if (path !== undefined) paramValidators.path = path;
    if (query !== undefined) paramValidators.query = query;
    if (header !== undefined) paramValidators.header = header;
    return {
      operationId: entry.operationId,
      method: entry.method,
      segments: [...base, ...pathSegments(entry.path)],
      params,
      paramValidators,
      body: compileBody(document, entry, strict, text),
      ...compileResponses(document, entry, responsesOnly),
      secured: isSecured(document, entry.operation),
    };
  });

  // Most literal segments first, so `/jsonRpc/rpc.discover` wins over a templated sibling.
  const literalCount = (operation: OperationSpec): number =>
    operation.segments.filter((segment) => 'literal' in segment).length;
  const bySegmentCount = new Map<number, OperationSpec[]>();
  for (const operation of [...operations].sort((a, b) => literalCount(b) - literalCount(a))) {
    const list = bySegmentCount.get(operation.segments.length) ?? [];
    list.push(operation);
    bySegmentCount.set(operation.segments.length, list);
  }
  const prefixes = new Set(
    operations.flatMap((operation) => {
      const first = operation.segments[0];
      return first !== undefined && 'literal' in first ? [first.literal] : [];
    }),
  );

  return {
    operations,
    prefixes,
    match(method, path) {
      const parts = path.split('/').slice(1);
      const candidates = bySegmentCount.get(parts.length) ?? [];
      const allow = new Set<string>();
      const wanted = method.toLowerCase();
      // HEAD is GET without the body (RFC 9110 §9.3.2) where the spec has no HEAD of its own.
      let headAsGet: RouteMatch | undefined;
      for (const operation of candidates) {
        const pathParams: Record<string, string> = {};
        let matches = true;
        for (let index = 0; index < parts.length && matches; index += 1) {
          const segment = operation.segments[index] as Segment;
          const part = parts[index] as string;
          if ('literal' in segment) {
            matches = segment.literal === part;
          } else {
            let value: string;
            try {
              value = decodeURIComponent(part);
            } catch {
              matches = false;
              break;
            }
            matches = value !== '' && (segment.pattern === undefined || segment.pattern.test(value));
            pathParams[segment.param] = value;
          }
        }
        if (!matches) continue;
        if (operation.method === wanted) return { kind: 'operation', operation, pathParams };
        if (wanted === 'head' && operation.method === 'get') headAsGet = { kind: 'operation', operation, pathParams };
        allow.add(operation.method.toUpperCase());
        if (operation.method === 'get') allow.add('HEAD');
      }
      if (headAsGet !== undefined) return headAsGet;
      return allow.size > 0 ? { kind: 'method-not-allowed', allow: [...allow] } : { kind: 'not-found' };
    },
  };
}
