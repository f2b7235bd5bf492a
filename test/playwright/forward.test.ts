/**
 * The session mode's forwarding (src/playwright/forward.ts) against a real HTTP server on
 * 127.0.0.1:0 that reports what it received: the page's request reaches it whole, with the
 * session's header and without the page's hop headers, and its answer comes back as given.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardTo } from '../../src/playwright/forward.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let url: string;
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const path = new URL(request.url ?? '/', 'http://server').pathname;
      if (path === '/redirect') response.writeHead(302, { location: '/elsewhere' }).end();
      else if (path === '/empty') response.writeHead(204).end();
      else if (path === '/gzip') {
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        response.end(gzipSync(JSON.stringify({ zipped: true })));
      } else {
        response.writeHead(201, {
          'content-type': 'application/json',
          'set-cookie': 'sessionId=abc; Path=/; HttpOnly',
          location: '/security/ticket/t-1',
        });
        response.end(JSON.stringify({ ok: true }));
      }
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((closed) => server.close(closed));
});

/** The forwarded answer (forwardTo always gives one: it never lets a request pass). */
async function answer(request: Request): Promise<Response> {
  const response = await forwardTo(url, 'session-1')(request);
  if (response === undefined) throw new Error('forwardTo let the request pass');
  return response;
}

describe('forwardTo()', () => {
  it("sends the page's request on, whatever its origin, with the session's header and without the hop's", async () => {
    received.length = 0;
    const response = await answer(
      new Request('https://auvious.example/security/ticket?expand=1', {
        method: 'POST',
        headers: {
          authorization: 'Bearer auvious-demo-token',
          'content-type': 'application/json',
          cookie: 'sessionId=abc',
          origin: 'http://127.0.0.1:9',
          host: 'auvious.example',
          'accept-encoding': 'br',
          'x-mock-session': 'someone-else',
        },
        body: JSON.stringify({ type: 'MULTI_USE_TICKET' }),
      }),
    );
    const [got] = received;
    expect(got).toMatchObject({
      method: 'POST',
      url: '/security/ticket?expand=1',
      body: '{"type":"MULTI_USE_TICKET"}',
      headers: {
        authorization: 'Bearer auvious-demo-token',
        'content-type': 'application/json',
        cookie: 'sessionId=abc',
        origin: 'http://127.0.0.1:9',
        host: new URL(url).host,
        'x-mock-session': 'session-1',
        'content-length': '27',
      },
    });
    expect(got?.headers['accept-encoding']).not.toBe('br');
    expect(response.status).toBe(201);
    expect(response.headers.get('set-cookie')).toBe('sessionId=abc; Path=/; HttpOnly');
    expect(response.headers.get('location')).toBe('/security/ticket/t-1');
    expect(await response.json()).toEqual({ ok: true });
  });

  it('hands a redirect back instead of following it', async () => {
    received.length = 0;
    const response = await answer(new Request('https://auvious.example/redirect'));
    expect([response.status, response.headers.get('location')]).toEqual([302, '/elsewhere']);
    expect(received.map((r) => r.url)).toEqual(['/redirect']);
  });

  it('answers a 204 with no body, and a compressed body decoded, without the encoding it no longer has', async () => {
    const empty = await answer(new Request('https://auvious.example/empty', { method: 'DELETE' }));
    expect([empty.status, empty.body]).toEqual([204, null]);
    const zipped = await answer(new Request('https://auvious.example/gzip'));
    expect(zipped.headers.get('content-encoding')).toBeNull();
    expect(zipped.headers.get('content-length')).toBeNull();
    expect(await zipped.json()).toEqual({ zipped: true });
  });

  it('fails (for the fixture to report) when nothing answers at the server', async () => {
    // a port that was free a moment ago: bound, read and closed again
    const closed = createServer();
    await new Promise<void>((listening) => closed.listen(0, '127.0.0.1', listening));
    const { port } = closed.address() as AddressInfo;
    await new Promise((done) => closed.close(done));
    await expect(forwardTo(`http://127.0.0.1:${port}`, 's')(new Request('https://a.example/x'))).rejects.toThrow(
      'fetch failed',
    );
  });
});
