/**
 * Recordings in and HAR out, in process (issue 18): the journal's HAR of a run, imported
 * into mocks of the same seed and clock, gives the run's state; each API's import applies
 * deletes, 404s and transitions; a recording that cannot be read is refused whole — thrown
 * by `mocks.control`, 400 in the control plane's shape over `/__mock/import`.
 */
import { describe, expect, it } from 'vitest';
import { createClock } from '../../src/core/clock.ts';
import type { Engine } from '../../src/core/engine.ts';
import type { Har } from '../../src/core/har.ts';
import { JOURNAL_BODY_LIMIT } from '../../src/core/journal.ts';
import { createMocks, type Mocks } from '../../src/mocks.ts';
import { harProblem } from '../../src/server/har-schema.ts';
import { sendTo } from '../helpers/engine-request.ts';

const NOW = '2026-05-01T10:00:00.000Z';
const mocksAt = (options: { import?: unknown } = {}) =>
  createMocks({ seed: 1, clock: createClock({ now: NOW }), ...options });

const send = sendTo;

const AUVIOUS = { authorization: 'Bearer auvious-demo-token' };
const OCTOPUS = { authorization: 'Bearer octopus-demo-key' };
const PRODUCT = {
  productId: 'p-round',
  eventName: 'Round trip',
  eventStartDate: '2026-06-01T10:00:00Z',
  eventEndDate: '2026-06-01T12:00:00Z',
  ticketType: 'days:1of2',
  ticketName: 'Day one',
  ticketDescription: '',
  price: 12.5,
  thumbnailId: '',
  discount: '10%',
  grants: [],
};

/** A run touching every kind of change the imports take; every call of it succeeds. */
async function run(mocks: Mocks): Promise<{ kept: string; gone: string }> {
  const engine = {
    handle: async (request: Parameters<Engine['handle']>[0]) => {
      const response = await mocks.engine.handle(request);
      expect(response.status, `${request.method} ${request.path}`).toBeLessThan(300);
      return response;
    },
  } as Engine;
  const create = async () =>
    (
      await send(engine, 'POST', '/security/ticket', {
        headers: AUVIOUS,
        json: { type: 'MULTI_USE_TICKET', properties: {} },
      })
    ).json as { id: string };
  const kept = (await create()).id;
  const gone = (await create()).id;
  await send(engine, 'PUT', `/security/ticket/${kept}`, { headers: AUVIOUS, json: { properties: { a: 1 } } });
  await send(engine, 'POST', `/security/ticket/${kept}/disable`, { headers: AUVIOUS });
  await send(engine, 'POST', `/security/ticket/${kept}/revoke`, { headers: AUVIOUS });
  await send(engine, 'DELETE', `/security/ticket/${gone}`, { headers: AUVIOUS });
  await send(engine, 'POST', '/rest/v1/Location/28XXX004/tickets', { headers: OCTOPUS, json: { service: 59219 } });
  const login = await send(engine, 'POST', '/auth/login', {
    json: { email: 'admin@demo.test', password: 'demo-password' },
  });
  const session = { 'x-session-id': (login.json as { sessionId: string }).sessionId };
  await send(engine, 'POST', '/jsonRpc/ticket.createPurchasableTicket', {
    headers: session,
    json: { ticket: PRODUCT },
  });
  await send(engine, 'POST', '/jsonRpc/ticket.updatePurchasableTicket', {
    headers: session,
    json: { ticket: { ...PRODUCT, price: 14 } },
  });
  const seeded = (
    (await send(engine, 'POST', '/jsonRpc/ticket.getPurchasableTickets', { headers: session, json: {} })).json as {
      data: { tickets: { productId: string }[] };
    }
  ).data.tickets[0]?.productId;
  await send(engine, 'POST', '/jsonRpc/ticket.deletePurchasableTicket', {
    headers: session,
    json: { productId: seeded },
  });
  return { kept, gone };
}

/** The resource tables of a state (tokens and sessions are no resources a recording carries). */
function resources(mocks: Mocks): Record<string, unknown> {
  const { apis } = mocks.control.getState() as { apis: Record<string, Record<string, unknown>> };
  return {
    octopus: { locations: apis.octopus?.locations, services: apis.octopus?.services, tickets: apis.octopus?.tickets },
    auvious: { tickets: apis.auvious?.tickets },
    adminserver: { networks: apis.adminserver?.networks, tickets: apis.adminserver?.tickets },
  };
}

describe("the journal's HAR", () => {
  it('is HAR 1.2, entries named by operation, secrets redacted unless asked', async () => {
    const mocks = await mocksAt();
    await run(mocks);
    const har = mocks.control.journal({ format: 'har' });
    expect(harProblem(har)).toBeUndefined();
    expect(har.log.entries).toHaveLength(mocks.control.journal().length);
    expect(har.log.entries.map((entry) => entry._operationId)).toEqual(
      mocks.control.journal().map((entry) => entry.operationId),
    );
    const text = JSON.stringify(har);
    for (const secret of ['auvious-demo-token', 'octopus-demo-key', 'demo-password'])
      expect(text).not.toContain(secret);
    expect(JSON.stringify(mocks.control.journal({ format: 'har', keepSecrets: true }))).toContain('auvious-demo-token');
  });

  it('is what GET /__mock/journal?format=har answers (&secrets=keep: not redacted); another format is a 400', async () => {
    const mocks = await mocksAt();
    await run(mocks);
    const har = (await send(mocks.engine, 'GET', '/__mock/journal?format=har')).json as Har;
    expect(harProblem(har)).toBeUndefined();
    expect(JSON.stringify(har)).not.toContain('auvious-demo-token');
    const kept = (await send(mocks.engine, 'GET', '/__mock/journal?format=har&secrets=keep')).json;
    expect(JSON.stringify(kept)).toContain('auvious-demo-token');
    const bad = await send(mocks.engine, 'GET', '/__mock/journal?format=xml');
    expect(bad).toEqual({
      status: 400,
      json: { error: { code: 400, message: 'format must be json or har, not xml' } },
    });
    expect(((await send(mocks.engine, 'GET', '/__mock/journal')).json as { entries: unknown[] }).entries.length).toBe(
      mocks.control.journal().length,
    );
  });

  it(`keeps a response body up to ${JOURNAL_BODY_LIMIT} characters and says where it was cut`, async () => {
    const mocks = await mocksAt();
    const big = 'x'.repeat(JOURNAL_BODY_LIMIT);
    await send(mocks.engine, 'POST', '/security/ticket', {
      headers: AUVIOUS,
      json: { type: 'MULTI_USE_TICKET', properties: { big } },
    });
    const [entry] = mocks.control.journal({ format: 'har' }).log.entries;
    expect(entry?.response.content.text).toHaveLength(JOURNAL_BODY_LIMIT);
    expect(entry?.response.content.size).toBeGreaterThan(JOURNAL_BODY_LIMIT);
    expect(entry?.response.content.comment).toMatch(/^body cut to its first 32768 of \d+ bytes$/);
  });
});

describe('a recording imported', () => {
  it('round trip: the journal of a run, imported into mocks of its seed and clock, gives the state of the run', async () => {
    const first = await mocksAt();
    await run(first);
    const replayed = await mocksAt({ import: first.control.journal({ format: 'har', keepSecrets: true }) });
    expect(resources(replayed)).toEqual(resources(first));
  });

  it('round trip, redacted: the same state but the secrets (an Octopus guest password)', async () => {
    const first = await mocksAt();
    await run(first);
    const har = JSON.stringify(first.control.journal({ format: 'har' }));
    const replayed = await mocksAt({ import: har });
    const blank = (state: Record<string, unknown>) =>
      JSON.parse(JSON.stringify(state).replace(/"password":"[^"]*"/g, '"password":""'));
    expect(blank(resources(replayed))).toEqual(blank(resources(first)));
    expect(JSON.stringify(resources(replayed))).toContain('"password":"REDACTED"');
  });

  it('applies what each API recorded: deletes, transitions, a 404 after a delete', async () => {
    const first = await mocksAt();
    const { kept, gone } = await run(first);
    // the ticket is read again after its delete: a 404
    await send(first.engine, 'GET', `/security/ticket/${gone}`, { headers: AUVIOUS });
    const replayed = await mocksAt();
    const summary = await replayed.control.importRecording(first.control.journal({ format: 'har' }));
    expect(summary.entries).toBe(first.control.journal().length);
    expect(summary.apis.auvious).toMatchObject({ stored: { tickets: 1 }, removed: 1, tenants: ['demo-org'] });
    // the list read shows the network's every ticket: each is stored at that version
    expect(summary.apis.adminserver).toMatchObject({ removed: 1, tenants: ['demo-network'] });
    expect(summary.apis.adminserver?.stored.tickets).toBeGreaterThan(1);
    expect(summary.apis.octopus).toMatchObject({ stored: { tickets: 1 }, removed: 0, tenants: ['28XXX004'] });
    const ticket = (await send(replayed.engine, 'GET', `/security/ticket/${kept}`, { headers: AUVIOUS })).json;
    expect(ticket).toMatchObject({ id: kept, properties: { a: 1 }, disabled: NOW, revoked: NOW, version: 3 });
    expect((await send(replayed.engine, 'GET', `/security/ticket/${gone}`, { headers: AUVIOUS })).status).toBe(404);
  });

  it('a recorded exchange uses up the single-use ticket it names; redacted, such a ticket is not imported, and the report says so', async () => {
    const first = await mocksAt();
    const created = await send(first.engine, 'POST', '/security/ticket', {
      headers: AUVIOUS,
      json: { type: 'SINGLE_USE_TICKET', properties: {} },
    });
    const { id } = created.json as { id: string };
    const exchange = await send(first.engine, 'POST', '/security/oauth/token', {
      headers: { authorization: `Basic ${btoa('customer:')}` },
      form: new URLSearchParams({ grant_type: 'password', username: id, password: id }).toString(),
    });
    expect(exchange.status).toBe(200);
    expect((await send(first.engine, 'GET', `/security/ticket/${id}`, { headers: AUVIOUS })).status).toBe(404);

    // secrets kept: the exchange names the ticket, which is gone after the import as after the run
    const named = await mocksAt();
    const summary = await named.control.importRecording(first.control.journal({ format: 'har', keepSecrets: true }));
    expect(summary.apis.auvious).toMatchObject({ removed: 1, skipped: [] });
    expect((await send(named.engine, 'GET', `/security/ticket/${id}`, { headers: AUVIOUS })).status).toBe(404);
    expect(resources(named)).toEqual(resources(first));

    // redacted: an exchanged ticket is a credential, its id REDACTED in every answer: not imported
    // (never stored under that word), and the report says so
    const har = first.control.journal({ format: 'har' });
    expect(JSON.stringify(har)).not.toContain(id);
    const redacted = await mocksAt();
    const before = resources(redacted);
    const told = await redacted.control.importRecording(har);
    expect(told.apis.auvious?.skipped).toEqual([
      'tickets: 1 answer(s) show a ticket whose id the recording redacted (a ticket exchanged is a credential): ' +
        'not imported; record with --keep-secrets to keep them',
    ]);
    expect(JSON.stringify(resources(redacted))).not.toContain('REDACTED');
    expect(resources(redacted)).toEqual(before);
  });

  it('keeps a tenant no demo credential reaches under its own, and says so', async () => {
    const mocks = await mocksAt();
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'test', version: '1' },
        entries: [
          {
            startedDateTime: NOW,
            request: { method: 'GET', url: 'https://sandbox.example/security/ticket/abc-def', headers: [] },
            response: {
              status: 200,
              content: {
                mimeType: 'application/json',
                text: JSON.stringify({ id: 'abc-def', organizationId: 'acme-org', type: 'MULTI_USE_TICKET' }),
              },
            },
          },
        ],
      },
    };
    const summary = await mocks.control.importRecording(har);
    expect(summary.apis.auvious).toMatchObject({ tenants: ['acme-org'], unreachable: ['acme-org'] });
    // not the demo organisation's: its token gets the 404 any other organisation's ticket gets
    expect((await send(mocks.engine, 'GET', '/security/ticket/abc-def', { headers: AUVIOUS })).status).toBe(404);
    const tickets = (mocks.control.getState() as { apis: { auvious: { tickets: { id: string }[] } } }).apis.auvious
      .tickets;
    expect(tickets.find((one) => one.id === 'abc-def')).toMatchObject({ organizationId: 'acme-org', version: 0 });
  });
});

describe('a recording that cannot be read', () => {
  const BAD: [string, unknown, string][] = [
    ['not JSON', '{"log":', 'not a HAR file: malformed JSON'],
    ['no log', { entries: [] }, 'not a HAR file: /log: must be an object'],
    ['entries no array', { log: { entries: {} } }, 'not a HAR file: /log/entries: must be an array'],
    [
      'a relative URL',
      { log: { entries: [{ request: { method: 'GET', url: '/x' }, response: { status: 200 } }] } },
      'not a HAR file: /log/entries/0/request/url: must be an absolute URL',
    ],
    [
      'a status that is no integer',
      { log: { entries: [{ request: { method: 'GET', url: 'http://a/x' }, response: { status: '200' } }] } },
      'not a HAR file: /log/entries/0/response/status: must be an integer status',
    ],
    [
      'a status out of range',
      { log: { entries: [{ request: { method: 'GET', url: 'http://a/x' }, response: { status: 1200 } }] } },
      'not a HAR file: /log/entries/0/response/status: must be an integer status',
    ],
  ];

  it.each(BAD)('%s: mocks.control.importRecording throws, the state unchanged', async (_what, recording, message) => {
    const mocks = await mocksAt();
    const before = JSON.stringify(mocks.control.getState());
    await expect(mocks.control.importRecording(recording)).rejects.toThrow(`recording rejected: ${message}`);
    expect(JSON.stringify(mocks.control.getState())).toBe(before);
    await expect(mocksAt({ import: recording })).rejects.toThrow(message);
  });

  it.each(BAD)('%s: POST /__mock/import answers 400 in the control plane shape', async (_what, recording, message) => {
    const mocks = await mocksAt();
    const response = await send(mocks.engine, 'POST', '/__mock/import', {
      json: typeof recording === 'string' ? recording : recording,
    });
    expect(response.status).toBe(400);
    expect((response.json as { error: { code: number; message: string } }).error.code).toBe(400);
    expect((response.json as { error: { message: string } }).error.message).toContain(message);
  });

  it('POST /__mock/import with no body or malformed JSON is a 400 too', async () => {
    const mocks = await mocksAt();
    expect(await send(mocks.engine, 'POST', '/__mock/import')).toEqual({
      status: 400,
      json: { error: { code: 400, message: 'send a HAR 1.2 file as the body' } },
    });
    const malformed = await mocks.engine.handle({
      method: 'POST',
      path: '/__mock/import',
      query: new URLSearchParams(),
      headers: { 'content-type': 'application/json' },
      body: '{"log":',
      origin: 'http://127.0.0.1:4010',
    });
    expect(malformed.status).toBe(400);
  });

  it('POST /__mock/import with a HAR answers what it imported', async () => {
    const first = await mocksAt();
    await run(first);
    const mocks = await mocksAt();
    const response = await send(mocks.engine, 'POST', '/__mock/import', {
      json: first.control.journal({ format: 'har' }),
    });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ routed: first.control.journal().length, apis: { auvious: { removed: 1 } } });
  });
});
