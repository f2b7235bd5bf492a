/**
 * Secrets out of recorded traffic (issue 18: a recording must be safe to commit). Replaced
 * by {@link REDACTED}: the credential headers (`Authorization`, `Cookie`, `Set-Cookie`,
 * `X-Session-Id` …; the scheme and cookie names stay), and in JSON bodies, form bodies and
 * query strings every string under a secret name (`access_token`, `refresh_token`,
 * `client_secret`, `password`, `sessionId`, the `ticket` — or the `username` — of Auvious's
 * ticket exchange form …). Each value taken out is remembered, and {@link Redactor.everywhere}
 * replaces it wherever else it occurs in the log (a session id in a URL, a token echoed in
 * a body). docs/decisions/022-recording-and-har.md says what is and is not covered.
 */
import type { Exchange, HarEntry } from './har.js';
import { mediaTypeOf } from './http.js';

/** What every secret becomes: letters only, so it reads the same in a URL, a form or JSON. */
export const REDACTED = 'REDACTED';

/** Headers whose whole value is a credential. */
const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'x-session-id',
  'x-api-key',
  'x-auth-token',
  'x-mock-token',
]);

/** Names (lower-cased, `-` as `_`) whose string value is a secret, in a body or a query string. */
const SECRET_NAMES: ReadonlySet<string> = new Set([
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'client_secret',
  'secret',
  'password',
  'passwd',
  'sessionid',
  'session_id',
  'api_key',
  'apikey',
  'authorization',
  // Auvious's ticket exchange sends the ticket as `ticket` (Android SDK) …
  'ticket',
]);

const normalName = (name: string): string => name.toLowerCase().replaceAll('-', '_');

/** Shorter values are not searched for elsewhere: they would match ordinary text. */
const SHORTEST_SECRET = 6;

export interface Redactor {
  /** The exchange with its secrets replaced; each one is remembered. */
  exchange(exchange: Exchange): Exchange;
  /** Every remembered secret replaced wherever it still occurs in `entries` (values, never names). */
  everywhere(entries: HarEntry[]): HarEntry[];
  /** The secrets seen so far. */
  readonly found: ReadonlySet<string>;
}

export function createRedactor(): Redactor {
  const found = new Set<string>();
  const remember: Remember = (value, local) => {
    if (value === REDACTED || value.length === 0 || local === true) return;
    found.add(value);
    const encoded = encodeURIComponent(value);
    if (encoded !== value) found.add(encoded);
    const plus = new URLSearchParams({ v: value }).toString().slice(2);
    if (plus !== value) found.add(plus);
  };
  return {
    found,
    exchange: (exchange) => redactExchange(exchange, remember),
    everywhere(entries) {
      const secrets = [...found]
        .filter((secret) => secret.length >= SHORTEST_SECRET)
        .sort((a, b) => b.length - a.length);
      if (secrets.length === 0) return entries;
      return entries.map((entry) => replaceDeep(entry, secrets) as HarEntry);
    },
  };
}

function replaceDeep(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') {
    let text = value;
    for (const secret of secrets) if (text.includes(secret)) text = text.replaceAll(secret, REDACTED);
    return text;
  }
  if (Array.isArray(value)) return value.map((item) => replaceDeep(item, secrets));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceDeep(item, secrets)]));
  }
  return value;
}

/**
 * Takes note of a secret; `local`: replaced where it was found only, not searched for
 * elsewhere (the ticket of an exchange form is also the ticket's id in every other call).
 */
type Remember = (value: string, local?: boolean) => void;

function redactExchange(exchange: Exchange, remember: Remember): Exchange {
  const requestType = mediaTypeOf(headerOf(exchange.request.headers, 'content-type'));
  const responseType = mediaTypeOf(headerOf(exchange.response.headers, 'content-type'));
  return {
    ...exchange,
    request: {
      ...exchange.request,
      url: redactUrl(exchange.request.url, remember),
      headers: exchange.request.headers.map((pair) => redactHeader(pair, remember)),
      body: redactBody(exchange.request.body, requestType, remember),
    },
    response: {
      ...exchange.response,
      headers: exchange.response.headers.map((pair) => redactHeader(pair, remember)),
      body: redactBody(exchange.response.body, responseType, remember),
    },
  };
}

const headerOf = (pairs: readonly (readonly [string, string])[], name: string): string | undefined =>
  pairs.find(([key]) => key.toLowerCase() === name)?.[1];

/** One header with its credential replaced: the scheme of an Authorization, the names of cookies stay. */
export function redactHeader([name, value]: readonly [string, string], remember: Remember): [string, string] {
  const lower = name.toLowerCase();
  if (SECRET_HEADERS.has(lower)) {
    const scheme = /^([A-Za-z][\w-]*)\s+(\S.*)$/.exec(value);
    if (scheme !== null && (lower === 'authorization' || lower === 'proxy-authorization')) {
      const credential = scheme[2] as string;
      remember(credential);
      if (scheme[1]?.toLowerCase() === 'basic') rememberBasic(credential, remember);
      return [name, `${scheme[1]} ${REDACTED}`];
    }
    remember(value);
    return [name, REDACTED];
  }
  if (lower === 'cookie') {
    const cookies = value.split(';').map((part) => redactCookie(part.trim(), remember));
    return [name, cookies.join('; ')];
  }
  if (lower === 'set-cookie') {
    const [first = '', ...attributes] = value.split(';');
    return [name, [redactCookie(first.trim(), remember), ...attributes.map((part) => part.trim())].join('; ')];
  }
  return [name, value];
}

/** `user:password` of a Basic credential: each part is a secret too (Auvious's client secret). */
function rememberBasic(credential: string, remember: Remember): void {
  let decoded: string;
  try {
    decoded = atob(credential);
  } catch {
    return;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return;
  const secret = decoded.slice(colon + 1);
  if (secret !== '') remember(secret);
}

function redactCookie(pair: string, remember: Remember): string {
  const equals = pair.indexOf('=');
  if (equals < 0) return pair;
  const value = pair.slice(equals + 1);
  if (value === '') return pair;
  remember(value);
  return `${pair.slice(0, equals)}=${REDACTED}`;
}

/** The secret parameters of a URL's query string replaced (the rest of the URL as it was). */
export function redactUrl(url: string, remember: Remember): string {
  const question = url.indexOf('?');
  if (question < 0) return url;
  const hash = url.indexOf('#', question);
  const query = url.slice(question + 1, hash < 0 ? undefined : hash);
  const redacted = redactForm(query, remember);
  return `${url.slice(0, question + 1)}${redacted}${hash < 0 ? '' : url.slice(hash)}`;
}

/**
 * A form or query string with its secret parameters replaced. In a ticket exchange
 * (`grant_type=password`) the `username` is the ticket (iOS SDK): a secret too.
 */
function redactForm(text: string, remember: Remember): string {
  const params = new URLSearchParams(text);
  const exchange = params.get('grant_type') === 'password';
  let changed = false;
  for (const [name, value] of [...params]) {
    const normal = normalName(name);
    if (value !== '' && (SECRET_NAMES.has(normal) || (exchange && normal === 'username'))) {
      remember(value, normal === 'ticket' || normal === 'username');
      changed = true;
    }
  }
  if (!changed) return text;
  // rebuilt pair by pair: the order and the names stay as they were sent
  return text
    .split('&')
    .map((part) => {
      const equals = part.indexOf('=');
      if (equals < 0) return part;
      const name = decodeForm(part.slice(0, equals));
      const normal = normalName(name);
      const secret = SECRET_NAMES.has(normal) || (exchange && normal === 'username');
      return secret && part.length > equals + 1 ? `${part.slice(0, equals)}=${REDACTED}` : part;
    })
    .join('&');
}

function decodeForm(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

/** A body with its secrets replaced: JSON by member name, a form by parameter name; other bodies as they are. */
export function redactBody(body: string | undefined, mediaType: string, remember: Remember): string | undefined {
  if (body === undefined || body === '') return body;
  if (mediaType === 'application/x-www-form-urlencoded') return redactForm(body, remember);
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return body;
    }
    let changed = false;
    const walk = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(walk);
      if (typeof value !== 'object' || value === null) return value;
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => {
          if (typeof item === 'string' && item !== '' && SECRET_NAMES.has(normalName(key))) {
            remember(item, normalName(key) === 'ticket');
            changed = true;
            return [key, REDACTED];
          }
          return [key, walk(item)];
        }),
      );
    };
    const redacted = walk(parsed);
    return changed ? JSON.stringify(redacted) : body;
  }
  return body;
}
