/**
 * Misbehaving clients against the standalone server (issue 7), over raw node:net sockets:
 * slow or stalled requests and idle connections must not starve a normal client, and an
 * oversize body is refused with 413 without the server reading (or holding) all of it.
 */
import http from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BODY_LIMIT_BYTES, bodyTooLarge } from '../../src/core/http.ts';
import { AUVIOUS_DEMO, OCTOPUS_DEMO } from '../../src/fixtures/demo.ts';
import { waitFor } from '../helpers/cli.ts';
import { type BuiltServer, httpClient, openFds, residentKiB, startBuiltServer } from './built-server.ts';

const MiB = 1024 * 1024;
const SERVICES = `/rest/v1/Location/${OCTOPUS_DEMO.location}/services`;
const OCTOPUS_AUTH = { authorization: `Bearer ${OCTOPUS_DEMO.key}` };

// bounded, with room for a full parallel run on a shared two-core machine
vi.setConfig({ testTimeout: 60_000 });

let server: BuiltServer;
/** Every raw socket a test opens, destroyed after each test whatever happened. */
const sockets = new Set<Socket>();
const timers = new Set<NodeJS.Timeout>();
// A normal client: a new connection for every request, as a fresh browser tab would open.
const agent = new http.Agent({ keepAlive: false });
let call: ReturnType<typeof httpClient>;

beforeAll(async () => {
  server = await startBuiltServer();
  call = httpClient(server.url, agent);
});

afterEach(() => {
  for (const timer of timers) clearInterval(timer);
  timers.clear();
  for (const socket of sockets) socket.destroy();
  sockets.clear();
});

afterAll(async () => {
  agent.destroy();
  await server?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the server's descriptor count passes `predicate`; on a timeout, says what it was. */
async function waitForFds(pid: number, predicate: (fds: number) => boolean, what: string): Promise<void> {
  try {
    await waitFor(() => predicate(openFds(pid) ?? Number.NaN), what, 15_000);
  } catch (error) {
    throw new Error(`${(error as Error).message} (the server holds ${openFds(pid)} descriptors)`);
  }
}

/** Waits until the server's descriptor count has not changed for `quietMs`, and returns it. */
async function steadyFds(pid: number, quietMs = 250): Promise<number> {
  let last = openFds(pid);
  let since = performance.now();
  await waitForFds(
    pid,
    (fds) => {
      if (fds !== last) [last, since] = [fds, performance.now()];
      return performance.now() - since >= quietMs;
    },
    `its descriptor count to hold still for ${quietMs} ms`,
  );
  return last as number;
}

/** A raw connection to the server, and what it has seen. */
interface Raw {
  readonly socket: Socket;
  received: () => Buffer;
  readonly closed: () => boolean;
}

function open(): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: server.port });
    sockets.add(socket);
    const chunks: Buffer[] = [];
    let closed = false;
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => {
      closed = true;
    });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      socket.on('error', () => undefined); // a reset after the test is done with it
      resolve({ socket, received: () => Buffer.concat(chunks), closed: () => closed });
    });
  });
}

/** Writes, resolving once the kernel has taken the bytes (backpressure respected). */
function write(socket: Socket, data: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.write(data, (error) => (error ? reject(error) : resolve()));
  });
}

/** A complete HTTP/1.1 response in `raw`'s received bytes, once there is one. */
function parsedResponse(bytes: Buffer): { status: number; headers: Record<string, string>; body: string } | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  if (bytes.length < end + 4 + length) return undefined;
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: bytes.subarray(end + 4, end + 4 + length).toString('utf8'),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The `p`-th percentile of `values`, by nearest rank. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Latencies in ms of `count` sequential requests of a normal client, each on a new connection. */
async function latencies(count: number): Promise<number[]> {
  const measured: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    const answer = await call('GET', SERVICES, { headers: OCTOPUS_AUTH });
    measured.push(performance.now() - started);
    expect(answer.status).toBe(200);
  }
  return measured;
}

describe('slow, stalled and idle connections', () => {
  const SLOW_HEADERS = 5;
  const STALLED_BODIES = 5;
  const IDLE = 1000;

  it('a normal client is still answered promptly; the server recovers when they go', async () => {
    const pid = server.child.pid as number;
    await latencies(10); // warm up the server's paths
    const before = await latencies(20);
    // the server closes the last measured connections
    const fdsBefore = openFds(pid) === undefined ? undefined : await steadyFds(pid);
    const rssBefore = residentKiB(pid);

    // Slowloris: a request line, then the headers one byte every 150 ms, never finished.
    const slow = await Promise.all(Array.from({ length: SLOW_HEADERS }, open));
    for (const raw of slow) {
      await write(raw.socket, `GET ${SERVICES} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: `);
      const timer = setInterval(() => {
        if (!raw.socket.destroyed) raw.socket.write('a');
      }, 150);
      timers.add(timer);
    }
    // Headers that promise 1000 bytes of body, and 10 of them sent.
    const stalled = await Promise.all(Array.from({ length: STALLED_BODIES }, open));
    for (const raw of stalled) {
      await write(
        raw.socket,
        `POST /security/ticket HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${AUVIOUS_DEMO.token}\r\n` +
          'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"type":"M',
      );
    }
    // Connections that never send a byte, opened in batches as a flood would arrive.
    const idle: Raw[] = [];
    for (let batch = 0; batch < IDLE / 100; batch += 1) {
      idle.push(...(await Promise.all(Array.from({ length: 100 }, open))));
    }
    const attackers = [...slow, ...stalled, ...idle];
    // The server really holds them: one descriptor each (Linux; elsewhere this is skipped),
    // give or take a few measured connections still closing when fdsBefore was read.
    if (fdsBefore !== undefined) {
      await waitForFds(
        pid,
        (fds) => fds >= fdsBefore + attackers.length - 5,
        `the server to accept every attacker (${fdsBefore} descriptors before)`,
      );
    }
    await sleep(600); // a few slow bytes more

    const during = await latencies(20);
    const created = await call('POST', `/rest/v1/Location/${OCTOPUS_DEMO.location}/tickets`, {
      headers: OCTOPUS_AUTH,
      json: { service: String(OCTOPUS_DEMO.service) },
    });
    expect(created.status).toBe(200);
    const fdsDuring = openFds(pid);
    // The attack was in place the whole time: no attacker was answered or dropped.
    expect(attackers.filter((raw) => raw.closed() || raw.received().length > 0)).toHaveLength(0);

    // The machine is shared and noisy: compare medians with the same request measured just
    // before (a baseline under 5 ms counts as 5 ms, so one scheduler hiccup cannot fail
    // the test), and cap the slow end absolutely: 90% of answers (all but two of the 20)
    // within 2 s, so that one stall of the machine does not decide it.
    const baseline = Math.max(median(before), 5);
    expect(median(during)).toBeLessThan(20 * baseline);
    expect(percentile(during, 90)).toBeLessThan(2_000);

    for (const timer of timers) clearInterval(timer);
    for (const raw of attackers) raw.socket.destroy();
    // The server lets go of every attacker's connection …
    if (fdsBefore !== undefined) {
      await waitForFds(
        pid,
        (fds) => fds <= fdsBefore + 5,
        `the server to close them (${fdsBefore} descriptors before)`,
      );
    }
    // … keeps answering, and has not grown out of bounds.
    const after = await latencies(20);
    expect(median(after)).toBeLessThan(20 * baseline);
    expect(server.child.exitCode).toBeNull();
    const rssAfter = residentKiB(pid);
    if (rssBefore !== undefined && rssAfter !== undefined) expect(rssAfter).toBeLessThan(rssBefore + 100 * 1024);
    expect(server.stderr()).toBe('');
    console.info(
      `hostile: median/90th/max latency before ${median(before).toFixed(2)}/${percentile(before, 90).toFixed(2)}/${Math.max(...before).toFixed(2)} ms, ` +
        `during ${median(during).toFixed(2)}/${percentile(during, 90).toFixed(2)}/${Math.max(...during).toFixed(2)} ms, after ${median(after).toFixed(2)} ms; ` +
        `server fds ${fdsBefore} → ${fdsDuring} → ${openFds(pid)}; RSS ${rssBefore} → ${rssAfter} KiB`,
    );
  });
});

describe('a 10 MiB body', () => {
  const DECLARED = 10 * MiB;
  const PIECE = 64 * 1024;
  const MESSAGE = bodyTooLarge();
  const cases = [
    {
      api: 'octopus',
      head: `POST /rest/v1/Location/${OCTOPUS_DEMO.location}/tickets HTTP/1.1\r\nAuthorization: Bearer ${OCTOPUS_DEMO.key}\r\n`,
      shape: { error: { code: 413, message: MESSAGE } },
    },
    {
      api: 'auvious',
      head: `POST /security/ticket HTTP/1.1\r\nAuthorization: Bearer ${AUVIOUS_DEMO.token}\r\n`,
      shape: {
        timestamp: expect.any(String),
        status: 413,
        error: 'Payload Too Large',
        message: MESSAGE,
        path: '/security/ticket',
      },
    },
    {
      api: 'adminserver',
      head: 'POST /jsonRpc/ticket.createPurchasableTicket HTTP/1.1\r\n',
      shape: { error: { status: true, code: 413, message: MESSAGE } },
    },
  ];
  const piece = Buffer.concat([Buffer.from('{"padding":"'), Buffer.alloc(PIECE - 12, 'a')]);
  /** `piece` as one chunk of a chunked body. */
  const chunk = Buffer.concat([Buffer.from(`${PIECE.toString(16)}\r\n`), piece, Buffer.from('\r\n')]);
  let stateBefore: string;

  beforeAll(async () => {
    stateBefore = (await call('GET', '/__mock/state')).text;
  });

  /** Waits for the response (the first on `raw`, or the one after `skip` bytes). */
  async function answer(raw: Raw, skip = 0): Promise<NonNullable<ReturnType<typeof parsedResponse>>> {
    const next = () => parsedResponse(raw.received().subarray(skip));
    await waitFor(() => next() !== undefined || raw.closed(), 'an answer', 10_000);
    const response = next();
    if (response === undefined) throw new Error('the server closed the connection without an answer');
    return response;
  }

  /**
   * Lingering drain: the refusal keeps the connection, the server reads and discards the
   * rest of the body the client goes on sending (no reset), and the same connection then
   * carries the next request.
   */
  async function drainsAndReuses(raw: Raw, rest: readonly Buffer[]): Promise<void> {
    const answered = raw.received().length;
    for (const chunk of rest) await write(raw.socket, chunk);
    await write(
      raw.socket,
      `GET ${SERVICES} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${OCTOPUS_AUTH.authorization}\r\n\r\n`,
    );
    const next = await answer(raw, answered);
    expect(next.status).toBe(200);
    expect(raw.closed()).toBe(false);
  }

  it.each(cases)('with Content-Length to $api: 413 in its error shape after the first 64 KiB', async (item) => {
    const raw = await open();
    await write(
      raw.socket,
      `${item.head}Host: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${DECLARED}\r\n\r\n`,
    );
    await write(raw.socket, piece);
    // Nothing more is sent: a server that waited for the declared 10 MiB would never answer.
    const response = await answer(raw);
    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(response.body)).toEqual(item.shape);
    expect(response.headers.connection).not.toBe('close');
    console.info(`413 (${item.api}, Content-Length ${DECLARED}) after ${PIECE} bytes of body`);
    // the client, not yet reading, sends the rest of what it declared
    await drainsAndReuses(
      raw,
      Array.from({ length: DECLARED / PIECE - 1 }, () => piece),
    );
  });

  it.each(cases)('chunked to $api: 413 in its error shape once just over 1 MiB has been sent', async (item) => {
    const raw = await open();
    await write(
      raw.socket,
      `${item.head}Host: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    // Chunks of 64 KiB up to the limit and 128 KiB more (of the 10 MiB a client would send), then wait.
    let sent = 0;
    let sentWhenAnswered: number | undefined;
    raw.socket.once('data', () => {
      sentWhenAnswered = sent;
    });
    while (sent < BODY_LIMIT_BYTES + 2 * PIECE && sentWhenAnswered === undefined && !raw.closed()) {
      sent += PIECE; // counted when handed to the socket, so the count is never behind the server
      await write(raw.socket, chunk);
    }
    const response = await answer(raw);
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toEqual(item.shape);
    // Without a length the server can only tell once the limit is passed, and it answers then.
    expect(sentWhenAnswered).toBeGreaterThan(BODY_LIMIT_BYTES);
    expect(response.headers.connection).not.toBe('close');
    console.info(`413 (${item.api}, chunked) after ${sentWhenAnswered} bytes of body`);
    // the rest of the 10 MiB in the same chunks, then the last chunk
    const rest = Array.from({ length: (DECLARED - sent) / PIECE }, () => chunk);
    await drainsAndReuses(raw, [...rest, Buffer.from('0\r\n\r\n')]);
  });

  it('leaves the server running with its data as it was', async () => {
    expect(server.child.exitCode).toBeNull();
    expect((await call('GET', '/__mock/state')).text).toBe(stateBefore);
    const answer = await call('GET', SERVICES, { headers: OCTOPUS_AUTH });
    expect(answer.status).toBe(200);
    expect(server.stderr()).toBe('');
  });
});
