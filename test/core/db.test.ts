/**
 * `mocks.db`: a test seeds and queries the mock's data through `@msw/data`'s own API, and
 * the mock answers from the same collections (DESIGN.md, Library; decision 009).
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../../src/core/clock.ts';
import { AUVIOUS_DEMO, OCTOPUS_DEMO } from '../../src/fixtures/demo.ts';
import { createMocks, type Mocks } from '../../src/mocks.ts';
import { T0 } from '../helpers/targets.ts';

const BASE = 'http://ticketmock.test';
let mocks: Mocks;
const server = setupServer();

beforeAll(async () => {
  mocks = await createMocks({ apis: ['auvious', 'octopus'], clock: createClock({ now: T0 }) });
  server.use(...mocks.handlers);
  server.listen({ onUnhandledRequest: 'error' });
});
afterAll(() => server.close());

const auvious = (path: string, init: RequestInit = {}) =>
  fetch(`${BASE}${path}`, { ...init, headers: { authorization: `Bearer ${AUVIOUS_DEMO.token}`, ...init.headers } });

describe('mocks.db', () => {
  it('is seeded through @msw/data: a ticket created in the collection is answered over msw', async () => {
    await mocks.db.auvious.tickets.create({
      id: 'seeded-by-test',
      organizationId: AUVIOUS_DEMO.organization,
      type: 'MULTI_USE_TICKET',
      properties: { conference_id: 'conf-from-test' },
      createdAt: T0,
      expiresAt: '2026-05-01T14:00:00.000Z',
      disabled: null,
      revoked: null,
      userId: 'user-from-test',
      version: 0,
    });
    const response = await auvious('/security/ticket/seeded-by-test');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id: 'seeded-by-test',
      properties: { conference_id: 'conf-from-test' },
    });
  });

  it('is what the mock writes: a ticket the API creates is in the collection', async () => {
    const response = await auvious('/security/ticket', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: { conference_id: 'conf-over-http' } }),
    });
    expect(response.status).toBe(200);
    const { id } = (await response.json()) as { id: string };
    const stored = mocks.db.auvious.tickets.findFirst((q) => q.where({ id }));
    expect(stored?.properties).toEqual({ conference_id: 'conf-over-http' });
    expect(stored?.organizationId).toBe(AUVIOUS_DEMO.organization);
  });

  it('follows an update and a delete through the collection', async () => {
    await mocks.db.auvious.tickets.update((q) => q.where({ id: 'seeded-by-test' }), {
      data(ticket) {
        ticket.properties = { conference_id: 'changed-by-test' };
      },
    });
    const changed = await auvious('/security/ticket/seeded-by-test');
    expect(((await changed.json()) as { properties: unknown }).properties).toEqual({
      conference_id: 'changed-by-test',
    });

    mocks.db.auvious.tickets.delete((q) => q.where({ id: 'seeded-by-test' }));
    expect((await auvious('/security/ticket/seeded-by-test')).status).toBe(404);
  });

  it('lists what findMany finds for one tenant', async () => {
    const response = await fetch(`${BASE}/rest/v1/Location/${OCTOPUS_DEMO.location}/tickets?limit=5000`, {
      headers: { authorization: `Bearer ${OCTOPUS_DEMO.key}` },
    });
    expect(response.status).toBe(200);
    const listed = ((await response.json()) as { data: Array<{ id: number }> }).data.map((ticket) => ticket.id);
    const found = mocks.db.octopus.tickets
      .findMany((q) => q.where({ LocationId: OCTOPUS_DEMO.location }))
      .map((ticket) => ticket.id);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed).toEqual(found);
  });

  it('gives the API a fresh id after a test seeds an Octopus ticket through the collection', async () => {
    const all = mocks.db.octopus.tickets.all();
    const next = Math.max(...all.map((ticket) => ticket.id)) + 1;
    const template = all.find((ticket) => ticket.LocationId === OCTOPUS_DEMO.location);
    if (template === undefined) throw new Error('no seeded Octopus ticket');
    await mocks.db.octopus.tickets.create({ ...template, id: next, username: 'seeded', password: 'seeded' });
    const response = await fetch(`${BASE}/rest/v1/Location/${OCTOPUS_DEMO.location}/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${OCTOPUS_DEMO.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ service: OCTOPUS_DEMO.service }),
    });
    // before the create hook kept the id, this POST reused `next` and failed on the duplicate key
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { id: number; username: string } };
    expect(data.id).toBe(next + 1);
    expect(data.username).not.toBe('seeded');
  });

  it('hands out the new collections after a reset', async () => {
    const before = mocks.db.auvious.tickets;
    // a record of this test's own: the reset, not an earlier test's delete, must take it away
    const template = before.all()[0];
    if (template === undefined) throw new Error('no seeded Auvious ticket');
    await before.create({ ...template, id: 'made-before-reset' });
    expect(before.findFirst((q) => q.where({ id: 'made-before-reset' }))).toBeDefined();
    await mocks.control.reset();
    expect(mocks.db.auvious.tickets).not.toBe(before);
    expect(mocks.db.auvious.tickets.findFirst((q) => q.where({ id: 'made-before-reset' }))).toBeUndefined();
    expect(mocks.db.auvious.tickets.count()).toBeGreaterThan(0);
  });
});
