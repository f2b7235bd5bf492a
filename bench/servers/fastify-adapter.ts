/**
 * The standalone adapter as it was on Fastify (src/server/server.ts up to commit cd8910f),
 * kept word for word but for its imports, as the contender `npm run bench -- --only adapters`
 * measures against the `node:http` adapter that replaced it (decision 024). It fights its
 * framework in five places (issue 21): every content-type parser removed, a catch-all route
 * beside the not-found handler, `frameworkErrors` re-routed, the body re-read by hand, CORS
 * preflights answered by hand. Not part of the package; `fastify` is a devDependency for it.
 */
import type { IncomingMessage } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { CONTROL_PREFIX, controlError } from '../../dist/core/control.js';
import type { Engine } from '../../dist/core/engine.js';
import {
  BODY_LIMIT_BYTES,
  bodyLimitFor,
  bodyTooLarge,
  type MockRequest,
  type MockResponse,
  STATE_LIMIT_BYTES,
  STATE_PATH,
} from '../../dist/core/http.js';
import { type ControlAccess, controlRefusal, isControlPath, type Refusal } from '../../dist/server/control-access.js';

export interface StartServerOptions {
  readonly engine: Engine;
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /**
   * Wraps every call of the engine: `run` answers the request, and what this resolves to is
   * sent (`--state` makes the change durable here, or refuses it). Default: `run` alone.
   */
  readonly around?: (request: MockRequest, run: () => Promise<MockResponse>) => Promise<MockResponse>;
  /** Called once per answered request (the access log). */
  readonly onResponse?: (line: { method: string; path: string; status: number; durationMs: number }) => void;
  /**
   * Who else may use the control API beside loopback hosts and origins (`--allowed-hosts`,
   * `--control-origins`), and its token (`--control-token`); src/server/control-access.ts.
   */
  readonly controlAccess?: Omit<ControlAccess, 'listenHost'>;
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:4010` */
  readonly url: string;
  readonly port: number;
  readonly fastify: FastifyInstance;
  /** Stops accepting, lets requests in flight finish, then resolves. */
  close(): Promise<void>;
}

function pathOf(request: FastifyRequest): string {
  const raw = request.raw.url ?? '/';
  const question = raw.indexOf('?');
  return question < 0 ? raw : raw.slice(0, question);
}

function toMockRequest(request: FastifyRequest): MockRequest {
  const raw = request.raw.url ?? '/';
  const question = raw.indexOf('?');
  const path = question < 0 ? raw : raw.slice(0, question);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const host = headers.host ?? 'localhost';
  return {
    method: request.method.toUpperCase(),
    path,
    query: new URLSearchParams(question < 0 ? '' : raw.slice(question + 1)),
    headers,
    body: typeof request.body === 'string' ? request.body : undefined,
    origin: `${request.protocol}://${host}`,
  };
}

/**
 * A request's body as text, read to its end (undefined when empty); null once it passes
 * `limit` bytes, where reading stops without destroying the socket (the answer is still
 * to be sent on it).
 */
function readBody(raw: IncomingMessage, limit: number): Promise<string | undefined | null> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (): void => {
      raw.off('data', onData).off('end', onEnd).off('error', onError);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        stop();
        raw.pause();
        resolveBody(null);
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = (): void => {
      stop();
      resolveBody(size === 0 ? undefined : Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (error: Error): void => {
      stop();
      reject(error);
    };
    raw.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

/** A CORS preflight: OPTIONS with Origin and Access-Control-Request-Method (Fetch standard). */
function isPreflight(request: FastifyRequest): boolean {
  return request.headers.origin !== undefined && request.headers['access-control-request-method'] !== undefined;
}

/** 204 allowing the origin, the method and the headers asked for. */
function preflight(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const method = request.headers['access-control-request-method'] as string;
  const headers = request.headers['access-control-request-headers'];
  grantCors(reply, request.headers.origin as string);
  reply.code(204).header('access-control-allow-methods', method).header('content-length', '0');
  if (headers !== undefined) reply.header('access-control-allow-headers', headers);
  return reply.header('vary', 'Origin, Access-Control-Request-Headers').send();
}

/**
 * Servers that are closing: their answers end the connection, so a keep-alive client cannot
 * hold a server open after its last request (Fastify's `forceCloseConnections: 'idle'`
 * closes only the connections idle when the close begins). A check here rather than an
 * `onSend` hook, which would cost every answer a promise.
 */
const closing = new WeakSet<object>();

/**
 * CORS for an answer to another origin: that origin, with credentials, and the two headers
 * a client reads (`Location` of a 201, `Allow` of a 405). Written here rather than by
 * `@fastify/cors`, whose grant could not depend on the control plane's rules.
 */
function grantCors(reply: FastifyReply, origin: string): void {
  reply
    .header('access-control-allow-origin', origin)
    .header('access-control-allow-credentials', 'true')
    .header('access-control-expose-headers', 'location, allow')
    .header('vary', 'Origin');
}

function send(reply: FastifyReply, response: MockResponse): FastifyReply {
  const origin = reply.request.headers.origin;
  if (origin !== undefined && corsGranted.get(reply.server)?.(reply.request) !== false) grantCors(reply, origin);
  reply.code(response.status);
  if (closing.has(reply.server)) reply.header('connection', 'close');
  for (const [name, value] of Object.entries(response.headers ?? {})) reply.header(name, value);
  if (response.json !== undefined) {
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(response.json));
  }
  return reply.send(response.text ?? '');
}

/** Per server: whether a request's origin may be granted CORS (the control plane's rule). */
const corsGranted = new WeakMap<object, (request: FastifyRequest) => boolean>();

/** The control API's refusal as an answer: its error body, never a CORS grant. */
function refuse(reply: FastifyReply, refusal: Refusal): FastifyReply {
  reply.code(refusal.status);
  for (const [name, value] of Object.entries(refusal.headers ?? {})) reply.header(name, value);
  return reply
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(controlError(refusal.status, refusal.message).json));
}

export async function startFastifyServer(options: StartServerOptions): Promise<RunningServer> {
  const { engine } = options;
  const controlled = engine.prefixes.includes(CONTROL_PREFIX.slice(1));
  const access: ControlAccess = { listenHost: options.host ?? '127.0.0.1', ...options.controlAccess };
  /** The refusal of a control request, or undefined (also for every other path). */
  const refusalOf = (request: FastifyRequest, preflight: boolean): Refusal | undefined =>
    controlled && isControlPath(pathOf(request))
      ? controlRefusal(request.headers as Record<string, string | undefined>, access, preflight)
      : undefined;
  const around = options.around ?? ((_request: MockRequest, run: () => Promise<MockResponse>) => run());
  const fastify = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    logger: false,
    // A slow or stuck client cannot hold the server.
    connectionTimeout: 30_000,
    keepAliveTimeout: 5_000,
    requestTimeout: 30_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // A malformed escape in the path (`/security/ticket/%ZZ`) is the API's to answer (404
    // in its shape), not Fastify's plain 400.
    frameworkErrors: (error, request, reply) => {
      // every way into the engine keeps the control plane's rules
      const refusal = refusalOf(request, false);
      if (refusal !== undefined) {
        refuse(reply, refusal);
        return;
      }
      const mock = toMockRequest(request);
      if (error.code === 'FST_ERR_BAD_URL') {
        void around(mock, () => engine.handle(mock)).then(
          (response) => send(reply, response),
          () => send(reply, engine.errorFor(mock, 500, 'internal error in ticketmock')),
        );
        return;
      }
      send(reply, engine.errorFor(mock, 400, error.message));
    },
  });
  // Every body arrives as text; the engine parses it by the operation's media types.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  /** Sends the engine's answer, or drops the connection (the dropped-connection fault). */
  const respond = (request: FastifyRequest, reply: FastifyReply, response: MockResponse) => {
    if (response.drop === true) {
      // no status line, no headers: the socket just closes
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    return send(reply, response);
  };
  const answer = async (request: FastifyRequest, reply: FastifyReply) => {
    const asked = request.method === 'OPTIONS' && isPreflight(request);
    const refusal = refusalOf(request, asked);
    if (refusal !== undefined) return refuse(reply, refusal);
    if (asked) return preflight(request, reply);
    const mock = toMockRequest(request);
    return respond(request, reply, await around(mock, () => engine.handle(mock)));
  };

  fastify.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    // an oversize body or a Content-Type that is no media type reaches the engine from here too
    const refusal = refusalOf(request, false);
    if (refusal !== undefined) return refuse(reply, refusal);
    const mock = toMockRequest(request);
    const limit = bodyLimitFor(mock.method, mock.path);
    const tooLarge = async () => {
      // Lingering drain, not Fastify's `Connection: close`: a client still writing its body
      // when the socket closed would get a reset (EPIPE) instead of this answer. After the
      // answer Node reads the rest of the body and discards it (nothing is buffered), and
      // the connection may carry the next request; `requestTimeout` bounds an endless body.
      reply.removeHeader('connection');
      return respond(request, reply, await around(mock, () => engine.oversize(mock, bodyTooLarge(limit))));
    };
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return tooLarge();
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      // A Content-Type that is no media type (`x`) is the operation's to judge (its 415 or
      // 400, or nothing for an operation without a body), not a transport error: read the
      // body Fastify left unread and let the engine answer.
      const body = await readBody(request.raw, limit);
      if (body === null) return tooLarge();
      const withBody = { ...mock, body };
      return respond(request, reply, await around(withBody, () => engine.handle(withBody)));
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, engine.errorFor(mock, 400, error.message));
    }
    process.stderr.write(`ticketmock: ${request.method} ${request.url} failed: ${error.stack ?? error.message}\n`);
    return send(reply, engine.errorFor(mock, 500, 'internal error in ticketmock (see the server log)'));
  });

  // Every answer to another origin carries CORS (`send`), but a control route's only for the
  // origins its rules allow; `answer` replies to preflights, so that an OPTIONS that is no
  // preflight reaches the engine (the API's 405 with Allow).
  corsGranted.set(fastify, (request) => refusalOf(request, true) === undefined);

  // HEAD follows GET; OPTIONS and every other method (TRACE, QUERY…) reach `answer` through
  // the not-found handler.
  fastify.route({ method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'], url: '/*', handler: answer });
  if (engine.prefixes.includes(STATE_PATH.split('/')[1] as string)) {
    fastify.route({ method: 'PUT', url: STATE_PATH, bodyLimit: STATE_LIMIT_BYTES, handler: answer });
  }
  fastify.setNotFoundHandler(answer);

  if (options.onResponse !== undefined) {
    const log = options.onResponse;
    fastify.addHook('onResponse', async (request, reply) => {
      log({
        method: request.method,
        path: request.url.split('?')[0] ?? request.url,
        status: reply.statusCode,
        durationMs: reply.elapsedTime,
      });
    });
  }

  await fastify.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = fastify.server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    fastify,
    close: () => {
      closing.add(fastify);
      return fastify.close();
    },
  };
}
