/** The Auvious ticket records the store benchmarks fill their tables with (two organisations, alternating). */
import type { TicketRecord } from '../src/handlers/auvious/model.ts';

/** The `index`th record: a distinct id, the organisation alternating between the two demo ones. */
export function record(index: number): TicketRecord {
  return {
    id: `t${index.toString(36).padStart(6, '0')}`,
    organizationId: index % 2 === 0 ? 'demo-org' : 'other-org',
    type: 'MULTI_USE_TICKET',
    properties: { conference_id: `c-${index}` },
    createdAt: '2026-05-01T10:00:00.000Z',
    expiresAt: '2026-05-01T14:00:00.000Z',
    disabled: null,
    revoked: null,
    userId: `ticket-${index}`,
    version: 0,
  };
}
