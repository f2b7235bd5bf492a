/**
 * Auvious through a client that @hey-api/openapi-ts generated from specs/auvious.openapi.yaml
 * into `./auvious/` (test/specs/generated-client.test.ts writes both into a temporary folder,
 * type-checks them, then runs {@link scenario} against the standalone server).
 */
import { createClient } from './auvious/client/index.ts';
import { createTicket, getTicket, type Ticket } from './auvious/index.ts';

/** True only when A and B are the same type (an `any` or `unknown` on either side makes it false). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export interface AuviousObservation {
  createStatus: number;
  createdId: string | undefined;
  readStatus: number;
  readId: string | undefined;
  readType: string | undefined;
}

/** Creates a ticket with the demo bearer token and reads it back. */
export async function scenario(baseUrl: string, fetchImpl: typeof fetch): Promise<AuviousObservation> {
  const client = createClient({ baseUrl, fetch: fetchImpl, auth: 'auvious-demo-token' });
  const created = await createTicket({
    client,
    body: { type: 'MULTI_USE_TICKET', properties: { customer_id: 'generated-client' }, ttl: 3600 },
  });
  if (created.error !== undefined) throw new Error(`createTicket: ${created.response.status}`);
  const createdId: string | undefined = created.data.id;
  // @ts-expect-error a Ticket has no `notAField`; this compiles only if the answer is `any`
  created.data.notAField;

  const read = await getTicket({ client, path: { ticketId: createdId ?? '' } });
  if (read.error !== undefined) throw new Error(`getTicket: ${read.response.status}`);
  // Both answers are the spec's Ticket: not `unknown` (what a bodiless 201 documented beside
  // `200: Ticket` makes of the create answer) and not `any`. The type-check fails otherwise.
  const typed: [Equal<typeof created.data, Ticket>, Equal<typeof read.data, Ticket>] = [true, true];
  void typed;
  return {
    createStatus: created.response.status,
    createdId,
    readStatus: read.response.status,
    readId: read.data.id,
    readType: read.data.type,
  };
}
