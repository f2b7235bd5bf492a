import { AUVIOUS_DEMO } from 'ticketmock';
import { useMocks } from 'ticketmock/vitest';
import { afterEach, expect, it, vi } from 'vitest';

// beforeAll: createMocks + msw's setupServer; afterEach: the seeded data, handlers, faults
// and clock put back; afterAll: closed
const mocks = useMocks({ apis: ['auvious'], onUnhandledRequest: 'error' });
afterEach(() => vi.useRealTimers());

const api = (path: string, init: RequestInit = {}) =>
  fetch(`https://auvious.example${path}`, {
    ...init,
    headers: { authorization: `Bearer ${AUVIOUS_DEMO.token}`, 'content-type': 'application/json' },
  });

it('a ticket expires when the fake timers pass its ttl', async () => {
  vi.useFakeTimers({ now: new Date('2026-05-01T10:00:00Z') }); // the mock's clock reads the fake Date
  const created = await api('/security/ticket', {
    method: 'POST',
    body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: {}, ttl: 60 }),
  });
  const { id } = await created.json();
  vi.advanceTimersByTime(60_000);
  expect(await (await api(`/security/ticket/${id}`)).json()).toMatchObject({ expired: true });
});

it('a latency fault answers once the fake timers pass it', async () => {
  vi.useFakeTimers();
  mocks.control.setFaults({ latencyMs: 5_000 });
  const answer = api('/security/ticket/abc-123');
  await vi.advanceTimersByTimeAsync(5_000);
  expect((await answer).status).toBe(404);
});
