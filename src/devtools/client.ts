/**
 * How the panel reaches a mock's control API: over HTTP (the `/__mock/ui` page of
 * `ticketmock serve`) or by handing the request to the in-page engine (`startMocks({ devtools })`).
 * Both speak the same routes and get the same answers, so every view is written once.
 */
import type { MockRequest, MockResponse } from '../core/http.js';

export interface ControlReply {
  readonly status: number;
  /** The parsed JSON body (the text when it is none; undefined when empty). */
  readonly body: unknown;
}

export interface CallOptions {
  readonly body?: unknown;
  /** Sent as `X-Mock-Session`: the call acts on that session. */
  readonly session?: string | undefined;
  /** The query string, without `?`. */
  readonly query?: string;
}

export interface DevtoolsClient {
  /** Where the mock runs: a server the page was loaded from, or this page. */
  readonly where: 'server' | 'page';
  /** One control call; `path` is below `/__mock` (`/state`). Rejects only when nothing answered. */
  call(method: string, path: string, options?: CallOptions): Promise<ControlReply>;
}

/** The message of a control answer that is no success: the control API's `{"error": {"message"}}`, or the status. */
export function failure(reply: ControlReply): string {
  const error = (reply.body as { error?: unknown } | undefined)?.error;
  if (typeof error === 'string') return `${reply.status}: ${error}`;
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? `${reply.status}: ${message}` : `the mock answered ${reply.status}`;
}

/** The control API of the server that served the page, with the token the user typed (if any). */
export function httpClient(token: () => string | undefined): DevtoolsClient {
  return {
    where: 'server',
    async call(method, path, options = {}) {
      const headers: Record<string, string> = {};
      const secret = token();
      if (secret !== undefined && secret !== '') headers['x-mock-token'] = secret;
      if (options.session !== undefined) headers['x-mock-session'] = options.session;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`/__mock${path}${options.query === undefined ? '' : `?${options.query}`}`, {
        method,
        headers,
        redirect: 'manual',
        cache: 'no-store',
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
      const text = await response.text();
      return { status: response.status, body: parse(text) };
    },
  };
}

/** The in-page engine's control API, called directly (no request leaves the page, none reaches msw). */
export function engineClient(handle: (request: MockRequest) => Promise<MockResponse>): DevtoolsClient {
  return {
    where: 'page',
    async call(method, path, options = {}) {
      const headers: Record<string, string> = {};
      if (options.session !== undefined) headers['x-mock-session'] = options.session;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const response = await handle({
        method,
        path: `/__mock${path}`,
        query: new URLSearchParams(options.query ?? ''),
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        origin: location.origin,
      });
      return { status: response.status, body: response.json ?? parse(response.text ?? '') };
    },
  };
}

function parse(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
