/**
 * What an Octopus recording shows (issue 18): every service a services list answers and
 * every ticket an issue or a tickets list answers, stored at its last recorded version
 * with its id (the next ticket the mock issues takes a higher one). A ticket's `status` is
 * not stored: the mock derives it from the clock and the service, as it does for its own.
 * A Location the fixtures do not know is added under a customer of its own, which no demo
 * key reaches: the import grants it a key of its own, `octopus-import-<LocationId>`, kept
 * in the state's key table, and the report lists it. Octopus documents no delete.
 * docs/decisions/022-recording-and-har.md.
 */
import type { ImportedCredential, RecordedCall, RecordingReport, StateContext } from '../../core/api-module.js';
import { ImportTally } from '../../core/recording-import.js';
import { OCTOPUS_KEYS } from '../../fixtures/octopus.js';
import { isRecord } from '../../spec/json.js';
import type { Service, TicketRecord } from './model.js';
import { locationAccess } from './rules.js';
import type { OctopusState } from './state.js';

/** The customer a recorded Location the fixtures do not know is put under. */
export const RECORDED_CUSTOMER = 'recorded-customer';

const TICKET_FIELDS = [
  'id',
  'LocationId',
  'serviceId',
  'username',
  'password',
  'format',
  'email',
  'userId',
  'numusers',
  'start_time',
  'valid_until',
  'expires_at',
  'createdAt',
] as const;

/** A `Ticket` answer as a record: its fields but the derived `status`; `email` and `userId` null when left out. */
function ticketRecord(body: Record<string, unknown>): TicketRecord {
  const record: Record<string, unknown> = {};
  for (const field of TICKET_FIELDS) {
    const value = body[field] ?? (field === 'email' || field === 'userId' ? null : undefined);
    if (value !== undefined) record[field] = value;
  }
  return record as unknown as TicketRecord;
}

async function ensureLocation(state: OctopusState, LocationId: string): Promise<void> {
  if (!state.locations.has(LocationId)) {
    await state.locations.insert({ LocationId, customerId: RECORDED_CUSTOMER, name: LocationId });
  }
}

/** The resources one answer shows: `{data: Service[]}`, `{data: Ticket[]}` or `{data: Ticket}`. */
async function importCall(state: OctopusState, call: RecordedCall, tally: ImportTally): Promise<void> {
  if (call.status !== 200 || !isRecord(call.responseBody)) return;
  const data = call.responseBody.data;
  const items = Array.isArray(data) ? data : [data];
  const LocationId = call.pathParams.LocationId;
  for (const item of items) {
    if (!isRecord(item)) continue;
    const location = typeof item.LocationId === 'string' ? item.LocationId : LocationId;
    if (location === undefined) continue;
    if (call.operationId === 'getServices') {
      await ensureLocation(state, location);
      await tally.put('services', state.services, item as unknown as Service, location);
    } else if (call.operationId === 'getTickets' || call.operationId === 'createTicket') {
      await ensureLocation(state, location);
      const record = ticketRecord(item);
      // a user name once given stays taken (state.ts): a seeded ticket of another id holding it gives way
      for (const other of state.tickets.page(location, 0, Number.POSITIVE_INFINITY)) {
        if (other.username === record.username && other.id !== record.id) state.tickets.delete(String(other.id));
      }
      await tally.put('tickets', state.tickets, record, location);
    }
  }
}

/** The key an import grants a Location no demo key reaches: named for it, so the same recording gives the same key. */
export const importedKey = (LocationId: string): string => `octopus-import-${LocationId}`;

/**
 * The Location's own key, granted it alone (under the Location's customer): made once, kept
 * by a later import. A key of that name granted anything else is left as it is and the
 * Location gets none (a state file may hold anything): the report says so.
 */
async function grantKey(
  state: OctopusState,
  LocationId: string,
  tally: ImportTally,
): Promise<ImportedCredential | undefined> {
  const key = importedKey(LocationId);
  const customerId = state.locations.get(LocationId)?.customerId ?? RECORDED_CUSTOMER;
  const held = state.keys.get(key);
  if (held === undefined) await state.keys.insert({ key, customerId, locations: [LocationId] });
  else if (locationAccess(held, LocationId, state.locations.get(LocationId)) !== 'ok') {
    return tally.skip(`API key ${key}: the state holds it for other Locations; ${LocationId} gets no key`);
  }
  return { tenant: LocationId, credential: { token: key, location: LocationId }, says: `API key ${key}` };
}

/** Adds what `calls` show to `state` (a copy the engine swaps in). */
export async function importOctopusRecording(
  state: OctopusState,
  calls: readonly RecordedCall[],
  _context: StateContext,
): Promise<RecordingReport> {
  const tally = new ImportTally();
  for (const call of calls) await importCall(state, call, tally);
  const reachable = (LocationId: string) =>
    OCTOPUS_KEYS.some((key) => locationAccess(key, LocationId, state.locations.get(LocationId)) === 'ok');
  return tally.reportGranting(reachable, (tenant) => grantKey(state, tenant, tally));
}
