/**
 * The standalone server: the engine behind `node:http` (src/server/http-adapter.ts), on one
 * address or, for `localhost`, on both loopbacks; and its close, which ends in bounded time.
 * The same operations as the msw adapter, without msw's per-request cost (DESIGN.md, "Why
 * two adapters"); why not Fastify: decision 024.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CONTROL_PREFIX, controlError } from '../core/control.js';
import type { Engine } from '../core/engine.js';
import { type MockRequest, type MockResponse, REASON_PHRASES } from '../core/http.js';
import type { ControlAccess } from './control-access.js';
import { requestListener } from './http-adapter.js';

export interface StartServerOptions {
  readonly engine: Engine;
  /** `localhost` listens on both 127.0.0.1 and ::1 (where the machine has IPv6). Default 127.0.0.1. */
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /**
   * Wraps every call of the engine: `run` answers the request, and what this resolves to is
   * sent (`--state` makes the change durable here, or refuses it). Default: `run` alone.
   */
  readonly around?: (request: MockRequest, run: () => Promise<MockResponse>) => Promise<MockResponse>;
  /** Called as each request arrives, before its body is read (the CLI's idle collector, memory.ts). */
  readonly onRequest?: () => void;
  /** Called once per answered request (the access log). */
  readonly onResponse?: (line: { method: string; path: string; status: number; durationMs: number }) => void;
  /**
   * Who else may use the control API beside loopback hosts and origins (`--allowed-hosts`,
   * `--control-origins`), and its token (`--control-token`); src/server/control-access.ts.
   */
  readonly controlAccess?: Omit<ControlAccess, 'listenHost'>;
  /**
   * How long `close()` lets a connection still busy with a request (a body still coming, an
   * answer the client is slow to read, an operation still running) go on before destroying
   * it. Default 5,000 ms.
   */
  readonly closeGraceMs?: number;
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:4010` */
  readonly url: string;
  readonly port: number;
  /**
   * Stops accepting and runs no further request; closes idle connections (and those that
   * have not sent a whole request head) at once; lets requests in flight finish, each
   * answer ending its connection; after `closeGraceMs` destroys what is left. Resolves once
   * every connection is gone and every engine call has settled, or at the end of the grace
   * period. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

/** A stuck client cannot hold the server: idle sockets, request heads and whole requests are timed. */
const TIMEOUTS = { requestTimeout: 30_000, headersTimeout: 30_000, keepAliveTimeout: 5_000, socketIdleMs: 30_000 };

/**
 * A request node:http cannot parse (no API to answer it): 400, 408 or 431 with the control
 * plane's error body, once, on a connection that has sent nothing yet; then the connection ends.
 */
function onClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable || socket.bytesWritten > 0 || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify(controlError(status, `malformed HTTP request (${error.code ?? error.message})`).json);
  socket.end(
    `HTTP/1.1 ${status} ${REASON_PHRASES[status] ?? 'Request Header Fields Too Large'}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `connection: close\r\n\r\n${body}`,
  );
}

/**
 * The addresses `host` stands for: `localhost` is the loopback in both families (RFC 6761
 * §6.3), whatever the resolver answers first; browsers try ::1 as readily as 127.0.0.1.
 */
const addressesOf = (host: string): string[] => (host.toLowerCase() === 'localhost' ? ['127.0.0.1', '::1'] : [host]);

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

const closeQuietly = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

/** One server per address, all on one port (the first's, when `port` is 0). */
async function listenAll(make: () => Server, hosts: readonly string[], port: number): Promise<Server[]> {
  for (let attempt = 1; ; attempt += 1) {
    const servers: Server[] = [];
    try {
      for (const [index, host] of hosts.entries()) {
        const server = make();
        const code = await listen(server, host, servers[0] === undefined ? port : portOf(servers[0])).then(
          () => undefined,
          (error: Error & { code?: string }) => {
            // a machine without IPv6 has no ::1: the first loopback serves alone
            if (index > 0 && (error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT')) return error.code;
            throw error;
          },
        );
        if (code === undefined) servers.push(server);
      }
      return servers;
    } catch (error) {
      await Promise.all(servers.map(closeQuietly));
      // the free port the first address got is taken on another: draw again
      const taken = (error as { code?: string }).code === 'EADDRINUSE' && port === 0 && servers.length > 0;
      if (!taken || attempt >= 5) throw error;
    }
  }
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
  return address.port;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { engine } = options;
  const host = options.host ?? '127.0.0.1';
  let closing = false;
  /** Every open connection, and how many requests each has in progress. */
  const sockets = new Set<Socket>();
  const busy = new Map<Socket, number>();
  /** Engine calls under way, and what close() waits on until they are over. */
  let running = 0;
  let idle: (() => void) | undefined;
  const handle = requestListener({
    engine,
    controlled: engine.prefixes.includes(CONTROL_PREFIX.slice(1)),
    access: { listenHost: host, ...options.controlAccess },
    around: options.around ?? ((_request, run) => run()),
    onRequest: options.onRequest,
    onResponse: options.onResponse,
    closing: () => closing,
    enter: () => {
      running += 1;
    },
    leave: () => {
      running -= 1;
      if (running === 0) idle?.();
    },
  });
  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    const socket = request.socket;
    busy.set(socket, (busy.get(socket) ?? 0) + 1);
    response.once('close', () => {
      const left = (busy.get(socket) ?? 1) - 1;
      if (left > 0) busy.set(socket, left);
      else busy.delete(socket);
    });
    handle(request, response);
  };
  const make = (): Server => {
    const server = createServer(
      { requestTimeout: TIMEOUTS.requestTimeout, headersTimeout: TIMEOUTS.headersTimeout },
      listener,
    );
    server.keepAliveTimeout = TIMEOUTS.keepAliveTimeout;
    server.setTimeout(TIMEOUTS.socketIdleMs);
    server.on('clientError', onClientError);
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => {
        sockets.delete(socket);
        busy.delete(socket);
      });
    });
    return server;
  };
  const servers = await listenAll(make, addressesOf(host), options.port ?? 0);
  const first = servers[0]?.address() as AddressInfo;
  const shownHost =
    host.toLowerCase() === 'localhost' ? 'localhost' : first.family === 'IPv6' ? `[${first.address}]` : first.address;

  let closed: Promise<void> | undefined;
  const shutDown = async (): Promise<void> => {
    closing = true;
    const stopped = Promise.all(servers.map(closeQuietly));
    // idle, or not yet a whole request head: nothing in flight to lose
    for (const socket of sockets) if (!busy.has(socket)) socket.destroy();
    let grace: NodeJS.Timeout | undefined;
    const graceOver = new Promise<void>((resolve) => {
      grace = setTimeout(() => {
        for (const socket of sockets) socket.destroy();
        resolve();
      }, options.closeGraceMs ?? 5_000);
    });
    try {
      await stopped;
      // an operation still running (its change being written) ends first, unless it outlasts the grace period
      const over = new Promise<void>((resolve) => {
        idle = resolve;
        if (running === 0) resolve();
      });
      await Promise.race([over, graceOver]);
    } finally {
      clearTimeout(grace);
    }
  };
  return {
    url: `http://${shownHost}:${first.port}`,
    port: first.port,
    close: () => {
      closed ??= shutDown();
      return closed;
    },
  };
}
