/** Helpdesk's domain rules, pure: what a new ticket becomes, and who may see one. */
import { fail, ok, type Result } from '../../../../src/spec/result.ts';
import type { AgentKey, TicketRecord } from './model.ts';

/**
 * A new ticket from what the agent sent: `new`, at `nowMs`, for the agent's account. A
 * subject of blanks only passes the schema (minLength 1) and is refused here (422).
 */
export function openTicket(
  input: { readonly subject: string; readonly priority?: 'low' | 'normal' | 'high' },
  id: number,
  agent: AgentKey,
  nowMs: number,
): Result<TicketRecord> {
  const subject = input.subject.trim();
  if (subject === '') return fail('subject: cannot be blank');
  return ok({
    id,
    subject,
    status: 'new',
    priority: input.priority ?? 'normal',
    created_at: new Date(nowMs).toISOString(),
    account: agent.account,
  });
}

/** Whether `agent` may see `ticket`: only its own account's (another account's is "not found"). */
export const visibleTo = (ticket: TicketRecord | undefined, agent: AgentKey): ticket is TicketRecord =>
  ticket !== undefined && ticket.account === agent.account;
