/**
 * The operation table: built once from an OpenAPI document, it routes a method and path
 * to an operation and holds every validator that operation needs, looked up by key in a
 * {@link ValidatorSource} (STYLE.md: per-request work that belongs at start-up is done
 * here). Nothing is compiled here: the engine's validators are code `npm run generate`
 * wrote, so building a table needs neither Ajv's compiler nor `new Function`.
 */
import type { ValidateFunction } from 'ajv/dist/2020.js';
import {
  type HttpMethod,
  jsonPointer,
  listOperations,
  locate,
  mediaTypes,
  type OpenApiDocument,
  type OperationEntry,
  parametersOf,
  resolve,
  valueAt,
} from './openapi.js';
import {
  basePathParams,
  hasParams,
  type ParamLocation,
  VALIDATED_LOCATIONS,
  type ValidatorSource,
  validatorKey,
} from './validator-plan.js';

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
    // Stryker disable next-line StringLiteral: a literal names no variable; looking one up finds none
    if ('literal' in segment) return segment;
    const pattern = valueAt(server, `/variables/${segment.param}/x-pattern`);
    return typeof pattern === 'string' ? { param: segment.param, pattern: new RegExp(pattern) } : segment;
  });
}

function bodyOf(document: OpenApiDocument, entry: OperationEntry, validators: ValidatorSource) {
  if (entry.operation.requestBody === undefined) return undefined;
  const holder = `${entry.pointer}/requestBody`;
  const media = new Map<string, ValidateFunction>();
  for (const mediaType of mediaTypes(document, holder)) {
    media.set(mediaType, validators.get(validatorKey.body(entry.operationId, mediaType)));
  }
  return { required: locate<Node>(document, holder).node.required === true, media };
}

function firstExample(document: OpenApiDocument, media: Node): { found: boolean; value: unknown } {
  if (media.example !== undefined) return { found: true, value: media.example };
  const first = isNode(media.examples) ? Object.values(media.examples)[0] : undefined;
  // Stryker disable next-line ObjectLiteral: `{}` reads as not found too
  if (first === undefined) return { found: false, value: undefined };
  // Stryker disable next-line StringLiteral: the pointer only prefixes the error a broken $ref throws
  const example = resolve<Node>(document, { node: first, pointer: '' }).node;
  return { found: example.value !== undefined, value: example.value };
}

/** The examples of a response's required headers, or undefined when one has none. */
function requiredHeaderExamples(document: OpenApiDocument, holder: string): Record<string, string> | undefined {
  const headers = locate<Node>(document, holder).node.headers;
  const examples: Record<string, string> = {};
  for (const [name, value] of Object.entries(isNode(headers) ? headers : {})) {
    // Stryker disable next-line StringLiteral: the pointer only prefixes the error a broken $ref throws
    const header = resolve<Node>(document, { node: value, pointer: '' }).node;
    if (header.required !== true) continue;
    const example = header.example ?? valueAt(header, '/schema/example');
    if (typeof example !== 'string') return undefined;
    examples[name.toLowerCase()] = example;
  }
  return examples;
}

function responsesOf(document: OpenApiDocument, entry: OperationEntry, validators: ValidatorSource) {
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
      media.set(mediaType, validators.get(validatorKey.response(entry.operationId, status, mediaType)));
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

/**
 * Builds the operation table of `document`, its validators taken from `validators` (keys
 * of `planValidators`): the engine passes precompiled code, the contract suite Ajv.
 */
export function buildOperationTable(document: OpenApiDocument, validators: ValidatorSource): OperationTable {
  const base = basePathSegments(document);
  const baseParams = basePathParams(document);

  const operations: OperationSpec[] = listOperations(document).map((entry) => {
    const located = parametersOf(document, entry);
    const params: ParamSpec[] = located.map(({ node }) => ({
      name: String(node.name),
      in: node.in as ParamLocation,
      required: node.required === true,
      array: valueAt(node, '/schema/type') === 'array',
    }));
    const paramValidators: Partial<Record<ParamLocation, ValidateFunction>> = {};
    for (const location of VALIDATED_LOCATIONS) {
      if (hasParams(located, location, baseParams)) {
        paramValidators[location] = validators.get(validatorKey.params(entry.operationId, location));
      }
    }
    return {
      operationId: entry.operationId,
      method: entry.method,
      segments: [...base, ...pathSegments(entry.path)],
      params,
      paramValidators,
      body: bodyOf(document, entry, validators),
      ...responsesOf(document, entry, validators),
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
