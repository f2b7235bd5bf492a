/**
 * The recording proxy of `ticketmock record` (issue 18) on plain `node:http`: every request
 * is forwarded as it came — method, path, query, headers (bar the hop-by-hop ones; `Host`
 * names the target), body — with `node:http`/`node:https`, which follow no redirect and
 * decode nothing, so the client gets the target's answer byte for byte and a redirect
 * (an Auvious calendar link to Google) is passed back, never followed. Each exchange is
 * handed on with its timing; bodies are decoded (gzip, deflate, br) for the record only,
 * after the answer has gone to the client (./record-body.ts).
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Exchange } from '../core/har.js';
import { HOP_BY_HOP } from '../core/http.js';
import { recordBody } from './record-body.js';

export interface RecordProxyOptions {
  /** Where requests go: an origin, optionally with a base path (`https://sandbox.example/api`). */
  readonly target: URL;
  readonly host: string;
  /** 0: a free port. */
  readonly port: number;
  /** Whether a path is forwarded (`--api`): others get a 404 in the control plane's shape. */
  readonly forwards: (path: string) => boolean;
  readonly onExchange: (exchange: Exchange) => void;
}

export interface RecordProxy {
  readonly url: string;
  /** Stops accepting, lets exchanges in flight finish and be handed on, then resolves. */
  close(): Promise<void>;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolveBody(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** Header pairs as they came (`rawHeaders`: names as sent, repeats kept). */
function pairsOf(raw: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let index = 0; index + 1 < raw.length; index += 2) pairs.push([raw[index] as string, raw[index + 1] as string]);
  return pairs;
}

function forward(
  target: URL,
  incoming: IncomingMessage,
  body: Buffer,
): Promise<{ response: IncomingMessage; bytes: Buffer }> {
  const base = target.pathname.replace(/\/+$/, '');
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  headers.host = target.host;
  if (body.length > 0 || incoming.headers['content-length'] !== undefined)
    headers['content-length'] = String(body.length);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolveAnswer, reject) => {
    const outgoing = send(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method: incoming.method,
        path: `${base}${incoming.url ?? '/'}`,
        headers,
      },
      (response) => {
        readAll(response).then((bytes) => resolveAnswer({ response, bytes }), reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * Forwards the request and sends the target's answer back as it came: its status, its
 * headers (bar hop-by-hop ones), its body's bytes and so its `Content-Encoding` untouched.
 * A target that does not answer is a 502 in the control plane's error shape.
 */
async function relay(
  target: URL,
  incoming: IncomingMessage,
  body: Buffer,
  outgoing: ServerResponse,
): Promise<{ response: IncomingMessage; pairs: [string, string][]; bytes: Buffer } | { failure: string }> {
  try {
    const { response, bytes } = await forward(target, incoming, body);
    const pairs = pairsOf(response.rawHeaders).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase()));
    outgoing.writeHead(response.statusCode ?? 502, response.statusMessage, [
      ...pairs.flat(),
      'content-length',
      String(bytes.length),
    ]);
    outgoing.end(bytes);
    return { response, pairs, bytes };
  } catch (error) {
    const failure = `ticketmock record: ${target.origin} did not answer: ${(error as Error).message}`;
    const text = JSON.stringify({ error: { code: 502, message: failure } });
    outgoing.writeHead(502, { 'content-type': 'application/json; charset=utf-8' }).end(text);
    return { failure };
  }
}

/** The exchange as recorded: both bodies decoded (./record-body.ts), the answer or why there was none. */
async function exchangeOf(
  target: URL,
  incoming: IncomingMessage,
  body: Buffer,
  answer: Awaited<ReturnType<typeof relay>>,
  timing: { started: string; durationMs: number },
): Promise<Exchange> {
  const request = {
    method: incoming.method ?? 'GET',
    url: new URL(`${target.pathname.replace(/\/+$/, '')}${incoming.url ?? '/'}`, target).href,
    headers: pairsOf(incoming.rawHeaders),
    ...(await recordBody(body, incoming.headers)),
  };
  if ('failure' in answer) return { ...timing, request, response: { status: 0, headers: [] }, notes: [answer.failure] };
  const response = await recordBody(answer.bytes, answer.response.headers);
  return {
    ...timing,
    request,
    response: { status: answer.response.statusCode ?? 0, headers: answer.pairs, ...response },
  };
}

/** Starts the proxy; resolves once it listens. */
export async function startRecordProxy(options: RecordProxyOptions): Promise<RecordProxy> {
  // Each exchange is decoded after its answer has gone, yet handed on in the order the
  // answers went (an import reads a recording in its order: the last version wins), and
  // close() waits for those still being decoded, so none is missing from the file.
  let handedOn: Promise<void> = Promise.resolve();
  const recording = new Set<Promise<void>>();
  const server = createServer((incoming, outgoing) => {
    const done: Promise<void> = (async () => {
      const startedAt = new Date();
      const started = performance.now();
      const body = await readAll(incoming);
      const path = (incoming.url ?? '/').split('?')[0] ?? '/';
      if (!options.forwards(path)) {
        const message = JSON.stringify({
          error: { code: 404, message: `ticketmock record: ${path} is outside --api` },
        });
        outgoing.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end(message);
        return;
      }
      const answer = await relay(options.target, incoming, body, outgoing);
      // timed to the answer's last byte; decoding for the record comes after, off the clock
      const timing = {
        started: startedAt.toISOString(),
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      };
      const exchange = exchangeOf(options.target, incoming, body, answer, timing);
      const previous = handedOn;
      const turn = exchange.then(async (ready) => {
        await previous;
        options.onExchange(ready);
      });
      handedOn = turn.catch(() => undefined);
      await turn;
    })()
      // a client that hangs up mid-request (its body never ends): nothing to forward or record
      .catch(() => {
        outgoing.destroy();
      })
      .finally(() => recording.delete(done));
    recording.add(done);
  });
  server.keepAliveTimeout = 5_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeIdleConnections();
      }).then(async () => {
        await Promise.allSettled([...recording]);
      }),
  };
}
