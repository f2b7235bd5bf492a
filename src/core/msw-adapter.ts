/**
 * The msw adapter: the engine's operations as msw `http` handlers, for `setupServer`
 * (Node) and `setupWorker` (browser), routed by the engine's router (src/core/router.ts).
 * Requests outside the APIs' paths fall through to the network (msw's `onUnhandledRequest`).
 */
import { type HttpHandler, HttpResponse, http } from 'msw';
import type { Engine } from './engine.js';
import { bodyLimitFor, bodyTooLarge, type MockRequest, type MockResponse } from './http.js';

export interface MswHandlerOptions {
  /** Answer only requests to this origin (e.g. `https://auvious.video`); default: any origin. */
  readonly baseUrl?: string;
}

/**
 * The fetch Response of an answer; a HEAD request's keeps the headers and drops the body;
 * a dropped connection is a network error.
 */
function toFetchResponse(response: MockResponse, method: string): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  if (response.drop === true) return HttpResponse.error();
  const init = { status: response.status, headers };
  if (method === 'HEAD') {
    if (response.json !== undefined) headers.set('content-type', 'application/json');
    return new HttpResponse(null, init);
  }
  if (response.json !== undefined) return HttpResponse.json(response.json as never, init);
  return new HttpResponse(response.text ?? null, init);
}

async function toMockRequest(request: Request): Promise<MockRequest> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  // Browsers do not expose Host; the URL says which host the client addressed.
  headers.host ??= url.host;
  const body = request.body === null ? undefined : await request.text();
  return {
    method: request.method.toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers,
    body,
    origin: url.origin,
  };
}

/** Whether `text` takes more than BODY_LIMIT_BYTES in UTF-8; encodes only when its length cannot tell. */
function overLimit(text: string, limit: number): boolean {
  if (text.length > limit) return true; // at least one byte per UTF-16 unit
  if (text.length * 3 <= limit) return false; // at most three bytes per unit
  return new TextEncoder().encode(text).length > limit;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export function mswHandlers(engine: Engine, options: MswHandlerOptions = {}): HttpHandler[] {
  // Request URLs come normalised (scheme and host in lower case), so the match is
  // case-sensitive like the engine's prefix lookup: `/SECURITY/…` passes through.
  const origin =
    options.baseUrl === undefined ? '[a-z][a-z0-9+.-]*://[^/?#]+' : escapeRegExp(new URL(options.baseUrl).origin);
  // A RegExp, not a path pattern: msw decodes a pattern's wildcards and would throw a 500
  // on a malformed escape (`/security/ticket/%ZZ`) that the API must answer itself.
  // The first segments the engine's router answers under; an API with a route that starts
  // with a variable may answer any path, and then one handler takes every path of the origin.
  const under = engine.anyPath ? [''] : engine.prefixes.map((prefix) => `${escapeRegExp(prefix)}(?:[/?#]|$)`);
  return under.map((prefix) =>
    http.all(new RegExp(`^${origin}/${prefix}`), async ({ request }) => {
      const mock = await toMockRequest(request);
      const limit = bodyLimitFor(mock.method, mock.path);
      if (mock.body !== undefined && overLimit(mock.body, limit)) {
        return toFetchResponse(await engine.oversize(mock, bodyTooLarge(limit)), mock.method);
      }
      return toFetchResponse(await engine.handle(mock), mock.method);
    }),
  );
}
