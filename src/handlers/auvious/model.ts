/**
 * The Auvious data model: what the store keeps (API-NOTES.md §2). The API's `Ticket` is a
 * view of a TicketRecord computed at read time (`expired` comes from the clock).
 */

import { closedRecordSchema, INSTANT } from '../../core/record-schema.js';
import type { components } from '../../generated/auvious.js';

export type TicketType = components['schemas']['TicketType'];
export type Ticket = components['schemas']['Ticket'];

export interface TicketRecord {
  id: string;
  organizationId: string;
  type: TicketType;
  properties: Record<string, unknown>;
  createdAt: string;
  expiresAt: string;
  disabled: string | null;
  revoked: string | null;
  userId: string;
  version: number;
}

/** An access token: an application's (client credentials) or a customer's (ticket exchange). */
export interface TokenRecord {
  token: string;
  kind: 'client' | 'customer' | 'refresh';
  organizationId: string;
  clientId: string;
  /** The ticket a customer or refresh token came from. */
  ticketId: string | null;
  userId: string | null;
  /** null: never expires (the ready-made demo tokens). */
  expiresAt: string | null;
}

export interface ClientRecord {
  readonly clientId: string;
  readonly secret: string;
  readonly organizationId: string;
  /** The public client `customer` (empty secret) may only exchange tickets. */
  readonly public: boolean;
}

export const ticketRecordSchema = closedRecordSchema<TicketRecord>({
  id: { type: 'string', minLength: 1 },
  organizationId: { type: 'string', minLength: 1 },
  type: { type: 'string', pattern: '^[A-Z_]+$' },
  properties: { type: 'object' },
  createdAt: INSTANT,
  expiresAt: INSTANT,
  disabled: { anyOf: [INSTANT, { type: 'null' }] },
  revoked: { anyOf: [INSTANT, { type: 'null' }] },
  userId: { type: 'string' },
  version: { type: 'integer', minimum: 0 },
});

export const tokenRecordSchema = closedRecordSchema<TokenRecord>({
  token: { type: 'string', minLength: 1 },
  kind: { enum: ['client', 'customer', 'refresh'] },
  organizationId: { type: 'string' },
  clientId: { type: 'string' },
  ticketId: { type: ['string', 'null'] },
  userId: { type: ['string', 'null'] },
  expiresAt: { anyOf: [INSTANT, { type: 'null' }] },
});

export const clientRecordSchema = closedRecordSchema<ClientRecord>({
  clientId: { type: 'string', minLength: 1 },
  secret: { type: 'string' },
  organizationId: { type: 'string' },
  public: { type: 'boolean' },
});
