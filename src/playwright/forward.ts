/**
 * The answer of a test's session on a shared `ticketmock serve`: the page's request, on
 * whatever origin the app called, is sent on to the server with `X-Mock-Session`, and the
 * server's answer comes back as it was given (status, headers, body; a redirect is not
 * followed, so the page sees it as it would from the real API).
 */
import { HOP_BY_HOP } from '../core/http.js';
import { SESSION_HEADER } from '../core/sessions.js';
import type { Answer } from './route.js';

/**
 * Request headers that belong to the hop from the page, not to the request: the server's
 * `Host` is the server's (its control plane answers only a loopback `Host`); the length,
 * framing and encodings are what Node's fetch sends and decodes for itself.
 */
const HOP_HEADERS = [...HOP_BY_HOP, 'expect', 'accept-encoding'];

/** Statuses whose Response may carry no body. */
const NULL_BODY = new Set([204, 205, 304]);

/** Answers every request from `server` (no trailing `/`), in the session `session`. */
export function forwardTo(server: string, session: string): Answer {
  return async (request) => {
    const url = new URL(request.url);
    const headers = new Headers(request.headers);
    for (const name of HOP_HEADERS) headers.delete(name);
    headers.set(SESSION_HEADER, session);
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const response = await fetch(`${server}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      redirect: 'manual',
      ...(hasBody ? { body: await request.arrayBuffer() } : {}),
    });
    // Node's fetch has decoded the body: its encoding and length are no longer the ones sent
    const answered = new Headers(response.headers);
    answered.delete('content-encoding');
    answered.delete('content-length');
    const body = NULL_BODY.has(response.status) || request.method === 'HEAD' ? null : await response.arrayBuffer();
    return new Response(body, { status: response.status, statusText: response.statusText, headers: answered });
  };
}
