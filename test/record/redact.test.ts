/**
 * Secrets out of a recording (src/core/redact.ts), one kind at a time: each is replaced by
 * the marker where it was found, and (but the exchange form's ticket) wherever else the
 * log repeats it; what is no secret stays as it was.
 */
import { describe, expect, it } from 'vitest';
import { buildHar, type Exchange } from '../../src/core/har.ts';
import { REDACTED } from '../../src/core/redact.ts';

const JSON_TYPE: [string, string] = ['content-type', 'application/json'];
const FORM_TYPE: [string, string] = ['content-type', 'application/x-www-form-urlencoded'];

function exchange(parts: {
  url?: string;
  requestHeaders?: [string, string][];
  requestBody?: string;
  responseHeaders?: [string, string][];
  responseBody?: string;
}): Exchange {
  return {
    started: '2026-05-01T10:00:00.000Z',
    durationMs: 1,
    request: {
      method: 'POST',
      url: parts.url ?? 'http://127.0.0.1:1/x',
      headers: parts.requestHeaders ?? [],
      body: parts.requestBody,
    },
    response: { status: 200, headers: parts.responseHeaders ?? [], body: parts.responseBody },
  };
}

const entryOf = (one: Exchange, ...more: Exchange[]) => buildHar([one, ...more]).log.entries;
const headerValue = (headers: { name: string; value: string }[], name: string) =>
  headers.find((header) => header.name.toLowerCase() === name)?.value;

describe('redaction', () => {
  it('replaces a bearer token and keeps the scheme', () => {
    const [entry] = entryOf(exchange({ requestHeaders: [['Authorization', 'Bearer auvious-demo-token']] }));
    expect(headerValue(entry?.request.headers ?? [], 'authorization')).toBe(`Bearer ${REDACTED}`);
  });

  it('replaces a Basic credential, and its secret wherever it is repeated', () => {
    const basic = btoa('demo-client:demo-secret');
    const entries = entryOf(
      exchange({ requestHeaders: [['authorization', `Basic ${basic}`]] }),
      exchange({
        url: 'http://127.0.0.1:1/echo',
        responseHeaders: [JSON_TYPE],
        responseBody: '{"said":"demo-secret!"}',
      }),
    );
    expect(JSON.stringify(entries)).not.toContain(basic);
    expect(JSON.stringify(entries)).not.toContain('demo-secret');
    expect(entries[1]?.response.content.text).toBe(`{"said":"${REDACTED}!"}`);
  });

  it('replaces the values of Cookie and Set-Cookie, keeping names and attributes', () => {
    const [entry] = entryOf(
      exchange({
        requestHeaders: [['cookie', 'sessionId=0123456789abcdef; theme=dark']],
        responseHeaders: [['set-cookie', 'sessionId=fedcba9876543210; Path=/; HttpOnly']],
      }),
    );
    expect(headerValue(entry?.request.headers ?? [], 'cookie')).toBe(`sessionId=${REDACTED}; theme=${REDACTED}`);
    expect(entry?.request.cookies).toEqual([
      { name: 'sessionId', value: REDACTED },
      { name: 'theme', value: REDACTED },
    ]);
    expect(headerValue(entry?.response.headers ?? [], 'set-cookie')).toBe(`sessionId=${REDACTED}; Path=/; HttpOnly`);
  });

  it('replaces a session id header, and the id where a login answered it and a later URL carries it', () => {
    const entries = entryOf(
      exchange({
        responseHeaders: [JSON_TYPE],
        responseBody: JSON.stringify({ sessionId: '85dc0d7bd7dd0eff', userId: 'user-admin' }),
      }),
      exchange({ url: 'http://127.0.0.1:1/jsonRpc/x?s=85dc0d7bd7dd0eff', requestHeaders: [['X-Session-Id', 'x']] }),
    );
    expect(JSON.parse(entries[0]?.response.content.text ?? '')).toEqual({ sessionId: REDACTED, userId: 'user-admin' });
    expect(entries[1]?.request.url).toBe(`http://127.0.0.1:1/jsonRpc/x?s=${REDACTED}`);
    expect(headerValue(entries[1]?.request.headers ?? [], 'x-session-id')).toBe(REDACTED);
  });

  it('replaces access_token and refresh_token in a JSON answer, nested too', () => {
    const [entry] = entryOf(
      exchange({
        responseHeaders: [JSON_TYPE],
        responseBody: JSON.stringify({
          access_token: 'eyJhbGciOi.abc.def',
          refresh_token: 'refresh-123456',
          token_type: 'bearer',
          nested: [{ password: 'hunter22' }],
        }),
      }),
    );
    expect(JSON.parse(entry?.response.content.text ?? '')).toEqual({
      access_token: REDACTED,
      refresh_token: REDACTED,
      token_type: 'bearer',
      nested: [{ password: REDACTED }],
    });
  });

  it('replaces client_secret and password in a form body and in a query string', () => {
    const [entry] = entryOf(
      exchange({
        url: 'http://127.0.0.1:1/security/oauth/token?grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret',
        requestHeaders: [FORM_TYPE],
        requestBody: 'email=a%40b.test&password=demo-password',
      }),
    );
    expect(entry?.request.url).toBe(
      `http://127.0.0.1:1/security/oauth/token?grant_type=client_credentials&client_id=demo-client&client_secret=${REDACTED}`,
    );
    expect(entry?.request.queryString).toContainEqual({ name: 'client_secret', value: REDACTED });
    expect(entry?.request.postData?.text).toBe(`email=a%40b.test&password=${REDACTED}`);
    expect(entry?.request.postData?.params).toContainEqual({ name: 'password', value: REDACTED });
  });

  it("replaces the ticket of an exchange form (as `ticket` or as the `username`) there only: it stays the ticket's id elsewhere", () => {
    const entries = entryOf(
      exchange({ requestHeaders: [FORM_TYPE], requestBody: 'grant_type=password&ticket=vug-yyt' }),
      exchange({ requestHeaders: [FORM_TYPE], requestBody: 'grant_type=password&username=6u2-up4-grp' }),
      exchange({ url: 'http://127.0.0.1:1/security/ticket/vug-yyt' }),
    );
    expect(entries[0]?.request.postData?.text).toBe(`grant_type=password&ticket=${REDACTED}`);
    expect(entries[1]?.request.postData?.text).toBe(`grant_type=password&username=${REDACTED}`);
    expect(entries[2]?.request.url).toBe('http://127.0.0.1:1/security/ticket/vug-yyt');
  });

  it('leaves a username that is no ticket, and bodies that are no JSON or form, as they are', () => {
    const [entry] = entryOf(
      exchange({
        requestHeaders: [FORM_TYPE],
        requestBody: 'grant_type=client_credentials&username=alice',
        responseHeaders: [['content-type', 'text/calendar']],
        responseBody: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR',
      }),
    );
    expect(entry?.request.postData?.text).toBe('grant_type=client_credentials&username=alice');
    expect(entry?.response.content.text).toBe('BEGIN:VCALENDAR\r\nEND:VCALENDAR');
  });

  it('keeps everything with keepSecrets', () => {
    const har = buildHar([exchange({ requestHeaders: [['authorization', 'Bearer auvious-demo-token']] })], {
      keepSecrets: true,
    });
    expect(headerValue(har.log.entries[0]?.request.headers ?? [], 'authorization')).toBe('Bearer auvious-demo-token');
  });
});
