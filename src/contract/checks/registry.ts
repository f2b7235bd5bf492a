/**
 * The registry of the suite's generic checks (Schemathesis's shape: each check a named unit
 * in a file of its own). Response checks judge every answer of a run; plan checks are made
 * for each operation an API plans. The APIs add their own scenario checks (use_after_free,
 * unknown_resource_rejected, the flows) in `apis/<api>/`.
 */
import type { CheckDefinition } from '../check.js';
import { type OperationPlan, type PlannedOperation, planned } from '../plan.js';
import type { ApiSpec } from '../spec.js';
import type { ResponseCheck } from '../types.js';
import type { ResponseCheckDefinition } from './answer.js';
import { contentTypeConformance } from './content-type-conformance.js';
import { ignoredAuth } from './ignored-auth.js';
import { missingAuthRejected } from './missing-auth-rejected.js';
import { negativeDataRejection } from './negative-data-rejection.js';
import { notAServerError } from './not-a-server-error.js';
import { positiveDataAcceptance } from './positive-data-acceptance.js';
import { responseHeadersConformance } from './response-headers-conformance.js';
import { responseSchemaConformance } from './response-schema-conformance.js';
import { statusCodeConformance } from './status-code-conformance.js';

/** The response checks, in the order they judge an answer. */
export const RESPONSE_CHECK_REGISTRY: Readonly<Record<ResponseCheck, ResponseCheckDefinition>> = {
  not_a_server_error: notAServerError,
  status_code_conformance: statusCodeConformance,
  response_headers_conformance: responseHeadersConformance,
  content_type_conformance: contentTypeConformance,
  response_schema_conformance: responseSchemaConformance,
};

/** A generic check made for one planned operation (none where it does not apply). */
export type PlanCheck = (operation: PlannedOperation) => CheckDefinition | undefined;

/** The plan checks, in the order they are made for each operation. */
export const PLAN_CHECK_REGISTRY = {
  negative_data_rejection: negativeDataRejection,
  positive_data_acceptance: positiveDataAcceptance,
  missing_auth_rejected: missingAuthRejected,
  ignored_auth: ignoredAuth,
} as const satisfies Readonly<Record<string, PlanCheck>>;

/** Every plan check of every planned operation of `spec`. */
export function planChecks(spec: ApiSpec, plans: readonly OperationPlan[]): CheckDefinition[] {
  const definitions: CheckDefinition[] = [];
  for (const plan of plans) {
    const operation = planned(spec, plan);
    for (const make of Object.values(PLAN_CHECK_REGISTRY) as PlanCheck[]) {
      const definition = make(operation);
      if (definition !== undefined) definitions.push(definition);
    }
  }
  return definitions;
}
