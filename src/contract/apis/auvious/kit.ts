/**
 * What Auvious's plans and checks share (API-NOTES.md §2): the credentials, the steps they
 * take (create a ticket the check deletes afterwards, exchange a ticket for a customer
 * token) and how they read its answers.
 */
import { decodeJwt } from 'jose';
import { auviousDocument } from '../../../generated/auvious.document.js';
import { type CheckContext, expectStatus } from '../../check.js';
import { jsonOf } from '../../client.js';
import { auviousCredentials, type Credentials } from '../../credentials.js';
import { type ApiSpec, loadSpec } from '../../spec.js';
import type { Exchange } from '../../types.js';

export const SCHEDULED = /SCHEDULE/;
/** The date the suite gives scheduled tickets. */
export const SCHEDULED_DATE = '2026-06-01T09:30:00Z';
/** The operations on one ticket. */
export const TICKET_OPERATIONS = [
  'getTicket',
  'updateTicket',
  'deleteTicket',
  'disableTicket',
  'enableTicket',
  'revokeTicket',
  'getTicketEvent',
];
const PUBLIC_CLIENT = `Basic ${btoa('customer:')}`;
/** The success statuses the vendor documents for disable/enable/revoke. */
export const SUCCESS = [200, 201, 204];

export const idOf = (exchange: Exchange): string | undefined => {
  const id = (jsonOf(exchange) as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
};

/** A JWT's claims, or undefined when the text is not one (a decode, not a verification: the key is the server's). */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

const errorDescription = (exchange: Exchange): unknown =>
  (jsonOf(exchange) as { error_description?: unknown } | undefined)?.error_description;

export interface AuviousKit {
  readonly own: ReturnType<typeof auviousCredentials>;
  readonly spec: ApiSpec;
  /** Deletes a ticket. */
  remove(context: CheckContext, ticketId: string): Promise<Exchange>;
  /** Creates a ticket for the check, deleted after it; skips the check when creation fails. */
  createTicket(context: CheckContext, type?: string): Promise<string>;
  /** Exchanges a ticket for a customer token, as the vendor's SDKs do (Basic `customer:`, the ticket as username). */
  exchangeTicket(context: CheckContext, ticketId: string): Promise<Exchange>;
  /** An exchange refused with 400 and `error_description` `reason`. */
  expectRefused(context: CheckContext, exchange: Exchange, reason: string, what: string): void;
}

export function auviousKit(credentials: Credentials): AuviousKit {
  const own = auviousCredentials(credentials);
  const remove = (context: CheckContext, ticketId: string) => context.call('deleteTicket', { path: { ticketId } });
  return {
    own,
    spec: loadSpec(auviousDocument, 'auvious'),
    remove,
    async createTicket(context, type = 'MULTI_USE_TICKET') {
      const properties = SCHEDULED.test(type) ? { scheduled_date: SCHEDULED_DATE } : { customer_id: context.runId };
      const created = await context.call('createTicket', { json: { type, properties } });
      const id = idOf(created);
      if (created.status === undefined || created.status >= 300 || id === undefined) {
        return context.skip(`could not create a ${type} to work on (${created.status ?? created.error})`);
      }
      context.defer(() => remove(context, id));
      return id;
    },
    exchangeTicket: (context, ticketId) =>
      context.call('getToken', {
        form: { grant_type: 'password', username: ticketId },
        headers: { authorization: PUBLIC_CLIENT },
      }),
    expectRefused(context, exchange, reason, what) {
      if (expectStatus(context, exchange, [400], what, 'status') && errorDescription(exchange) !== reason) {
        context.fail(
          `${what}: expected error_description ${reason}, got ${JSON.stringify(errorDescription(exchange))}`,
          exchange,
          true,
        );
      }
    },
  };
}
