/**
 * `useMocks()` (ticketmock/vitest): what its hooks do between the tests of a file. The
 * describe blocks run in order, each with its own `useMocks`; the last test runs after the
 * first block's `afterAll` and finds msw gone.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../../src/index.ts';
import { useMocks } from '../../src/vitest.ts';

const AUTH = { authorization: 'Bearer auvious-demo-token', 'content-type': 'application/json' };

/** A real server on 127.0.0.1 standing where the first block's mocks answer: 418 to everything. */
let real: Server;
let origin = '';
beforeAll(async () => {
  real = createServer((_request, response) => response.writeHead(418).end('the real server'));
  await new Promise<void>((listening) => real.listen(0, '127.0.0.1', listening));
  origin = `http://127.0.0.1:${(real.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((closed) => real.close(closed));
});

describe('useMocks({ clock, seed })', () => {
  const mocks = useMocks({ apis: ['auvious'], seed: 3, clock: createClock({ now: '2030-01-01T00:00:00Z' }) });
  let made = '';

  it('answers from the first test on, from the seed it was given', async () => {
    expect(mocks.engine.seed).toBe(3);
    const created = await fetch(`${origin}/security/ticket`, {
      method: 'POST',
      headers: AUTH,
      body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: {} }),
    });
    expect(created.status).toBe(200);
    made = ((await created.json()) as { id: string }).id;
    mocks.control.setClock({ advanceSeconds: 3600 });
    mocks.server.use(http.get('*/security/ticket/:id', () => HttpResponse.json({ overridden: true }, { status: 503 })));
    expect((await fetch(`${origin}/security/ticket/${made}`, { headers: AUTH })).status).toBe(503);
  });

  it('puts back the seeded data, the journal, the handlers and the clock after each test', async () => {
    expect(made).not.toBe('');
    expect(mocks.control.journal()).toEqual([]);
    expect(mocks.control.getClock()).toEqual({ now: '2030-01-01T00:00:00.000Z' });
    const read = await fetch(`${origin}/security/ticket/${made}`, { headers: AUTH });
    expect(read.status).toBe(404);
    expect(mocks.db.auvious.tickets.findFirst((q) => q.where({ id: made }))).toBeUndefined();
  });
});

describe('useMocks({ faults })', () => {
  const mocks = useMocks({
    apis: ['auvious'],
    faults: { routes: { 'auvious.getTicket': { errorRate: 1, errorStatus: 503 } } },
  });

  it('starts with the faults; a test may lift them', async () => {
    expect((await fetch(`${origin}/security/ticket/abc-123`, { headers: AUTH })).status).toBe(503);
    mocks.control.setFaults({});
    expect((await fetch(`${origin}/security/ticket/abc-123`, { headers: AUTH })).status).toBe(404);
  });

  it('the next test has them again', async () => {
    expect((await fetch(`${origin}/security/ticket/abc-123`, { headers: AUTH })).status).toBe(503);
  });
});

describe('after the last useMocks block', () => {
  it('msw no longer intercepts: the real server answers', async () => {
    const answer = await fetch(`${origin}/security/ticket/abc-123`, { headers: AUTH });
    expect(answer.status).toBe(418);
    expect(await answer.text()).toBe('the real server');
  });
});

describe('outside the hooks', () => {
  const early = useMocks({ apis: ['octopus'] });
  let thrown: unknown;
  try {
    void early.control;
  } catch (error) {
    thrown = error;
  }

  it('reading the mocks before its beforeAll says why it cannot', () => {
    expect(String(thrown)).toMatch(/useMocks\(\): the mocks are created in its beforeAll/);
  });
});
