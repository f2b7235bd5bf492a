/**
 * How the journal's detail (`GET /__mock/journal?detail=1`, the devtools page) describes one
 * request and its answer: secret headers redacted, bodies cut. Given to the engine by who
 * shows it (`ticketmock serve`, `ticketmock/devtools`), so that a page without the panel
 * does not carry it.
 */
import type { MockRequest, MockResponse } from './http.js';
import type { JournalExchange } from './journal.js';

/** The most of a body an exchange keeps: 1,000 entries stay ≤ 32 MiB however large the bodies. */
export const EXCHANGE_BODY_LIMIT = 16 * 1024;

/** Headers whose values are credentials: shown as `[redacted]` (the scheme of an Authorization kept). */
const SECRET_HEADERS = new Set(['authorization', 'cookie', 'set-cookie', 'x-mock-token', 'proxy-authorization']);

function redacted(headers: Readonly<Record<string, string | string[]>>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!SECRET_HEADERS.has(name.toLowerCase())) out[name] = value;
    else if (typeof value === 'string' && /^\w+\s/.test(value)) out[name] = `${value.split(/\s/)[0]} [redacted]`;
    else out[name] = '[redacted]';
  }
  return out;
}

const cut = (body: string): string =>
  body.length <= EXCHANGE_BODY_LIMIT
    ? body
    : `${body.slice(0, EXCHANGE_BODY_LIMIT)}… [${body.length - EXCHANGE_BODY_LIMIT} more characters]`;

/** One request and its answer as the journal's detail keeps them. */
export function exchangeOf(request: MockRequest, response: MockResponse): JournalExchange {
  const answered = response.json !== undefined ? JSON.stringify(response.json) : response.text;
  return {
    request: {
      headers: redacted(request.headers) as Record<string, string>,
      ...(request.body === undefined ? {} : { body: cut(request.body) }),
    },
    response: {
      headers: redacted(response.headers ?? {}),
      ...(answered === undefined ? {} : { body: cut(answered) }),
    },
  };
}
