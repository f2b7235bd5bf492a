/** Helpdesk's state: the ticket table, seeded from the fixtures, and the next ticket id. */
import type { StateContext } from '../../../../src/core/api-module.ts';
import { Table } from '../../../../src/core/store.ts';
import { HELPDESK_KEYS, helpdeskTickets } from '../../fixtures/helpdesk.ts';
import { type AgentKey, type TicketRecord, ticketRecordSchema } from './model.ts';

export interface HelpdeskState {
  readonly tickets: Table<TicketRecord>;
  readonly keys: ReadonlyMap<string, AgentKey>;
  nextId: number;
}

function emptyState(): HelpdeskState {
  const state: HelpdeskState = {
    tickets: new Table({
      name: 'helpdesk.tickets',
      schema: ticketRecordSchema,
      key: (ticket) => String(ticket.id),
      tenant: (ticket) => ticket.account,
      // whoever adds a ticket takes its id: the API never issues it again
      onAdd: (ticket) => {
        state.nextId = Math.max(state.nextId, ticket.id + 1);
      },
    }),
    keys: new Map(HELPDESK_KEYS.map((key) => [key.token, key])),
    nextId: 1,
  };
  return state;
}

async function fill(tickets: readonly TicketRecord[]): Promise<HelpdeskState> {
  const state = emptyState();
  for (const ticket of tickets) await state.tickets.insert({ ...ticket });
  return state;
}

export const createHelpdeskState = ({ seed, clock }: StateContext): Promise<HelpdeskState> =>
  fill(helpdeskTickets(seed, clock.nowMs()));

export const exportHelpdeskState = (state: HelpdeskState): unknown => ({
  tickets: structuredClone(state.tickets.all()),
});

export async function importHelpdeskState(json: unknown): Promise<HelpdeskState> {
  const tickets = (json as { tickets?: unknown } | null)?.tickets;
  if (!Array.isArray(tickets)) throw new Error('helpdesk state must be {"tickets": [...]}');
  return fill(tickets as TicketRecord[]);
}
