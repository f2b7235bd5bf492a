/**
 * What Helpdesk's plans and checks share, as src/contract/apis/octopus/kit.ts does for
 * Octopus: the credentials, the spec, and the steps they take (open a ticket, delete it).
 */
import type { CheckContext } from '../../../../src/contract/check.ts';
import { jsonOf } from '../../../../src/contract/client.ts';
import { type ApiSpec, loadSpec } from '../../../../src/contract/spec.ts';
import type { Exchange } from '../../../../src/contract/types.ts';
import { HELPDESK_DEMO } from '../../fixtures/helpdesk.ts';
import { toyDocument } from '../../spec.ts';

export interface HelpdeskCredentials {
  readonly token: string;
  readonly otherToken: string | undefined;
}

export interface HelpdeskKit {
  readonly own: HelpdeskCredentials;
  readonly spec: ApiSpec;
  /** The id of the ticket an answer carries (`{"ticket": {"id": …}}`), as a path value. */
  ticketId(exchange: Exchange): string | undefined;
  /** Opens a ticket for the check and deletes it afterwards; skips the check when the server refuses. */
  openTicket(context: CheckContext): Promise<string>;
  /** Deletes the ticket a 201 made (the undo of createTicket). */
  deleteCreated(context: CheckContext, exchange: Exchange): Promise<void>;
}

export function helpdeskKit(credentials: Partial<HelpdeskCredentials> = {}): HelpdeskKit {
  const own = {
    token: credentials.token ?? HELPDESK_DEMO.token,
    otherToken: credentials.otherToken ?? (credentials.token === undefined ? HELPDESK_DEMO.otherToken : undefined),
  };
  const ticketId = (exchange: Exchange): string | undefined => {
    const id = (jsonOf(exchange) as { ticket?: { id?: unknown } } | undefined)?.ticket?.id;
    return typeof id === 'number' ? String(id) : undefined;
  };
  return {
    own,
    spec: loadSpec(toyDocument('helpdesk'), 'helpdesk'),
    ticketId,
    async openTicket(context) {
      const created = await context.call('createTicket', { json: { ticket: { subject: context.name('t') } } });
      const id = ticketId(created);
      if (created.status !== 201 || id === undefined)
        return context.skip(`could not open a ticket (${created.status})`);
      context.defer(() => context.call('deleteTicket', { path: { ticket_id: id } }));
      return id;
    },
    async deleteCreated(context, exchange) {
      const id = ticketId(exchange);
      if (exchange.status === 201 && id !== undefined) await context.call('deleteTicket', { path: { ticket_id: id } });
    },
  };
}
