/**
 * The recording proxy of `ticketmock record` (issue 18) on plain `node:http`: every request
 * is forwarded as it came — method, path, query, headers (bar the hop-by-hop ones; `Host`
 * names the target), body — with `node:http`/`node:https`, which follow no redirect and
 * decode nothing, so the client gets the target's answer byte for byte and a redirect
 * (an Auvious calendar link to Google) is passed back, never followed. Each exchange is
 * handed on with its timing; bodies are decoded (gzip, deflate, br) for the record only.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { Exchange } from '../core/har.js';
import { HOP_BY_HOP, mediaTypeOf } from '../core/http.js';

/** The most of a body a recording keeps (the whole is always forwarded). */
export const RECORD_BODY_LIMIT = 1024 * 1024;

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
  /** Stops accepting, lets exchanges in flight finish, then resolves. */
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

const TEXTUAL = /^(text\/|application\/(json|[\w.+-]+\+json|x-www-form-urlencoded|xml|[\w.+-]+\+xml|javascript))/;

/** A body as the record keeps it: decoded, as text where it is text, else base64; cut at the limit. */
function recorded(
  bytes: Buffer,
  headers: IncomingHttpHeaders,
): { body?: string; encoding?: 'base64'; truncatedFrom?: number } {
  if (bytes.length === 0) return {};
  let plain = bytes;
  try {
    const coding = String(headers['content-encoding'] ?? '').toLowerCase();
    if (coding === 'gzip' || coding === 'x-gzip') plain = gunzipSync(bytes);
    else if (coding === 'deflate') plain = inflateSync(bytes);
    else if (coding === 'br') plain = brotliDecompressSync(bytes);
  } catch {
    plain = bytes;
  }
  const cut = plain.length > RECORD_BODY_LIMIT ? plain.subarray(0, RECORD_BODY_LIMIT) : plain;
  const truncated = plain.length > RECORD_BODY_LIMIT ? { truncatedFrom: plain.length } : {};
  const media = mediaTypeOf(headers['content-type']);
  if (media === '' || TEXTUAL.test(media)) return { body: cut.toString('utf8'), ...truncated };
  return { body: cut.toString('base64'), encoding: 'base64', ...truncated };
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

/** Starts the proxy; resolves once it listens. */
export async function startRecordProxy(options: RecordProxyOptions): Promise<RecordProxy> {
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const startedAt = new Date();
      const started = performance.now();
      const body = await readAll(incoming);
      const requestPart = {
        method: incoming.method ?? 'GET',
        url: new URL(`${options.target.pathname.replace(/\/+$/, '')}${incoming.url ?? '/'}`, options.target).href,
        headers: pairsOf(incoming.rawHeaders),
        ...recorded(body, incoming.headers),
      };
      const path = (incoming.url ?? '/').split('?')[0] ?? '/';
      if (!options.forwards(path)) {
        const message = JSON.stringify({
          error: { code: 404, message: `ticketmock record: ${path} is outside --api` },
        });
        outgoing.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end(message);
        return;
      }
      try {
        const { response, bytes } = await forward(options.target, incoming, body);
        const pairs = pairsOf(response.rawHeaders).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase()));
        outgoing.writeHead(response.statusCode ?? 502, response.statusMessage, [
          ...pairs.flat(),
          'content-length',
          String(bytes.length),
        ]);
        outgoing.end(bytes);
        options.onExchange({
          started: startedAt.toISOString(),
          durationMs: Math.round((performance.now() - started) * 1000) / 1000,
          request: requestPart,
          response: { status: response.statusCode ?? 0, headers: pairs, ...recorded(bytes, response.headers) },
        });
      } catch (error) {
        const message = `ticketmock record: ${options.target.origin} did not answer: ${(error as Error).message}`;
        const text = JSON.stringify({ error: { code: 502, message } });
        outgoing.writeHead(502, { 'content-type': 'application/json; charset=utf-8' }).end(text);
        options.onExchange({
          started: startedAt.toISOString(),
          durationMs: Math.round((performance.now() - started) * 1000) / 1000,
          request: requestPart,
          response: { status: 0, headers: [] },
          notes: [message],
        });
      }
    })();
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
      }),
  };
}
