/**
 * The transport-free request and response every operation sees; the msw and the
 * standalone adapters translate to and from these.
 */

export interface MockRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The URL path, still percent-encoded, e.g. `/security/ticket/abc`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names in lower case; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text, or `undefined` when there is none. */
  readonly body: string | undefined;
  /** Scheme and host the client addressed, e.g. `http://127.0.0.1:4010`. */
  readonly origin: string;
}

export interface MockResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  /** A JSON body (serialised by the adapter, `application/json`). */
  json?: unknown;
  /** A text body, sent as it is; give its `content-type` in `headers`. */
  text?: string;
  /**
   * No answer at all: the adapter drops the connection (the dropped-connection fault);
   * `status` is then 0.
   */
  drop?: true;
}

/** The answer of the dropped-connection fault. */
export const DROPPED: MockResponse = Object.freeze({ status: 0, drop: true });

/** The most a request body may hold, on both adapters. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The most `PUT /__mock/state` may hold: a state the mock exported must import again,
 * and 1 MiB holds only ≈4,000 Auvious tickets.
 */
export const STATE_LIMIT_BYTES = 512 * 1024 * 1024;

/** The path of the state import, the one request the API body limit does not bound. */
export const STATE_PATH = '/__mock/state';

/** The path of the recording import (a HAR file): bounded like the state import, a recording may be large. */
export const IMPORT_PATH = '/__mock/import';

/** The most a request's body may hold, on both adapters: 1 MiB, or 512 MiB for the state and recording imports. */
export function bodyLimitFor(method: string, path: string): number {
  return (method === 'PUT' && path === STATE_PATH) || (method === 'POST' && path === IMPORT_PATH)
    ? STATE_LIMIT_BYTES
    : BODY_LIMIT_BYTES;
}

/** The message of the 413 for a body over `limit` bytes. */
export const bodyTooLarge = (limit = BODY_LIMIT_BYTES): string => `Request body is larger than ${limit} bytes`;

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** The token of an `Authorization: Bearer <token>` header (RFC 6750), or `undefined`. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
}

/** Standard reason phrases for the statuses the mocks answer. */
export const REASON_PHRASES: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  302: 'Found',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Headers that belong to one connection, not to the request (RFC 9110 §7.6.1), with the
 * `Host` and length a forwarder sets for its own hop: what a proxy (`ticketmock record`,
 * the Playwright fixture's forwarding) drops before sending a request on.
 */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
  'content-length',
]);
