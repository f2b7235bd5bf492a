/**
 * The sessions' own routes without a server (src/core/sessions.ts): what a client sees for
 * each route and refusal; test/server/sessions.test.ts runs them through the CLI process.
 */
import { describe, expect, it } from 'vitest';
import type { MockRequest, MockResponse } from '../../src/core/http.ts';
import { Sessions } from '../../src/core/sessions.ts';

const request = (method: string, path: string, body?: string, headers: Record<string, string> = {}): MockRequest => ({
  method,
  path,
  query: new URLSearchParams(),
  headers,
  body,
  origin: 'http://127.0.0.1:4010',
});

function sessions(limit?: number) {
  const opened: (number | undefined)[] = [];
  const registry = new Sessions({
    now: () => new Date('2026-05-01T10:00:00.000Z'),
    ...(limit === undefined ? {} : { limit }),
    open: async (seed) => {
      opened.push(seed);
      const own = seed ?? 1;
      return { seed: own, handle: async (asked) => ({ status: 200, json: { answeredBy: own, path: asked.path } }) };
    },
  });
  return { registry, opened };
}

/** The sessions' answer to `asked`; failing when they leave it to the default mock. */
async function answer(registry: Sessions, asked: MockRequest): Promise<MockResponse> {
  const response = await registry.route(asked);
  if (response === undefined) throw new Error(`${asked.method} ${asked.path} was left to the default mock`);
  return response;
}
const idOf = (response: MockResponse) => (response.json as { id: string }).id;

describe('sessions', () => {
  it('opens, describes, routes by header, and drops a session', async () => {
    const { registry, opened } = sessions();
    const created = await answer(registry, request('POST', '/__mock/sessions', '{"seed": 5}'));
    expect(created).toMatchObject({ status: 201, json: { seed: 5, createdAt: '2026-05-01T10:00:00.000Z' } });
    const id = idOf(created);
    expect(created.headers).toEqual({ location: `/__mock/sessions/${id}` });
    expect(opened).toEqual([5]);
    expect(await registry.route(request('GET', `/__mock/sessions/${id}`))).toMatchObject({ status: 200, json: { id } });
    expect(await registry.route(request('GET', '/security/ticket/x', undefined, { 'x-mock-session': id }))).toEqual({
      status: 200,
      json: { answeredBy: 5, path: '/security/ticket/x' },
    });
    // without the header, the default mock answers
    expect(await registry.route(request('GET', '/security/ticket/x'))).toBeUndefined();
    expect(await registry.route(request('DELETE', `/__mock/sessions/${id}`))).toEqual({ status: 204 });
    expect(await registry.route(request('GET', '/x', undefined, { 'x-mock-session': id }))).toEqual({
      status: 404,
      json: { error: `no session ${id}` },
    });
  });

  it('opens with the server seed when the body names none, empty or absent', async () => {
    const { registry, opened } = sessions();
    await registry.route(request('POST', '/__mock/sessions'));
    await registry.route(request('POST', '/__mock/sessions', '  '));
    await registry.route(request('POST', '/__mock/sessions', '{}'));
    expect(opened).toEqual([undefined, undefined, undefined]);
  });

  it('refuses one more than its limit with 429, and opens again once one is dropped', async () => {
    const { registry } = sessions(2);
    const first = await answer(registry, request('POST', '/__mock/sessions'));
    await registry.route(request('POST', '/__mock/sessions'));
    const third = await answer(registry, request('POST', '/__mock/sessions'));
    expect(third.status).toBe(429);
    expect((third.json as { error: { message: string } }).error.message).toContain('2 sessions are open');
    await registry.route(request('DELETE', `/__mock/sessions/${idOf(first)}`));
    expect((await registry.route(request('POST', '/__mock/sessions')))?.status).toBe(201);
  });

  it.each([
    ['POST', '/__mock/sessions', '{"seed":', 400],
    ['POST', '/__mock/sessions', '[1]', 400],
    ['POST', '/__mock/sessions', '{"seed": 1.5}', 400],
    ['POST', '/__mock/sessions', '{"seed": -1}', 400],
    ['PUT', '/__mock/sessions', undefined, 405],
    ['GET', '/__mock/sessions/a/b', undefined, 404],
    ['GET', '/__mock/sessions/%E0%A4%A', undefined, 404],
  ])('%s %s %s → %i in the control plane’s shape', async (method, path, body, status) => {
    const { registry, opened } = sessions();
    const answer = await registry.route(request(method, path, body));
    expect(answer).toMatchObject({ status, json: { error: { code: status, message: expect.any(String) } } });
    expect(opened).toEqual([]);
  });

  it('answers a method a session does not take with 405, and an unknown id with 404', async () => {
    const { registry } = sessions();
    const id = idOf(await answer(registry, request('POST', '/__mock/sessions')));
    expect((await registry.route(request('POST', `/__mock/sessions/${id}`)))?.status).toBe(405);
    expect(await registry.route(request('DELETE', '/__mock/sessions/nobody'))).toEqual({
      status: 404,
      json: { error: 'no session nobody' },
    });
  });
});
