/**
 * What an Adminserver recording shows (issue 18): every purchasable ticket an answer
 * carries — create and update (`{data: {ticket}}`), the list (`{data: {tickets}}`) —
 * stored at its last recorded version in the network the call acted in; a delete, or an
 * update's 404, removes it. The network is the call's `X-Network` (or `X-Network-Id`)
 * header, else the `preferredNetworkId` the last login before it answered (the session id
 * that would tie them is redacted). A network the fixtures do not know is added, with no
 * demo user on it: the import gives it a user of its own, `import-<network>@import.test`
 * with the password `import-password`, holding `network.admin` on that network alone and
 * preferring it, and the report lists them. Sessions are not imported (their ids are
 * secrets).
 * docs/decisions/022-recording-and-har.md.
 */
import type { ImportedCredential, RecordedCall, RecordingReport, StateContext } from '../../core/api-module.js';
import { ImportTally } from '../../core/recording-import.js';
import { ADMINSERVER_NETWORKS, ADMINSERVER_ROLES } from '../../fixtures/adminserver.js';
import { isRecord } from '../../spec/json.js';
import type { PurchasableTicketInput } from './model.js';
import { networkTarget, ticketFromInput } from './rules.js';
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

/** The password of every user an import makes (shaped as the demo users' `demo-password`). */
export const IMPORTED_PASSWORD = 'import-password';

/** The role an imported network's user holds on it (the demo admin's, with `network.manage`). */
const ADMIN_ROLE = 'network.admin';

/**
 * The e-mail of the user an import makes for a network: `import-<network>@import.test`,
 * the network id lower-cased with what an address's local part cannot hold made `-`.
 */
export const importedEmail = (networkId: string): string =>
  `import-${networkId.toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}@import.test`;

/**
 * The network's own user, managing it alone: made once, kept by a later import. An e-mail
 * the state already gives a user who does not manage that network (two network ids that
 * read the same once made an address, a state file holding anything) is left as it is and
 * the network gets none: the report says so.
 */
async function grantUser(
  state: AdminserverState,
  networkId: string,
  tally: ImportTally,
): Promise<ImportedCredential | undefined> {
  const email = importedEmail(networkId);
  const userId = `import-user-${networkId}`;
  const held = state.users.page(email, 0, 1)[0];
  const assignment = { userId, roleId: ADMIN_ROLE, target: networkTarget(networkId) };
  if (held !== undefined && (held.userId !== userId || held.preferredNetworkId !== networkId)) {
    return tally.skip(`user ${email}: the state holds it for another network; ${networkId} gets none`);
  }
  if (!state.roles.has(ADMIN_ROLE)) {
    const role = ADMINSERVER_ROLES.find((candidate) => candidate.roleId === ADMIN_ROLE);
    if (role !== undefined) await state.roles.insert(structuredClone(role));
  }
  if (held === undefined) {
    if (state.users.has(userId)) return tally.skip(`user ${userId}: the state holds it; ${networkId} gets none`);
    await state.users.insert({ userId, email, password: IMPORTED_PASSWORD, preferredNetworkId: networkId });
  }
  const key = state.assignments.keyOf(assignment);
  if (!state.assignments.has(key)) await state.assignments.insert(assignment);
  const password = state.users.get(userId)?.password ?? IMPORTED_PASSWORD;
  return {
    tenant: networkId,
    credential: { email, password, network: networkId },
    says: `login ${email} / ${password}`,
  };
}

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
  const reachable = (network: string) => known.has(network);
  return tally.reportGranting(reachable, (tenant) => grantUser(state, tenant, tally));
}
