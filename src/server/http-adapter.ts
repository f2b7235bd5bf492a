/**
 * The standalone adapter's request listener: a `node:http` request in, the engine's answer
 * out, as msw's `getResponse` bridges a Node server to the handlers (STYLE.md). What it adds
 * to the engine is transport only: the body read as text up to its limit, CORS, the control
 * plane's lock, the dropped-connection fault. Routing, media types and every error shape are
 * the engine's (decision 024 measures it against Fastify).
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { controlError } from '../core/control.js';
import type { Engine } from '../core/engine.js';
import { BODY_LIMIT_BYTES, bodyLimitFor, bodyTooLarge, type MockRequest, type MockResponse } from '../core/http.js';
import { type ControlAccess, controlRefusal, isControlPath, type Refusal } from './control-access.js';

export interface ListenerOptions {
  readonly engine: Engine;
  /** Whether the engine answers the control API (`/__mock/*`) at all. */
  readonly controlled: boolean;
  readonly access: ControlAccess;
  /** Wraps every call of the engine (`--state` makes the change durable there). */
  readonly around: (request: MockRequest, run: () => Promise<MockResponse>) => Promise<MockResponse>;
  readonly onRequest?: (() => void) | undefined;
  readonly onResponse?:
    | ((line: { method: string; path: string; status: number; durationMs: number }) => void)
    | undefined;
  /** True once the server is closing: no request is run any more, every answer ends its connection. */
  readonly closing: () => boolean;
  /**
   * Around each engine call: close() waits until every call begun is over (its change
   * written), whatever became of the client.
   */
  readonly enter: () => void;
  readonly leave: () => void;
}

/** A body as text (undefined when empty); `too-large` past the limit; `aborted` when the client went away. */
type Body = { readonly kind: 'read'; readonly text: string | undefined } | { readonly kind: 'too-large' | 'aborted' };

/**
 * Reads a request's body up to `limit` bytes. Past the limit (or when Content-Length says it
 * will pass it) it resolves at once and the rest is read and discarded as it comes: a client
 * still writing gets the 413 rather than a reset (EPIPE), and the connection may carry the
 * next request (the server's `requestTimeout` bounds an endless body).
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve) => {
    const declared = Number(request.headers['content-length']);
    if (declared > limit) {
      request.resume();
      resolve({ kind: 'too-large' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (body: Body): void => {
      if (settled) return;
      settled = true;
      resolve(body);
    };
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        settle({ kind: 'too-large' });
      } else if (!settled) {
        chunks.push(chunk);
      }
    });
    request.on('end', () =>
      settle({ kind: 'read', text: size === 0 ? undefined : Buffer.concat(chunks).toString('utf8') }),
    );
    // a client gone before its body ended (reset, or closed): `close` comes without `end`
    request.on('close', () => settle({ kind: 'aborted' }));
  });
}

const NO_BODY: Body = { kind: 'read', text: undefined };

const hasBody = (request: IncomingMessage): boolean =>
  request.headers['transfer-encoding'] !== undefined ||
  (request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0');

/** The engine's request: header arrays joined with `, `, the origin the client addressed. */
function toMockRequest(request: IncomingMessage, path: string, search: string, body: string | undefined): MockRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: (request.method ?? 'GET').toUpperCase(),
    path,
    query: new URLSearchParams(search),
    headers,
    body,
    origin: `http://${headers.host ?? 'localhost'}`,
  };
}

/**
 * CORS for an answer to another origin: that origin, with credentials, and the two headers
 * a client reads (`Location` of a 201, `Allow` of a 405).
 */
function corsHeaders(origin: string): OutgoingHttpHeaders {
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-expose-headers': 'location, allow',
    vary: 'Origin',
  };
}

/** Statuses whose answers carry no body and no Content-Length (RFC 9110 §8.6, §15.3.5, §15.4.5). */
const bodiless = (status: number): boolean => status === 204 || status === 304 || status < 200;

/**
 * Writes the engine's answer: a JSON body as `application/json; charset=utf-8`, a text body
 * with the type the engine gave (`text/plain` otherwise), a HEAD's headers without the body.
 */
function write(
  request: IncomingMessage,
  response: ServerResponse,
  answer: MockResponse,
  extra: OutgoingHttpHeaders,
): void {
  const headers: OutgoingHttpHeaders = { ...extra };
  for (const [name, value] of Object.entries(answer.headers ?? {})) headers[name.toLowerCase()] = value;
  let body = answer.text ?? '';
  if (answer.json !== undefined) {
    body = JSON.stringify(answer.json);
    headers['content-type'] = 'application/json; charset=utf-8';
  } else if (answer.text !== undefined) {
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  }
  if (bodiless(answer.status)) {
    delete headers['content-length'];
    body = '';
  } else {
    headers['content-length'] = Buffer.byteLength(body);
  }
  response.writeHead(answer.status, headers);
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** The control API's refusal: its own error body, never a CORS grant. */
function refuse(
  request: IncomingMessage,
  response: ServerResponse,
  refusal: Refusal,
  extra: OutgoingHttpHeaders,
): void {
  write(
    request,
    response,
    { ...controlError(refusal.status, refusal.message), headers: { ...refusal.headers } },
    extra,
  );
}

/** 204 to a CORS preflight (OPTIONS with Origin and Access-Control-Request-Method), granting what it asks. */
function preflight(request: IncomingMessage, response: ServerResponse, extra: OutgoingHttpHeaders): void {
  const asked = request.headers['access-control-request-headers'];
  write(
    request,
    response,
    { status: 204 },
    {
      ...extra,
      ...corsHeaders(request.headers.origin as string),
      'access-control-allow-methods': request.headers['access-control-request-method'] as string,
      ...(asked === undefined ? {} : { 'access-control-allow-headers': asked }),
      vary: 'Origin, Access-Control-Request-Headers',
    },
  );
}

/** The `node:http` request listener of the standalone server. */
export function requestListener(
  options: ListenerOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const { engine, access, around } = options;
  const limitFor = (method: string, path: string): number =>
    options.controlled ? bodyLimitFor(method, path) : BODY_LIMIT_BYTES;

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now();
    options.onRequest?.();
    // a stream error (a reset mid-body) must never go unhandled; `close` tells the rest
    request.on('error', () => undefined);
    const url = request.url ?? '/';
    const question = url.indexOf('?');
    const path = question < 0 ? url : url.slice(0, question);
    const search = question < 0 ? '' : url.slice(question + 1);
    const method = (request.method ?? 'GET').toUpperCase();
    const closing = options.closing();
    const extra: OutgoingHttpHeaders = closing ? { connection: 'close' } : {};
    const asked =
      method === 'OPTIONS' &&
      request.headers.origin !== undefined &&
      request.headers['access-control-request-method'] !== undefined;
    const control = options.controlled && isControlPath(path);
    const refusal = control
      ? controlRefusal(request.headers as Record<string, string | undefined>, access, asked, { method, path })
      : undefined;
    const log = (status: number): void =>
      options.onResponse?.({ method, path, status, durationMs: performance.now() - started });
    if (refusal !== undefined) {
      refuse(request, response, refusal, extra);
      log(refusal.status);
      return;
    }
    if (asked) {
      preflight(request, response, extra);
      log(204);
      return;
    }
    if (closing) {
      // A request that came in after the close began (pipelined, or on a kept-alive
      // connection) is not run: the answer says so and ends the connection.
      const refused = engine.errorFor(toMockRequest(request, path, search, undefined), 503, 'the server is closing');
      write(request, response, refused, extra);
      log(503);
      return;
    }
    const limit = limitFor(method, path);
    // a request without Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3)
    const body: Body = hasBody(request) ? await readBody(request, limit) : NO_BODY;
    // The client went away before its request was whole: there is nothing to answer, and
    // no answer to journal (decision 024).
    if (body.kind === 'aborted') return;
    const mock = toMockRequest(request, path, search, body.kind === 'read' ? body.text : undefined);
    const run = (): Promise<MockResponse> =>
      body.kind === 'too-large' ? engine.oversize(mock, bodyTooLarge(limit)) : engine.handle(mock);
    let result: MockResponse;
    options.enter();
    try {
      result = await around(mock, run);
    } catch (error) {
      process.stderr.write(`ticketmock: ${method} ${url} failed: ${(error as Error).stack ?? String(error)}\n`);
      result = engine.errorFor(mock, 500, 'internal error in ticketmock (see the server log)');
    } finally {
      options.leave();
    }
    if (response.destroyed) return;
    if (result.drop === true) {
      // no status line, no headers: the socket just closes
      request.socket.destroy();
      return;
    }
    const origin = request.headers.origin;
    // a control route grants CORS only to the origins its rules allow (refused above otherwise)
    const cors = origin === undefined ? {} : corsHeaders(origin);
    write(request, response, result, { ...cors, ...(options.closing() ? { connection: 'close' } : {}) });
    log(result.status);
  }

  return (request, response) => {
    answer(request, response).catch((error: unknown) => {
      // a bug (an answer node:http refuses to write): logged, and the connection ended, never the process
      process.stderr.write(
        `ticketmock: ${request.method} ${request.url} failed: ${(error as Error).stack ?? String(error)}\n`,
      );
      if (response.headersSent) request.socket.destroy();
      else
        response
          .writeHead(500, { 'content-type': 'application/json; charset=utf-8', connection: 'close' })
          .end(JSON.stringify(controlError(500, 'internal error in ticketmock (see the server log)').json));
    });
  };
}
