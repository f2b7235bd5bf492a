/**
 * What an API tells the generic checks about one of its operations (an {@link OperationPlan}),
 * and what those checks read from the plan and the spec together (a {@link PlannedOperation}):
 * the body and query to generate, the validators that decide "valid", the effect and basis.
 */
import { mediaSchemaPointer, mediaTypes, parametersOf } from '../spec/openapi.js';
import type { CallOptions, CheckContext } from './check.js';
import { isSuccess } from './client.js';
import type { ApiSpec, SpecOperation } from './spec.js';
import type { Basis, Effect, Exchange } from './types.js';

/** What an API tells the generic checks about one operation. */
export interface OperationPlan {
  readonly id: string;
  /** The operation only reads (or, like a login, makes nothing a run must clean up). */
  readonly reads?: boolean;
  /** A valid request (what the API's demo data and rules allow); may create what it needs and defer its deletion. */
  base(context: CheckContext): Promise<CallOptions>;
  /** Whether `base` writes (creates a resource to address). */
  readonly baseWrites?: boolean;
  /**
   * A request to a resource that need not exist, for the credential checks of a read-only
   * run: a server checks credentials before it looks anything up.
   */
  placeholder?(context: CheckContext): CallOptions;
  /** Domain rules a schema cannot say, applied to a generated body (a unique id, dates in order). */
  realize?(body: Record<string, unknown>, context: CheckContext): Record<string, unknown>;
  /** After a 2xx answer to a generated or base request: delete what it made. */
  undo?(context: CheckContext, exchange: Exchange): Promise<void>;
  /** The base request is the only valid input (it consumes what it addresses, as a delete does). */
  readonly baseOnly?: boolean;
  /** Another tenant's credential must be refused here (the base request addresses this tenant's data). */
  readonly tenantScoped: boolean;
}

export type Body = { readonly mediaType: string; readonly schemaPointer: string };

/** A query parameter and its schema. */
export interface QueryParameter {
  readonly name: string;
  readonly schema: unknown;
  readonly pointer: string;
}

/** An operation plan read together with its operation in the spec. */
export interface PlannedOperation {
  readonly spec: ApiSpec;
  readonly plan: OperationPlan;
  readonly operation: SpecOperation;
  readonly effect: Effect;
  readonly basis: Basis;
  /** The operation itself is marked `x-inferred`. */
  readonly operationInferred: boolean;
  /** The documented request body the checks generate (JSON preferred). */
  readonly body: Body | undefined;
  readonly query: readonly QueryParameter[];
  /** The spec's validator for the body (true when there is none). */
  validateBody(value: unknown): boolean;
  /** The spec's validator for the query (true when there is none). */
  validateQuery(value: Record<string, string>): boolean;
  /** Deletes what a 2xx answer made (the plan's `undo`); nothing for other answers. */
  undo(context: CheckContext, exchange: Exchange): Promise<void>;
}

/** The first documented body media type and its schema (JSON preferred). */
function bodyOf(spec: ApiSpec, operation: SpecOperation): Body | undefined {
  const holder = `${operation.entry.pointer}/requestBody`;
  if (operation.entry.operation.requestBody === undefined) return undefined;
  const types = mediaTypes(spec.document, holder);
  const mediaType = types.includes('application/json') ? 'application/json' : types[0];
  if (mediaType === undefined) return undefined;
  const schemaPointer = mediaSchemaPointer(spec.document, holder, mediaType);
  if (schemaPointer === undefined) return undefined;
  return { mediaType, schemaPointer };
}

/** Query parameters with the schema of each. */
function queryOf(spec: ApiSpec, operation: SpecOperation): QueryParameter[] {
  return parametersOf(spec.document, operation.entry)
    .filter(({ node }) => node.in === 'query')
    .map(({ node, pointer }) => ({ name: String(node.name), schema: node.schema, pointer }));
}

export const textOf = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** `base` with `value` as its body, encoded as `body`'s media type. */
export function withBody(base: CallOptions, body: Body, value: unknown): CallOptions {
  if (body.mediaType === 'application/x-www-form-urlencoded' && typeof value === 'object' && value !== null) {
    const form: Record<string, string> = {};
    for (const [name, field] of Object.entries(value)) form[name] = textOf(field);
    return { ...base, json: undefined, form };
  }
  if (body.mediaType === 'application/x-www-form-urlencoded')
    return { ...base, json: undefined, form: undefined, raw: { body: textOf(value), contentType: body.mediaType } };
  return { ...base, form: undefined, json: value };
}

/** The base request's body as an object, to start generated bodies from. */
export function baseBody(base: CallOptions): Record<string, unknown> {
  if (base.form !== undefined) return { ...base.form };
  return typeof base.json === 'object' && base.json !== null && !Array.isArray(base.json)
    ? { ...(base.json as Record<string, unknown>) }
    : {};
}

function effectOf(plan: OperationPlan): Effect {
  return plan.reads === true && plan.baseWrites !== true ? 'safe' : 'mutating';
}

/** The operations of `plans` that only read. */
export const readsOf = (plans: readonly OperationPlan[]): ReadonlySet<string> =>
  new Set(plans.filter((plan) => plan.reads === true).map((plan) => plan.id));

/** Reads `plan` together with its operation in `spec`. */
export function planned(spec: ApiSpec, plan: OperationPlan): PlannedOperation {
  const operation = spec.operation(plan.id);
  const body = bodyOf(spec, operation);
  const operationInferred = spec.inferredAt(operation.entry.pointer);
  const bodyValidator = body === undefined ? undefined : operation.compiled.body?.media.get(body.mediaType);
  const queryValidator = operation.compiled.paramValidators.query;
  return {
    spec,
    plan,
    operation,
    effect: effectOf(plan),
    basis: operationInferred ? 'inferred' : 'documented',
    operationInferred,
    body,
    query: queryOf(spec, operation),
    validateBody: (value) => bodyValidator?.(value) ?? true,
    validateQuery: (value) => queryValidator?.({ ...value }) ?? true,
    async undo(context, exchange) {
      if (isSuccess(exchange)) await plan.undo?.(context, exchange);
    },
  };
}

/** What the credential checks (missing_auth_rejected, ignored_auth) send to a planned operation. */
export interface CredentialCase {
  /** A read-only run can still send credentials to a read, at a placeholder resource. */
  readonly effect: Effect;
  /** The documented refusals of a credential (401, 403). */
  readonly statuses: readonly number[];
  /** The request to send; `placeholder` when it addresses a resource that need not exist. */
  request(context: CheckContext): Promise<{ options: CallOptions; placeholder: boolean }>;
}

export function credentialCase(planned: PlannedOperation): CredentialCase {
  const { plan, operation } = planned;
  return {
    effect: plan.reads === true && plan.placeholder !== undefined ? 'safe' : planned.effect,
    statuses: ['401', '403'].filter((status) => operation.statuses.includes(status)).map(Number),
    request: async (context) =>
      !context.mutating && plan.placeholder !== undefined
        ? { options: plan.placeholder(context), placeholder: true }
        : { options: await plan.base(context), placeholder: false },
  };
}
