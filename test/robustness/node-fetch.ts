/**
 * A fetch over `node:http`, for the contract client (`createClient`) to send what a fuzz
 * needs and `fetch` refuses: any method (TRACE, PROPFIND), a `Host` of our choosing, a body
 * without a Content-Type (fetch labels a string `text/plain`) and header bytes as given.
 * Loopback only, keep-alive, at most `sockets` connections.
 */
import http from 'node:http';
import type { FetchLike } from '../../src/contract/index.ts';

/**
 * Statuses whose Response may carry no body (the Fetch standard's "null body status",
 * less 101 and 103: below 200 no Response is made, see below).
 */
const NULL_BODY = new Set([204, 205, 304]);

export interface NodeFetch {
  readonly fetch: FetchLike;
  /** Closes the idle connections (call once done). */
  close(): void;
}

export function nodeFetch(sockets: number): NodeFetch {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const fetch: FetchLike = (input, init = {}) =>
    new Promise((resolve, reject) => {
      // the path as given: URL parsing would resolve `..` and `%2e%2e`, which the fuzz sends on purpose
      const [, port, path] = /^http:\/\/127\.0\.0\.1:(\d+)(\/.*)?$/s.exec(String(input)) ?? [];
      if (port === undefined) throw new Error(`loopback only, not ${String(input)}`);
      const body = typeof init.body === 'string' ? init.body : undefined;
      const headers = { ...(init.headers as Record<string, string> | undefined) };
      // node:http frames a DELETE's or OPTIONS's body with neither length nor chunks: say its length
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const request = http.request(
        { host: '127.0.0.1', port, path: path ?? '/', method: init.method, headers, agent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(response.headers)) {
              for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
                responseHeaders.append(name, item);
              }
            }
            const status = response.statusCode ?? 0;
            const body = Buffer.concat(chunks);
            // a status outside 200-599 cannot be a Response: report it as the failure it is
            if (status < 200 || status > 599) return reject(new Error(`status ${status}`));
            resolve(
              new Response(NULL_BODY.has(status) || body.length === 0 ? null : body, {
                status,
                headers: responseHeaders,
              }),
            );
          });
        },
      );
      request.on('error', reject);
      const signal = init.signal;
      signal?.addEventListener('abort', () => request.destroy(signal.reason as Error), { once: true });
      request.end(body);
    });
  return { fetch, close: () => agent.destroy() };
}
