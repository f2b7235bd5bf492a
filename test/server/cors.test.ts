/**
 * CORS on the standalone server: a browser app on another origin can call every API (the
 * plugin's headers on each answer, preflights answered by the server), while an OPTIONS
 * that is no preflight is an ordinary request: the API's 405 with Allow.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.ts';
import { modulesFor } from '../../src/handlers/index.ts';
import { type RunningServer, startServer } from '../../src/server/server.ts';

const ORIGIN = 'http://app.example';
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ engine: await Engine.create({ apis: modulesFor(['auvious']) }) });
});
afterAll(async () => {
  await server.close();
});

const headersOf = (response: Response, names: string[]) => names.map((name) => response.headers.get(name));

it('answers a preflight with 204, the origin, credentials and the method and headers asked for', async () => {
  const response = await fetch(`${server.url}/security/ticket`, {
    method: 'OPTIONS',
    headers: {
      origin: ORIGIN,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });
  expect(response.status).toBe(204);
  expect(await response.text()).toBe('');
  expect(
    headersOf(response, [
      'access-control-allow-origin',
      'access-control-allow-credentials',
      'access-control-allow-methods',
      'access-control-allow-headers',
    ]),
  ).toEqual([ORIGIN, 'true', 'POST', 'authorization, content-type']);
});

it('adds the CORS headers to an answer for another origin, exposing Location and Allow', async () => {
  const response = await fetch(`${server.url}/security/ticket/nope00`, {
    headers: { origin: ORIGIN, authorization: 'Bearer auvious-demo-token' },
  });
  expect(response.status).toBe(404);
  expect(
    headersOf(response, [
      'access-control-allow-origin',
      'access-control-allow-credentials',
      'access-control-expose-headers',
    ]),
  ).toEqual([ORIGIN, 'true', 'location, allow']);
});

it.each([
  ['no Origin', { 'access-control-request-method': 'POST' }],
  ['no Access-Control-Request-Method', { origin: ORIGIN }],
  ['neither', {}],
])('answers an OPTIONS with %s as the API does: 405 with Allow', async (_, headers) => {
  const response = await fetch(`${server.url}/security/ticket`, { method: 'OPTIONS', headers });
  expect([response.status, response.headers.get('allow')]).toEqual([405, 'POST']);
  expect((await response.json()).status).toBe(405);
});
