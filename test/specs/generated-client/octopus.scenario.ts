/**
 * Octopus through a client that @hey-api/openapi-ts generated from specs/octopus.openapi.yaml
 * into `./octopus/` (see test/specs/generated-client.test.ts).
 */
import { createClient } from './octopus/client/index.ts';
import { createTicket, getServices, type Service, type Ticket } from './octopus/index.ts';

export interface OctopusObservation {
  servicesStatus: number;
  serviceCount: number;
  createStatus: number;
  ticket: Pick<Ticket, 'LocationId' | 'serviceId'>;
  firstServiceId: number;
}

/** Lists the services of Location 28XXX004 with the demo key and issues a ticket on the first one. */
export async function scenario(baseUrl: string, fetchImpl: typeof fetch): Promise<OctopusObservation> {
  const client = createClient({ baseUrl, fetch: fetchImpl, auth: 'octopus-demo-key' });
  const path = { LocationId: '28XXX004' };
  const services = await getServices({ client, path });
  if (services.error !== undefined) throw new Error(`getServices: ${services.response.status}`);
  const first: Service | undefined = services.data.data[0];
  if (first === undefined) throw new Error('Location 28XXX004 lists no service');
  // The service id goes back exactly as the list typed it (a number).
  const created = await createTicket({ client, path, body: { service: first.id } });
  if (created.error !== undefined) throw new Error(`createTicket: ${created.response.status}`);
  const ticket: Ticket = created.data.data;
  return {
    servicesStatus: services.response.status,
    serviceCount: services.data.data.length,
    createStatus: created.response.status,
    ticket: { LocationId: ticket.LocationId, serviceId: ticket.serviceId },
    firstServiceId: first.id,
  };
}
