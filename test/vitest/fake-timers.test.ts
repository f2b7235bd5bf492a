/**
 * vitest's fake timers and the mocks (issue 17, part 3): the engine's default clock reads
 * `Date.now()`, so `vi.useFakeTimers()` moves it (a token runs out after
 * `vi.advanceTimersByTime`), and a latency fault waits on `setTimeout`, so
 * `vi.advanceTimersByTimeAsync` lets it answer instead of leaving the request hanging.
 * Both hold today; these tests keep them holding.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useMocks } from '../../src/vitest.ts';

const API = 'https://auvious.example';
const START = new Date('2030-06-01T12:00:00Z');
/** Real time, taken before any fake timers (they replace `process.hrtime` too). */
const realNanoseconds = process.hrtime.bigint;

const mocks = useMocks({ apis: ['auvious'], baseUrl: API, onUnhandledRequest: 'error' });

afterEach(() => {
  vi.useRealTimers();
});

async function clientToken(): Promise<{ access_token: string; expires_in: number }> {
  const answer = await fetch(`${API}/security/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'demo-client',
      client_secret: 'demo-secret',
    }),
  });
  expect(answer.status).toBe(200);
  return (await answer.json()) as { access_token: string; expires_in: number };
}

const createTicket = (token: string) =>
  fetch(`${API}/security/ticket`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: {} }),
  });

describe('vi.useFakeTimers()', () => {
  it("sets the mock's clock, and vi.advanceTimersByTime runs an issued token out", async () => {
    vi.useFakeTimers({ now: START });
    expect(mocks.control.getClock()).toEqual({ now: START.toISOString() });
    const token = await clientToken();
    expect((await createTicket(token.access_token)).status).toBe(200);

    vi.advanceTimersByTime(token.expires_in * 1000 - 1000);
    expect((await createTicket(token.access_token)).status).toBe(200);

    vi.advanceTimersByTime(1000);
    expect(mocks.control.getClock()).toEqual({
      now: new Date(START.getTime() + token.expires_in * 1000).toISOString(),
    });
    const expired = await createTicket(token.access_token);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });
});

describe('a latency fault under fake timers', () => {
  it('answers once vi.advanceTimersByTimeAsync passes the latency, not before', async () => {
    vi.useFakeTimers({ now: START });
    mocks.control.setFaults({ latencyMs: 20_000 });
    const started = realNanoseconds();
    let settled = false;
    const answer = fetch(`${API}/security/ticket/abc-123`, {
      headers: { authorization: 'Bearer auvious-demo-token' },
    }).finally(() => {
      settled = true;
    });

    await vi.advanceTimersByTimeAsync(19_000);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await answer).status).toBe(404);
    // twenty seconds of the mock's time, far less of the real one
    expect(Number(realNanoseconds() - started) / 1e6).toBeLessThan(10_000);
  });
});
