/**
 * Adminserver through a client that @hey-api/openapi-ts generated from
 * specs/adminserver.openapi.yaml into `./adminserver/` (see test/specs/generated-client.test.ts).
 */
import { createClient } from './adminserver/client/index.ts';
import { authLogin, type Session, type TicketsResult, ticketGetPurchasableTickets } from './adminserver/index.ts';

export interface AdminserverObservation {
  loginStatus: number;
  preferredNetworkId: string;
  ticketsStatus: number;
  ticketCount: number;
}

/** Logs in as the demo admin, then lists the purchasable tickets with the session header. */
export async function scenario(baseUrl: string, fetchImpl: typeof fetch): Promise<AdminserverObservation> {
  const client = createClient({ baseUrl, fetch: fetchImpl });
  const login = await authLogin({ client, body: { email: 'admin@demo.test', password: 'demo-password' } });
  if (login.error !== undefined) throw new Error(`auth/login: ${login.response.status}`);
  const session: Session = login.data;
  // The spec offers the session as the X-Session-Id header or the sessionId cookie; send the header.
  const auth = (scheme: { in?: 'header' | 'query' | 'cookie' }) =>
    scheme.in === 'cookie' ? undefined : session.sessionId;
  const tickets = await ticketGetPurchasableTickets({ client, auth, body: {} });
  if (tickets.error !== undefined) throw new Error(`ticket.getPurchasableTickets: ${tickets.response.status}`);
  const result: TicketsResult = tickets.data.data;
  return {
    loginStatus: login.response.status,
    preferredNetworkId: session.preferredNetworkId,
    ticketsStatus: tickets.response.status,
    ticketCount: result.tickets.length,
  };
}
