/**
 * Auvious state: the seeded tables and the faker that makes new ids, plus who may call.
 */
import type { StateContext } from '../../core/api-module.js';
import type { SeededFaker as Faker } from '../../core/seeded-faker.js';
import { Table } from '../../core/store.js';
import { AUVIOUS_CLIENTS, AUVIOUS_DEMO_TOKENS, auviousFaker, auviousTickets } from '../../fixtures/auvious.js';
import {
  type ClientRecord,
  type TicketRecord,
  type TokenRecord,
  ticketRecordSchema,
  tokenRecordSchema,
} from './model.js';

export interface AuviousState {
  readonly faker: Faker;
  readonly tickets: Table<TicketRecord>;
  readonly tokens: Table<TokenRecord>;
  readonly clients: readonly ClientRecord[];
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
    clients: AUVIOUS_CLIENTS,
  };
}

export async function createAuviousState({ seed, clock }: StateContext): Promise<AuviousState> {
  const faker = auviousFaker(seed);
  const state = emptyState(faker);
  for (const token of AUVIOUS_DEMO_TOKENS) await state.tokens.insert({ ...token });
  for (const ticket of auviousTickets(faker, clock.now())) await state.tickets.insert(ticket);
  return state;
}

export function exportAuviousState(state: AuviousState): unknown {
  return { tickets: structuredClone(state.tickets.all()), tokens: structuredClone(state.tokens.all()) };
}

export async function importAuviousState(json: unknown, { seed }: StateContext): Promise<AuviousState> {
  const data = json as { tickets?: unknown; tokens?: unknown };
  if (typeof json !== 'object' || json === null || !Array.isArray(data.tickets) || !Array.isArray(data.tokens)) {
    throw new Error('auvious state must be {"tickets": [...], "tokens": [...]}');
  }
  // a faker that does not repeat the seeded one's ids
  const state = emptyState(auviousFaker(seed + data.tickets.length + 1));
  for (const ticket of data.tickets) await state.tickets.insert(ticket as TicketRecord);
  for (const token of data.tokens) await state.tokens.insert(token as TokenRecord);
  return state;
}
