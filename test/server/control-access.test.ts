/**
 * The control plane answers only the people running the mock (issue 20): every control
 * route refuses a foreign `Host` (DNS rebinding) and a foreign `Origin` (any web page the
 * developer has open), grants loopback origins, and wants its token when one is set; the
 * API routes answer any origin as before.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.ts';
import { AUVIOUS_DEMO } from '../../src/fixtures/demo.ts';
import { modulesFor } from '../../src/handlers/index.ts';
import { controlRefusal, listensBeyondLoopback } from '../../src/server/control-access.ts';
import { type RunningServer, startServer } from '../../src/server/server.ts';
import { collect, exitCode, ticketmock, waitFor } from '../helpers/cli.ts';

/** Every control route, with a body it accepts. */
const ROUTES: readonly { method: string; path: string; body?: unknown }[] = [
  { method: 'GET', path: '/__mock/state' },
  { method: 'PUT', path: '/__mock/state', body: 'exported' },
  { method: 'POST', path: '/__mock/reset' },
  { method: 'POST', path: '/__mock/seed', body: { seed: 1 } },
  { method: 'GET', path: '/__mock/clock' },
  { method: 'POST', path: '/__mock/clock', body: { advanceSeconds: 0 } },
  { method: 'GET', path: '/__mock/journal' },
  { method: 'GET', path: '/__mock/faults' },
  { method: 'PUT', path: '/__mock/faults', body: {} },
];

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** node:http, not fetch: the test sets `Host` itself. */
function send(url: string, method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<Answer>((resolve, reject) => {
    const target = new URL(path, url);
    const outgoing = httpRequest(
      { host: target.hostname, port: target.port, method, path: target.pathname, headers },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function serverWith(controlAccess: Parameters<typeof startServer>[0]['controlAccess'] = {}) {
  return startServer({ engine: await Engine.create({ apis: modulesFor(['auvious']) }), controlAccess });
}

/** A route's request, its body made (the exported state for `PUT /__mock/state`). */
async function call(server: RunningServer, route: (typeof ROUTES)[number], headers: Record<string, string>) {
  let body: string | undefined;
  if (route.body === 'exported') {
    // exported with the same credentials, from the server's own host
    const { host: _, origin: __, ...credentials } = headers;
    body = (await send(server.url, 'GET', '/__mock/state', { ...credentials, host: new URL(server.url).host })).body;
  } else if (route.body !== undefined) {
    body = JSON.stringify(route.body);
  }
  return send(
    server.url,
    route.method,
    route.path,
    {
      host: new URL(server.url).host,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body,
  );
}

const refusalText = (answer: Answer) => (JSON.parse(answer.body) as { error: { message: string } }).error.message;

describe('the control API without a token', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await serverWith({ allowedHosts: ['mock.internal'], origins: ['https://tools.example:8443'] });
  });
  afterAll(() => server.close());

  describe.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))('%s', (_, route) => {
    it('answers a loopback Host and no Origin (curl, the contract suite)', async () => {
      for (const host of [new URL(server.url).host, `localhost:${server.port}`, '[::1]', 'mock.internal:80']) {
        const answer = await call(server, route, { host });
        expect(answer.status, `${host} ${answer.body}`).toBe(200);
      }
    });

    it('refuses a foreign Host with 403 and its reason', async () => {
      const answer = await call(server, route, { host: 'evil.example' });
      expect(answer.status).toBe(403);
      expect(refusalText(answer)).toMatch(/not Host "evil.example"/);
    });

    it('refuses a foreign Origin with 403, without a CORS grant, preflight included', async () => {
      for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example']) {
        const answer = await call(server, route, { origin });
        expect(answer.status, origin).toBe(403);
        expect(answer.headers['access-control-allow-origin'], origin).toBeUndefined();
        expect(refusalText(answer)).toContain(`no page from ${origin}`);
      }
      const preflight = await send(server.url, 'OPTIONS', route.path, {
        host: new URL(server.url).host,
        origin: 'https://evil.example',
        'access-control-request-method': route.method,
      });
      expect(preflight.status).toBe(403);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('grants loopback origins, the listed ones and its own', async () => {
      for (const origin of [
        'http://localhost:5173',
        'http://127.0.0.1:3000',
        'https://tools.example:8443',
        server.url,
      ]) {
        const answer = await call(server, route, { origin });
        expect(answer.status, origin).toBe(200);
        expect(answer.headers['access-control-allow-origin'], origin).toBe(origin);
        const preflight = await send(server.url, 'OPTIONS', route.path, {
          host: new URL(server.url).host,
          origin,
          'access-control-request-method': route.method,
        });
        expect([preflight.status, preflight.headers['access-control-allow-origin']], origin).toEqual([204, origin]);
      }
    });
  });

  it('refuses a foreign page also where the body never reaches a route: a Content-Type that is no media type, an oversize body', async () => {
    const host = new URL(server.url).host;
    const before = (await send(server.url, 'GET', '/__mock/state', { host })).body;
    const odd = await send(
      server.url,
      'PUT',
      '/__mock/state',
      { host, origin: 'https://evil.example', 'content-type': 'x' },
      JSON.stringify({ seed: 9, apis: {} }),
    );
    expect(odd.status).toBe(403);
    const oversize = await send(
      server.url,
      'POST',
      '/__mock/reset',
      { host: 'evil.example', 'content-type': 'application/json' },
      `"${'a'.repeat(2 * 1024 * 1024)}"`,
    );
    expect(oversize.status).toBe(403);
    expect((await send(server.url, 'GET', '/__mock/state', { host })).body).toBe(before);
  });

  it('leaves the API routes open to any origin and host: CORS for a foreign page, the event link from Host', async () => {
    const headers = { host: new URL(server.url).host, authorization: `Bearer ${AUVIOUS_DEMO.token}` };
    const created = await send(
      server.url,
      'POST',
      '/security/ticket',
      { ...headers, origin: 'https://evil.example', 'content-type': 'application/json' },
      JSON.stringify({ type: 'MULTI_USE_TICKET', properties: {} }),
    );
    expect(created.status).toBe(200);
    expect(created.headers['access-control-allow-origin']).toBe('https://evil.example');
    const id = (JSON.parse(created.body) as { id: string }).id;
    const event = await send(server.url, 'GET', `/security/ticket/${id}/event`, {
      ...headers,
      host: 'meet.example.org',
      'x-forwarded-proto': 'https',
    });
    expect(event.status).toBe(200);
    expect(event.body).toContain(`https://meet.example.org/t/${id}`);
    const preflight = await send(server.url, 'OPTIONS', '/security/ticket', {
      host: 'anything.example',
      origin: 'https://evil.example',
      'access-control-request-method': 'POST',
    });
    expect([preflight.status, preflight.headers['access-control-allow-origin']]).toEqual([204, 'https://evil.example']);
  });
});

describe('the control API with a token', () => {
  const TOKEN = 'a-control-token';
  let server: RunningServer;
  beforeAll(async () => {
    server = await serverWith({ token: TOKEN });
  });
  afterAll(() => server.close());

  it.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s: 401 without it or with a wrong one, 200 with it in either header',
    async (_, route) => {
      for (const headers of [
        {},
        { authorization: 'Bearer wrong' },
        { 'x-mock-token': `${TOKEN}x` },
        { 'x-mock-token': TOKEN.replace(/n$/, 'm') },
      ]) {
        const answer = await call(server, route, headers);
        expect(answer.status, JSON.stringify(headers)).toBe(401);
        expect(answer.headers['www-authenticate']).toBe('Bearer realm="ticketmock control"');
        expect(refusalText(answer)).toMatch(/needs its token/);
      }
      for (const headers of [{ authorization: `Bearer ${TOKEN}` }, { 'x-mock-token': TOKEN }]) {
        expect((await call(server, route, headers)).status, JSON.stringify(headers)).toBe(200);
      }
      // the token does not open the door to a foreign host
      expect((await call(server, route, { authorization: `Bearer ${TOKEN}`, host: 'evil.example' })).status).toBe(403);
    },
  );

  it('leaves the API routes to their own credentials', async () => {
    const answer = await send(server.url, 'GET', '/security/ticket/nope00', {
      host: new URL(server.url).host,
      authorization: `Bearer ${AUVIOUS_DEMO.token}`,
    });
    expect(answer.status).toBe(404);
  });
});

describe('controlRefusal', () => {
  const access = { listenHost: '10.1.2.3' };
  it('takes the address the server listens on as a host, but not a wildcard', () => {
    expect(controlRefusal({ host: '10.1.2.3:4010' }, access)).toBeUndefined();
    expect(controlRefusal({ host: '0.0.0.0:4010' }, { listenHost: '0.0.0.0' })?.status).toBe(403);
    expect(controlRefusal({ host: '[::1]:4010' }, { listenHost: '::' })).toBeUndefined();
    expect(controlRefusal({}, access)?.status).toBe(403);
    expect(controlRefusal({ host: 'a b' }, access)?.status).toBe(403);
  });

  it('says when a server can be reached from other machines', () => {
    expect(['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]'].map(listensBeyondLoopback)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(['0.0.0.0', '::', '192.168.1.5', 'mock.internal'].map(listensBeyondLoopback)).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });
});

describe('ticketmock serve', () => {
  it('warns when it listens beyond loopback with an open control API, and says when a token guards it', async () => {
    const open = ticketmock('serve', '--host', '0.0.0.0', '--port', '0', '--quiet', '--api', 'auvious');
    const openOutput = collect(open);
    await waitFor(() => openOutput.out().includes('Press Ctrl+C'), 'the banner');
    open.kill('SIGINT');
    expect(await exitCode(open)).toBe(0);
    expect(openOutput.err()).toMatch(/0\.0\.0\.0 is reachable from other machines .* has no token/);

    const guarded = ticketmock(
      'serve',
      '--port',
      '0',
      '--quiet',
      '--api',
      'auvious',
      '--control-token',
      't',
      '--control-origins',
      'https://tools.example:8443',
    );
    const guardedOutput = collect(guarded);
    await waitFor(() => guardedOutput.out().includes('Press Ctrl+C'), 'the banner');
    guarded.kill('SIGINT');
    expect(await exitCode(guarded)).toBe(0);
    expect(guardedOutput.out()).toMatch(/control API: .*\(token required\)/);
    expect(guardedOutput.err()).toBe('');
  });

  it('refuses an origin that is no origin', async () => {
    const child = ticketmock('serve', '--port', '0', '--control-origins', 'tools.example');
    const output = collect(child);
    expect(await exitCode(child)).not.toBe(0);
    expect(output.err()).toMatch(/tools\.example is no origin/);
  });
});
