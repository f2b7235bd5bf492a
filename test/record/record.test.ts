/**
 * Issue 18's proof: `ticketmock record` in front of a stand-in vendor (a second ticketmock,
 * seed 2), traffic of all three APIs through it, SIGTERM → a HAR 1.2 file that validates,
 * holds none of the credentials used, and imported by `serve --import` answers the
 * recorded reads with the recorded bodies (only `expired` and `status`, derived from the
 * clock, normalised), keeps a recorded delete deleted and goes on stateful.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readRecording } from '../../src/contract/consumer/input.ts';
import type { Har, HarEntry } from '../../src/core/har.ts';
import { harProblem } from '../../src/server/har-schema.ts';
import { collect, exitCode, killAll, serve, ticketmock, waitFor } from '../helpers/cli.ts';

vi.setConfig({ testTimeout: 180_000 });

type Json = Record<string, unknown>;

let folder: string;
let harPath: string;
let har: Har;
let harText: string;
/** Every credential the recorded traffic carried. */
const credentials = new Set<string>(['demo-secret', 'auvious-demo-token', 'octopus-demo-key', 'demo-password']);
let recorderOut: string;
/** What the test did through the proxy, for the checks after the import. */
const made = {
  kept: '',
  deleted: '',
  octopusTicket: 0,
  product: 'rec-product-1',
  droppedProduct: 'rec-product-2',
};

const PRODUCT = {
  productId: 'rec-product-1',
  eventName: 'Recorded Gala',
  eventStartDate: '2027-03-01T18:00:00Z',
  eventEndDate: '2027-03-01T23:00:00Z',
  ticketType: 'single',
  ticketName: 'Gala seat',
  ticketDescription: 'One seat at the recorded gala',
  price: 25.5,
  thumbnailId: 'thumb-1',
  discount: '',
  grants: [{ grantType: 'userRole', grantTarget: 'network.member:demo-network' }],
};

async function call(url: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) headers.set('content-type', 'application/json');
  return fetch(url, {
    ...rest,
    headers,
    redirect: 'manual',
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
}

/** Auvious through the proxy: a token, two tickets made, one changed, exchanged and read, the other deleted. */
async function auviousTraffic(proxy: string): Promise<void> {
  const token = (await (
    await call(`${proxy}/security/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret',
    })
  ).json()) as { access_token: string };
  credentials.add(token.access_token);
  const bearer = { authorization: `Bearer ${token.access_token}` };
  const create = async () =>
    (await (
      await call(`${proxy}/security/ticket`, {
        method: 'POST',
        headers: bearer,
        json: { type: 'MULTI_USE_TICKET', properties: { customer_id: 'c-1' } },
      })
    ).json()) as { id: string };
  made.kept = (await create()).id;
  made.deleted = (await create()).id;
  const update = await call(`${proxy}/security/ticket/${made.kept}`, {
    method: 'PUT',
    headers: bearer,
    json: { properties: { customer_id: 'c-1', conference_id: 'conf-9' } },
  });
  expect(update.status).toBe(200);
  expect(
    (await call(`${proxy}/security/ticket/${made.kept}/disable`, { method: 'POST', headers: bearer })).status,
  ).toBe(204);
  expect((await call(`${proxy}/security/ticket/${made.kept}/enable`, { method: 'POST', headers: bearer })).status).toBe(
    204,
  );
  // the customer's side: the ticket exchanged for a token (the ticket in the form is a credential there)
  const exchange = (await (
    await call(`${proxy}/security/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa('customer:')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=password&ticket=${made.kept}`,
    })
  ).json()) as { access_token: string; refresh_token: string };
  credentials.add(exchange.access_token).add(exchange.refresh_token);
  const demo = { authorization: 'Bearer auvious-demo-token' };
  expect((await call(`${proxy}/security/ticket/${made.kept}`, { headers: demo })).status).toBe(200);
  expect((await call(`${proxy}/security/ticket/${made.deleted}`, { method: 'DELETE', headers: bearer })).status).toBe(
    204,
  );
  expect((await call(`${proxy}/security/ticket/${made.deleted}`, { headers: bearer })).status).toBe(404);
  // a calendar link points outside: the redirect comes back to the client, never followed
  const calendar = await call(`${proxy}/security/ticket/${made.kept}/event?calendar=google`, { headers: demo });
  expect(calendar.status).toBe(302);
  expect(calendar.headers.get('location')).toMatch(/^https:\/\/calendar\.google\.com\//);
}

async function octopusTraffic(proxy: string): Promise<void> {
  const key = { authorization: 'Bearer octopus-demo-key' };
  const services = (await (await call(`${proxy}/rest/v1/Location/28XXX004/services`, { headers: key })).json()) as {
    data: { id: number; deleted: number }[];
  };
  const service = services.data.find((candidate) => candidate.deleted === 0);
  const issued = await call(`${proxy}/rest/v1/Location/28XXX004/tickets`, {
    method: 'POST',
    headers: key,
    json: { service: service?.id },
  });
  expect(issued.status).toBe(200);
  const ticket = ((await issued.json()) as { data: { id: number; password: string } }).data;
  made.octopusTicket = ticket.id;
  // the guest's Wi-Fi login is a credential too
  credentials.add(ticket.password);
  expect((await call(`${proxy}/rest/v1/Location/28XXX004/tickets`, { headers: key })).status).toBe(200);
}

async function adminserverTraffic(proxy: string): Promise<void> {
  const login = await call(`${proxy}/auth/login`, {
    method: 'POST',
    json: { email: 'admin@demo.test', password: 'demo-password' },
  });
  const session = ((await login.json()) as { sessionId: string }).sessionId;
  credentials.add(session);
  const headers = { 'x-session-id': session };
  const rpc = (method: string, json: unknown, extra: Record<string, string> = headers) =>
    call(`${proxy}/jsonRpc/${method}`, { method: 'POST', headers: extra, json });
  expect((await rpc('ticket.createPurchasableTicket', { ticket: PRODUCT })).status).toBe(200);
  const updated = await rpc('ticket.updatePurchasableTicket', { ticket: { ...PRODUCT, price: 30 } });
  expect(updated.status).toBe(200);
  const dropped = { ...PRODUCT, productId: made.droppedProduct };
  expect((await rpc('ticket.createPurchasableTicket', { ticket: dropped })).status).toBe(200);
  expect((await rpc('ticket.deletePurchasableTicket', { productId: made.droppedProduct })).status).toBe(200);
  // the session as a cookie this time
  expect((await rpc('ticket.getPurchasableTickets', {}, { cookie: `sessionId=${session}` })).status).toBe(200);
}

/** The last recorded 200 answer of a request whose method and URL path match. */
function lastAnswer(method: string, path: string): Json {
  const entry = har.log.entries.findLast(
    (candidate: HarEntry) =>
      candidate.request.method === method &&
      new URL(candidate.request.url).pathname === path &&
      candidate.response.status === 200,
  );
  if (entry?.response.content.text === undefined) throw new Error(`no recorded answer to ${method} ${path}`);
  return JSON.parse(entry.response.content.text) as Json;
}

/** Only what the clock derives differs between a recorded and a replayed answer. */
const withoutClock = (value: Json): Json => {
  const { expired: _expired, status: _status, ...rest } = value;
  return rest;
};

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'ticketmock-record-'));
  harPath = join(folder, 'sandbox.har');
  const vendor = await serve('--port', '0', '--seed', '2', '--quiet');
  const recorder: ChildProcess = ticketmock('record', '--target', vendor.url, '--out', harPath);
  const output = collect(recorder);
  await waitFor(() => output.out().includes('Press Ctrl+C') || recorder.exitCode !== null, 'the recorder');
  const proxy = /ticketmock record: (http:\/\/127\.0\.0\.1:\d+) -> /.exec(output.out())?.[1];
  if (proxy === undefined) throw new Error(`record did not start: ${output.err()}`);
  await auviousTraffic(proxy);
  await octopusTraffic(proxy);
  await adminserverTraffic(proxy);
  recorder.kill('SIGTERM');
  expect(await exitCode(recorder)).toBe(0);
  recorderOut = output.out();
  vendor.child.kill('SIGTERM');
  harText = await readFile(harPath, 'utf8');
  har = JSON.parse(harText) as Har;
});

afterAll(async () => {
  killAll();
  await rm(folder, { recursive: true, force: true });
});

describe('ticketmock record', () => {
  it('writes a HAR 1.2 file that validates, one entry per exchange, each named by its operation', () => {
    expect(harProblem(har)).toBeUndefined();
    expect(har.log.version).toBe('1.2');
    const perApi = new Map<string, number>();
    for (const entry of har.log.entries) {
      const api = entry._operationId?.split('.')[0] ?? 'none';
      perApi.set(api, (perApi.get(api) ?? 0) + 1);
    }
    console.log(`exchanges recorded per API: ${JSON.stringify(Object.fromEntries(perApi))}`);
    expect(Object.fromEntries(perApi)).toEqual({ auvious: 11, octopus: 3, adminserver: 6 });
    expect(recorderOut).toMatch(/wrote 20 exchanges \(.*\) to .*sandbox\.har; 0 spec violations; secrets redacted/);
    // `ticketmock coverage` reads it as it is: every entry's operation
    const sightings = readRecording(har);
    expect(sightings.ok && sightings.value.every((one) => one.operationId !== undefined)).toBe(true);
    const redirect = har.log.entries.find((entry) => entry.response.status === 302);
    expect(redirect?.response.redirectURL).toMatch(/^https:\/\/calendar\.google\.com\//);
  });

  it('holds none of the credentials used', () => {
    const found = [...credentials].filter((secret) => harText.includes(secret));
    console.log(`credentials searched: ${credentials.size}; secrets found: ${found.length}`);
    expect(credentials.size).toBeGreaterThanOrEqual(9);
    expect(found).toEqual([]);
    // the exchange form's ticket is redacted there, and stays the ticket's id everywhere else
    const exchange = har.log.entries.find((entry) => entry.request.postData?.text.includes('grant_type=password'));
    expect(exchange?.request.postData?.text).toBe('grant_type=password&ticket=REDACTED');
    expect(harText).toContain(made.kept);
  });
});

describe('ticketmock serve --import', () => {
  let url: string;
  let banner: string;
  beforeAll(async () => {
    const started = await serve('--port', '0', '--quiet', '--import', harPath);
    url = started.url;
    banner = started.output.out();
  });

  it('lists what came in per API and the tenants found', () => {
    console.log(
      banner
        .split('\n')
        .filter((line) => line.startsWith('    ') || line.includes('imported'))
        .join('\n'),
    );
    expect(banner).toContain(`imported ${harPath}: 20 of 20 entries answered by an API operation`);
    expect(banner).toMatch(/auvious: tickets 1, 1 removed; tenants: demo-org/);
    expect(banner).toMatch(/octopus: services \d+, tickets \d+, 0 removed; tenants: 28XXX004/);
    expect(banner).toMatch(/adminserver: tickets \d+, 1 removed; tenants: demo-network/);
  });

  it('answers the recorded reads with the recorded bodies', async () => {
    const demo = { authorization: 'Bearer auvious-demo-token' };
    const path = `/security/ticket/${made.kept}`;
    const ticket = (await (await call(`${url}${path}`, { headers: demo })).json()) as Json;
    expect(withoutClock(ticket)).toEqual(withoutClock(lastAnswer('GET', path)));

    const key = { authorization: 'Bearer octopus-demo-key' };
    const ticketsPath = '/rest/v1/Location/28XXX004/tickets';
    const tickets = ((await (await call(`${url}${ticketsPath}`, { headers: key })).json()) as { data: Json[] }).data;
    const recorded = (lastAnswer('GET', ticketsPath).data as Json[]).map(withoutClock);
    expect(recorded.length).toBeGreaterThan(0);
    for (const one of recorded) expect(tickets.map(withoutClock)).toContainEqual(one);
    const servicesPath = '/rest/v1/Location/28XXX004/services';
    const services = (await (await call(`${url}${servicesPath}`, { headers: key })).json()) as Json;
    expect(services.data).toEqual(lastAnswer('GET', servicesPath).data);

    const login = (await (
      await call(`${url}/auth/login`, { method: 'POST', json: { email: 'admin@demo.test', password: 'demo-password' } })
    ).json()) as { sessionId: string };
    const list = (await (
      await call(`${url}/jsonRpc/ticket.getPurchasableTickets`, {
        method: 'POST',
        headers: { 'x-session-id': login.sessionId },
        json: {},
      })
    ).json()) as { data: { tickets: Json[] } };
    const recordedList = lastAnswer('POST', '/jsonRpc/ticket.getPurchasableTickets') as { data: { tickets: Json[] } };
    for (const one of recordedList.data.tickets) expect(list.data.tickets).toContainEqual(one);
    expect(list.data.tickets.find((one) => one.productId === made.product)?.price).toBe(30);
  });

  it('keeps a recorded delete deleted', async () => {
    const demo = { authorization: 'Bearer auvious-demo-token' };
    expect((await call(`${url}/security/ticket/${made.deleted}`, { headers: demo })).status).toBe(404);
    const state = (await (await call(`${url}/__mock/state`)).json()) as { apis: { adminserver: { tickets: Json[] } } };
    expect(state.apis.adminserver.tickets.map((one) => one.productId)).not.toContain(made.droppedProduct);
  });

  it('goes on stateful: a change made after the import sticks', async () => {
    const demo = { authorization: 'Bearer auvious-demo-token' };
    const path = `${url}/security/ticket/${made.kept}`;
    const before = (await (await call(path, { headers: demo })).json()) as { version: number };
    const put = await call(path, { method: 'PUT', headers: demo, json: { properties: { customer_id: 'after' } } });
    expect(put.status).toBe(200);
    const after = (await (await call(path, { headers: demo })).json()) as { version: number; properties: Json };
    expect(after).toMatchObject({ version: before.version + 1, properties: { customer_id: 'after' } });
    expect((await call(`${path}/revoke`, { method: 'POST', headers: demo })).status).toBe(204);
    expect(((await (await call(path, { headers: demo })).json()) as { revoked: unknown }).revoked).not.toBeNull();

    const key = { authorization: 'Bearer octopus-demo-key' };
    const services = (await (await call(`${url}/rest/v1/Location/28XXX004/services`, { headers: key })).json()) as {
      data: { id: number; deleted: number }[];
    };
    const issued = await call(`${url}/rest/v1/Location/28XXX004/tickets`, {
      method: 'POST',
      headers: key,
      json: { service: services.data.find((one) => one.deleted === 0)?.id },
    });
    // the next ticket the mock issues never takes a recorded id
    expect(((await issued.json()) as { data: { id: number } }).data.id).toBeGreaterThan(made.octopusTicket);
  });
});

describe('over HTTP on the standalone server', () => {
  it('POST /__mock/import takes a HAR (400 in the control shape for one that is none); GET /__mock/journal?format=har gives one', async () => {
    const { url } = await serve('--port', '0', '--quiet');
    const imported = await call(`${url}/__mock/import`, { method: 'POST', body: harText });
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({ entries: 20, routed: 20, apis: { auvious: { removed: 1 } } });
    const demo = { authorization: 'Bearer auvious-demo-token' };
    expect((await call(`${url}/security/ticket/${made.kept}`, { headers: demo })).status).toBe(200);
    const refused = await call(`${url}/__mock/import`, { method: 'POST', json: { log: { entries: 'x' } } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      error: { code: 400, message: 'recording rejected: not a HAR file: /log/entries: must be an array' },
    });
    const journal = (await (await call(`${url}/__mock/journal?format=har`)).json()) as Har;
    expect(harProblem(journal)).toBeUndefined();
    expect(journal.log.entries.map((entry) => entry._operationId)).toEqual(['auvious.getTicket']);
    expect(JSON.stringify(journal)).not.toContain('auvious-demo-token');
  });
});

describe('ticketmock serve --import with --state', () => {
  it('seeds a new state file with the recording; once the file exists it holds the state, and the recording is not laid over it again', async () => {
    const file = join(folder, 'imported-state.json');
    const demo = { authorization: 'Bearer auvious-demo-token' };
    const path = `/security/ticket/${made.kept}`;
    const first = await serve('--port', '0', '--quiet', '--import', harPath, '--state', file);
    expect(first.output.out()).toContain(`imported ${harPath}: 20 of 20 entries`);
    // written whole at start: the recorded ticket is on disk before any request
    expect(await readFile(file, 'utf8')).toContain(made.kept);
    const put = await call(`${first.url}${path}`, {
      method: 'PUT',
      headers: demo,
      json: { properties: { customer_id: 'changed-after-the-import' } },
    });
    expect(put.status).toBe(200);
    first.child.kill('SIGKILL');
    await exitCode(first.child);

    const second = await serve('--port', '0', '--quiet', '--import', harPath, '--state', file);
    expect(second.output.out()).toContain(
      `  import: ${harPath} not applied: the state file ${file} exists and holds the state\n`,
    );
    expect(second.output.out()).not.toContain(`imported ${harPath}`);
    const ticket = (await (await call(`${second.url}${path}`, { headers: demo })).json()) as { properties: Json };
    expect(ticket.properties).toMatchObject({ customer_id: 'changed-after-the-import' });
    second.child.kill('SIGTERM');
    expect(await exitCode(second.child)).toBe(0);
  });
});

describe('ticketmock serve --import with a file that is no HAR', () => {
  it('exits 2 with one line naming the file and what is wrong, no stack', async () => {
    const bad = join(folder, 'bad.har');
    await import('node:fs/promises').then(({ writeFile }) =>
      writeFile(bad, JSON.stringify({ log: { version: '1.2', entries: [{}] } })),
    );
    const child = ticketmock('serve', '--port', '0', '--import', bad);
    const output = collect(child);
    expect(await exitCode(child)).toBe(2);
    const lines = output.err().trim().split('\n');
    expect(lines[0]).toMatch(
      /^ticketmock: --import .*bad\.har: not a HAR 1\.2 file: \/log: must have required property 'creator'$/,
    );
    expect(output.err()).not.toMatch(/\n\s+at /);
    expect(output.out()).not.toContain('listening');
  });
});
