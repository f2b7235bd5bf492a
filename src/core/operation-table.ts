/**
 * The operation table: built once from an API's outline (src/spec/outline.ts), it routes
 * a method and path to an operation (src/core/router.ts) and holds every validator that operation needs,
 * looked up by key in a {@link ValidatorSource} (STYLE.md: per-request work that belongs
 * at start-up is done here). Nothing is compiled here: the engine's validators are code
 * `npm run generate` wrote, so building a table needs neither Ajv's compiler nor
 * `new Function`, and its outline is generated JSON, so not the OpenAPI document either.
 */
import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { HttpMethod } from '../spec/openapi.js';
import type { ApiOutline, CannedResponse, OperationOutline, ParamSpec } from '../spec/outline.js';
import { joinPaths } from '../spec/path-template.js';
import { type ParamLocation, type ValidatorSource, validatorKey } from '../spec/validator-plan.js';
import { createRouter, type RouteDefinition, type Router } from './router.js';

export type { CannedResponse, ParamSpec } from '../spec/outline.js';

export interface BodySpec {
  readonly required: boolean;
  /** Validator per accepted media type. */
  readonly media: ReadonlyMap<string, ValidateFunction>;
}

export interface OperationSpec {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The full path template, base path included (`/rest/{version}/Location/{LocationId}/services`). */
  readonly template: string;
  /** The `x-pattern` of each base path variable that has one. */
  readonly patterns: Readonly<Record<string, string>>;
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

function operationOf(outline: OperationOutline, api: ApiOutline, validators: ValidatorSource): OperationSpec {
  const { operationId, body } = outline;
  const paramValidators: Partial<Record<ParamLocation, ValidateFunction>> = {};
  for (const location of outline.validated) {
    paramValidators[location] = validators.get(validatorKey.params(operationId, location));
  }
  return {
    operationId,
    ...placeOf(api, outline),
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

/** Where an operation of `api` answers: its method, its whole template and the base path's patterns. */
function placeOf(api: ApiOutline, operation: OperationOutline) {
  return { method: operation.method, template: joinPaths(api.base, operation.path), patterns: api.basePatterns };
}

/**
 * Each operation of an outline as a route to its outline, owned by `owner`: routing with
 * nothing else of the table (no validator), as `ticketmock coverage` and the panel need.
 */
export function outlineRoutes<O>(api: ApiOutline, owner: O): RouteDefinition<OperationOutline, O>[] {
  return api.operations.map((operation) => ({ ...placeOf(api, operation), owner, value: operation }));
}

/** An operation as a route of the router (src/core/router.ts), owned by `owner`. */
export function routeOf<O>(operation: OperationSpec, owner: O): RouteDefinition<OperationSpec, O> {
  return {
    method: operation.method,
    template: operation.template,
    patterns: operation.patterns,
    owner,
    value: operation,
  };
}

/**
 * Builds the operation table of an API's outline (`outlineOf(document)`, or the one `npm
 * run generate` wrote), its validators taken from `validators` (keys of `planValidators`):
 * the engine passes precompiled code, the contract suite Ajv. Its `match` routes this API
 * alone; the engine routes every API's operations through one router.
 */
export function buildOperationTable(outline: ApiOutline, validators: ValidatorSource): OperationTable {
  const operations = outline.operations.map((operation) => operationOf(operation, outline, validators));
  // made on first use: the engine routes through its own router of every API
  let router: Router<OperationSpec, null> | undefined;
  const routes = (): Router<OperationSpec, null> => {
    router ??= createRouter(
      operations.map((operation) => routeOf(operation, null)),
      (_, operation) => operation.operationId,
    );
    return router;
  };
  return {
    operations,
    get prefixes() {
      return routes().prefixes;
    },
    match(method, path) {
      const routed = routes().lookup(method, path);
      if (routed.kind === 'match') return { kind: 'operation', operation: routed.value, pathParams: routed.params };
      if (routed.kind === 'method-not-allowed') return { kind: 'method-not-allowed', allow: routed.allow };
      return { kind: 'not-found' };
    },
  };
}
