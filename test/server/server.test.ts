/**
 * The standalone server's transport (src/server/server.ts, http-adapter.ts), in process over
 * raw sockets: a close that ends in bounded time whatever the clients do, requests in flight
 * finished and none started once the close began, a client gone mid-body journalled as
 * nothing, `localhost` on both loopbacks, the CLI's `onRequest` hook, and a request that is
 * no HTTP answered in the control plane's shape.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.ts';
import type { MockRequest, MockResponse } from '../../src/core/http.ts';
import { AUVIOUS_DEMO } from '../../src/fixtures/demo.ts';
import { modulesFor } from '../../src/handlers/index.ts';
import { type RunningServer, type StartServerOptions, startServer } from '../../src/server/server.ts';
import { waitFor } from '../helpers/cli.ts';

const AUTH = `Authorization: Bearer ${AUVIOUS_DEMO.token}\r\n`;
const CREATE_BODY = '{"type":"MULTI_USE_TICKET","properties":{}}';
const CREATE =
  `POST /security/ticket HTTP/1.1\r\nHost: 127.0.0.1\r\n${AUTH}Content-Type: application/json\r\n` +
  `Content-Length: ${CREATE_BODY.length}\r\n\r\n${CREATE_BODY}`;

const servers: RunningServer[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(
  options: Omit<StartServerOptions, 'engine'> = {},
): Promise<{ engine: Engine; server: RunningServer }> {
  const engine = await Engine.create({ apis: modulesFor(['auvious']) });
  const server = await startServer({ engine, ...options });
  servers.push(server);
  return { engine, server };
}

interface Raw {
  readonly socket: Socket;
  readonly received: () => string;
  readonly closed: () => boolean;
}

function open(port: number, host = '127.0.0.1'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    sockets.push(socket);
    let received = '';
    let closed = false;
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    socket.on('close', () => {
      closed = true;
    });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.on('error', () => undefined);
      resolve({ socket, received: () => received, closed: () => closed });
    });
  });
}

/** The status lines of the answers `raw` has received, in order. */
const statuses = (raw: Raw): number[] => [...raw.received().matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));

const creates = (engine: Engine) =>
  engine.journal.entries().filter((entry) => entry.operationId === 'auvious.createTicket');

/** An `around` that holds each POST until `release()`; `entered` counts the POSTs begun. */
function gate() {
  let open: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    open = resolve;
  });
  let entered = 0;
  return {
    around: async (request: MockRequest, run: () => Promise<MockResponse>) => {
      if (request.method !== 'POST') return run();
      entered += 1;
      await released;
      return run();
    },
    entered: () => entered,
    release: () => open(),
  };
}

describe('close', () => {
  it('ends within its grace period while clients trickle a request head and a body', async () => {
    const { server } = await start({ closeGraceMs: 300 });
    const head = await open(server.port);
    head.socket.write('GET /security/ticket/abc HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    const body = await open(server.port);
    body.socket.write(`${CREATE.slice(0, CREATE.indexOf('\r\n\r\n') + 4)}{"ty`);
    const timer = setInterval(() => {
      head.socket.write('a');
      body.socket.write(' ');
    }, 50);
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = performance.now();
      await server.close();
      // the grace period, and some room for a loaded machine; a close that waits for the
      // clients (Fastify's, or node's server.close alone) never ends while they trickle
      expect(performance.now() - started).toBeLessThan(2_500);
      await waitFor(() => head.closed() && body.closed(), 'both connections to be closed', 2_000);
      expect([statuses(head), statuses(body)]).toEqual([[], []]);
    } finally {
      clearInterval(timer);
    }
  });

  it('finishes a request in flight, ending its connection, and runs none that comes after on it', async () => {
    const held = gate();
    const { engine, server } = await start({ around: held.around });
    const raw = await open(server.port);
    raw.socket.write(CREATE);
    await waitFor(() => held.entered() === 1, 'the first create to reach the engine', 5_000);
    const closed = server.close();
    // pipelined behind the first, after the close began
    raw.socket.write(CREATE);
    await new Promise((resolve) => setTimeout(resolve, 100));
    held.release();
    await closed;
    await waitFor(raw.closed, 'the connection to be closed', 2_000);
    expect(statuses(raw)[0]).toBe(200);
    expect(raw.received()).toMatch(/^connection: close\r$/im);
    // the second create never reached an operation
    expect(held.entered()).toBe(1);
    expect(creates(engine).map((entry) => entry.status)).toEqual([200]);
  });

  it('closes a kept-alive connection idle between requests at once, while a request in flight goes on', async () => {
    const held = gate();
    const { engine, server } = await start({ around: held.around });
    const busy = await open(server.port);
    busy.socket.write(CREATE);
    await waitFor(() => held.entered() === 1, 'the first create to reach the engine', 5_000);
    // a connection that is between requests when the close begins is closed at once
    const idle = await open(server.port);
    idle.socket.write('GET /security/ticket/abc HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await waitFor(() => statuses(idle).length === 1, 'the idle connection’s first answer', 5_000);
    const closed = server.close();
    await waitFor(idle.closed, 'the idle connection to be closed', 2_000);
    expect(busy.closed()).toBe(false);
    held.release();
    await closed;
    await waitFor(busy.closed, 'the busy connection to be closed', 2_000);
    expect(statuses(busy)).toEqual([200]);
    expect(creates(engine).map((entry) => entry.status)).toEqual([200]);
  });
});

describe('a client that goes away', () => {
  it('mid-body is answered nothing and journalled as nothing', async () => {
    const { engine, server } = await start();
    const raw = await open(server.port);
    raw.socket.write(`${CREATE.replace(`Content-Length: ${CREATE_BODY.length}`, 'Content-Length: 100')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    raw.socket.destroy();
    // a whole request after it, answered: the server has seen the first go
    const next = await open(server.port);
    next.socket.write(CREATE);
    await waitFor(() => statuses(next).length === 1, 'the next create’s answer', 5_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(creates(engine).map((entry) => entry.status)).toEqual([200]);
    expect(engine.journal.entries()).toHaveLength(1);
  });
});

describe('listening', () => {
  it('on localhost answers on both 127.0.0.1 and ::1', async () => {
    const { server } = await start({ host: 'localhost' });
    expect(server.url).toBe(`http://localhost:${server.port}`);
    for (const host of ['127.0.0.1', '::1']) {
      const raw = await open(server.port, host);
      raw.socket.write('GET /security/ticket/abc HTTP/1.1\r\nHost: localhost\r\n\r\n');
      await waitFor(() => statuses(raw).length === 1, `an answer on ${host}`, 5_000);
      expect(statuses(raw)).toEqual([401]);
    }
  });

  it('calls onRequest as each request arrives, before its body is whole', async () => {
    let arrived = 0;
    const { server } = await start({ onRequest: () => (arrived += 1) });
    const raw = await open(server.port);
    raw.socket.write(CREATE.slice(0, CREATE.length - 5));
    await waitFor(() => arrived === 1, 'onRequest', 5_000);
    raw.socket.write(CREATE.slice(CREATE.length - 5) + CREATE);
    await waitFor(() => statuses(raw).length === 2, 'both answers', 5_000);
    expect([arrived, ...statuses(raw)]).toEqual([2, 200, 200]);
  });

  it('answers a request that is no HTTP with 400 in the control plane’s shape, and closes', async () => {
    const { server } = await start();
    const raw = await open(server.port);
    raw.socket.write('POST /security/ticket HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n');
    await waitFor(raw.closed, 'the connection to be closed', 5_000);
    expect(statuses(raw)).toEqual([400]);
    const body = JSON.parse(raw.received().slice(raw.received().indexOf('\r\n\r\n') + 4));
    expect(body).toEqual({ error: { code: 400, message: expect.stringContaining('malformed HTTP request') } });
  });

  it('answers 500 when an answer cannot be written (a header node:http refuses), and goes on', async () => {
    const { server } = await start({
      around: async (request, run) =>
        request.path.endsWith('/bad') ? { status: 200, headers: { 'x-bad': 'a\nb' }, json: {} } : run(),
    });
    const raw = await open(server.port);
    raw.socket.write('GET /security/ticket/bad HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await waitFor(raw.closed, 'the connection to be closed', 5_000);
    expect(statuses(raw)).toEqual([500]);
    const next = await open(server.port);
    next.socket.write('GET /security/ticket/abc HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await waitFor(() => statuses(next).length === 1, 'the next answer', 5_000);
    expect(statuses(next)).toEqual([401]);
  });
});
