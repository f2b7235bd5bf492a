/**
 * The operation table: built once from an API's outline (operation-outline.ts), it routes
 * a method and path to an operation and holds every validator that operation needs,
 * looked up by key in a {@link ValidatorSource} (STYLE.md: per-request work that belongs
 * at start-up is done here). Nothing is compiled here: the engine's validators are code
 * `npm run generate` wrote, so building a table needs neither Ajv's compiler nor
 * `new Function`, and its outline is generated JSON, so not the OpenAPI document either.
 */
import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { HttpMethod } from './openapi.js';
import {
  type ApiOutline,
  type CannedResponse,
  type OperationOutline,
  type ParamSpec,
  pathSegments,
  type SegmentOutline,
} from './operation-outline.js';
import { type ParamLocation, type ValidatorSource, validatorKey } from './validator-plan.js';

export type { CannedResponse, ParamSpec } from './operation-outline.js';

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

const segmentOf = (segment: SegmentOutline): Segment =>
  'literal' in segment
    ? segment
    : segment.pattern === undefined
      ? { param: segment.param }
      : { param: segment.param, pattern: new RegExp(segment.pattern) };

function operationOf(outline: OperationOutline, base: readonly Segment[], validators: ValidatorSource): OperationSpec {
  const { operationId, body } = outline;
  const paramValidators: Partial<Record<ParamLocation, ValidateFunction>> = {};
  for (const location of outline.validated) {
    paramValidators[location] = validators.get(validatorKey.params(operationId, location));
  }
  return {
    operationId,
    method: outline.method,
    segments: [...base, ...pathSegments(outline.path)],
    params: outline.params,
    paramValidators,
    body:
      body === undefined
        ? undefined
        : {
            required: body.required,
            media: new Map(
              body.mediaTypes.map((mediaType) => [
                mediaType,
                validators.get(validatorKey.body(operationId, mediaType)),
              ]),
            ),
          },
    responses: new Map(
      outline.responses.map(([status, types]) => [
        status,
        types.length === 0
          ? null
          : new Map(
              types.map((mediaType) => [
                mediaType,
                validators.get(validatorKey.response(operationId, status, mediaType)),
              ]),
            ),
      ]),
    ),
    examples: new Map(outline.examples),
    secured: outline.secured,
  };
}

/**
 * Builds the operation table of an API's outline (`outlineOf(document)`, or the one `npm
 * run generate` wrote), its validators taken from `validators` (keys of `planValidators`):
 * the engine passes precompiled code, the contract suite Ajv.
 */
export function buildOperationTable(outline: ApiOutline, validators: ValidatorSource): OperationTable {
  const base = outline.base.map(segmentOf);
  const operations = outline.operations.map((operation) => operationOf(operation, base, validators));

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
