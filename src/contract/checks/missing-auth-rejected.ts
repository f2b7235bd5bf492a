/**
 * missing_auth_rejected (Schemathesis's name): a secured operation called without any
 * credential answers one of its documented refusals (401 or 403).
 */
import type { CheckDefinition } from '../check.js';
import { excerpt } from '../client.js';
import { credentialCase, type PlannedOperation } from '../plan.js';

/** The check on one planned operation; none when the operation is not secured. */
export function missingAuthRejected(planned: PlannedOperation): CheckDefinition | undefined {
  const { plan, operation, operationInferred } = planned;
  if (!operation.compiled.secured) return undefined;
  const credential = credentialCase(planned);
  return {
    check: 'missing_auth_rejected',
    operationId: plan.id,
    effect: credential.effect,
    basis: planned.basis,
    stateful: false,
    async run(context) {
      const { options: base } = await credential.request(context);
      const exchange = await context.call(plan.id, { ...base, auth: 'none' });
      await planned.undo(context, exchange);
      if (exchange.status === undefined || !credential.statuses.includes(exchange.status)) {
        context.fail(
          `${plan.id} without credentials: expected ${credential.statuses.join(' or ')}, got ${excerpt(exchange)}`,
          exchange,
          operationInferred,
        );
      }
    },
  };
}
