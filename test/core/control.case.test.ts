/**
 * The control API (`/__mock/*`), seeded determinism and faults, for any target.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caseTarget, client, jsonParseError, T0, type Target, type TargetFactory } from '../helpers/targets.ts';

const DEMO = { authorization: 'Bearer auvious-demo-token' };

interface AuviousTicket {
  id?: string;
}
interface AuviousState {
  apis: { auvious: { tickets: AuviousTicket[] } };
}
/** A bad state to import: its name, the body made from the seeded state, the exact refusal. */
type BadState = [
  string,
  (before: string) => { body: string; id?: string | undefined },
  (id: string | undefined) => string,
];

function controlCases(factory: TargetFactory): void {
  describe(`the control API on the ${factory.name}`, () => {
    let target: Target;
    const api = client(() => target);
    const { call } = api;

    beforeAll(async () => {
      target = await factory.start(['octopus', 'auvious', 'adminserver'], 7);
    });
    afterAll(async () => {
      await target.close();
    });
    beforeEach(async () => {
      await call('POST', '/__mock/seed', { json: { seed: 7 } });
      await call('POST', '/__mock/clock', { json: { now: T0 } });
      await call('PUT', '/__mock/faults', { json: {} });
    });

    it('resets to the seeded data', async () => {
      const seeded = await api.state();
      await call('POST', '/security/ticket', { headers: DEMO, json: { type: 'MULTI_USE_TICKET', properties: {} } });
      expect(await api.state()).not.toBe(seeded);
      expect((await call('POST', '/__mock/reset')).status).toBe(200);
      expect(await api.state()).toBe(seeded);
    });

    it('exports and imports the whole state', async () => {
      const created = (
        await call('POST', '/security/ticket', {
          headers: DEMO,
          json: { type: 'MULTI_USE_TICKET', properties: { k: 1 } },
        })
      ).json;
      const exported = await api.state();
      await call('POST', '/__mock/reset');
      expect((await call('GET', `/security/ticket/${created.id}`, { headers: DEMO })).status).toBe(404);
      expect(
        (await call('PUT', '/__mock/state', { body: exported, headers: { 'content-type': 'application/json' } }))
          .status,
      ).toBe(200);
      expect((await call('GET', `/security/ticket/${created.id}`, { headers: DEMO })).json.properties).toEqual({
        k: 1,
      });
    });

    it('imports a state past the APIs’ 1 MiB body limit (its own export of 10,000 tickets)', async () => {
      const state = JSON.parse(await api.state()) as AuviousState;
      const [first] = state.apis.auvious.tickets;
      state.apis.auvious.tickets = Array.from({ length: 10_000 }, (_, index) => ({
        ...first,
        id: `big${String(index).padStart(3, '0')}`,
      }));
      const body = JSON.stringify(state);
      expect(body.length).toBeGreaterThan(2 * 1024 * 1024);
      const imported = await call('PUT', '/__mock/state', { body, headers: { 'content-type': 'application/json' } });
      expect(imported.status).toBe(200);
      expect(await api.state()).toBe(body);
      const read = await call('GET', '/security/ticket/big9999', { headers: DEMO });
      expect([read.status, read.json.id]).toEqual([200, 'big9999']);
      // the APIs keep their limit
      const big = await call('POST', '/security/ticket', {
        headers: { ...DEMO, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: { pad: 'x'.repeat(1024 * 1024) } }),
      });
      expect(big.status).toBe(413);
    });

    it("round-trips every API's data through export and import, byte for byte", async () => {
      const octopus = await call('POST', '/rest/v1/Location/28XXX004/tickets', {
        headers: { authorization: 'Bearer octopus-demo-key' },
        form: { service: '59219' },
      });
      expect(octopus.status).toBe(200);
      const login = await call('POST', '/auth/login', {
        json: { email: 'admin@demo.test', password: 'demo-password' },
      });
      const session = { 'x-session-id': login.json.sessionId as string };
      const ticket = {
        productId: 'round-trip',
        eventName: 'Round trip',
        eventStartDate: '2026-06-01T18:00:00Z',
        eventEndDate: '2026-06-01T20:00:00Z',
        ticketType: 'single',
        ticketName: 'Entry',
        price: 1.5,
      };
      const created = await call('POST', '/jsonRpc/ticket.createPurchasableTicket', {
        headers: session,
        json: { ticket },
      });
      expect(created.status).toBe(200);
      const exported = await api.state();
      await call('POST', '/__mock/reset');
      expect(await api.state()).not.toBe(exported);
      const imported = await call('PUT', '/__mock/state', {
        body: exported,
        headers: { 'content-type': 'application/json' },
      });
      expect(imported.status).toBe(200);
      expect(await api.state()).toBe(exported);
      // the imported session still works, and new ids do not collide with imported ones
      const again = await call('POST', '/rest/v1/Location/28XXX004/tickets', {
        headers: { authorization: 'Bearer octopus-demo-key' },
        form: { service: '59219' },
      });
      expect(again.json.data.id).toBe(octopus.json.data.id + 1);
      expect(again.json.data.username).not.toBe(octopus.json.data.username);
      const listed = await call('POST', '/jsonRpc/ticket.getPurchasableTickets', { headers: session });
      expect(listed.json.data.tickets.map((t: { productId: string }) => t.productId)).toContain('round-trip');
    });

    it.each([
      ['an Octopus user name twice in one Location', 'octopus'],
      ['an Adminserver ticket with a bad ticketType', 'adminserver'],
      ['an Adminserver without its sessions table', 'adminserver-tables'],
    ])('refuses a state with %s and keeps the data', async (_, which) => {
      const before = await api.state();
      const state = JSON.parse(before);
      if (which === 'octopus') {
        const [first, second] = state.apis.octopus.tickets;
        second.LocationId = first.LocationId;
        second.username = first.username;
      } else if (which === 'adminserver') {
        state.apis.adminserver.tickets[0].ticketType = 'weekly';
      } else {
        delete state.apis.adminserver.sessions;
      }
      const response = await call('PUT', '/__mock/state', {
        body: JSON.stringify(state),
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(400);
      expect(response.json.error.message).toMatch(/^state rejected: /);
      expect(await api.state()).toBe(before);
    });

    /** The seeded state with a change made to its first Auvious ticket; that ticket's id. */
    const withFirstTicket = (before: string, change: (state: AuviousState, first: AuviousTicket) => void) => {
      const state = JSON.parse(before) as AuviousState;
      const first = state.apis.auvious.tickets[0];
      if (first === undefined) throw new Error('the seeded state has no Auvious ticket');
      const { id } = first;
      change(state, first);
      return { body: JSON.stringify(state), id };
    };

    it.each<BadState>([
      ['not JSON', () => ({ body: '{' }), () => `malformed JSON: ${jsonParseError('{')}`],
      [
        'no apis',
        () => ({ body: '{"seed":1}' }),
        () => 'state rejected: state must be an object {"seed": n, "apis": {…}}',
      ],
      [
        'a ticket without an id',
        (before) =>
          withFirstTicket(before, (_, first) => {
            delete first.id;
          }),
        () => "state rejected: auvious.tickets: invalid record: / must have required property 'id'",
      ],
      [
        'two tickets with one id',
        (before) => withFirstTicket(before, (state, first) => state.apis.auvious.tickets.push(first)),
        (id) => `state rejected: auvious.tickets: duplicate key ${id}`,
      ],
    ])('refuses a state that is %s with 400 and keeps the data', async (_, make, message) => {
      const before = await api.state();
      const { body, id } = make(before);
      const response = await call('PUT', '/__mock/state', {
        body,
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(400);
      expect(response.json).toEqual({ error: { code: 400, message: message(id) } });
      expect(await api.state()).toBe(before);
    });

    it('reads, sets and advances the clock', async () => {
      expect((await call('GET', '/__mock/clock')).json).toEqual({ now: T0 });
      expect((await call('POST', '/__mock/clock', { json: { advanceSeconds: 90 } })).json).toEqual({
        now: '2026-05-01T10:01:30.000Z',
      });
      expect((await call('POST', '/__mock/clock', { json: { now: '2027-01-01T00:00:00Z' } })).json).toEqual({
        now: '2027-01-01T00:00:00.000Z',
      });
    });

    it.each([
      [{}],
      [{ now: 'yesterday' }],
      [{ advanceSeconds: 'ten' }],
      [{ now: T0, advanceSeconds: 1 }],
      // past what a Date holds: the mock once failed every later request
      [{ advanceSeconds: 1e300 }],
    ])('refuses the clock change %j with 400', async (body) => {
      expect((await call('POST', '/__mock/clock', { json: body })).status).toBe(400);
      expect((await call('GET', '/__mock/clock')).json).toEqual({ now: T0 });
    });

    it('journals requests with their operation, status and time', async () => {
      await call('POST', '/__mock/reset');
      await call('GET', '/security/ticket/nope00', { headers: DEMO });
      await call('GET', '/security/ticket/nope00');
      const { entries } = (await call('GET', '/__mock/journal')).json;
      const entry = { method: 'GET', path: '/security/ticket/nope00', operationId: 'auvious.getTicket', time: T0 };
      expect(entries).toEqual([
        { ...entry, status: 404, durationMs: expect.any(Number) },
        { ...entry, status: 401, durationMs: expect.any(Number) },
      ]);
      // wall time, so no exact value: a real duration, in milliseconds to the microsecond
      for (const { durationMs } of entries as Array<{ durationMs: number }>) {
        expect(durationMs).toBeGreaterThanOrEqual(0);
        expect(durationMs).toBeLessThan(30_000);
        expect(Math.round(durationMs * 1000) / 1000).toBe(durationMs);
      }
    });

    it('answers the documented example for Prefer: code=<status>, as Prism does', async () => {
      const response = await call('GET', '/security/ticket/anything', { headers: { ...DEMO, prefer: 'code=404' } });
      expect(response.status).toBe(404);
      expect(response.json).toMatchObject({ status: 404, error: 'Not Found' });
    });

    it('injects errors at the configured rate and status, for one operation only', async () => {
      const set = await call('PUT', '/__mock/faults', {
        json: { routes: { 'auvious.getTicket': { errorRate: 1, errorStatus: 503 } } },
      });
      expect(set.status).toBe(200);
      const faulted = await call('GET', '/security/ticket/nope00', { headers: DEMO });
      expect(faulted.status).toBe(503);
      expect(faulted.json).toMatchObject({ status: 503, message: expect.stringMatching(/injected/) });
      const other = await call('POST', '/security/ticket', {
        headers: DEMO,
        json: { type: 'MULTI_USE_TICKET', properties: {} },
      });
      expect(other.status).toBe(200);
    });

    it('drops the connection at the configured rate, before the operation runs', async () => {
      const before = await api.state();
      const set = await call('PUT', '/__mock/faults', {
        json: { routes: { 'auvious.createTicket': { dropRate: 1 } } },
      });
      expect(set.status).toBe(200);
      const create = call('POST', '/security/ticket', {
        headers: DEMO,
        json: { type: 'MULTI_USE_TICKET', properties: {} },
      });
      await expect(create).rejects.toThrow(TypeError);
      expect(await api.state()).toBe(before);
      expect((await call('GET', '/security/ticket/nope00', { headers: DEMO })).status).toBe(404);
      const journal = (await call('GET', '/__mock/journal')).json;
      expect(journal.entries).toContainEqual(
        expect.objectContaining({ method: 'POST', operationId: 'auvious.createTicket', status: 0 }),
      );
    });

    it('adds latency when asked', async () => {
      await call('PUT', '/__mock/faults', { json: { latencyMs: 120 } });
      const started = performance.now();
      await call('GET', '/security/ticket/nope00', { headers: DEMO });
      expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    });

    it.each([
      [{ errorRate: 2 }],
      [{ dropRate: -0.1 }],
      [{ latencyMs: [50, 10] }],
      [{ errorStatus: 200 }],
      [{ surprise: true }],
      [{ rateLimitPerSecond: 0 }],
      [{ rateLimitPerSecond: 1.5 }],
      [{ routes: { 'adminserver.auth.login': { rateLimitPerSecond: 'many' } } }],
    ])('refuses the fault configuration %j with 400', async (body) => {
      expect((await call('PUT', '/__mock/faults', { json: body })).status).toBe(400);
    });

    it('answers an unknown control route with 404', async () => {
      expect((await call('GET', '/__mock/nothing')).status).toBe(404);
    });
  });
}

controlCases(caseTarget());
