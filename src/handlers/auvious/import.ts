/**
 * What an Auvious recording shows (issue 18): every ticket an answer carries — create,
 * read, update: the `Ticket` body — stored at its last recorded version; disable, enable
 * and revoke applied at the time they were recorded; a delete, or a 404 on the ticket's
 * path, removes it. The ticket keeps its id and its organisation (a ticket of an
 * organisation no demo client belongs to stays under it: the import gives that
 * organisation a client `import-<org>` / `import-<org>-secret` and a ready bearer token
 * `auvious-import-<org>`, shaped as the demo ones, and the report lists them). Recorded
 * tokens are not imported: a recording's are redacted, and the demo ones stay valid. A
 * recorded exchange that bought a token used up a single-use ticket: it is gone, as the
 * mock's own exchange deletes it. A ticket a recording exchanged is a credential, so a
 * redacted recording shows its id as `REDACTED` everywhere: such a ticket is not imported
 * (never stored under that word), and the report says so. docs/decisions/022-recording-and-har.md.
 */
import type { ImportedCredential, RecordedCall, RecordingReport, StateContext } from '../../core/api-module.js';
import { ImportTally } from '../../core/recording-import.js';
import { REDACTED } from '../../core/redact.js';
import { AUVIOUS_CLIENTS, clientToken } from '../../fixtures/auvious.js';
import { isRecord } from '../../spec/json.js';
import type { TicketRecord } from './model.js';
import { isoAt, isSingleUse, type Transition, transition } from './rules.js';
import type { AuviousState } from './state.js';

/** The vendor's default lifetime (API-NOTES §2: 4 hours) for a ticket whose answer gives no `expiresAt`. */
const DEFAULT_TTL_MS = 14_400_000;

const TRANSITIONS: Readonly<Record<string, Transition>> = {
  disableTicket: 'disable',
  enableTicket: 'enable',
  revokeTicket: 'revoke',
};

const SHOWS_TICKET: ReadonlySet<string> = new Set(['createTicket', 'getTicket', 'updateTicket']);

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A `Ticket` answer as a record; what the answer leaves out gets the mock's own default. */
function recordOf(body: Record<string, unknown>, atMs: number): TicketRecord | undefined {
  const id = text(body.id);
  const organizationId = text(body.organizationId);
  const type = text(body.type);
  if (id === undefined || organizationId === undefined || type === undefined) return undefined;
  const createdAt = text(body.createdAt) ?? isoAt(atMs);
  return {
    id,
    organizationId,
    type: type as TicketRecord['type'],
    properties: isRecord(body.properties) ? body.properties : {},
    createdAt,
    expiresAt: text(body.expiresAt) ?? isoAt(Date.parse(createdAt) + DEFAULT_TTL_MS),
    disabled: text(body.disabled) ?? null,
    revoked: text(body.revoked) ?? null,
    userId: text(body.userId) ?? '',
    version: typeof body.version === 'number' && Number.isInteger(body.version) ? body.version : 0,
  };
}

/**
 * A ticket exchange that bought a token (`getToken`, grant `password`, the ticket as
 * `username`): a single-use ticket it names is used up.
 */
function importExchange(state: AuviousState, call: RecordedCall, tally: ImportTally): void {
  const form = call.requestBody;
  if (call.status !== 200 || !isRecord(form) || form.grant_type !== 'password') return;
  const ticket = state.tickets.get(text(form.username) ?? text(form.ticket) ?? '');
  if (ticket !== undefined && isSingleUse(ticket.type)) tally.remove('tickets', state.tickets, ticket.id);
}

/** Whether a call's answer shows a ticket whose id the recording redacted. */
const redactedTicket = (call: RecordedCall): boolean =>
  SHOWS_TICKET.has(call.operationId) && isRecord(call.responseBody) && call.responseBody.id === REDACTED;

async function importCall(state: AuviousState, call: RecordedCall, tally: ImportTally): Promise<void> {
  if (call.operationId === 'getToken') return importExchange(state, call, tally);
  const id = call.pathParams.ticketId;
  if (id !== undefined && call.status === 404) {
    tally.remove('tickets', state.tickets, id);
    return;
  }
  if (call.status < 200 || call.status > 299) return;
  if (SHOWS_TICKET.has(call.operationId) && isRecord(call.responseBody)) {
    const record = recordOf(call.responseBody, call.atMs);
    if (record === undefined) {
      tally.skip(`${call.operationId}: the answer is no ticket (no id, organizationId or type)`);
      return;
    }
    await tally.put('tickets', state.tickets, record, record.organizationId);
    return;
  }
  if (id === undefined) return;
  if (call.operationId === 'deleteTicket') {
    tally.remove('tickets', state.tickets, id);
    return;
  }
  const action = TRANSITIONS[call.operationId];
  const ticket = state.tickets.get(id);
  if (action === undefined || ticket === undefined) return;
  const next = transition(ticket, action, call.atMs);
  if (next.ok) await tally.put('tickets', state.tickets, next.value, next.value.organizationId);
}

/** The client and token an import gives an organisation no demo client is of: named for it, so the same recording gives the same ones. */
export function importedClient(organizationId: string): { clientId: string; secret: string; token: string } {
  return {
    clientId: `import-${organizationId}`,
    secret: `import-${organizationId}-secret`,
    token: `auvious-import-${organizationId}`,
  };
}

/**
 * The organisation's own client and ready token (it never expires, as the demo ones):
 * made once, kept by a later import. A client or token of that name the state holds for
 * another organisation is left as it is and this one gets none: the report says so.
 */
async function grantClient(
  state: AuviousState,
  organizationId: string,
  tally: ImportTally,
): Promise<ImportedCredential | undefined> {
  const { clientId, secret, token } = importedClient(organizationId);
  const client = state.clients.get(clientId);
  const held = state.tokens.get(token);
  if (
    (client !== undefined && (client.organizationId !== organizationId || client.public)) ||
    (held !== undefined && (held.organizationId !== organizationId || held.kind !== 'client'))
  ) {
    return tally.skip(`client ${clientId}: the state holds it for another organisation; ${organizationId} gets none`);
  }
  if (client === undefined) await state.clients.insert({ clientId, secret, organizationId, public: false });
  if (held === undefined) {
    await state.tokens.insert(clientToken(token, organizationId, clientId));
  }
  const actual = state.clients.get(clientId)?.secret ?? secret;
  return {
    tenant: organizationId,
    credential: { token, clientId, clientSecret: actual },
    says: `bearer token ${token}, or client ${clientId} / ${actual}`,
  };
}

/** Adds what `calls` show to `state` (a copy the engine swaps in). */
export async function importAuviousRecording(
  state: AuviousState,
  calls: readonly RecordedCall[],
  _context: StateContext,
): Promise<RecordingReport> {
  const tally = new ImportTally();
  let redacted = 0;
  for (const call of calls) {
    if (redactedTicket(call)) redacted += 1;
    else await importCall(state, call, tally);
  }
  if (redacted > 0) {
    tally.skip(
      `tickets: ${redacted} answer(s) show a ticket whose id the recording redacted (a ticket exchanged is a ` +
        'credential): not imported; record with --keep-secrets to keep them',
    );
  }
  const organisations = new Set(AUVIOUS_CLIENTS.filter((client) => !client.public).map((c) => c.organizationId));
  const reachable = (organisation: string) => organisations.has(organisation);
  return tally.reportGranting(reachable, (tenant) => grantClient(state, tenant, tally));
}
