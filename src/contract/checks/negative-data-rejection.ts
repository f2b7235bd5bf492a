/**
 * negative_data_rejection (Schemathesis's name): an input the spec refuses is refused with
 * a 4xx. Inputs are a valid body with one constraint broken (the spec's validator confirms
 * it is invalid), a query parameter off its schema, text that is not JSON, a body over any
 * sensible limit where 413 is documented, and a media type the operation does not take
 * where 415 is.
 */

import fc from 'fast-check';
import { fail, ok } from '../../spec/result.js';
import { jsonPointer } from '../../spec/schemas.js';
import { invalidValues, type Mutation, mutationsOf, validValues } from '../arbitrary.js';
import type { CallOptions, CheckDefinition, PropertyVerdict } from '../check.js';
import { excerpt, isClientError, isSuccess } from '../client.js';
import { baseBody, type PlannedOperation, textOf, withBody } from '../plan.js';

/** The check on one planned operation; none when the operation takes neither a body nor a query. */
export function negativeDataRejection(planned: PlannedOperation): CheckDefinition | undefined {
  const { spec, plan, operation, body, query, operationInferred, validateBody, validateQuery } = planned;
  if (body === undefined && query.length === 0) return undefined;
  return {
    check: 'negative_data_rejection',
    operationId: plan.id,
    effect: planned.effect,
    basis: planned.basis,
    stateful: false,
    async run(context) {
      const base = await plan.base(context);
      const judge = async (options: CallOptions, what: string, inferred: boolean): Promise<PropertyVerdict> => {
        const exchange = await context.call(plan.id, options);
        await planned.undo(context, exchange);
        if (isClientError(exchange)) return ok(undefined);
        return fail({
          message: `${plan.id} with ${what}: expected a 4xx, got ${excerpt(exchange)}`,
          exchange,
          inferred: operationInferred || inferred,
        });
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
        if (!verdict.ok) context.fail(verdict.error.message, verdict.error.exchange, verdict.error.inferred);
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
        await planned.undo(context, exchange);
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
        await planned.undo(context, exchange);
        if (exchange.status !== 415)
          context.fail(
            `${plan.id} with a text/plain body: expected the documented 415, got ${excerpt(exchange)}`,
            exchange,
            operationInferred,
          );
      }
    },
  };
}
