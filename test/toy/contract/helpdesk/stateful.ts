/** Helpdesk's stateful checks: what only a server that keeps state answers rightly. */
import { type CheckDefinition, expectStatus } from '../../../../src/contract/check.ts';
import type { HelpdeskKit } from './kit.ts';

/** use_after_free: a deleted ticket is gone (404 on a read and on a second delete). */
export function useAfterFree(kit: HelpdeskKit): CheckDefinition {
  return {
    check: 'use_after_free',
    operationId: 'showTicket',
    effect: 'mutating',
    basis: 'documented',
    stateful: true,
    async run(context) {
      const id = await kit.openTicket(context);
      const read = await context.call('showTicket', { path: { ticket_id: id } });
      if (!expectStatus(context, read, [200], `ticket ${id} just opened`)) return;
      const deleted = await context.call('deleteTicket', { path: { ticket_id: id } });
      if (!expectStatus(context, deleted, [204], `deleting ticket ${id}`)) return;
      expectStatus(context, await context.call('showTicket', { path: { ticket_id: id } }), [404], 'a deleted ticket');
      expectStatus(context, await context.call('deleteTicket', { path: { ticket_id: id } }), [404], 'a second delete');
    },
  };
}

/** tenant_isolation: another account's key does not see the ticket (404), nor finds it in its list. */
export function tenantIsolation(kit: HelpdeskKit): CheckDefinition {
  return {
    check: 'tenant_isolation',
    operationId: 'listTickets',
    effect: 'mutating',
    basis: 'documented',
    stateful: true,
    async run(context) {
      if (kit.own.otherToken === undefined) return context.skip('no second account: pass otherToken');
      const id = await kit.openTicket(context);
      const theirs = await context.call('showTicket', { path: { ticket_id: id }, auth: 'other' });
      expectStatus(context, theirs, [404], `ticket ${id} read with another account's key`);
      const listed = await context.call('listTickets', { auth: 'other' });
      if (!expectStatus(context, listed, [200], "another account's list")) return;
      if (listed.responseText.includes(`"id":${id},`)) {
        context.fail(`another account's list holds ticket ${id}`, listed);
      }
    },
  };
}
