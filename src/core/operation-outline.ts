/**
 * An API's outline: what the engine reads of its OpenAPI document to route a request and
 * find its validators (methods, paths, parameters, media types, statuses, the examples
 * `Prefer: code=` answers, security), as plain JSON. `npm run generate` writes each spec's
 * outline (`src/generated/<api>.outline.ts`), so the mocks never carry or walk the
 * document itself (descriptions, schemas: the validators are code already); the contract
 * suite outlines any document at run time with the same function.
 */
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
import { basePathParams, hasParams, type ParamLocation, VALIDATED_LOCATIONS } from './validator-plan.js';

export interface ParamSpec {
  readonly name: string;
  readonly in: ParamLocation;
  readonly required: boolean;
  /** Whether the schema takes an array (query parameters only: read every value). */
  readonly array: boolean;
}

/** A segment of a path: a literal, or a variable (a base path variable may carry its `x-pattern`). */
export type SegmentOutline = { readonly literal: string } | { readonly param: string; readonly pattern?: string };

export interface CannedResponse {
  /** The body's media type and example; absent for a response without a body. */
  readonly body?: { readonly mediaType: string; readonly value: unknown };
  readonly headers: Readonly<Record<string, string>>;
}

export interface OperationOutline {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The path template as the spec writes it, below the base path (`/security/ticket/{ticketId}`). */
  readonly path: string;
  readonly params: readonly ParamSpec[];
  /** The locations whose parameters have a validator (`<operationId> params <location>`). */
  readonly validated: readonly ParamLocation[];
  /** The request body: whether it is required, and its media types in spec order. */
  readonly body?: { readonly required: boolean; readonly mediaTypes: readonly string[] };
  /** Documented statuses in spec order, each with its media types (empty: no body). */
  readonly responses: ReadonlyArray<readonly [status: string, mediaTypes: readonly string[]]>;
  /**
   * What `Prefer: code=<status>` answers, in spec order: each documented status's first
   * example body and the example of each required header. A status is left out when the
   * spec lacks an example for its body or for one of its required headers.
   */
  readonly examples: ReadonlyArray<readonly [status: string, response: CannedResponse]>;
  /** Whether the spec requires credentials (its effective `security` has no empty entry). */
  readonly secured: boolean;
  /** The Operation Object's `x-…` extensions (e.g. Adminserver's `x-permissions`), where it has any. */
  readonly extensions?: Readonly<Record<string, unknown>>;
}

export interface ApiOutline {
  /** The first server's base path (`/rest/{version}`), split. */
  readonly base: readonly SegmentOutline[];
  readonly operations: readonly OperationOutline[];
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A path template split into segments (`{name}` a variable). */
export function pathSegments(template: string): Array<{ readonly literal: string } | { readonly param: string }> {
  return template
    .split('/')
    .filter((part) => part !== '')
    .map((part) => {
      const param = /^\{([^}]+)\}$/.exec(part)?.[1];
      return param === undefined ? { literal: part } : { param };
    });
}

/** The first server's base path as segments; a variable's `x-pattern` constrains its segment. */
function baseOutline(document: OpenApiDocument): SegmentOutline[] {
  const servers = document.servers;
  const server = Array.isArray(servers) && isNode(servers[0]) ? servers[0] : undefined;
  if (server === undefined || typeof server.url !== 'string') return [];
  const path = server.url.replace(/^[a-z]+:\/\/[^/]*/i, '').replace(/^\{[^}]+\}/, '');
  return pathSegments(path).map((segment) => {
    if ('literal' in segment) return segment;
    const pattern = valueAt(server, `/variables/${segment.param}/x-pattern`);
    return typeof pattern === 'string' ? { param: segment.param, pattern } : segment;
  });
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

function responsesOf(document: OpenApiDocument, entry: OperationEntry) {
  const responses: Array<[string, string[]]> = [];
  const examples: Array<[string, CannedResponse]> = [];
  for (const status of Object.keys(isNode(entry.operation.responses) ? entry.operation.responses : {})) {
    const holder = `${entry.pointer}${jsonPointer('responses', status)}`;
    const headers = requiredHeaderExamples(document, holder);
    const types = mediaTypes(document, holder);
    responses.push([status, types]);
    if (types.length === 0 && headers !== undefined) examples.push([status, { headers }]);
    for (const mediaType of types) {
      const mediaObject = valueAt(locate(document, holder).node, jsonPointer('content', mediaType)) as Node;
      const example = firstExample(document, mediaObject);
      if (example.found && headers !== undefined && !examples.some(([known]) => known === status)) {
        examples.push([status, { body: { mediaType, value: example.value }, headers }]);
      }
    }
  }
  return { responses, examples };
}

function isSecured(document: OpenApiDocument, operation: Node): boolean {
  const security = operation.security ?? document.security;
  if (!Array.isArray(security) || security.length === 0) return false;
  return !security.some((requirement) => isNode(requirement) && Object.keys(requirement).length === 0);
}

/** The outline of `document`: its operations in document order, with what the engine reads of each. */
export function outlineOf(document: OpenApiDocument): ApiOutline {
  const baseParams = basePathParams(document);
  const operations = listOperations(document).map((entry): OperationOutline => {
    const located = parametersOf(document, entry);
    const holder = `${entry.pointer}/requestBody`;
    const extensions = Object.entries(entry.operation).filter(([key]) => key.startsWith('x-'));
    return {
      operationId: entry.operationId,
      method: entry.method,
      path: entry.path,
      params: located.map(({ node }) => ({
        name: String(node.name),
        in: node.in as ParamLocation,
        required: node.required === true,
        array: valueAt(node, '/schema/type') === 'array',
      })),
      validated: VALIDATED_LOCATIONS.filter((location) => hasParams(located, location, baseParams)),
      ...(entry.operation.requestBody === undefined
        ? {}
        : {
            body: {
              required: locate<Node>(document, holder).node.required === true,
              mediaTypes: mediaTypes(document, holder),
            },
          }),
      ...responsesOf(document, entry),
      secured: isSecured(document, entry.operation),
      ...(extensions.length === 0 ? {} : { extensions: Object.fromEntries(extensions) }),
    };
  });
  return { base: baseOutline(document), operations };
}
