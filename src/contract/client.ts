/**
 * Sends the suite's requests through an injected `fetch` (any server: the standalone
 * mock, msw's `getResponse`, Prism, a vendor's sandbox) and records each as an
 * {@link Exchange}. Never retries: a failure is reported as it happened.
 */
import type { Exchange } from './types.js';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** What a check asks for; the client adds the base URL, the timeout and the record. */
export interface OutgoingRequest {
  readonly operationId: string;
  readonly method: string;
  /** Path and query, already encoded (`/security/ticket/abc?calendar=ics`). */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface Client {
  send(request: OutgoingRequest): Promise<Exchange>;
  /** How many requests have been sent. */
  readonly count: number;
}

export interface ClientOptions {
  readonly baseUrl: string;
  readonly fetch: FetchLike;
  /** Per request, in milliseconds. */
  readonly timeoutMs: number;
  /** Sees every exchange (response checks, coverage). */
  readonly onExchange: (exchange: Exchange) => void;
}

/** `http://host:4010/` and `http://host:4010` address the same root. */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'no answer within the timeout';
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}

export function createClient(options: ClientOptions): Client {
  let count = 0;
  return {
    get count() {
      return count;
    },
    async send(request) {
      count += 1;
      const url = joinUrl(options.baseUrl, request.path);
      const headers = { ...(request.headers ?? {}) };
      const started = performance.now();
      const base = {
        operationId: request.operationId,
        method: request.method,
        url,
        requestHeaders: headers,
        requestBody: request.body,
      };
      try {
        const response = await options.fetch(url, {
          method: request.method,
          headers,
          ...(request.body === undefined ? {} : { body: request.body }),
          redirect: 'manual',
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        const responseText = await response.text();
        const responseHeaders: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          responseHeaders[name.toLowerCase()] = value;
        });
        const exchange: Exchange = {
          ...base,
          status: response.status,
          responseHeaders,
          setCookies: response.headers.getSetCookie(),
          responseText,
          durationMs: performance.now() - started,
        };
        options.onExchange(exchange);
        return exchange;
      } catch (error) {
        const exchange: Exchange = {
          ...base,
          responseHeaders: {},
          setCookies: [],
          responseText: '',
          error: describeError(error),
          durationMs: performance.now() - started,
        };
        options.onExchange(exchange);
        return exchange;
      }
    },
  };
}

export const isSuccess = (exchange: Exchange): boolean =>
  exchange.status !== undefined && exchange.status >= 200 && exchange.status < 300;
export const isRedirect = (exchange: Exchange): boolean =>
  exchange.status !== undefined && exchange.status >= 300 && exchange.status < 400;
export const isClientError = (exchange: Exchange): boolean =>
  exchange.status !== undefined && exchange.status >= 400 && exchange.status < 500;

/** `401 {"error":…}` (the first 160 characters), or the network error: for messages. */
export const excerpt = (exchange: Exchange): string =>
  exchange.status === undefined
    ? `no answer (${exchange.error})`
    : `${exchange.status} ${exchange.responseText.slice(0, 160)}`;

/** The body as JSON, or `undefined` when it is not JSON. */
export function jsonOf(exchange: Exchange): unknown {
  try {
    return JSON.parse(exchange.responseText);
  } catch {
    return undefined;
  }
}

const shellQuote = (value: string): string => `'${value.replaceAll("'", `'\\''`)}'`;

/** A `curl` command that sends the same request again (the minimal reproduction of a finding). */
export function toCurl(exchange: Exchange): string {
  const parts = ['curl', '-i', '-X', exchange.method, shellQuote(exchange.url)];
  for (const [name, value] of Object.entries(exchange.requestHeaders))
    parts.push('-H', shellQuote(`${name}: ${value}`));
  if (exchange.requestBody !== undefined) parts.push('--data-binary', shellQuote(exchange.requestBody));
  return parts.join(' ');
}
