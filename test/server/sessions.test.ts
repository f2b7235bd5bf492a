/**
 * Sessions on one standalone server (DESIGN.md, second round; issue 17): parallel workers
 * each open a session and see only their own tickets, clock and journal; the default state
 * is untouched; a deleted or unknown session is a 404, never the default state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll, serve } from '../helpers/cli.ts';

const WORKERS = 8;
const TICKETS_PER_WORKER = 6;
const DEMO = { authorization: 'Bearer auvious-demo-token' };

let url: string;

async function call(
  method: string,
  path: string,
  options: { session?: string; json?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.session !== undefined) headers['x-mock-session'] = options.session;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${url}${path}`, {
    method,
    headers,
    redirect: 'manual',
    ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text === '' ? undefined : JSON.parse(text) };
}

const ticketIds = (state: { apis: { auvious: { tickets: { id: string }[] } } }) =>
  new Set(state.apis.auvious.tickets.map((ticket) => ticket.id));

beforeAll(async () => {
  ({ url } = await serve('--port', '0', '--quiet'));
});
afterAll(() => killAll());

describe('sessions on one server', () => {
  it('gives parallel workers state, clock and journal of their own, and leaves the default state as it was', async () => {
    const before = await call('GET', '/__mock/state');
    const defaultIds = ticketIds(before.json);
    let requests = 0;

    const worker = async (index: number) => {
      const opened = await call('POST', '/__mock/sessions', { json: { seed: 100 + index } });
      requests += 1;
      expect(opened.status).toBe(201);
      expect(opened.json).toMatchObject({ id: expect.any(String), seed: 100 + index });
      expect(opened.headers.get('location')).toBe(`/__mock/sessions/${opened.json.id}`);
      const session: string = opened.json.id;
      const made: string[] = [];
      for (let k = 0; k < TICKETS_PER_WORKER; k += 1) {
        const created = await call('POST', '/security/ticket', {
          session,
          headers: DEMO,
          json: { type: 'MULTI_USE_TICKET', properties: { conference_id: `worker-${index}-${k}` } },
        });
        requests += 1;
        expect(created.status).toBe(200);
        made.push(created.json.id);
      }
      // each worker moves its own clock by its own amount
      const moved = await call('POST', '/__mock/clock', { session, json: { advanceSeconds: 3600 * (index + 1) } });
      requests += 1;
      expect(moved.status).toBe(200);
      return { index, session, made, now: moved.json.now as string };
    };
    const results = await Promise.all(Array.from({ length: WORKERS }, (_, index) => worker(index)));

    let crossTalk = 0;
    for (const result of results) {
      const state = await call('GET', '/__mock/state', { session: result.session });
      const journal = await call('GET', '/__mock/journal', { session: result.session });
      const clock = await call('GET', '/__mock/clock', { session: result.session });
      requests += 3;
      const ids = ticketIds(state.json);
      for (const id of result.made) expect(ids.has(id)).toBe(true);
      for (const other of results) {
        if (other === result) continue;
        for (const id of other.made) {
          // another session's ticket may share an id drawn from another seed only by chance; its owner's conference must not show
          const row = state.json.apis.auvious.tickets.find((ticket: { id: string }) => ticket.id === id);
          if (row !== undefined && String(row.properties?.conference_id).startsWith(`worker-${other.index}-`))
            crossTalk += 1;
        }
      }
      const created = journal.json.entries.filter(
        (entry: { operationId: string }) => entry.operationId === 'auvious.createTicket',
      );
      expect(created).toHaveLength(TICKETS_PER_WORKER);
      // the clock moved by this worker's own hour count only
      expect(Date.parse(clock.json.now) - Date.parse(result.now)).toBeGreaterThanOrEqual(0);
      expect(Date.parse(clock.json.now) - Date.parse(result.now)).toBeLessThan(60_000);
      // and the ticket read through the session is there; through the default state it is not
      const read = await call('GET', `/security/ticket/${result.made[0]}`, { session: result.session, headers: DEMO });
      requests += 1;
      expect(read.status).toBe(200);
      expect(read.json.properties.conference_id).toBe(`worker-${result.index}-0`);
    }
    expect(crossTalk).toBe(0);

    const after = await call('GET', '/__mock/state');
    expect(ticketIds(after.json)).toEqual(defaultIds);
    const defaultJournal = await call('GET', '/__mock/journal');
    expect(
      defaultJournal.json.entries.filter(
        (entry: { operationId: string }) => entry.operationId === 'auvious.createTicket',
      ),
    ).toEqual([]);

    const listed = await call('GET', '/__mock/sessions');
    expect(listed.json.sessions.map((session: { id: string }) => session.id).sort()).toEqual(
      results.map((result) => result.session).sort(),
    );
    for (const result of results) expect((await call('DELETE', `/__mock/sessions/${result.session}`)).status).toBe(204);
    expect(requests).toBe(WORKERS * (TICKETS_PER_WORKER + 2) + WORKERS * 4);
  });

  it('answers a deleted or unknown session with 404, never the default state', async () => {
    const opened = await call('POST', '/__mock/sessions');
    expect(opened.status).toBe(201);
    const session: string = opened.json.id;
    const created = await call('POST', '/security/ticket', {
      session,
      headers: DEMO,
      json: { type: 'MULTI_USE_TICKET', properties: { conference_id: 'c-1' } },
    });
    expect(created.status).toBe(200);
    expect((await call('DELETE', `/__mock/sessions/${session}`)).status).toBe(204);

    for (const [method, path] of [
      ['GET', `/security/ticket/${created.json.id}`],
      ['GET', '/__mock/state'],
      ['POST', '/__mock/reset'],
    ] as const) {
      const answer = await call(method, path, { session, headers: DEMO });
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.json).toEqual({ error: `no session ${session}` });
    }
    const unknown = await call('GET', '/__mock/clock', { session: 'nobody' });
    expect(unknown).toMatchObject({ status: 404, json: { error: 'no session nobody' } });
    expect((await call('DELETE', `/__mock/sessions/${session}`)).json).toEqual({ error: `no session ${session}` });
    expect((await call('GET', '/__mock/sessions')).json.sessions.map((s: { id: string }) => s.id)).not.toContain(
      session,
    );
  });

  it('gives a session its own faults and seed, and refuses a bad opening body in the control plane’s shape', async () => {
    const a = (await call('POST', '/__mock/sessions', { json: { seed: 7 } })).json.id as string;
    const b = (await call('POST', '/__mock/sessions', { json: { seed: 7 } })).json.id as string;
    // the same seed gives the same dataset in both; its times follow each session's running
    // clock, started at its creation (two creations may straddle a second), so they are
    // compared as times, and all else as is
    const stateA = await call('GET', '/__mock/state', { session: a });
    const stateB = await call('GET', '/__mock/state', { session: b });
    const timeless = (apis: unknown) =>
      JSON.stringify(apis).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g, '<time>');
    expect(timeless(stateA.json.apis)).toContain('<time>');
    expect(timeless(stateA.json.apis)).toEqual(timeless(stateB.json.apis));
    // a fault set in one session fails its calls only
    expect((await call('PUT', '/__mock/faults', { session: a, json: { errorRate: 1 } })).status).toBe(200);
    const failing = await call('POST', '/security/ticket', {
      session: a,
      headers: DEMO,
      json: { type: 'MULTI_USE_TICKET', properties: { conference_id: 'c-1' } },
    });
    expect(failing.status).toBeGreaterThanOrEqual(500);
    const fine = await call('POST', '/security/ticket', {
      session: b,
      headers: DEMO,
      json: { type: 'MULTI_USE_TICKET', properties: { conference_id: 'c-1' } },
    });
    expect(fine.status).toBe(200);
    expect((await call('GET', '/__mock/faults')).json).toEqual({});

    for (const body of ['{"seed": -1}', '{"seed": "7"}', '[1]', '{"seed":']) {
      const response = await fetch(`${url}/__mock/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(response.status, body).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 400, message: expect.any(String) } });
    }
    for (const id of [a, b]) await call('DELETE', `/__mock/sessions/${id}`);
  });
});
