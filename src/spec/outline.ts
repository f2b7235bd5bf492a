/**
 * An API's outline: what the engine reads of its OpenAPI document to route a request and
 * find its validators (methods, paths, parameters, media types, statuses, the examples
 * `Prefer: code=` answers, security), as plain JSON. `npm run generate` writes each spec's
 * outline (`src/generated/<api>.outline.ts`), so the mocks never carry or walk the
 * document itself (descriptions, schemas: the validators are code already); the contract
 * suite outlines any document at run time with the same function.
 */

import { basePathPatterns, basePathTemplate } from './base-path.js';
import { isRecord, type JsonObject } from './json.js';
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
  /** The first server's base path as a template (`/rest/{version}`; `` for the root): base-path.ts. */
  readonly base: string;
  /** The `x-pattern` of each base path variable that has one (`version` → `^v[0-9]+$`). */
  readonly basePatterns: Readonly<Record<string, string>>;
  readonly operations: readonly OperationOutline[];
}

function firstExample(document: OpenApiDocument, media: JsonObject): { found: boolean; value: unknown } {
  if (media.example !== undefined) return { found: true, value: media.example };
  const first = isRecord(media.examples) ? Object.values(media.examples)[0] : undefined;
  if (first === undefined) return { found: false, value: undefined };
  const example = resolve<JsonObject>(document, { node: first, pointer: '' }).node;
  return { found: example.value !== undefined, value: example.value };
}

/** The examples of a response's required headers, or undefined when one has none. */
function requiredHeaderExamples(document: OpenApiDocument, holder: string): Record<string, string> | undefined {
  const headers = locate<JsonObject>(document, holder).node.headers;
  const examples: Record<string, string> = {};
  for (const [name, value] of Object.entries(isRecord(headers) ? headers : {})) {
    const header = resolve<JsonObject>(document, { node: value, pointer: '' }).node;
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
  for (const status of Object.keys(isRecord(entry.operation.responses) ? entry.operation.responses : {})) {
    const holder = `${entry.pointer}${jsonPointer('responses', status)}`;
    const headers = requiredHeaderExamples(document, holder);
    const types = mediaTypes(document, holder);
    responses.push([status, types]);
    if (types.length === 0 && headers !== undefined) examples.push([status, { headers }]);
    for (const mediaType of types) {
      const mediaObject = valueAt(locate(document, holder).node, jsonPointer('content', mediaType)) as JsonObject;
      const example = firstExample(document, mediaObject);
      if (example.found && headers !== undefined && !examples.some(([known]) => known === status)) {
        examples.push([status, { body: { mediaType, value: example.value }, headers }]);
      }
    }
  }
  return { responses, examples };
}

function isSecured(document: OpenApiDocument, operation: JsonObject): boolean {
  const security = operation.security ?? document.security;
  if (!Array.isArray(security) || security.length === 0) return false;
  return !security.some((requirement) => isRecord(requirement) && Object.keys(requirement).length === 0);
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
              required: locate<JsonObject>(document, holder).node.required === true,
              mediaTypes: mediaTypes(document, holder),
            },
          }),
      ...responsesOf(document, entry),
      secured: isSecured(document, entry.operation),
      ...(extensions.length === 0 ? {} : { extensions: Object.fromEntries(extensions) }),
    };
  });
  return { base: basePathTemplate(document), basePatterns: basePathPatterns(document), operations };
}
