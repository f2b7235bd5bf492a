/**
 * Opt-in faults (src/core/faults.ts, `PUT /__mock/faults`): the configuration's checks,
 * which rule holds for an operation, latency ranges, Prism's `Prefer: code=<status>`, and
 * the rate limit's windows; the last three also as a user of the mock sees them, through
 * the engine in-process (no server, no network).
 */
import { describe, expect, it } from 'vitest';
import { createClock } from '../../src/core/clock.ts';
import { Engine } from '../../src/core/engine.ts';
import {
  type FaultConfig,
  latencyOf,
  parseFaultConfig,
  preferredStatus,
  RateCounter,
  ruleFor,
} from '../../src/core/faults.ts';
import type { MockRequest, MockResponse } from '../../src/core/http.ts';
import { modulesFor } from '../../src/handlers/index.ts';

const T0 = '2026-05-01T10:00:00.000Z';
const T0_MS = Date.parse(T0);

describe('parseFaultConfig', () => {
  it.each<[string, unknown]>([
    ['nothing', {}],
    ['a fixed latency', { latencyMs: 200 }],
    ['a latency range', { latencyMs: [50, 500] }],
    ['a range of one value', { latencyMs: [70, 70] }],
    ['every global field', { latencyMs: 0, errorRate: 0.1, errorStatus: 503, dropRate: 0.05, rateLimitPerSecond: 5 }],
    ['a rule per route', { routes: { 'auvious.getTicket': { errorRate: 1, latencyMs: [0, 10] }, getToken: {} } }],
  ])('takes %s as it is', (_, config) => {
    expect(parseFaultConfig(config)).toEqual({ ok: true, value: config });
  });

  it.each<[string, unknown, string]>([
    ['no object', null, 'faults: must be object'],
    ['an unknown member', { latency: 5 }, 'faults: must NOT have additional properties'],
    ['a rate over 1', { errorRate: 2 }, 'faults/errorRate: must be <= 1'],
    ['a negative latency', { latencyMs: -1 }, 'faults/latencyMs: must be >= 0'],
    ['a latency over a minute', { latencyMs: 60_001 }, 'faults/latencyMs: must be <= 60000'],
    [
      'a status that is no error',
      { routes: { x: { errorStatus: 200 } } },
      'faults/routes/x/errorStatus: must be >= 400',
    ],
    ['a rate limit of 0', { rateLimitPerSecond: 0 }, 'faults/rateLimitPerSecond: must be >= 1'],
    ['a reversed range', { latencyMs: [10, 5] }, 'faults: a latency range must be [min, max] with min <= max'],
    [
      "a route's reversed range",
      { latencyMs: [1, 2], routes: { a: { latencyMs: 3 }, b: { latencyMs: [9, 3] } } },
      'faults: a latency range must be [min, max] with min <= max',
    ],
  ])('refuses %s, saying where and why', (_, config, message) => {
    expect(parseFaultConfig(config)).toEqual({ ok: false, error: message });
  });
});

describe('ruleFor', () => {
  const config: FaultConfig = {
    errorRate: 0.5,
    routes: { 'auvious.getTicket': { latencyMs: 10 }, getTicket: { latencyMs: 20 }, createTicket: { errorRate: 1 } },
  };

  it("takes the route's rule named with its API first, then by operationId alone, else the global one", () => {
    expect(ruleFor(config, 'auvious', 'getTicket')).toEqual({ latencyMs: 10 });
    expect(ruleFor(config, 'octopus', 'getTicket')).toEqual({ latencyMs: 20 });
    expect(ruleFor(config, 'octopus', 'createTicket')).toEqual({ errorRate: 1 });
    expect(ruleFor(config, 'auvious', 'updateTicket')).toBe(config);
    expect(ruleFor({}, 'auvious', 'getTicket')).toEqual({});
  });
});

describe('latencyOf', () => {
  it('is 0 without a latency, and a fixed latency as it is', () => {
    expect(latencyOf({}, () => 0.5)).toBe(0);
    expect(latencyOf({ latencyMs: 250 }, () => 0.5)).toBe(250);
  });

  it.each([
    [0, 50],
    [0.25, 80],
    [0.5, 110],
    [0.999, 169.88],
  ])('draws a range [50, 170] uniformly: %d gives %d', (draw, latency) => {
    expect(latencyOf({ latencyMs: [50, 170] }, () => draw)).toBeCloseTo(latency, 9);
  });

  it('stays in its range over many draws', () => {
    let state = 7;
    const random = () => {
      state = (state * 16_807) % 2_147_483_647;
      return state / 2_147_483_647;
    };
    const drawn = Array.from({ length: 500 }, () => latencyOf({ latencyMs: [20, 30] }, random));
    expect(Math.min(...drawn)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...drawn)).toBeLessThan(30);
    expect(Math.max(...drawn) - Math.min(...drawn)).toBeGreaterThan(9);
  });
});

describe('preferredStatus (Prism: Prefer: code=<status>)', () => {
  it.each<[string | undefined, string | undefined]>([
    [undefined, undefined],
    ['', undefined],
    ['code=404', '404'],
    ['code=404, dynamic=true', '404'],
    ['dynamic=true, code=503', '503'],
    ['dynamic=true; code=409', '409'],
    ['dynamic=true;code=409', '409'],
    ['dynamic=true,code=503', '503'],
    ['dynamic=true\tcode=422', '422'],
    ['example=x code=201', '201'],
    ['code=40', undefined],
    ['code=4040', undefined],
    ['xcode=404', undefined],
    ['code=abc', undefined],
    ['return=minimal', undefined],
  ])('reads %j as %j', (prefer, status) => {
    expect(preferredStatus(prefer)).toBe(status);
  });
});

describe('RateCounter', () => {
  it('lets n calls of a caller through in one second, limits the next, and starts again the next second', () => {
    const counter = new RateCounter();
    expect([1, 2, 3].map(() => counter.allow('a', T0_MS, 2))).toEqual([true, true, false]);
    expect(counter.allow('a', T0_MS + 999, 2)).toBe(false);
    expect(counter.allow('b', T0_MS + 999, 2)).toBe(true);
    expect([1, 2, 3].map(() => counter.allow('a', T0_MS + 1000, 2))).toEqual([true, true, false]);
  });

  it('limits at the first call over the limit, even a limit of one', () => {
    const counter = new RateCounter();
    expect(counter.allow('a', T0_MS, 1)).toBe(true);
    expect(counter.allow('a', T0_MS, 1)).toBe(false);
    expect(counter.allow('a', T0_MS + 1000, 1)).toBe(true);
  });

  it('counts windows of the clock, not of calls: back to an earlier second is a new window too', () => {
    const counter = new RateCounter();
    expect(counter.allow('a', T0_MS + 5000, 1)).toBe(true);
    expect(counter.allow('a', T0_MS, 1)).toBe(true);
    expect(counter.allow('a', T0_MS + 999, 1)).toBe(false);
  });

  it('forgets every window on clear', () => {
    const counter = new RateCounter();
    expect(counter.allow('a', T0_MS, 1)).toBe(true);
    expect(counter.allow('a', T0_MS, 1)).toBe(false);
    counter.clear();
    expect(counter.allow('a', T0_MS, 1)).toBe(true);
    expect(counter.allow('a', T0_MS, 1)).toBe(false);
  });

  it("keeps counting this second's callers when the windows of 10,000 others are dropped", () => {
    const counter = new RateCounter();
    for (let caller = 0; caller < 9_999; caller += 1) counter.allow(`old-${caller}`, T0_MS, 2);
    expect(counter.allow('busy', T0_MS + 1000, 2)).toBe(true);
    // the 10,001st caller: the windows of past seconds go, this second's stay
    expect(counter.allow('new', T0_MS + 1000, 2)).toBe(true);
    expect(counter.allow('busy', T0_MS + 1000, 2)).toBe(true);
    expect(counter.allow('busy', T0_MS + 1000, 2)).toBe(false);
    expect(counter.allow('new', T0_MS + 1000, 2)).toBe(true);
    expect(counter.allow('new', T0_MS + 1000, 2)).toBe(false);
    expect(counter.allow('old-1', T0_MS, 1)).toBe(true);
    expect(counter.allow('old-1', T0_MS, 1)).toBe(false);
  });
});

// ── as a user of the mock sees them ─────────────────────────────────────────────────────

/** One API's mocks in-process, on a clock frozen at T0 (the engine holds no timer or socket: nothing to close). */
const engineFor = (api: 'auvious' | 'adminserver'): Promise<Engine> =>
  Engine.create({ apis: modulesFor([api]), seed: 1, clock: createClock({ now: T0 }) });

function request(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): MockRequest {
  const [pathname = path, search = ''] = path.split('?');
  return {
    method,
    path: pathname,
    query: new URLSearchParams(search),
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    origin: 'http://ticketmock.test',
  };
}

const AUVIOUS = { authorization: 'Bearer auvious-demo-token' };

async function auviousTicket(engine: Engine): Promise<string> {
  const created = await engine.handle(
    request('POST', '/security/ticket', AUVIOUS, { type: 'MULTI_USE_TICKET', properties: { conference_id: 'c-1' } }),
  );
  expect(created.status).toBe(200);
  return (created.json as { id: string }).id;
}

describe('Prefer: code=<status>, through the engine', () => {
  it("answers a documented status the request would not get by itself, with the spec's example, and runs nothing", async () => {
    const engine = await engineFor('auvious');
    const id = await auviousTicket(engine);
    const path = `/security/ticket/${id}`;
    expect((await engine.handle(request('GET', path, AUVIOUS))).status).toBe(200);

    // the Forbidden response's example in specs/auvious.openapi.yaml, and the 404's (an example by $ref)
    const forbidden = await engine.handle(request('GET', path, { ...AUVIOUS, prefer: 'code=403' }));
    expect(forbidden).toEqual({
      status: 403,
      headers: {},
      json: {
        timestamp: '2026-05-01T10:00:00.000Z',
        status: 403,
        error: 'Forbidden',
        message: 'Access is denied to organisation other-org',
        path: '/security/ticket',
      },
    });
    const missing = await engine.handle(request('GET', path, { ...AUVIOUS, prefer: 'code=404' }));
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ message: 'Ticket not found', path: '/security/ticket/zzzzzz' });

    // a 204 without a body: the ticket is not deleted, the operation never ran
    const deleted = await engine.handle(request('DELETE', path, { ...AUVIOUS, prefer: 'code=204' }));
    expect(deleted).toEqual({ status: 204, headers: {} });
    expect((await engine.handle(request('GET', path, AUVIOUS))).status).toBe(200);
  });

  it('sends the example of each header the status requires, and a text body with its media type', async () => {
    const engine = await engineFor('auvious');
    const id = await auviousTicket(engine);
    const unauthorised = await engine.handle(
      request('GET', `/security/ticket/${id}`, { prefer: 'code=401', ...AUVIOUS }),
    );
    expect(unauthorised.status).toBe(401);
    expect(unauthorised.headers?.['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);

    const redirect = await engine.handle(
      request('GET', `/security/ticket/${id}/event`, { ...AUVIOUS, prefer: 'code=302' }),
    );
    expect(redirect.status).toBe(302);
    expect(redirect.headers?.location).toMatch(/^https:\/\/calendar\.google\.com\/calendar\/render\?action=TEMPLATE&/);

    const calendar = await engine.handle(
      request('GET', `/security/ticket/${id}/event?calendar=google`, { ...AUVIOUS, prefer: 'code=200' }),
    );
    expect(calendar.status).toBe(200);
    expect(calendar.headers?.['content-type']).toBe('text/calendar');
    // the spec's example event (UID k3x-q7m), not this ticket's
    expect(calendar.text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(calendar.text).toContain('\r\nUID:k3x-q7m\r\n');
    expect(calendar.text).not.toContain(id);
  });

  it('lets the request run when the status is not documented, or the header names none', async () => {
    const engine = await engineFor('auvious');
    const id = await auviousTicket(engine);
    for (const prefer of ['code=418', 'code=500', 'dynamic=true', 'code=4031']) {
      const response = await engine.handle(request('GET', `/security/ticket/${id}`, { ...AUVIOUS, prefer }));
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ id, expired: false });
    }
  });
});

describe('latency ranges, through the engine', () => {
  it('answers after a delay drawn from the range, never sooner than its minimum', async () => {
    const engine = await engineFor('auvious');
    const id = await auviousTicket(engine);
    engine.faults = { latencyMs: [60, 80] };
    const started = performance.now();
    const response = await engine.handle(request('GET', `/security/ticket/${id}`, AUVIOUS));
    // timers may fire up to a millisecond early on some platforms
    expect(performance.now() - started).toBeGreaterThanOrEqual(59);
    expect(response.status).toBe(200);
    expect(engine.journal.entries().at(-1)?.durationMs).toBeGreaterThanOrEqual(59);
  });
});

describe('rate-limit windows, through the engine', () => {
  async function login(engine: Engine): Promise<string> {
    const response = await engine.handle(
      request('POST', '/auth/login', {}, { email: 'admin@demo.test', password: 'demo-password' }),
    );
    expect(response.status).toBe(200);
    return (response.json as { sessionId: string }).sessionId;
  }
  const list = (engine: Engine, session: string): Promise<MockResponse> =>
    engine.handle(request('POST', '/jsonRpc/ticket.getPurchasableTickets', { 'x-session-id': session }, {}));
  const statuses = async (engine: Engine, session: string, calls: number) => {
    const answers: number[] = [];
    for (let call = 0; call < calls; call += 1) answers.push((await list(engine, session)).status);
    return answers;
  };

  it("limits the call over the limit with the API's 429 until the clock moves to the next second", async () => {
    const engine = await engineFor('adminserver');
    const session = await login(engine);
    engine.faults = { rateLimitPerSecond: 2 };
    expect(await statuses(engine, session, 3)).toEqual([200, 200, 429]);
    const limited = await list(engine, session);
    expect(limited).toMatchObject({ status: 429, json: { error: { code: 705, message: 'too frequent request' } } });
    engine.clock.advance(1);
    expect(await statuses(engine, session, 3)).toEqual([200, 200, 429]);
  });

  it('clears the windows on reset: the same caller, in the same second, starts afresh', async () => {
    const engine = await engineFor('adminserver');
    engine.faults = { rateLimitPerSecond: 2 };
    const session = await login(engine);
    expect(await statuses(engine, session, 3)).toEqual([200, 200, 429]);
    await engine.control.reset();
    // the same seed logs in with the same session id: only the cleared window lets it through
    expect(await login(engine)).toBe(session);
    expect(await statuses(engine, session, 3)).toEqual([200, 200, 429]);
  });

  it('clears the windows when the fault configuration changes', async () => {
    const engine = await engineFor('adminserver');
    const session = await login(engine);
    engine.faults = { rateLimitPerSecond: 1 };
    expect(await statuses(engine, session, 2)).toEqual([200, 429]);
    engine.faults = { rateLimitPerSecond: 1 };
    expect(await statuses(engine, session, 2)).toEqual([200, 429]);
  });
});
