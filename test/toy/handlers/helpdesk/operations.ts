/** Helpdesk's operations: one per operationId, typed from the generated `operations`. */
import type { OperationHandler, OperationHandlers } from '../../../../src/core/api-module.ts';
import type { operations } from '../../generated/helpdesk.ts';
import { helpdeskError } from './errors.ts';
import type { AgentKey, Ticket, TicketRecord } from './model.ts';
import { openTicket, visibleTo } from './rules.ts';
import type { HelpdeskState } from './state.ts';

type Handler<Id extends keyof operations> = OperationHandler<HelpdeskState, AgentKey, operations[Id]>;

/** A stored ticket as the spec answers it (without its account). */
const view = ({ account: _account, ...ticket }: TicketRecord): Ticket => ticket;

const listTickets: Handler<'listTickets'> = ({ state, principal, input }) => {
  const status = input.query.status;
  const tickets = state.tickets
    .page(principal.account, 0, Number.POSITIVE_INFINITY)
    .filter((ticket) => status === undefined || ticket.status === status)
    .map(view);
  return { status: 200, json: { tickets, count: tickets.length } };
};

const createTicket: Handler<'createTicket'> = async ({ state, principal, input, clock }) => {
  const opened = openTicket(input.body.ticket, state.nextId, principal, clock.nowMs());
  if (!opened.ok) return helpdeskError(422, opened.error);
  const ticket = await state.tickets.insert(opened.value);
  return { status: 201, headers: { location: `/api/v2/tickets/${ticket.id}.json` }, json: { ticket: view(ticket) } };
};

const showTicket: Handler<'showTicket'> = ({ state, principal, input }) => {
  const ticket = state.tickets.get(String(input.path.ticket_id));
  if (!visibleTo(ticket, principal)) return helpdeskError(404, `ticket ${input.path.ticket_id} not found`);
  return { status: 200, json: { ticket: view(ticket) } };
};

const deleteTicket: Handler<'deleteTicket'> = ({ state, principal, input }) => {
  const key = String(input.path.ticket_id);
  if (!visibleTo(state.tickets.get(key), principal)) {
    return helpdeskError(404, `ticket ${input.path.ticket_id} not found`);
  }
  state.tickets.delete(key);
  return { status: 204 };
};

export const helpdeskOperations: OperationHandlers<HelpdeskState, AgentKey, operations> = {
  listTickets,
  createTicket,
  showTicket,
  deleteTicket,
};
