/**
 * The toy Helpdesk API's contract, built the way src/contract/apis/octopus.ts is: the
 * generic checks over its plans, and its own stateful checks. runContract({ contracts })
 * runs it beside (or without) the shipped APIs.
 */
import { type ApiContract, bearerHeaders } from '../../../src/contract/check.ts';
import { planChecks } from '../../../src/contract/checks/registry.ts';
import { readsOf } from '../../../src/contract/plan.ts';
import { type HelpdeskCredentials, helpdeskKit } from './helpdesk/kit.ts';
import { helpdeskPlans } from './helpdesk/plans.ts';
import { tenantIsolation, useAfterFree } from './helpdesk/stateful.ts';

export function helpdeskContract(credentials: Partial<HelpdeskCredentials> = {}): ApiContract {
  const kit = helpdeskKit(credentials);
  const plans = helpdeskPlans(kit);
  return {
    name: 'helpdesk',
    spec: kit.spec,
    authHeaders: async (context, mode) => bearerHeaders(context, mode, kit.own),
    reads: readsOf(plans),
    checks: [...planChecks(kit.spec, plans), useAfterFree(kit), tenantIsolation(kit)],
  };
}
