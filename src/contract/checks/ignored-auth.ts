/**
 * ignored_auth (Schemathesis's name): a secured operation refuses a wrong credential with
 * a documented 401/403, and, where the base request addresses one tenant's data, refuses
 * another tenant's credential with a 4xx.
 */
import type { CheckDefinition } from '../check.js';
import { excerpt, isClientError } from '../client.js';
import { credentialCase, type PlannedOperation } from '../plan.js';

/** The check on one planned operation; none when the operation is not secured. */
export function ignoredAuth(planned: PlannedOperation): CheckDefinition | undefined {
  const { plan, operation, operationInferred } = planned;
  if (!operation.compiled.secured) return undefined;
  const credential = credentialCase(planned);
  return {
    check: 'ignored_auth',
    operationId: plan.id,
    effect: credential.effect,
    basis: planned.basis,
    stateful: true,
    async run(context) {
      const { options: base, placeholder } = await credential.request(context);
      const wrong = await context.call(plan.id, { ...base, auth: 'invalid' });
      await planned.undo(context, wrong);
      if (wrong.status === undefined || !credential.statuses.includes(wrong.status)) {
        context.fail(
          `${plan.id} with a wrong credential: expected ${credential.statuses.join(' or ')}, got ${excerpt(wrong)}`,
          wrong,
          operationInferred,
        );
      }
      // at a resource that does not exist, any 4xx would pass: this half needs a real one
      if (!plan.tenantScoped || placeholder) return;
      const foreign = await context.call(plan.id, { ...base, auth: 'other' });
      await planned.undo(context, foreign);
      if (!isClientError(foreign)) {
        context.fail(
          `${plan.id} with another tenant's credential: expected a 4xx, got ${excerpt(foreign)}`,
          foreign,
          operationInferred,
        );
      }
    },
  };
}
