/**
 * The Octopus data model: what the store keeps (API-NOTES.md §1). Services are stored as
 * the API shows them; a ticket's `status` is derived from the clock at read time, so the
 * record keeps everything else.
 */
import { closedObject, closedRecordSchema, INSTANT } from '../../core/record-schema.js';
import type { components } from '../../generated/octopus.js';

export type Service = components['schemas']['Service'];
export type ServiceType = components['schemas']['ServiceType'];
export type Ticket = components['schemas']['Ticket'];
export type TicketStatus = components['schemas']['TicketStatus'];
export type TicketFormat = components['schemas']['TicketFormat'];
/** The validated body of `createTicket`: `service` a string or a number, the dates ISO-8601 text. */
export type CreateTicketRequest = components['schemas']['CreateTicketRequest'];

export type TicketRecord = Omit<Ticket, 'status'>;

/** A Location and the customer (organisation) it belongs to. */
export interface LocationRecord {
  LocationId: string;
  customerId: string;
  name: string;
}

/** An API key: granted a list of Locations, or every Location of its customer. */
export interface ApiKeyRecord {
  readonly key: string;
  readonly customerId: string;
  readonly locations: readonly string[] | 'all';
}

const flag = { enum: [0, 1] };
const count = { type: 'integer', minimum: 0 };

export const serviceRecordSchema = closedRecordSchema<Service>({
  id: { type: 'integer', minimum: 1 },
  LocationId: { type: 'string', minLength: 1 },
  typeId: { type: 'string', minLength: 1 },
  name: { type: 'string' },
  price: { type: 'number', minimum: 0 },
  status: { type: 'integer' },
  onlineTime: count,
  expTime: count,
  tpv: flag,
  pms: flag,
  showLogin: flag,
  simDevices: count,
  maxUsers: count,
  loginMethod: { type: 'string' },
  download: count,
  upload: count,
  downrate: count,
  uprate: count,
  dailyLimit: count,
  validUntil: count,
  vip: flag,
  validateEmail: flag,
  deleted: flag,
  withRegistration: flag,
  macCaching: flag,
  issueOrder: count,
  type: closedObject({
    id: { type: 'string' },
    description: { type: 'string' },
    timetofinish: { type: 'boolean' },
    onlinetime: { type: 'boolean' },
    timetolimit: { type: 'boolean' },
    limittraffic: { type: 'boolean' },
  }),
});

export const ticketRecordSchema = closedRecordSchema<TicketRecord>({
  id: { type: 'integer', minimum: 1 },
  LocationId: { type: 'string', minLength: 1 },
  serviceId: { type: 'integer', minimum: 1 },
  username: { type: 'string', minLength: 1 },
  password: { type: 'string', minLength: 1 },
  format: { enum: ['print', 'email'] },
  email: { type: ['string', 'null'] },
  userId: { type: ['string', 'null'] },
  numusers: { type: 'integer', minimum: 1 },
  start_time: INSTANT,
  valid_until: { anyOf: [INSTANT, { type: 'null' }] },
  expires_at: { anyOf: [INSTANT, { type: 'null' }] },
  createdAt: INSTANT,
});

export const apiKeyRecordSchema = closedRecordSchema<ApiKeyRecord>({
  key: { type: 'string', minLength: 1 },
  customerId: { type: 'string', minLength: 1 },
  locations: { anyOf: [{ const: 'all' }, { type: 'array', items: { type: 'string', minLength: 1 } }] },
});

export const locationRecordSchema = closedRecordSchema<LocationRecord>({
  LocationId: { type: 'string', minLength: 1 },
  customerId: { type: 'string', minLength: 1 },
  name: { type: 'string' },
});
