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
  /** The API keys, by their value. */
  readonly keys: ReadonlyMap<string, ApiKeyRecord>;
  /** `usernameKey` of every ticket: user names are unique per Location. */
  readonly usernames: Set<string>;
  nextTicketId: number;
}

export type OctopusPrincipal = ApiKeyRecord;

const KEYS: ReadonlyMap<string, ApiKeyRecord> = new Map(OCTOPUS_KEYS.map((key) => [key.key, key]));

export const usernameKey = (LocationId: string, username: string): string => JSON.stringify([LocationId, username]);

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
    }),
    keys: KEYS,
    usernames: new Set(),
    nextTicketId: FIRST_TICKET_ID,
  };
  // Whoever adds a ticket (the API, a fixture, an import, a test through `mocks.db`) takes
  // its id and its user name: the next ticket the API issues never repeats either.
  state.tickets.collection.hooks.on('create', (event) => {
    const ticket = event.data.record;
    state.usernames.add(usernameKey(ticket.LocationId, ticket.username));
    state.nextTicketId = Math.max(state.nextTicketId, ticket.id + 1);
  });
  return state;
}

async function fill(
  state: OctopusState,
  locations: readonly LocationRecord[],
  services: readonly Service[],
  tickets: readonly TicketRecord[],
): Promise<OctopusState> {
  for (const location of locations) await state.locations.insert({ ...location });
  for (const service of services) await state.services.insert(structuredClone(service));
  for (const ticket of tickets) {
    const key = usernameKey(ticket.LocationId, ticket.username);
    if (state.usernames.has(key)) throw new Error(`user name ${ticket.username} repeats in ${ticket.LocationId}`);
    await state.tickets.insert({ ...ticket });
  }
  return state;
}

export async function createOctopusState({ seed, clock }: StateContext): Promise<OctopusState> {
  const faker = octopusFaker(seed);
  const services = octopusServices();
  return fill(emptyState(faker), OCTOPUS_LOCATIONS, services, octopusTickets(faker, services, clock.now()));
}

export function exportOctopusState(state: OctopusState): unknown {
  return {
    locations: structuredClone(state.locations.all()),
    services: structuredClone(state.services.all()),
    tickets: structuredClone(state.tickets.all()),
  };
}

export async function importOctopusState(json: unknown, { seed }: StateContext): Promise<OctopusState> {
  const data = json as { locations?: unknown; services?: unknown; tickets?: unknown };
  if (
    typeof json !== 'object' ||
    json === null ||
    !Array.isArray(data.locations) ||
    !Array.isArray(data.services) ||
    !Array.isArray(data.tickets)
  ) {
    throw new Error('octopus state must be {"locations": [...], "services": [...], "tickets": [...]}');
  }
  // a faker that does not repeat the seeded one's credentials
  const faker = octopusFaker(seed + data.tickets.length + 1);
  return fill(emptyState(faker), data.locations, data.services, data.tickets);
}
