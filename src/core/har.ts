/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) out of recorded exchanges: what
 * `ticketmock record` writes and what `GET /__mock/journal?format=har` answers. The types
 * are the parts of HAR this project writes and reads; an entry also carries ticketmock's
 * own members (`_operationId`, `_fault`: HAR allows `_`-prefixed ones), which
 * `ticketmock coverage` reads, and two of Chrome's (`_resourceType`, `_transferSize`) that
 * its Network panel's HAR import reads (decision 022, "Chrome's HAR import"). Secrets are
 * redacted here (./redact.ts) unless asked not to.
 */
import { REASON_PHRASES } from './http.js';
import type { FaultKind } from './journal.js';
import { createRedactor, type Redactor } from './redact.js';

export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarPostData {
  mimeType: string;
  text: string;
  params?: HarNameValue[];
  comment?: string;
}

export interface HarContent {
  /** The content's bytes, decoded. */
  size: number;
  /** Bytes saved by the Content-Encoding: `size - bodySize` (absent when they are equal; below 0 when coding grew it). */
  compression?: number;
  mimeType: string;
  text?: string;
  encoding?: 'base64';
  comment?: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    postData?: HarPostData;
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    content: HarContent;
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    /** Chrome's: the bytes its Network panel shows as transferred (else it sums `headersSize` -1 and `bodySize`): `bodySize` here. */
    _transferSize?: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  comment?: string;
  /** Chrome's: how its Network panel classes the call (else by `mimeType`: JSON would be a script). */
  _resourceType?: string;
  _operationId?: string | null;
  _fault?: FaultKind;
}

/** A page a log's entries belong to; this project's logs have none (`pages: []`). */
export interface HarPage {
  startedDateTime: string;
  id: string;
  title: string;
  pageTimings: { onContentLoad?: number; onLoad?: number };
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    /** Optional in HAR 1.2, always written: Firefox's HAR import iterates it unguarded. */
    pages?: HarPage[];
    entries: HarEntry[];
    comment?: string;
  };
}

/**
 * What a recorder knows of a body beyond its text (decision 022, "Sizes on the wire"); the
 * journal, which has no wire, leaves it out and the sizes are the text's bytes.
 */
export interface BodySizes {
  /** The bytes that crossed the wire: still content-coded (`Content-Encoding`), chunked framing removed (HAR's `bodySize`). */
  readonly wireSize?: number | undefined;
  /** The content's bytes once decoded, before any redaction or cut (HAR's `content.size`). */
  readonly size?: number | undefined;
  /** Why the body is kept as sent, still coded (a coding the recorder does not know, bytes that do not decode). */
  readonly undecoded?: string | undefined;
  /** Anything else the record should say of the body's size (content.comment). */
  readonly remark?: string | undefined;
}

/** A body as a recorder keeps it: its text (or base64), where it was cut, and its sizes. */
export interface RecordedBody extends BodySizes {
  readonly body?: string | undefined;
  /** `base64`: `body` holds bytes that are no text, base64-encoded (HAR's `content.encoding`). */
  readonly encoding?: 'base64' | undefined;
  /** The body was longer than the recorder keeps: `body` is its start (or absent) and this its full size in bytes. */
  readonly truncatedFrom?: number | undefined;
}

/** One request and its answer, as a recorder or the journal saw them (bodies as text). */
export interface Exchange {
  /** When the request arrived (ISO-8601). */
  readonly started: string;
  /** Milliseconds from request to answer. */
  readonly durationMs: number;
  readonly request: {
    readonly method: string;
    /** Absolute URL, query string included. */
    readonly url: string;
    /** In the order received; a repeated header repeats. */
    readonly headers: readonly (readonly [string, string])[];
  } & RecordedBody;
  readonly response: {
    readonly status: number;
    readonly headers: readonly (readonly [string, string])[];
  } & RecordedBody;
  readonly operationId?: string | null | undefined;
  readonly fault?: FaultKind | undefined;
  /** Spec violations and other notes, one per line (the HAR entry's `comment`). */
  readonly notes?: readonly string[] | undefined;
}

export interface HarOptions {
  /** `record`'s `--keep-secrets`: write credentials as they were (default false: redacted). */
  readonly keepSecrets?: boolean;
  readonly creator?: { name: string; version: string };
  /** A comment on the whole log. */
  readonly comment?: string;
}

const header = (pairs: readonly (readonly [string, string])[], name: string): string | undefined =>
  pairs.find(([key]) => key.toLowerCase() === name)?.[1];

const byteLength = (text: string | undefined): number =>
  text === undefined ? 0 : new TextEncoder().encode(text).length;

/** The bytes a body stands for: base64 text is 3 bytes per 4 characters, less its padding. */
function bodyBytes(text: string | undefined, encoding: 'base64' | undefined): number {
  if (text === undefined || encoding === undefined) return byteLength(text);
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor((text.length * 3) / 4) - padding;
}

/** `name=value; name2=value2` (a Cookie header) as pairs. */
function requestCookies(pairs: readonly (readonly [string, string])[]): HarNameValue[] {
  return pairs
    .filter(([name]) => name.toLowerCase() === 'cookie')
    .flatMap(([, value]) => value.split(';'))
    .map((part) => part.trim())
    .filter((part) => part.includes('='))
    .map((part) => ({ name: part.slice(0, part.indexOf('=')), value: part.slice(part.indexOf('=') + 1) }));
}

/** The first `name=value` of each Set-Cookie header. */
function responseCookies(pairs: readonly (readonly [string, string])[]): HarNameValue[] {
  return pairs
    .filter(([name]) => name.toLowerCase() === 'set-cookie')
    .map(([, value]) => value.split(';')[0]?.trim() ?? '')
    .filter((part) => part.includes('='))
    .map((part) => ({ name: part.slice(0, part.indexOf('=')), value: part.slice(part.indexOf('=') + 1) }));
}

function queryOf(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

/** What a content comment says: where the body was cut, why it is kept still coded. */
function bodyNotes(part: RecordedBody): string[] {
  return [
    ...(part.truncatedFrom === undefined
      ? []
      : [`body cut to its first ${bodyBytes(part.body, part.encoding)} of ${part.truncatedFrom} bytes`]),
    ...(part.undecoded === undefined ? [] : [part.undecoded]),
    ...(part.remark === undefined ? [] : [part.remark]),
  ];
}

/** HAR's `postData`: the request body as text (a form's parameters too), or absent. */
function postDataOf(request: Exchange['request']): HarPostData | undefined {
  if (request.body === undefined || request.body === '') return undefined;
  const mimeType = header(request.headers, 'content-type') ?? 'application/octet-stream';
  // HAR 1.2's postData has no `encoding`: a comment says the text is base64
  const notes = [
    ...(request.encoding === 'base64' ? ["the body's bytes, base64-encoded (they are no text)"] : []),
    ...bodyNotes(request),
  ];
  return {
    mimeType,
    text: request.body,
    ...(mimeType.toLowerCase().startsWith('application/x-www-form-urlencoded')
      ? { params: [...new URLSearchParams(request.body)].map(([name, value]) => ({ name, value })) }
      : {}),
    ...(notes.length === 0 ? {} : { comment: notes.join('\n') }),
  };
}

/**
 * HAR's `content` and `bodySize` (decision 022, "Sizes on the wire"): `content.size` the
 * decoded content's bytes, `bodySize` the bytes that crossed the wire (still coded),
 * `compression` the bytes saved when they differ. Without a recorder's sizes (the journal),
 * both are the body's own bytes.
 */
function contentOf(response: Exchange['response']): { content: HarContent; bodySize: number } {
  const size = response.size ?? response.truncatedFrom ?? bodyBytes(response.body, response.encoding);
  const bodySize = response.wireSize ?? size;
  const notes = bodyNotes(response);
  return {
    bodySize,
    content: {
      size,
      ...(bodySize === size ? {} : { compression: size - bodySize }),
      mimeType: header(response.headers, 'content-type') ?? '',
      ...(response.body === undefined ? {} : { text: response.body }),
      ...(response.encoding === undefined ? {} : { encoding: response.encoding }),
      ...(notes.length === 0 ? {} : { comment: notes.join('\n') }),
    },
  };
}

function entryOf(exchange: Exchange): HarEntry {
  const { request, response } = exchange;
  const duration = Math.max(0, exchange.durationMs);
  const postData = postDataOf(request);
  const { content, bodySize } = contentOf(response);
  return {
    startedDateTime: exchange.started,
    time: duration,
    request: {
      method: request.method,
      url: request.url,
      httpVersion: 'HTTP/1.1',
      cookies: requestCookies(request.headers),
      headers: request.headers.map(([name, value]) => ({ name, value })),
      queryString: queryOf(request.url),
      ...(postData === undefined ? {} : { postData }),
      headersSize: -1,
      // as sent: still coded when the request had a Content-Encoding
      bodySize: request.wireSize ?? byteLength(request.body),
    },
    response: {
      status: response.status,
      statusText: REASON_PHRASES[response.status] ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: responseCookies(response.headers),
      headers: response.headers.map(([name, value]) => ({ name, value })),
      content,
      redirectURL: header(response.headers, 'location') ?? '',
      headersSize: -1,
      bodySize,
      // the body's bytes on the wire, headers not counted (unknown: -1); without it Chrome
      // shows headersSize + bodySize, one byte short
      _transferSize: bodySize,
    },
    cache: {},
    timings: { send: 0, wait: duration, receive: 0 },
    // an API call: Chrome's Fetch/XHR filter, not the Script its mimeType rule makes of JSON
    _resourceType: 'fetch',
    ...(exchange.notes === undefined || exchange.notes.length === 0 ? {} : { comment: exchange.notes.join('\n') }),
    ...(exchange.operationId === undefined ? {} : { _operationId: exchange.operationId }),
    ...(exchange.fault === undefined ? {} : { _fault: exchange.fault }),
  };
}

/**
 * The exchange with its bodies' sizes fixed before redaction changes their text: a HAR's
 * sizes are of what was sent, whatever the file shows (a recorder measured them already;
 * the journal's are its text's bytes).
 */
function measured(exchange: Exchange): Exchange {
  const { request, response } = exchange;
  return {
    ...exchange,
    request: { ...request, wireSize: request.wireSize ?? request.size ?? byteLength(request.body) },
    response: {
      ...response,
      size: response.size ?? response.truncatedFrom ?? bodyBytes(response.body, response.encoding),
    },
  };
}

/**
 * The exchanges as a HAR 1.2 log, oldest first, secrets redacted (unless `keepSecrets`):
 * every credential found anywhere in the log is also replaced wherever else it occurs (a
 * session id a login answered, then sent in a header, a URL or a body).
 */
export function buildHar(exchanges: readonly Exchange[], options: HarOptions = {}): Har {
  const redactor: Redactor | undefined = options.keepSecrets === true ? undefined : createRedactor();
  const entries = exchanges
    .map(measured)
    .map((exchange) => entryOf(redactor === undefined ? exchange : redactor.exchange(exchange)));
  return {
    log: {
      version: '1.2',
      creator: options.creator ?? { name: 'ticketmock', version: '0' },
      pages: [],
      entries: redactor === undefined ? entries : redactor.everywhere(entries),
      ...(options.comment === undefined ? {} : { comment: options.comment }),
    },
  };
}
