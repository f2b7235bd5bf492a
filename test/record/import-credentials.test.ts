/**
 * A recording's tenant no demo credential reaches (issue 18 point 2): its resources are
 * imported under it, and the import makes it a credential of the API's own kind — an
 * Octopus API key, an Auvious client and bearer token, an Adminserver user — that reaches
 * it and nothing else, named in the summary and the banner, kept in the API's state (so a
 * state export carries it) and dropped by a reset. The demo credentials still get each
 * API's documented refusal for it. docs/decisions/022-recording-and-har.md.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createClock } from '../../src/core/clock.ts';
import type { MockResponse } from '../../src/core/http.ts';
import type { ImportSummary } from '../../src/core/recording-import.ts';
import { createMocks, type Mocks } from '../../src/mocks.ts';
import { importBanner } from '../../src/server/import-file.ts';
import { type RequestOptions, sendTo } from '../helpers/engine-request.ts';

const NOW = '2026-05-01T10:00:00.000Z';
const LOCATION = '28XXX123';
const SECOND = '28XXX124';
const ORG = 'acme-org';
const NETWORK = 'acme-network';

const mocksAt = () => createMocks({ seed: 1, clock: createClock({ now: NOW }) });

const send = (target: Mocks, method: string, path: string, options?: RequestOptions) =>
  sendTo(target.engine, method, path, options);

/** A HAR entry: a request to the sandbox and its JSON answer. */
function entry(method: string, path: string, status: number, answer: unknown, headers: Record<string, string> = {}) {
  return {
    startedDateTime: NOW,
    request: {
      method,
      url: `https://sandbox.example${path}`,
      headers: Object.entries(headers).map(([name, value]) => ({ name, value })),
      ...(method === 'POST' ? { postData: { mimeType: 'application/json', text: '{}' } } : {}),
    },
    response: { status, content: { mimeType: 'application/json', text: JSON.stringify(answer) } },
  };
}

const PRODUCT = {
  productId: 'p-acme',
  eventName: 'Acme launch',
  eventStartDate: '2026-06-01T10:00:00Z',
  eventEndDate: '2026-06-01T12:00:00Z',
  ticketType: 'single',
  ticketName: 'Launch',
  ticketDescription: '',
  price: 20,
  thumbnailId: '',
  discount: '',
  grants: [],
};

/**
 * A sandbox's traffic in tenants of its own: an Octopus Location's services and tickets
 * (a seeded one's copied to the new Location), an Auvious ticket of another organisation,
 * an Adminserver network's products.
 */
async function recording(): Promise<{ har: unknown; serviceId: number; ticketId: number }> {
  const seeded = (await mocksAt()).control.getState() as {
    apis: { octopus: { services: Record<string, unknown>[]; tickets: Record<string, unknown>[] } };
  };
  const service = { ...seeded.apis.octopus.services[0], id: 91_001, LocationId: LOCATION, deleted: 0 };
  const ticket = {
    ...seeded.apis.octopus.tickets[0],
    id: 900_001,
    LocationId: LOCATION,
    serviceId: 91_001,
    status: 'active',
  };
  const base = `/rest/v1/Location/${LOCATION}`;
  const pagination = { offset: 0, limit: 5000, rows: 1, pages: 1, currentPage: 1 };
  const har = {
    log: {
      version: '1.2',
      creator: { name: 'test', version: '1' },
      entries: [
        entry('GET', `${base}/services`, 200, { data: [service], pagination }),
        // a second unknown Location (under the same recorded customer), and a seeded one the demo key is not granted
        entry('GET', `/rest/v1/Location/${SECOND}/services`, 200, {
          data: [{ ...service, id: 91_002, LocationId: SECOND }],
          pagination,
        }),
        entry('GET', '/rest/v1/Location/28XXX005/services', 200, {
          data: [{ ...service, id: 91_003, LocationId: '28XXX005' }],
          pagination,
        }),
        entry('GET', `${base}/tickets`, 200, { data: [ticket], pagination }),
        entry('GET', '/security/ticket/abc-def', 200, {
          id: 'abc-def',
          organizationId: ORG,
          type: 'MULTI_USE_TICKET',
          properties: { from: 'sandbox' },
        }),
        entry(
          'POST',
          '/jsonRpc/ticket.getPurchasableTickets',
          200,
          { data: { tickets: [PRODUCT] } },
          {
            'X-Network': NETWORK,
          },
        ),
      ],
    },
  };
  return { har, serviceId: 91_001, ticketId: 900_001 };
}

async function imported(): Promise<{ mocks: Mocks; summary: ImportSummary; serviceId: number; ticketId: number }> {
  const mocks = await mocksAt();
  const { har, serviceId, ticketId } = await recording();
  const summary = await mocks.control.importRecording(har);
  return { mocks, summary, serviceId, ticketId };
}

async function login(mocks: Mocks, email: string, password: string): Promise<MockResponse> {
  return send(mocks, 'POST', '/auth/login', { json: { email, password } });
}

describe('the summary and the banner', () => {
  it('name, per API, the credential made for each tenant no demo credential reaches', async () => {
    const { summary } = await imported();
    expect(summary.apis.octopus).toMatchObject({
      tenants: ['28XXX005', LOCATION, SECOND],
      unreachable: ['28XXX005', LOCATION, SECOND],
    });
    expect(summary.apis.octopus?.credentials[1]).toEqual({
      tenant: LOCATION,
      credential: { token: 'octopus-import-28XXX123', location: LOCATION },
      says: 'API key octopus-import-28XXX123',
    });
    expect(summary.apis.octopus?.credentials.map((made) => made.credential.token)).toEqual([
      'octopus-import-28XXX005',
      'octopus-import-28XXX123',
      'octopus-import-28XXX124',
    ]);
    expect(summary.apis.auvious?.credentials).toEqual([
      {
        tenant: ORG,
        credential: {
          token: 'auvious-import-acme-org',
          clientId: 'import-acme-org',
          clientSecret: 'import-acme-org-secret',
        },
        says: 'bearer token auvious-import-acme-org, or client import-acme-org / import-acme-org-secret',
      },
    ]);
    expect(summary.apis.adminserver?.credentials).toEqual([
      {
        tenant: NETWORK,
        credential: { email: 'import-acme-network@import.test', password: 'import-password', network: NETWORK },
        says: 'login import-acme-network@import.test / import-password',
      },
    ]);
    const banner = importBanner('sandbox.har', summary).join('\n');
    expect(banner).toContain(
      'tenants: 28XXX005 (reach it with API key octopus-import-28XXX005), 28XXX123 (reach it with API key octopus-import-28XXX123), 28XXX124 (reach it with API key octopus-import-28XXX124)',
    );
    expect(banner).toContain('tenants: acme-org (reach it with bearer token auvious-import-acme-org');
    expect(banner).toContain(
      'tenants: acme-network (reach it with login import-acme-network@import.test / import-password)',
    );
  });

  it('make none for a tenant a demo credential reaches, and are the same for the same recording', async () => {
    const mocks = await mocksAt();
    const summary = await mocks.control.importRecording({
      log: {
        version: '1.2',
        creator: { name: 'test', version: '1' },
        entries: [
          entry('GET', '/security/ticket/abc-def', 200, {
            id: 'abc-def',
            organizationId: 'other-org',
            type: 'MULTI_USE_TICKET',
          }),
        ],
      },
    });
    expect(summary.apis.auvious).toMatchObject({ tenants: ['other-org'], unreachable: [], credentials: [] });
    expect(importBanner('x.har', summary).join('\n')).toMatch(/tenants: other-org$/m);
    const again = await imported();
    const first = await imported();
    expect(again.summary).toEqual(first.summary);
  });

  it("is the README's, for the README's recording (a service, a ticket, a product of tenants of their own)", async () => {
    const { har } = await recording();
    const entries = (har as { log: { entries: unknown[] } }).log.entries;
    // the first Location's services, the Auvious ticket, the Adminserver list
    const readme = { log: { ...(har as { log: object }).log, entries: [entries[0], entries[4], entries[5]] } };
    const banner = importBanner('sandbox.har', await (await mocksAt()).control.importRecording(readme));
    const text = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /```text\n((?: +imported sandbox\.har[^\n]*\n)(?: +\S[^\n]*\n)*?) *```/.exec(text)?.[1];
    expect(
      block
        ?.split('\n')
        .filter(Boolean)
        .map((line) => line.slice(2)),
    ).toEqual(banner);
  });

  it('POST /__mock/import answers them too', async () => {
    const mocks = await mocksAt();
    const response = await send(mocks, 'POST', '/__mock/import', { json: (await recording()).har });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      apis: { auvious: { credentials: [{ credential: { token: 'auvious-import-acme-org' } }] } },
    });
  });
});

describe('Octopus: the Location gets an API key of its own', () => {
  const KEY = { authorization: 'Bearer octopus-import-28XXX123' };

  it('reads the recorded ticket and service, and issues a ticket on the recorded service', async () => {
    const { mocks, serviceId, ticketId } = await imported();
    const tickets = await send(mocks, 'GET', `/rest/v1/Location/${LOCATION}/tickets`, { headers: KEY });
    expect(tickets.status).toBe(200);
    expect((tickets.json as { data: { id: number }[] }).data.map((one) => one.id)).toEqual([ticketId]);
    const services = await send(mocks, 'GET', `/rest/v1/Location/${LOCATION}/services`, { headers: KEY });
    expect((services.json as { data: { id: number }[] }).data.map((one) => one.id)).toEqual([serviceId]);
    const issued = await send(mocks, 'POST', `/rest/v1/Location/${LOCATION}/tickets`, {
      headers: KEY,
      json: { service: serviceId },
    });
    expect(issued.status).toBe(200);
    expect(issued.json).toMatchObject({ data: { LocationId: LOCATION, serviceId } });
    const listed = await send(mocks, 'GET', `/rest/v1/Location/${LOCATION}/tickets`, { headers: KEY });
    expect((listed.json as { data: { id: number }[] }).data.map((one) => one.id)).toEqual([
      ticketId,
      (issued.json as { data: { id: number } }).data.id,
    ]);
  });

  it('reaches that Location alone; the demo keys still get 403 for it', async () => {
    const { mocks } = await imported();
    for (const other of ['28XXX004', SECOND, '28XXX005']) {
      const refused = await send(mocks, 'GET', `/rest/v1/Location/${other}/tickets`, { headers: KEY });
      expect(refused.status, other).toBe(403);
    }
    // a seeded Location the demo key is not granted gets a key of its customer's, granted it alone
    const seeded = { authorization: 'Bearer octopus-import-28XXX005' };
    const own = await send(mocks, 'GET', '/rest/v1/Location/28XXX005/services', { headers: seeded });
    expect((own.json as { data: { id: number }[] }).data.map((one) => one.id)).toContain(91_003);
    expect((await send(mocks, 'GET', '/rest/v1/Location/28XXX004/tickets', { headers: seeded })).status).toBe(403);
    for (const key of ['octopus-demo-key', 'octopus-other-key']) {
      const refused = await send(mocks, 'GET', `/rest/v1/Location/${LOCATION}/tickets`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(refused.status, key).toBe(403);
      expect(refused.json).toMatchObject({ error: { code: 403 } });
    }
  });
});

describe('Auvious: the organisation gets a client and a ready token of its own', () => {
  const TOKEN = { authorization: 'Bearer auvious-import-acme-org' };

  it('reads and updates the recorded ticket with the token', async () => {
    const { mocks } = await imported();
    const read = await send(mocks, 'GET', '/security/ticket/abc-def', { headers: TOKEN });
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ id: 'abc-def', organizationId: ORG, properties: { from: 'sandbox' } });
    const updated = await send(mocks, 'PUT', '/security/ticket/abc-def', {
      headers: TOKEN,
      json: { properties: { from: 'mock' } },
    });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ properties: { from: 'mock' }, version: 1 });
  });

  it('the client gets tokens of the organisation from /security/oauth/token', async () => {
    const { mocks } = await imported();
    const token = await send(mocks, 'POST', '/security/oauth/token', {
      form: 'grant_type=client_credentials&client_id=import-acme-org&client_secret=import-acme-org-secret',
    });
    expect(token.status).toBe(200);
    const bearer = (token.json as { access_token: string }).access_token;
    const read = await send(mocks, 'GET', '/security/ticket/abc-def', {
      headers: { authorization: `Bearer ${bearer}` },
    });
    expect(read.status).toBe(200);
    const wrong = await send(mocks, 'POST', '/security/oauth/token', {
      form: 'grant_type=client_credentials&client_id=import-acme-org&client_secret=nope',
    });
    expect(wrong.status).toBe(401);
  });

  it('reaches that organisation alone; the demo token still gets 404 for its ticket', async () => {
    const { mocks } = await imported();
    const created = await send(mocks, 'POST', '/security/ticket', {
      headers: { authorization: 'Bearer auvious-demo-token' },
      json: { type: 'MULTI_USE_TICKET', properties: {} },
    });
    const demoTicket = (created.json as { id: string }).id;
    expect((await send(mocks, 'GET', `/security/ticket/${demoTicket}`, { headers: TOKEN })).status).toBe(404);
    for (const token of ['auvious-demo-token', 'auvious-other-token']) {
      const refused = await send(mocks, 'GET', '/security/ticket/abc-def', {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(refused.status, token).toBe(404);
      expect(refused.json).toMatchObject({ status: 404, error: 'Not Found' });
    }
  });
});

describe('Adminserver: the network gets a user of its own', () => {
  it('logs in, lists the recorded product and updates it', async () => {
    const { mocks } = await imported();
    const session = await login(mocks, 'import-acme-network@import.test', 'import-password');
    expect(session.status).toBe(200);
    expect(session.json).toMatchObject({ preferredNetworkId: NETWORK });
    const headers = { 'x-session-id': (session.json as { sessionId: string }).sessionId };
    const listed = await send(mocks, 'POST', '/jsonRpc/ticket.getPurchasableTickets', { headers, json: {} });
    expect(listed.json).toMatchObject({ data: { tickets: [{ productId: 'p-acme', price: 20 }] } });
    const updated = await send(mocks, 'POST', '/jsonRpc/ticket.updatePurchasableTicket', {
      headers,
      json: { ticket: { ...PRODUCT, price: 25 } },
    });
    expect(updated.status).toBe(200);
    const after = await send(mocks, 'POST', '/jsonRpc/ticket.getPurchasableTickets', { headers, json: {} });
    expect(after.json).toMatchObject({ data: { tickets: [{ productId: 'p-acme', price: 25 }] } });
  });

  it('manages that network alone; the demo admin still gets 403 in it', async () => {
    const { mocks } = await imported();
    const own = await login(mocks, 'import-acme-network@import.test', 'import-password');
    const ownSession = (own.json as { sessionId: string }).sessionId;
    const elsewhere = await send(mocks, 'POST', '/jsonRpc/ticket.getPurchasableTickets', {
      headers: { 'x-session-id': ownSession, 'x-network': 'demo-network' },
      json: {},
    });
    expect(elsewhere.status).toBe(403);
    const demo = await login(mocks, 'admin@demo.test', 'demo-password');
    const refused = await send(mocks, 'POST', '/jsonRpc/ticket.getPurchasableTickets', {
      headers: { 'x-session-id': (demo.json as { sessionId: string }).sessionId, 'x-network': NETWORK },
      json: {},
    });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ error: { status: true, code: 403 } });
  });
});

/** Whether each API's imported credential still works on `mocks`: Octopus, Auvious, Adminserver statuses. */
async function reach(mocks: Mocks): Promise<number[]> {
  const octopus = await send(mocks, 'GET', `/rest/v1/Location/${LOCATION}/tickets`, {
    headers: { authorization: 'Bearer octopus-import-28XXX123' },
  });
  const auvious = await send(mocks, 'GET', '/security/ticket/abc-def', {
    headers: { authorization: 'Bearer auvious-import-acme-org' },
  });
  const adminserver = await login(mocks, 'import-acme-network@import.test', 'import-password');
  return [octopus.status, auvious.status, adminserver.status];
}

describe('the credentials are state', () => {
  it('an exported state, set on other mocks, keeps them', async () => {
    const { mocks } = await imported();
    const other = await mocksAt();
    expect(await reach(other)).toEqual([401, 401, 401]);
    await other.control.setState(mocks.control.getState());
    expect(await reach(other)).toEqual([200, 200, 200]);
  });

  it('a second import of the recording keeps them and makes no second one', async () => {
    const { mocks } = await imported();
    const state = mocks.control.getState() as {
      apis: { octopus: { keys: unknown[] }; auvious: { clients: unknown[]; tokens: unknown[] } };
    };
    await mocks.control.importRecording((await recording()).har);
    const again = mocks.control.getState() as typeof state;
    expect(again.apis.octopus.keys).toEqual(state.apis.octopus.keys);
    expect(again.apis.auvious.clients).toEqual(state.apis.auvious.clients);
    expect(await reach(mocks)).toEqual([200, 200, 200]);
  });

  it('a reset back to the seed drops them, as it drops the imported resources', async () => {
    const { mocks } = await imported();
    expect(await reach(mocks)).toEqual([200, 200, 200]);
    await mocks.control.reset();
    expect(await reach(mocks)).toEqual([401, 401, 401]);
  });

  it("an import into a session makes them in that session's state alone", async () => {
    const mocks = await mocksAt();
    const opened = await send(mocks, 'POST', '/__mock/sessions', { json: { seed: 1 } });
    expect(opened.status).toBe(201);
    const session = { 'x-mock-session': (opened.json as { id: string }).id };
    const answer = await send(mocks, 'POST', '/__mock/import', { headers: session, json: (await recording()).har });
    expect(answer.status).toBe(200);
    const key = { authorization: 'Bearer octopus-import-28XXX123' };
    const inSession = await send(mocks, 'GET', `/rest/v1/Location/${LOCATION}/tickets`, {
      headers: { ...key, ...session },
    });
    expect(inSession.status).toBe(200);
    expect(await reach(mocks)).toEqual([401, 401, 401]);
  });

  it('a name the state already holds for something else is left as it is, and the report says so', async () => {
    const mocks = await mocksAt();
    const state = mocks.control.getState() as { apis: { octopus: { keys: unknown[] } } };
    state.apis.octopus.keys.push({
      key: 'octopus-import-28XXX123',
      customerId: 'demo-customer',
      locations: ['28XXX004'],
    });
    await mocks.control.setState(state);
    const summary = await mocks.control.importRecording((await recording()).har);
    expect(summary.apis.octopus?.credentials.map((made) => made.tenant)).toEqual(['28XXX005', SECOND]);
    expect(summary.apis.octopus?.skipped).toEqual([
      'API key octopus-import-28XXX123: the state holds it for other Locations; 28XXX123 gets no key',
    ]);
    expect(importBanner('x.har', summary).join('\n')).toContain(
      '28XXX123 (no credential reaches it: see /__mock/state)',
    );
    const refused = await send(mocks, 'GET', `/rest/v1/Location/${LOCATION}/tickets`, {
      headers: { authorization: 'Bearer octopus-import-28XXX123' },
    });
    expect(refused.status).toBe(403);
  });

  it('a state file written before keys and clients were state gets the demo ones', async () => {
    const mocks = await mocksAt();
    const state = mocks.control.getState() as {
      apis: { octopus: Record<string, unknown>; auvious: Record<string, unknown> };
    };
    delete state.apis.octopus.keys;
    delete state.apis.auvious.clients;
    await mocks.control.setState(state);
    const octopus = await send(mocks, 'GET', '/rest/v1/Location/28XXX004/tickets', {
      headers: { authorization: 'Bearer octopus-demo-key' },
    });
    expect(octopus.status).toBe(200);
    const token = await send(mocks, 'POST', '/security/oauth/token', {
      form: 'grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret',
    });
    expect(token.status).toBe(200);
  });
});
