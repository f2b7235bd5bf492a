/**
 * The checks every operation gets from its spec alone, given a valid base request from
 * its API: negative_data_rejection and positive_data_acceptance over generated inputs,
 * missing_auth_rejected, and ignored_auth (a wrong credential, another tenant's).
 */
import fc from 'fast-check';
import { mediaSchemaPointer, mediaTypes, parametersOf } from '../core/openapi.js';
import { jsonPointer } from '../core/spec-schemas.js';
import { invalidValues, type Mutation, mutationsOf, validValues } from './arbitrary.js';
import type { CallOptions, CheckContext, CheckDefinition, PropertyVerdict } from './check.js';
import { excerpt, isClientError, isRedirect, isSuccess } from './client.js';
import type { ApiSpec, SpecOperation } from './spec.js';
import type { Effect, Exchange } from './types.js';

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

type Body = { readonly mediaType: string; readonly schemaPointer: string };

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
function queryOf(spec: ApiSpec, operation: SpecOperation) {
  return parametersOf(spec.document, operation.entry)
    .filter(({ node }) => node.in === 'query')
    .map(({ node, pointer }) => ({ name: String(node.name), schema: node.schema, pointer }));
}

const textOf = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

function withBody(base: CallOptions, body: Body, value: unknown): CallOptions {
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
function baseBody(base: CallOptions): Record<string, unknown> {
  if (base.form !== undefined) return { ...base.form };
  return typeof base.json === 'object' && base.json !== null && !Array.isArray(base.json)
    ? { ...(base.json as Record<string, unknown>) }
    : {};
}

function effectOf(plan: OperationPlan): Effect {
  return plan.reads === true && plan.baseWrites !== true ? 'safe' : 'mutating';
}

/** The four generic checks of each operation of `spec`. */
export function genericChecks(spec: ApiSpec, plans: readonly OperationPlan[]): CheckDefinition[] {
  const definitions: CheckDefinition[] = [];
  for (const plan of plans) {
    const operation = spec.operation(plan.id);
    const effect = effectOf(plan);
    const body = bodyOf(spec, operation);
    const query = queryOf(spec, operation);
    const operationInferred = spec.inferredAt(operation.entry.pointer);
    const basis = operationInferred ? 'inferred' : 'documented';
    const bodyValidator = body === undefined ? undefined : operation.compiled.body?.media.get(body.mediaType);
    const validateBody = (value: unknown) => bodyValidator?.(value) ?? true;
    const queryValidator = operation.compiled.paramValidators.query;
    const validateQuery = (value: Record<string, string>) => queryValidator?.({ ...value }) ?? true;
    const undo = async (context: CheckContext, exchange: Exchange) => {
      if (isSuccess(exchange)) await plan.undo?.(context, exchange);
    };

    if (body !== undefined || query.length > 0) {
      definitions.push({
        check: 'negative_data_rejection',
        operationId: plan.id,
        effect,
        basis,
        stateful: false,
        async run(context) {
          const base = await plan.base(context);
          const judge = async (options: CallOptions, what: string, inferred: boolean): Promise<PropertyVerdict> => {
            const exchange = await context.call(plan.id, options);
            await undo(context, exchange);
            if (isClientError(exchange)) return { ok: true };
            return {
              ok: false,
              message: `${plan.id} with ${what}: expected a 4xx, got ${excerpt(exchange)}`,
              exchange,
              inferred: operationInferred || inferred,
            };
          };
          type Case = { options: CallOptions; what: string; inferred: boolean };
          const cases: Array<fc.Arbitrary<Case>> = [];
          if (body !== undefined) {
            const start = baseBody(base);
            const valid = validValues(spec.document, { $ref: `#${body.schemaPointer}` }, validateBody, (value) => {
              const merged = { ...(value as Record<string, unknown>), ...start };
              return merged;
            });
            const mutations = mutationsOf(spec.document, { $ref: `#${body.schemaPointer}` });
            // Which constraint broke decides: a server that takes this media type at all
            // (even where the media type is our reading) must hold its documented fields' types.
            const inferredOf = (mutation: Mutation) =>
              spec.inferredAlong(body.schemaPointer, mutation.path.length === 0 ? '' : jsonPointer(...mutation.path));
            cases.push(
              invalidValues(valid, mutations, validateBody).map(({ value, mutation }) => ({
                options: withBody(base, body, value),
                what: `a body that breaks the schema at ${mutation.description}`,
                inferred: inferredOf(mutation),
              })),
            );
          }
          for (const parameter of query) {
            const mutations = mutationsOf(spec.document, parameter.schema).filter(
              (mutation) => mutation.kind === 'replace',
            );
            const broken = mutations
              .map((mutation) => ({ mutation, text: textOf(mutation.value) }))
              .filter(({ text }) => !validateQuery({ [parameter.name]: text }));
            if (broken.length === 0) continue;
            cases.push(
              fc.constantFrom(...broken).map(({ mutation, text }) => ({
                options: { ...base, query: { ...(base.query ?? {}), [parameter.name]: text } },
                what: `query ${parameter.name}=${text} (${mutation.description.replace(/^\/: /, '')})`,
                inferred: spec.inferredAt(parameter.pointer),
              })),
            );
          }
          if (cases.length > 0)
            await context.property(fc.oneof(...cases), (item) => judge(item.options, item.what, item.inferred));
          // Fixed cases no generator finds: text that is not JSON, and a media type the operation does not take.
          if (body?.mediaType === 'application/json') {
            const verdict = await judge(
              { ...base, json: undefined, raw: { body: '{"unterminated', contentType: 'application/json' } },
              'a body that is not JSON',
              false,
            );
            if (!verdict.ok) context.fail(verdict.message, verdict.exchange, verdict.inferred);
          }
          if (body !== undefined && operation.statuses.includes('413')) {
            // over any sensible limit (ticketmock's is 1 MiB), still well-formed
            const padding = 'x'.repeat(2 * 1024 * 1024);
            const options: CallOptions = {
              ...base,
              form: undefined,
              raw: undefined,
              json: { ...baseBody(base), padding },
            };
            const exchange = await context.call(plan.id, options);
            await undo(context, exchange);
            // where the schema lets an unknown member through, a server with a higher limit may take it
            const acceptable = isSuccess(exchange) && validateBody(structuredClone(options.json));
            if (!isClientError(exchange) && !acceptable)
              context.fail(
                `${plan.id} with a 2 MiB body: expected a 4xx (413 is documented), got ${excerpt(exchange)}`,
                exchange,
                operationInferred,
              );
          }
          if (body !== undefined && operation.statuses.includes('415')) {
            const options: CallOptions = {
              ...base,
              json: undefined,
              form: undefined,
              raw: { body: 'hello', contentType: 'text/plain' },
            };
            const exchange = await context.call(plan.id, options);
            await undo(context, exchange);
            if (exchange.status !== 415)
              context.fail(
                `${plan.id} with a text/plain body: expected the documented 415, got ${excerpt(exchange)}`,
                exchange,
                operationInferred,
              );
          }
        },
      });
    }

    definitions.push({
      check: 'positive_data_acceptance',
      operationId: plan.id,
      effect,
      basis,
      stateful: false,
      async run(context) {
        const base = await plan.base(context);
        const judge = async (options: CallOptions, what: string): Promise<PropertyVerdict> => {
          const exchange = await context.call(plan.id, options);
          await undo(context, exchange);
          if (isSuccess(exchange) || isRedirect(exchange)) return { ok: true };
          return {
            ok: false,
            message: `${plan.id} with ${what}: expected a 2xx, got ${excerpt(exchange)}`,
            exchange,
            inferred: operationInferred,
          };
        };
        const first = await judge(base, 'the base request');
        if (!first.ok) {
          context.fail(first.message, first.exchange, first.inferred);
          return;
        }
        if (plan.baseOnly === true) return;
        const arbitraries: Array<fc.Arbitrary<CallOptions>> = [];
        // Only a body the operation documents as its own is generated; a body-less request stays as it is.
        if (body !== undefined && (operation.method !== 'GET' || base.json !== undefined)) {
          const start = baseBody(base);
          const valid = validValues(spec.document, { $ref: `#${body.schemaPointer}` }, validateBody, (value) =>
            plan.realize === undefined
              ? { ...(value as Record<string, unknown>), ...start }
              : plan.realize(value as Record<string, unknown>, context),
          );
          arbitraries.push(valid.map((value) => withBody(base, body, value)));
        }
        if (query.length > 0) {
          const model: Record<string, fc.Arbitrary<string>> = {};
          for (const parameter of query) {
            model[parameter.name] = validValues(spec.document, parameter.schema, () => true).map(textOf);
          }
          arbitraries.push(
            fc
              .record(model, { requiredKeys: [] })
              .map((generated) => ({
                ...(generated as Record<string, string>),
                ...(base.query as Record<string, string> | undefined),
              }))
              .filter((generated) => validateQuery(generated))
              .map((generated) => ({ ...base, query: generated })),
          );
        }
        if (arbitraries.length === 0) return;
        await context.property(fc.oneof(...arbitraries), (options) =>
          judge(options, `generated valid input ${JSON.stringify(options.json ?? options.form ?? options.query)}`),
        );
      },
    });

    if (!operation.compiled.secured) continue;
    // a read-only run can still send credentials to a read, at a placeholder resource
    const authEffect: Effect = plan.reads === true && plan.placeholder !== undefined ? 'safe' : effect;
    const authBase = async (context: CheckContext) =>
      !context.mutating && plan.placeholder !== undefined
        ? { options: plan.placeholder(context), placeholder: true }
        : { options: await plan.base(context), placeholder: false };
    const authStatuses = ['401', '403'].filter((status) => operation.statuses.includes(status)).map(Number);
    definitions.push({
      check: 'missing_auth_rejected',
      operationId: plan.id,
      effect: authEffect,
      basis,
      stateful: false,
      async run(context) {
        const { options: base } = await authBase(context);
        const exchange = await context.call(plan.id, { ...base, auth: 'none' });
        await undo(context, exchange);
        if (exchange.status === undefined || !authStatuses.includes(exchange.status)) {
          context.fail(
            `${plan.id} without credentials: expected ${authStatuses.join(' or ')}, got ${excerpt(exchange)}`,
            exchange,
            operationInferred,
          );
        }
      },
    });
    definitions.push({
      check: 'ignored_auth',
      operationId: plan.id,
      effect: authEffect,
      basis,
      stateful: true,
      async run(context) {
        const { options: base, placeholder } = await authBase(context);
        const wrong = await context.call(plan.id, { ...base, auth: 'invalid' });
        await undo(context, wrong);
        if (wrong.status === undefined || !authStatuses.includes(wrong.status)) {
          context.fail(
            `${plan.id} with a wrong credential: expected ${authStatuses.join(' or ')}, got ${excerpt(wrong)}`,
            wrong,
            operationInferred,
          );
        }
        // at a resource that does not exist, any 4xx would pass: this half needs a real one
        if (!plan.tenantScoped || placeholder) return;
        const foreign = await context.call(plan.id, { ...base, auth: 'other' });
        await undo(context, foreign);
        if (!isClientError(foreign)) {
          context.fail(
            `${plan.id} with another tenant's credential: expected a 4xx, got ${excerpt(foreign)}`,
            foreign,
            operationInferred,
          );
        }
      },
    });
  }
  return definitions;
}
