/**
 * `serve --state <file>`: nothing acknowledged is lost, not even to SIGKILL; a crash
 * mid-write leaves a readable file; a bad file is refused and left untouched; SIGTERM
 * finishes requests in flight and exits 0 without waiting on an idle connection.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, type ClientRequest, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collect, exitCode, killAll, serve as serveCommand, ticketmock } from '../helpers/cli.ts';

const OCTOPUS = { authorization: 'Bearer octopus-demo-key', 'content-type': 'application/json' };
const AUVIOUS = { authorization: 'Bearer auvious-demo-token', 'content-type': 'application/json' };

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'ticketmock-state-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});
afterEach(killAll);

async function serve(stateFile: string, ...extra: string[]): Promise<{ child: ChildProcess; url: string }> {
  return serveCommand('--port', '0', '--quiet', '--state', stateFile, ...extra);
}

interface Acknowledged {
  octopus: number[];
  auvious: string[];
  adminserver: string[];
}

/** A burst of concurrent writes to all three APIs; what each 200 acknowledged. `onAck` hears each 200. */
async function burst(
  url: string,
  size: number,
  tag: string,
  onAck: (count: number) => void = () => {},
): Promise<Acknowledged> {
  const acknowledged: Acknowledged = { octopus: [], auvious: [], adminserver: [] };
  let acks = 0;
  const post = async (path: string, headers: Record<string, string>, body: unknown) => {
    try {
      // a request cut off by the kill can stall rather than fail: give up, unacknowledged
      const signal = AbortSignal.timeout(10_000);
      const response = await fetch(url + path, { method: 'POST', headers, body: JSON.stringify(body), signal });
      if (response.status !== 200) return undefined;
      const json = (await response.json()) as Record<string, unknown>;
      acks += 1;
      onAck(acks);
      return json;
    } catch {
      return undefined; // the server died under this request (or before its body came): not acknowledged
    }
  };
  const login = await post(
    '/auth/login',
    { 'content-type': 'application/json' },
    {
      email: 'admin@demo.test',
      password: 'demo-password',
    },
  );
  // without a session (the server died first) the Adminserver writes answer 401: none acknowledged
  const sessionId = (login as { sessionId?: string } | undefined)?.sessionId ?? 'none';
  await Promise.all(
    Array.from({ length: size }, async (_, index) => {
      const [octopus, auvious, adminserver] = await Promise.all([
        post('/rest/v1/Location/28XXX004/tickets', OCTOPUS, { service: '59219', userId: `${tag}-${index}` }),
        post('/security/ticket', AUVIOUS, { type: 'MULTI_USE_TICKET', properties: { tag: `${tag}-${index}` } }),
        post(
          '/jsonRpc/ticket.createPurchasableTicket',
          { 'content-type': 'application/json', 'x-session-id': sessionId },
          {
            ticket: {
              productId: `${tag}-${index}`,
              eventName: 'Burst',
              eventStartDate: '2026-09-01T18:00:00Z',
              eventEndDate: '2026-09-01T20:00:00Z',
              ticketType: 'single',
              ticketName: 'Entry',
              price: 1,
            },
          },
        ),
      ]);
      if (octopus !== undefined) acknowledged.octopus.push((octopus.data as { id: number }).id);
      if (auvious !== undefined) acknowledged.auvious.push(auvious.id as string);
      if (adminserver !== undefined) acknowledged.adminserver.push(`${tag}-${index}`);
    }),
  );
  return acknowledged;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Starts an Auvious request through `agent` (node:http: its events say when it was sent). */
function start(
  agent: Agent,
  url: string,
  method: string,
  path: string,
  body?: string,
): { request: ClientRequest; response: Promise<Answer> } {
  const request = httpRequest(`${url}${path}`, { agent, method, headers: AUVIOUS });
  const response = new Promise<Answer>((resolveAnswer, reject) => {
    request.on('error', reject);
    request.on('response', (incoming) => {
      let text = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk: string) => {
        text += chunk;
      });
      incoming.on('error', reject);
      incoming.on('end', () =>
        resolveAnswer({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: text }),
      );
    });
  });
  request.end(body);
  return { request, response };
}

function send(agent: Agent, url: string, method: string, path: string): Promise<Answer> {
  return start(agent, url, method, path).response;
}

interface Stored {
  apis: {
    octopus: { tickets: Array<{ id: number }> };
    auvious: { tickets: Array<{ id: string }> };
    adminserver: { tickets: Array<{ productId: string }> };
  };
}

async function stored(url: string): Promise<Stored> {
  return (await (await fetch(`${url}/__mock/state`)).json()) as Stored;
}

function expectAllKept(state: Stored, acknowledged: Acknowledged): void {
  const octopus = new Set(state.apis.octopus.tickets.map((ticket) => ticket.id));
  const auvious = new Set(state.apis.auvious.tickets.map((ticket) => ticket.id));
  const adminserver = new Set(state.apis.adminserver.tickets.map((ticket) => ticket.productId));
  expect(acknowledged.octopus.filter((id) => !octopus.has(id))).toEqual([]);
  expect(acknowledged.auvious.filter((id) => !auvious.has(id))).toEqual([]);
  expect(acknowledged.adminserver.filter((id) => !adminserver.has(id))).toEqual([]);
}

// every test here starts the server from source several times; under a full parallel run a
// start takes seconds
describe('serve --state', { timeout: 120_000 }, () => {
  it('writes the seeded data when the file is absent, and loads it on the next start', async () => {
    const file = join(folder, 'fresh.json');
    const first = await serve(file);
    const seeded = await stored(first.url);
    first.child.kill('SIGTERM');
    expect(await exitCode(first.child)).toBe(0);
    // a stopped server leaves one JSON document: the state, and the format it is in
    const { format, formatVersion, writtenBy, ...onDisk } = JSON.parse(await readFile(file, 'utf8')) as Stored & {
      format: string;
      formatVersion: number;
      writtenBy: string;
    };
    expect({ format, formatVersion }).toEqual({ format: 'ticketmock-state', formatVersion: 2 });
    expect(writtenBy).toMatch(/^ticketmock \d+\.\d+\.\d+/);
    expect(onDisk).toEqual(seeded);
    // a different seed on the command line does not matter: the file wins
    const second = await serve(file, '--seed', '99');
    expect(await stored(second.url)).toEqual(seeded);
  });

  it('keeps every acknowledged write of a burst across SIGKILL', async () => {
    const file = join(folder, 'burst.json');
    const { child, url } = await serve(file);
    const acknowledged = await burst(url, 20, 'burst');
    child.kill('SIGKILL');
    await exitCode(child);
    expect(acknowledged.octopus).toHaveLength(20);
    expect(acknowledged.auvious).toHaveLength(20);
    expect(acknowledged.adminserver).toHaveLength(20);

    const restarted = await serve(file);
    expectAllKept(await stored(restarted.url), acknowledged);
  });

  it('leaves a readable file holding every acknowledged write when killed in the middle of writing', async () => {
    const file = join(folder, 'crash.json');
    // killed right after the n-th acknowledgement, while the other writes of the burst are in flight
    for (const [round, killAfterAcks] of [1, 5, 12, 25].entries()) {
      const { child, url } = await serve(file);
      const acknowledged = await burst(url, 15, `crash${round}`, (acks) => {
        if (acks === killAfterAcks) child.kill('SIGKILL');
      });
      await exitCode(child);
      const count = acknowledged.octopus.length + acknowledged.auvious.length + acknowledged.adminserver.length;
      // the login is one of the acknowledgements; at least the writes up to the kill were acknowledged
      expect(count).toBeGreaterThanOrEqual(killAfterAcks - 1);
      // the file parses and loads (the server starts), and holds what was acknowledged
      const restarted = await serve(file);
      expectAllKept(await stored(restarted.url), acknowledged);
      restarted.child.kill('SIGKILL');
      await exitCode(restarted.child);
    }
  });

  it('removes a half-written temporary file a crash left beside the state, and ignores it', async () => {
    const file = join(folder, 'leftover.json');
    const first = await serve(file);
    const before = await stored(first.url);
    first.child.kill('SIGKILL');
    await exitCode(first.child);
    const leftover = join(folder, '.leftover.json.12345.tmp');
    await writeFile(leftover, '{"seed":1,"apis":{"octo');
    const second = await serve(file);
    expect(await stored(second.url)).toEqual(before);
    await expect(readFile(leftover)).rejects.toThrow(/ENOENT/);
  });

  it.each([
    ['not JSON', '{"seed":1,"apis":{"octo', /is not JSON/],
    ['a foreign JSON document', '{"hello":"world"}', /is not a ticketmock state/],
    ['a state without one of the APIs', '{"seed":1,"apis":{"auvious":{"tickets":[],"tokens":[]}}}', /has no "octopus"/],
  ])('refuses a file that is %s: one line naming it, exit 1, the file untouched', async (_, content, reason) => {
    const file = join(folder, `bad-${content.length}.json`);
    await writeFile(file, content);
    const child = ticketmock('serve', '--port', '0', '--state', file);
    const output = collect(child);
    expect(await exitCode(child)).toBe(1);
    expect(output.err()).toMatch(reason);
    expect(output.err()).toContain(file);
    expect(output.err().trim().split('\n')).toHaveLength(1);
    expect(await readFile(file, 'utf8')).toBe(content);
    // nor is it kept locked
    await expect(readFile(`${file}.lock`)).rejects.toThrow(/ENOENT/);
  });

  it('on SIGTERM finishes the request in flight, keeps its change, and exits 0 without waiting on keep-alive', async () => {
    const file = join(folder, 'graceful.json');
    const { child, url } = await serve(file, '--delay', '700');
    // One kept-alive socket: a first answer proves the server accepted the connection and is
    // reading it, so the POST's bytes, once flushed, are the server's to read before it
    // handles the signal sent after them. No fixed wait.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const warmUp = await send(agent, url, 'GET', '/security/ticket/nope00');
      expect(warmUp.status).toBe(404);
      const body = JSON.stringify({ type: 'MULTI_USE_TICKET', properties: { graceful: true } });
      const { request, response: inFlight } = start(agent, url, 'POST', '/security/ticket', body);
      await once(request, 'finish');
      expect(request.reusedSocket).toBe(true);
      const signalled = performance.now();
      child.kill('SIGTERM');
      const response = await inFlight;
      expect(response.status).toBe(200);
      // answered while the server was closing: the server ends the kept-alive connection
      expect(response.headers.connection).toBe('close');
      const { id } = JSON.parse(response.body) as { id: string };
      expect(await exitCode(child)).toBe(0);
      // a server that left the kept-alive socket open would wait out its 5 s keep-alive timeout
      expect(performance.now() - signalled).toBeLessThan(4_500);
      const onDisk = JSON.parse(await readFile(file, 'utf8')) as Stored;
      expect(onDisk.apis.auvious.tickets.map((ticket) => ticket.id)).toContain(id);
      await expect(readFile(`${file}.lock`)).rejects.toThrow(/ENOENT/);
    } finally {
      agent.destroy();
    }
  });
});
