/**
 * What Octopus's plans and checks share (API-NOTES.md §1): the credentials, the Location,
 * the steps they take (find a usable service, report a ticket the API cannot delete) and
 * how they read its answers.
 */
import { octopusDocument } from '../../../generated/octopus.document.js';
import type { CheckContext } from '../../check.js';
import { jsonOf } from '../../client.js';
import { type Credentials, octopusCredentials } from '../../credentials.js';
import { type ApiSpec, loadSpec } from '../../spec.js';
import type { Exchange } from '../../types.js';

export interface ServiceView {
  readonly id: number;
  readonly deleted: number;
  readonly maxUsers: number;
}

export const services = (exchange: Exchange): ServiceView[] => {
  const data = (jsonOf(exchange) as { data?: unknown } | undefined)?.data;
  return Array.isArray(data) ? (data as ServiceView[]) : [];
};

export const rows = (exchange: Exchange): number | undefined =>
  (jsonOf(exchange) as { pagination?: { rows?: number } } | undefined)?.pagination?.rows;

export interface OctopusKit {
  readonly own: ReturnType<typeof octopusCredentials>;
  readonly spec: ApiSpec;
  /** The path of the Location the key is granted. */
  readonly where: { readonly LocationId: string };
  /** A usable service of the Location: listed and not deleted; skips the check when there is none. */
  usableService(context: CheckContext): Promise<ServiceView>;
  /** The service each check's base request chose, for realize() to respect its maxUsers. */
  readonly chosen: WeakMap<CheckContext, ServiceView>;
  /** Reports a ticket the run created as left over (the API has no delete). */
  recordTicket(context: CheckContext, exchange: Exchange): Promise<void>;
}

export function octopusKit(credentials: Credentials): OctopusKit {
  const own = octopusCredentials(credentials);
  return {
    own,
    spec: loadSpec(octopusDocument, 'octopus'),
    where: { LocationId: own.location },
    async usableService(context) {
      const listed = await context.call('getServices', { path: { LocationId: own.location } });
      const usable = services(listed).find((service) => service.deleted !== 1);
      if (usable === undefined)
        return context.skip(`Location ${own.location} lists no usable service (${listed.status})`);
      return usable;
    },
    chosen: new WeakMap(),
    async recordTicket(context, exchange) {
      const id = (jsonOf(exchange) as { data?: { id?: unknown } } | undefined)?.data?.id;
      context.leftover(`ticket ${String(id)} at Location ${own.location} (the API has no delete)`);
    },
  };
}
