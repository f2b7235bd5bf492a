/**
 * positive_data_acceptance (Schemathesis's name): the API's base request, then inputs the
 * spec accepts (generated from its schemas, adapted to the domain rules a schema cannot
 * say, confirmed by its validator), are answered 2xx (or a redirect).
 */

import fc from 'fast-check';
import { fail, ok } from '../../spec/result.js';
import { validValues } from '../arbitrary.js';
import type { CallOptions, CheckDefinition, PropertyVerdict } from '../check.js';
import { excerpt, isRedirect, isSuccess } from '../client.js';
import { baseBody, type PlannedOperation, textOf, withBody } from '../plan.js';

export function positiveDataAcceptance(planned: PlannedOperation): CheckDefinition {
  const { spec, plan, operation, body, query, operationInferred, validateBody, validateQuery } = planned;
  return {
    check: 'positive_data_acceptance',
    operationId: plan.id,
    effect: planned.effect,
    basis: planned.basis,
    stateful: false,
    async run(context) {
      const base = await plan.base(context);
      const judge = async (options: CallOptions, what: string): Promise<PropertyVerdict> => {
        const exchange = await context.call(plan.id, options);
        await planned.undo(context, exchange);
        if (isSuccess(exchange) || isRedirect(exchange)) return ok(undefined);
        return fail({
          message: `${plan.id} with ${what}: expected a 2xx, got ${excerpt(exchange)}`,
          exchange,
          inferred: operationInferred,
        });
      };
      const first = await judge(base, 'the base request');
      if (!first.ok) {
        context.fail(first.error.message, first.error.exchange, first.error.inferred);
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
  };
}
