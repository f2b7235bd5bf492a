/**
 * What an Adminserver recording shows (issue 18): every purchasable ticket an answer
 * carries — create and update (`{data: {ticket}}`), the list (`{data: {tickets}}`) —
 * stored at its last recorded version in the network the call acted in; a delete, or an
 * update's 404, removes it. The network is the call's `X-Network` (or `X-Network-Id`)
 * header, else the `preferredNetworkId` the last login before it answered (the session id
 * that would tie them is redacted). A network the fixtures do not know is added, with no
 * demo user on it: the report lists it. Sessions are not imported (their ids are secrets).
 * docs/decisions/022-recording-and-har.md.
 */
import type { RecordedCall, RecordingReport, StateContext } from '../../core/api-module.js';
import { ImportTally } from '../../core/recording-import.js';
import { ADMINSERVER_NETWORKS } from '../../fixtures/adminserver.js';
import { isRecord } from '../../spec/json.js';
import type { PurchasableTicketInput } from './model.js';
import { ticketFromInput } from './rules.js';
import { type AdminserverState, ticketKey } from './state.js';

/** The network a call acted in: its header, else the last login's preferred network. */
function networkOf(call: RecordedCall, lastLogin: string | undefined): string | undefined {
  const header = call.headers['x-network'] ?? call.headers['x-network-id'];
  return header !== undefined && header !== '' ? header : lastLogin;
}

async function storeTicket(
  state: AdminserverState,
  tally: ImportTally,
  value: unknown,
  networkId: string,
  operationId: string,
): Promise<void> {
  if (!isRecord(value)) {
    tally.skip(`${operationId}: an answer's ticket is no object`);
    return;
  }
  const made = ticketFromInput(value as unknown as PurchasableTicketInput, networkId);
  if (!made.ok) {
    tally.skip(`${operationId} ${String(value.productId)}: ${made.error}`);
    return;
  }
  if (!state.networks.has(networkId)) await state.networks.insert({ networkId, name: networkId });
  await tally.put('tickets', state.tickets, made.value, networkId);
}

/** The tickets an answer carries: `{data: {ticket}}` or `{data: {tickets: […]}}`. */
function ticketsIn(body: unknown): unknown[] {
  const data = isRecord(body) ? body.data : undefined;
  if (!isRecord(data)) return [];
  if (Array.isArray(data.tickets)) return data.tickets;
  return data.ticket === undefined ? [] : [data.ticket];
}

const SHOWS_TICKETS: ReadonlySet<string> = new Set([
  'ticket.createPurchasableTicket',
  'ticket.updatePurchasableTicket',
  'ticket.getPurchasableTickets',
]);

/** Adds what `calls` show to `state` (a copy the engine swaps in). */
export async function importAdminserverRecording(
  state: AdminserverState,
  calls: readonly RecordedCall[],
  _context: StateContext,
): Promise<RecordingReport> {
  const tally = new ImportTally();
  let lastLogin: string | undefined;
  for (const call of calls) {
    const ok =
      call.status >= 200 && call.status <= 299 && !(isRecord(call.responseBody) && 'error' in call.responseBody);
    if (call.operationId === 'auth.login') {
      const preferred = isRecord(call.responseBody) ? call.responseBody.preferredNetworkId : undefined;
      if (ok && typeof preferred === 'string') lastLogin = preferred;
      continue;
    }
    const networkId = networkOf(call, lastLogin);
    const productId = isRecord(call.requestBody)
      ? (call.requestBody.productId ??
        (isRecord(call.requestBody.ticket) ? call.requestBody.ticket.productId : undefined))
      : undefined;
    if (networkId === undefined) {
      if (ok && SHOWS_TICKETS.has(call.operationId))
        tally.skip(`${call.operationId}: no network (no X-Network header, no login before it)`);
      continue;
    }
    const gone =
      (ok && call.operationId === 'ticket.deletePurchasableTicket') ||
      (call.status === 404 && call.operationId === 'ticket.updatePurchasableTicket');
    if (gone && typeof productId === 'string') {
      tally.remove('tickets', state.tickets, ticketKey(networkId, productId));
      continue;
    }
    if (!ok || !SHOWS_TICKETS.has(call.operationId)) continue;
    for (const ticket of ticketsIn(call.responseBody)) {
      await storeTicket(state, tally, ticket, networkId, call.operationId);
    }
  }
  const known = new Set(ADMINSERVER_NETWORKS.map((network) => network.networkId));
  return tally.report((network) => known.has(network));
}
