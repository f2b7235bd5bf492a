/**
 * Auvious state: the seeded tables and the faker that makes new ids, plus who may call.
 */
import type { StateContext } from '../../core/api-module.js';
import type { SeededFaker as Faker } from '../../core/seeded-faker.js';
import { Table } from '../../core/store.js';
import { AUVIOUS_CLIENTS, AUVIOUS_DEMO_TOKENS, auviousFaker, auviousTickets } from '../../fixtures/auvious.js';
import {
  type ClientRecord,
  clientRecordSchema,
  type TicketRecord,
  type TokenRecord,
  ticketRecordSchema,
  tokenRecordSchema,
} from './model.js';

export interface AuviousState {
  readonly faker: Faker;
  readonly tickets: Table<TicketRecord>;
  readonly tokens: Table<TokenRecord>;
  /** The OAuth clients, by id: the demo ones, and those an import made for an organisation no demo client is of. */
  readonly clients: Table<ClientRecord>;
}

export type AuviousPrincipal =
  | { readonly kind: 'client'; readonly organizationId: string; readonly clientId: string }
  | { readonly kind: 'anonymous'; readonly basic: { readonly clientId: string; readonly secret: string } | undefined };

function emptyState(faker: Faker): AuviousState {
  return {
    faker,
    tickets: new Table({
      name: 'auvious.tickets',
      schema: ticketRecordSchema,
      key: (t) => t.id,
      tenant: (t) => t.organizationId,
    }),
    tokens: new Table({
      name: 'auvious.tokens',
      schema: tokenRecordSchema,
      key: (t) => t.token,
      tenant: (t) => t.organizationId,
    }),
    clients: new Table({
      name: 'auvious.clients',
      schema: clientRecordSchema,
      key: (c) => c.clientId,
      tenant: (c) => c.organizationId,
    }),
  };
}

export async function createAuviousState({ seed, clock }: StateContext): Promise<AuviousState> {
  const faker = auviousFaker(seed);
  const state = emptyState(faker);
  for (const client of AUVIOUS_CLIENTS) await state.clients.insert({ ...client });
  for (const token of AUVIOUS_DEMO_TOKENS) await state.tokens.insert({ ...token });
  for (const ticket of auviousTickets(faker, clock.now())) await state.tickets.insert(ticket);
  return state;
}

export function exportAuviousState(state: AuviousState): unknown {
  return {
    clients: structuredClone(state.clients.all()),
    tickets: structuredClone(state.tickets.all()),
    tokens: structuredClone(state.tokens.all()),
  };
}

export async function importAuviousState(json: unknown, { seed }: StateContext): Promise<AuviousState> {
  const data = json as { clients?: unknown; tickets?: unknown; tokens?: unknown };
  if (
    typeof json !== 'object' ||
    json === null ||
    (data.clients !== undefined && !Array.isArray(data.clients)) ||
    !Array.isArray(data.tickets) ||
    !Array.isArray(data.tokens)
  ) {
    throw new Error('auvious state must be {"clients"?: [...], "tickets": [...], "tokens": [...]}');
  }
  // a faker that does not repeat the seeded one's ids
  const state = emptyState(auviousFaker(seed + data.tickets.length + 1));
  // a state file written before clients were state has none: the demo ones
  for (const client of (data.clients as ClientRecord[] | undefined) ?? AUVIOUS_CLIENTS) {
    await state.clients.insert({ ...client });
  }
  for (const ticket of data.tickets) await state.tickets.insert(ticket as TicketRecord);
  for (const token of data.tokens) await state.tokens.insert(token as TokenRecord);
  return state;
}
