/**
 * The journal names the fault that shaped each answer (`fault`), and nothing on an answer
 * no fault touched: what `ticketmock coverage` counts as faults seen.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClock } from '../../src/core/clock.ts';
import { AUVIOUS_DEMO } from '../../src/fixtures/demo.ts';
import { createMocks, type Mocks } from '../../src/mocks.ts';

const BASE = 'http://journal-faults.test';
const AUTH = { authorization: `Bearer ${AUVIOUS_DEMO.token}` };
const CREATE = {
  method: 'POST',
  headers: { ...AUTH, 'content-type': 'application/json' },
  body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: {} }),
};

let mocks: Mocks;
let server: ReturnType<typeof setupServer>;

beforeAll(async () => {
  mocks = await createMocks({
    apis: ['auvious', 'adminserver'],
    clock: createClock({ now: '2026-05-01T10:00:00Z' }),
  });
  server = setupServer(...mocks.handlers);
  server.listen({ onUnhandledRequest: 'error' });
});
afterAll(() => server.close());
beforeEach(async () => {
  mocks.control.setFaults({});
  await mocks.control.reset();
});

const last = () => mocks.control.journal().at(-1);

describe('the journal marks the fault that shaped an answer', () => {
  it('has no fault on an answer without one', async () => {
    expect((await fetch(`${BASE}/security/ticket`, CREATE)).status).toBe(200);
    expect(last()).not.toHaveProperty('fault');
  });

  it('marks a Prefer: code= example as prefer, with its status', async () => {
    const answer = await fetch(`${BASE}/security/ticket/anything`, { headers: { ...AUTH, prefer: 'code=404' } });
    expect(answer.status).toBe(404);
    expect(last()).toMatchObject({ operationId: 'auvious.getTicket', status: 404, fault: 'prefer' });
  });

  it('marks an injected error as error, with the injected status', async () => {
    mocks.control.setFaults({ routes: { 'auvious.getTicket': { errorRate: 1, errorStatus: 503 } } });
    expect((await fetch(`${BASE}/security/ticket/nope00`, { headers: AUTH })).status).toBe(503);
    expect(last()).toMatchObject({ operationId: 'auvious.getTicket', status: 503, fault: 'error' });
  });

  it('marks a dropped connection as drop, with status 0', async () => {
    mocks.control.setFaults({ routes: { 'auvious.createTicket': { dropRate: 1 } } });
    await expect(fetch(`${BASE}/security/ticket`, CREATE)).rejects.toThrow(TypeError);
    expect(last()).toMatchObject({ operationId: 'auvious.createTicket', status: 0, fault: 'drop' });
  });

  it("marks the rate limit's 429 as rate-limit, and the calls within it not at all", async () => {
    mocks.control.setFaults({ rateLimitPerSecond: 1 });
    const login = () =>
      fetch(`${BASE}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@demo.test', password: 'demo-password' }),
      });
    const session = ((await (await login()).json()) as { sessionId: string }).sessionId;
    const list = () =>
      fetch(`${BASE}/jsonRpc/ticket.getPurchasableTickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-session-id': session },
        body: JSON.stringify({ networkId: 'demo-network' }),
      });
    expect((await list()).status).toBe(200);
    expect(last()).not.toHaveProperty('fault');
    expect((await list()).status).toBe(429);
    expect(last()).toMatchObject({ operationId: 'adminserver.ticket.getPurchasableTickets', fault: 'rate-limit' });
  });

  it('marks a delay alone as latency, the answer the operation gave', async () => {
    mocks.control.setFaults({ latencyMs: 5 });
    expect((await fetch(`${BASE}/security/ticket/nope00`, { headers: AUTH })).status).toBe(404);
    expect(last()).toMatchObject({ status: 404, fault: 'latency' });
  });
});
