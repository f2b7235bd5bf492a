/**
 * The journal's HAR (issue 18): what keeping each request's headers and response body (up to
 * 32 KiB, JSON serialised when the request is answered) costs per request, against the same
 * engine with `journalExchanges: false` as the reference, measured in the same process,
 * alternating. Three requests: an Auvious ticket read (≈250 B answered), an Octopus tickets
 * list (≈8 KiB) and an Adminserver list (≈4 KiB), on the standalone server's engine options
 * (no response validation, no collections).
 * Run: `npx tsx bench/journal-har.ts`. Prints medians of 9 rounds; compare the ratios.
 */
import { createClock } from '../src/core/clock.ts';
import { Engine } from '../src/core/engine.ts';
import type { MockRequest } from '../src/core/http.ts';
import { modulesFor } from '../src/handlers/index.ts';
import { median } from './stats.ts';

const ROUNDS = 9;
const REQUESTS = 2_000;

const request = (method: string, path: string, headers: Record<string, string>, body?: unknown): MockRequest => ({
  method,
  path,
  query: new URLSearchParams(),
  headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
  body: body === undefined ? undefined : JSON.stringify(body),
  origin: 'http://127.0.0.1:4010',
});

async function engineWith(journalExchanges: boolean): Promise<{ engine: Engine; requests: MockRequest[] }> {
  const engine = await Engine.create({
    apis: modulesFor(undefined),
    clock: createClock({ now: '2026-05-01T10:00:00Z' }),
    validateResponses: false,
    collections: false,
    journalExchanges,
  });
  const login = await engine.handle(
    request('POST', '/auth/login', {}, { email: 'admin@demo.test', password: 'demo-password' }),
  );
  const session = (login.json as { sessionId: string }).sessionId;
  const ticket = (
    await engine.handle(
      request(
        'POST',
        '/security/ticket',
        { authorization: 'Bearer auvious-demo-token' },
        { type: 'MULTI_USE_TICKET', properties: {} },
      ),
    )
  ).json as { id: string };
  return {
    engine,
    requests: [
      request('GET', `/security/ticket/${ticket.id}`, { authorization: 'Bearer auvious-demo-token' }),
      request('GET', '/rest/v1/Location/28XXX004/tickets', { authorization: 'Bearer octopus-demo-key' }),
      request('POST', '/jsonRpc/ticket.getPurchasableTickets', { 'x-session-id': session }, {}),
    ],
  };
}

/** Microseconds per request for one request kind. */
async function round(target: { engine: Engine; requests: MockRequest[] }, which: number): Promise<number> {
  const one = target.requests[which] as MockRequest;
  const started = performance.now();
  for (let index = 0; index < REQUESTS; index += 1) await target.engine.handle(one);
  return ((performance.now() - started) * 1000) / REQUESTS;
}

const without = await engineWith(false);
const withBodies = await engineWith(true);
const sizes = await Promise.all(
  withBodies.requests.map(async (one) => JSON.stringify((await withBodies.engine.handle(one)).json).length),
);
const names = ['auvious getTicket', 'octopus getTickets', 'adminserver getPurchasableTickets'];
console.log(`| request | answer | without (µs/req) | with bodies (µs/req) | ratio |`);
console.log('| --- | --- | --- | --- | --- |');
for (const [which, name] of names.entries()) {
  const off: number[] = [];
  const on: number[] = [];
  await round(without, which);
  await round(withBodies, which);
  for (let index = 0; index < ROUNDS; index += 1) {
    off.push(await round(without, which));
    on.push(await round(withBodies, which));
  }
  const a = median(off);
  const b = median(on);
  console.log(`| ${name} | ${sizes[which]} B | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(b / a).toFixed(2)}× |`);
}
