/** Helpdesk's data model: a ticket as the spec answers it, with the account it belongs to. */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { RecordSchema } from '../../../../src/core/store.ts';
import type { components } from '../../generated/helpdesk.ts';

export type Ticket = components['schemas']['Ticket'];

/** A stored ticket: the spec's ticket and its account (the tenant). */
export interface TicketRecord extends Ticket {
  readonly account: string;
}

/** An API key and the account it acts for. */
export interface AgentKey {
  readonly token: string;
  readonly account: string;
}

const TICKET_RECORD = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'subject', 'status', 'priority', 'created_at', 'account'],
  properties: {
    id: { type: 'integer', minimum: 1 },
    subject: { type: 'string', minLength: 1 },
    status: { enum: ['new', 'open', 'solved'] },
    priority: { enum: ['low', 'normal', 'high'] },
    created_at: { type: 'string' },
    account: { type: 'string', minLength: 1 },
  },
};

// A shipped API exports its record schemas for `npm run generate` to precompile
// (src/core/record-schema.ts); the toy compiles its one schema with Ajv here.
const validate = new Ajv2020().compile<unknown>(TICKET_RECORD);

/** The Standard Schema the ticket table checks every record with. */
export const ticketRecordSchema: RecordSchema<TicketRecord> = {
  '~standard': {
    version: 1,
    vendor: 'ticketmock-toy',
    validate: (value) =>
      validate(value)
        ? { value: value as TicketRecord }
        : { issues: (validate.errors ?? []).map((error) => ({ message: `${error.instancePath} ${error.message}` })) },
  },
};
