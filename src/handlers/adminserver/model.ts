/**
 * The Adminserver data model (API-NOTES.md §3): purchasable tickets per network, and the
 * small RBAC model that decides who may manage them, as the vendor's RBAC docs describe
 * it: roles hold permissions, users hold roles on targets (`/<networkId>`).
 */
import { closedObject, closedRecordSchema, INSTANT } from '../../core/record-schema.js';
import type { components } from '../../generated/adminserver.js';

export type PurchasableTicket = components['schemas']['PurchasableTicket'];
export type PurchasableTicketInput = components['schemas']['PurchasableTicketInput'];

/** A stored ticket: the API's fields and the network it belongs to. */
export type TicketRecord = PurchasableTicket & { networkId: string };

export interface NetworkRecord {
  networkId: string;
  name: string;
}

export interface UserRecord {
  userId: string;
  email: string;
  password: string;
  preferredNetworkId: string;
}

export interface RoleRecord {
  roleId: string;
  permissions: string[];
}

/** A role held by a user on a target (`/<networkId>`, or `/` for everything). */
export interface AssignmentRecord {
  userId: string;
  roleId: string;
  target: string;
}

export interface SessionRecord {
  sessionId: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
}

const text = { type: 'string' };
const id = { type: 'string', minLength: 1 };

export const ticketRecordSchema = closedRecordSchema<TicketRecord>({
  productId: id,
  eventName: text,
  eventStartDate: INSTANT,
  eventEndDate: INSTANT,
  ticketType: { type: 'string', pattern: '^(single|days:[1-9][0-9]*of[1-9][0-9]*)$' },
  ticketName: text,
  ticketDescription: text,
  price: { type: 'number', minimum: 0 },
  thumbnailId: text,
  discount: text,
  grants: {
    type: 'array',
    items: closedObject({ grantType: text, grantTarget: text }),
  },
  networkId: id,
});

export const networkRecordSchema = closedRecordSchema<NetworkRecord>({ networkId: id, name: text });

export const userRecordSchema = closedRecordSchema<UserRecord>({
  userId: id,
  email: id,
  password: text,
  preferredNetworkId: id,
});

export const roleRecordSchema = closedRecordSchema<RoleRecord>({
  roleId: id,
  permissions: { type: 'array', items: id },
});

export const assignmentRecordSchema = closedRecordSchema<AssignmentRecord>({
  userId: id,
  roleId: id,
  target: { type: 'string', pattern: '^/' },
});

export const sessionRecordSchema = closedRecordSchema<SessionRecord>({
  sessionId: id,
  userId: id,
  createdAt: INSTANT,
  expiresAt: INSTANT,
});
