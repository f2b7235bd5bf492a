/**
 * The devtools routes of the control API (issue 19) through the engine, without a server:
 * the page and its script, the journal's detail, the coverage route; and the control
 * plane's lock, which lets the page's static files through without the token and nothing else.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { consumerCoverage } from '../../src/contract/consumer/coverage.ts';
import { Engine } from '../../src/core/engine.ts';
import type { MockRequest } from '../../src/core/http.ts';
import { JOURNAL_BODY_LIMIT } from '../../src/core/journal.ts';
import { loadModules } from '../../src/handlers/load.ts';
import { recordingKit } from '../../src/recording.ts';
import { controlRefusal, isDevtoolsAsset } from '../../src/server/control-access.ts';
import { serverDevtools } from '../../src/server/devtools-assets.ts';
import { DEVTOOLS_CSP } from '../../src/server/devtools-page.ts';

const request = (method: string, target: string, headers: Record<string, string> = {}, body?: string): MockRequest => {
  const url = new URL(target, 'http://127.0.0.1:4010');
  return { method, path: url.pathname, query: url.searchParams, headers, body, origin: url.origin };
};
const AUVIOUS = { authorization: 'Bearer auvious-demo-token', 'content-type': 'application/json' };
const createTicket = (conference: string) =>
  request(
    'POST',
    '/security/ticket',
    AUVIOUS,
    JSON.stringify({ type: 'MULTI_USE_TICKET', properties: { conference_id: conference } }),
  );

const engine = async (options: Partial<Parameters<typeof Engine.create>[0]> = {}) =>
  Engine.create({
    apis: await loadModules(undefined),
    validateResponses: true,
    recordings: recordingKit(),
    ...options,
  });

describe('GET /__mock/ui', () => {
  it('is one HTML page whose only script is the panel, under a strict policy, with no secret in it', async () => {
    const mock = await engine({ devtools: serverDevtools });
    const page = await mock.handle(request('GET', '/__mock/ui'));
    expect(page.status).toBe(200);
    expect(page.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers?.['content-security-policy']).toBe(DEVTOOLS_CSP);
    expect(DEVTOOLS_CSP).toContain("script-src 'self'");
    expect(DEVTOOLS_CSP).not.toMatch(/unsafe-(inline|eval)/);
    const scripts = [...(page.text ?? '').matchAll(/<script[^>]*>/g)].map((match) => match[0]);
    expect(scripts).toEqual(['<script type="module" src="/__mock/ui/panel.js">']);
    expect(page.text).not.toMatch(/token/i);
  });

  it('serves the built panel script on serve; a page’s mocks carry neither page nor script', async () => {
    const served = await engine({ devtools: serverDevtools });
    const script = await served.handle(request('GET', '/__mock/ui/panel.js'));
    expect(script.status).toBe(200);
    expect(script.text).toBe(await readFile(new URL('../../dist/ui/panel.js', import.meta.url), 'utf8'));
    expect(script.headers?.['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers?.['content-security-policy']).toBe(DEVTOOLS_CSP);
    const inPage = await engine();
    for (const path of ['/__mock/ui', '/__mock/ui/panel.js']) {
      const answer = await inPage.handle(request('GET', path));
      expect(answer.status).toBe(404);
      expect(answer.json).toEqual({ error: { code: 404, message: expect.stringContaining('ticketmock serve') } });
    }
  });

  it('answers another method on the page with 405, Allow: GET', async () => {
    const answer = await (await engine({ devtools: serverDevtools })).handle(request('POST', '/__mock/ui'));
    expect(answer.status).toBe(405);
    expect(answer.headers).toMatchObject({ allow: 'GET' });
  });

  it.each([
    ['GET', '/__mock/ui/other.js'],
    ['GET', '/__mock/uix'],
  ])('answers %s %s with the control API’s 404', async (method, path) => {
    const answer = await (await engine({ devtools: serverDevtools })).handle(request(method, path));
    expect(answer.status).toBe(404);
    expect(answer.json).toMatchObject({ error: { code: 404 } });
  });

  it('is gone with the control API (--no-control)', async () => {
    const answer = await (await engine({ control: false, devtools: serverDevtools })).handle(
      request('GET', '/__mock/ui'),
    );
    expect(answer.status).toBe(404);
    expect(answer.text).toBeUndefined();
  });
});

describe('GET /__mock/journal?detail=1', () => {
  it('gives each entry its request and response, secrets redacted as in the HAR, a long body cut', async () => {
    const mock = await engine({ devtools: serverDevtools });
    await mock.handle(createTicket('before'));
    await mock.handle(createTicket('x'.repeat(JOURNAL_BODY_LIMIT + 10)));
    await mock.handle(request('GET', '/security/ticket?size=2000', AUVIOUS));
    const detailed = (await mock.handle(request('GET', '/__mock/journal?detail=1'))).json as {
      entries: Array<{
        exchange?: { request: { headers: Record<string, string>; body: string }; response: { body: string } };
      }>;
    };
    expect(detailed.entries).toHaveLength(3);
    const exchange = detailed.entries[0]?.exchange;
    expect(exchange?.request.headers.authorization).toBe('Bearer REDACTED');
    expect(JSON.stringify(detailed)).not.toContain('auvious-demo-token');
    expect(exchange?.request.body).toContain('"conference_id":"before"');
    expect(exchange?.response.body).toContain('"organizationId":"demo-org"');
    expect(detailed.entries[1]?.exchange?.request.body).toHaveLength(JOURNAL_BODY_LIMIT);
    // the plain journal (what `ticketmock coverage` reads) stays as it was
    const plain = (await mock.handle(request('GET', '/__mock/journal'))).json as { entries: object[] };
    expect(plain.entries.every((entry) => !('exchange' in entry))).toBe(true);
  });

  it('gives entries without an exchange, and no HAR, where the host handed no recording kit (a page without the panel)', async () => {
    const mock = await engine({ recordings: undefined });
    await mock.handle(createTicket('page'));
    const detailed = (await mock.handle(request('GET', '/__mock/journal?detail=1'))).json as { entries: object[] };
    expect(detailed.entries).toHaveLength(1);
    expect(detailed.entries[0]).not.toHaveProperty('exchange');
    const har = await mock.handle(request('GET', '/__mock/journal?format=har'));
    expect(har.status).toBe(400);
    expect(har.json).toEqual({ error: { code: 400, message: expect.stringContaining('ticketmock/devtools') } });
    await expect(mock.importRecording({ log: { version: '1.2', entries: [] } })).rejects.toThrow(/devtools/);
    mock.useRecordings(recordingKit());
    expect((await mock.handle(request('GET', '/__mock/journal?format=har'))).status).toBe(200);
  });

  it('gives entries without an exchange where the engine keeps none (journalExchanges: false)', async () => {
    const mock = await engine({ devtools: serverDevtools, journalExchanges: false });
    await mock.handle(createTicket('none'));
    const detailed = (await mock.handle(request('GET', '/__mock/journal?detail=1'))).json as { entries: object[] };
    expect(detailed.entries).toHaveLength(1);
    expect(detailed.entries[0]).not.toHaveProperty('exchange');
  });
});

describe('GET /__mock/coverage', () => {
  it('is 404 where the host computes none (the page), and on serve counts as `consumerCoverage` does', async () => {
    expect((await (await engine()).handle(request('GET', '/__mock/coverage'))).status).toBe(404);
    const mock = await engine({ devtools: serverDevtools });
    await mock.handle(createTicket('c'));
    await mock.handle(request('GET', '/security/ticket/nos-uch', AUVIOUS));
    const answer = await mock.handle(request('GET', '/__mock/coverage'));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(consumerCoverage([mock.control.journal()]));
    expect(answer.json).toMatchObject({ requests: 2 });
  });

  it('answers for a session from that session’s journal', async () => {
    const mock = await engine({ devtools: serverDevtools });
    await mock.handle(createTicket('default'));
    const opened = await mock.handle(request('POST', '/__mock/sessions'));
    const id = (opened.json as { id: string }).id;
    const answer = await mock.handle(request('GET', '/__mock/coverage', { 'x-mock-session': id }));
    expect(answer).toMatchObject({ status: 200, json: { requests: 0 } });
  });
});

describe('the control plane’s lock and the devtools page', () => {
  const access = { listenHost: '127.0.0.1', token: 's3cret' };
  const loopback = { host: '127.0.0.1:4010' };

  it.each([
    ['GET', '/__mock/ui', true],
    ['GET', '/__mock/ui/', true],
    ['GET', '/__mock/ui/panel.js', true],
    ['HEAD', '/__mock/ui', false],
    ['POST', '/__mock/ui', false],
    ['GET', '/__mock/ui/other.js', false],
    ['GET', '/__mock/state', false],
    ['GET', '/__mock/uiz', false],
  ])('%s %s is a static devtools file: %s', (method, path, asset) => {
    expect(isDevtoolsAsset(method, path)).toBe(asset);
    const refusal = controlRefusal(loopback, access, false, { method, path });
    expect(refusal?.status).toBe(asset ? undefined : 401);
  });

  it('still refuses the page to a Host that is not the server’s (DNS rebinding)', () => {
    expect(controlRefusal({ host: 'evil.test' }, access, false, { method: 'GET', path: '/__mock/ui' })?.status).toBe(
      403,
    );
  });
});
