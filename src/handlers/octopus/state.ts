/**
 * Octopus state: Locations, services and tickets, the faker that makes new credentials,
 * and the derived counters that keep ticket ids and user names unique.
 */
import type { StateContext } from '../../core/api-module.js';
import type { SeededFaker as Faker } from '../../core/seeded-faker.js';
import { Table } from '../../core/store.js';
import {
  FIRST_TICKET_ID,
  OCTOPUS_KEYS,
  OCTOPUS_LOCATIONS,
  octopusFaker,
  octopusServices,
  octopusTickets,
} from '../../fixtures/octopus.js';
import {
  type ApiKeyRecord,
  apiKeyRecordSchema,
  type LocationRecord,
  locationRecordSchema,
  type Service,
  serviceRecordSchema,
  type TicketRecord,
  ticketRecordSchema,
} from './model.js';

export interface OctopusState {
  readonly faker: Faker;
  readonly locations: Table<LocationRecord>;
  readonly services: Table<Service>;
  readonly tickets: Table<TicketRecord>;
  /**
   * The API keys, by their value: the demo ones, and those an import made for a Location
   * no demo key reaches (src/handlers/octopus/import.ts).
   */
  readonly keys: Table<ApiKeyRecord>;
  /** Every ticket's user name, by Location: user names are unique per Location. */
  readonly usernames: Map<string, Set<string>>;
  nextTicketId: number;
}

export type OctopusPrincipal = ApiKeyRecord;

/** Whether a ticket of the Location has the user name (a name once given stays taken). */
export const usernameTaken = (state: OctopusState, LocationId: string, username: string): boolean =>
  state.usernames.get(LocationId)?.has(username) === true;

/** The ticket's user name taken in its Location (the record's own strings: no new key per ticket). */
function takeUsername(state: OctopusState, ticket: TicketRecord): void {
  let names = state.usernames.get(ticket.LocationId);
  if (names === undefined) {
    names = new Set();
    state.usernames.set(ticket.LocationId, names);
  }
  names.add(ticket.username);
}

function emptyState(faker: Faker): OctopusState {
  const state: OctopusState = {
    faker,
    locations: new Table({
      name: 'octopus.locations',
      schema: locationRecordSchema,
      key: (location) => location.LocationId,
      tenant: (location) => location.customerId,
    }),
    services: new Table({
      name: 'octopus.services',
      schema: serviceRecordSchema,
      key: (service) => String(service.id),
      tenant: (service) => service.LocationId,
    }),
    tickets: new Table({
      name: 'octopus.tickets',
      schema: ticketRecordSchema,
      key: (ticket) => String(ticket.id),
      tenant: (ticket) => ticket.LocationId,
      // Whoever adds a ticket (the API, a fixture, an import, a test through `mocks.db`)
      // takes its id and its user name: the next ticket the API issues never repeats either.
      onAdd: (ticket) => {
        takeUsername(state, ticket);
        state.nextTicketId = Math.max(state.nextTicketId, ticket.id + 1);
      },
    }),
    keys: new Table({
      name: 'octopus.keys',
      schema: apiKeyRecordSchema,
      key: (key) => key.key,
      tenant: (key) => key.customerId,
    }),
    usernames: new Map(),
    nextTicketId: FIRST_TICKET_ID,
  };
  return state;
}

/**
 * The Locations and services are copied (the fixtures' constants); the tickets are taken as
 * they are: freshly generated, or parsed from a state document (an engine that keeps
 * `@msw/data` collections copies them again when it attaches), so a 100,000-ticket file
 * does not cost a second copy of every ticket while it loads.
 */
async function fill(
  state: OctopusState,
  keys: readonly ApiKeyRecord[],
  locations: readonly LocationRecord[],
  services: readonly Service[],
  tickets: readonly TicketRecord[],
): Promise<OctopusState> {
  for (const key of keys) await state.keys.insert(structuredClone(key));
  for (const location of locations) await state.locations.insert({ ...location });
  for (const service of services) await state.services.insert(structuredClone(service));
  for (const ticket of tickets) {
    if (usernameTaken(state, ticket.LocationId, ticket.username)) {
      throw new Error(`user name ${ticket.username} repeats in ${ticket.LocationId}`);
    }
    await state.tickets.insert(ticket);
  }
  return state;
}

export async function createOctopusState({ seed, clock }: StateContext): Promise<OctopusState> {
  const faker = octopusFaker(seed);
  const services = octopusServices();
  return fill(
    emptyState(faker),
    OCTOPUS_KEYS,
    OCTOPUS_LOCATIONS,
    services,
    octopusTickets(faker, services, clock.now()),
  );
}

export function exportOctopusState(state: OctopusState): unknown {
  return {
    keys: structuredClone(state.keys.all()),
    locations: structuredClone(state.locations.all()),
    services: structuredClone(state.services.all()),
    tickets: structuredClone(state.tickets.all()),
  };
}

export async function importOctopusState(json: unknown, { seed }: StateContext): Promise<OctopusState> {
  const data = json as { keys?: unknown; locations?: unknown; services?: unknown; tickets?: unknown };
  if (
    typeof json !== 'object' ||
    json === null ||
    (data.keys !== undefined && !Array.isArray(data.keys)) ||
    !Array.isArray(data.locations) ||
    !Array.isArray(data.services) ||
    !Array.isArray(data.tickets)
  ) {
    throw new Error('octopus state must be {"keys"?: [...], "locations": [...], "services": [...], "tickets": [...]}');
  }
  // a faker that does not repeat the seeded one's credentials
  const faker = octopusFaker(seed + data.tickets.length + 1);
  // a state file written before keys were state has none: the demo keys
  const keys = (data.keys as ApiKeyRecord[] | undefined) ?? OCTOPUS_KEYS;
  return fill(emptyState(faker), keys, data.locations, data.services, data.tickets);
}
