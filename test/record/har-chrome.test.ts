/**
 * Issue 18 point 4: "a HAR produced here … opens in Chrome's network panel import", checked
 * against what that import reads (decision 022, "Chrome's HAR import": devtools-frontend's
 * front_end/models/har/HARFormat.ts and Importer.ts). Its HARFormat classes cast each field
 * (`String()`, `Number()`, `new Date()`) and throw on an object that is none, a number
 * that is NaN or a date that does not parse; one throw and the whole file fails to load.
 * Fields it reads loosely still decide what the panel shows: an absent `_resourceType`
 * classes a JSON answer as a script, an absent `_transferSize` shows `headersSize +
 * bodySize` (-1 + n) as transferred. Both kinds of HAR are checked: the journal's (in-process
 * mocks over msw) and the recorder's (`ticketmock record`'s proxy and builder, in front of a
 * standalone ticketmock and of a server answering bytes or hanging up).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../../src/core/clock.ts';
import { Engine } from '../../src/core/engine.ts';
import { buildHar, type Exchange, type Har, type HarEntry } from '../../src/core/har.ts';
import { ADMINSERVER_DEMO, AUVIOUS_DEMO, OCTOPUS_DEMO } from '../../src/fixtures/demo.ts';
import { modulesFor } from '../../src/handlers/index.ts';
import { createMocks, type Mocks } from '../../src/mocks.ts';
import { harProblem } from '../../src/server/har-schema.ts';
import { exchangeChecker } from '../../src/server/record-check.ts';
import { type RecordProxy, startRecordProxy } from '../../src/server/record-proxy.ts';
import { type RunningServer, startServer } from '../../src/server/server.ts';

type Check = (value: unknown, entry: HarEntry, har: Har) => boolean;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const nonNegative = (value: unknown): boolean => isNumber(value) && value >= 0;
/** `-1` (not applicable, HAR 1.2) or a duration. */
const timingOrUnknown = (value: unknown): boolean => value === -1 || nonNegative(value);
const absentOr =
  (check: Check): Check =>
  (value, entry, har) =>
    value === undefined || check(value, entry, har);
/** What Chrome's HARHeader/HARCookie/HARQueryString read: `name` and `value`, as strings. */
const nameValues: Check = (value) =>
  Array.isArray(value) && value.every((pair) => isObject(pair) && isString(pair.name) && isString(pair.value));
const sumOfTimings = (entry: HarEntry): number =>
  Object.entries(entry.timings)
    .filter(([name, time]) => !name.startsWith('_') && typeof time === 'number' && time >= 0)
    .reduce((sum, [, time]) => sum + (time as number), 0);

/** Chrome's ResourceType names (front_end/core/common/ResourceType.ts): an unknown one is ignored. */
const RESOURCE_TYPES = new Set(['document', 'stylesheet', 'image', 'media', 'font', 'script', 'texttrack', 'xhr']);
for (const name of ['fetch', 'prefetch', 'eventsource', 'websocket', 'webtransport', 'wasm', 'manifest', 'other'])
  RESOURCE_TYPES.add(name);

/**
 * Each field of an entry as Chrome's import reads it (HARFormat.ts: `safeNumber`, `safeDate`,
 * `String()`, `new HARxxx()` that throws on a non-object; Importer.ts: what it does with it),
 * and what this project promises on top, where Chrome would read a missing field as a wrong one.
 */
const ENTRY_READING: ReadonlyArray<readonly [path: string, expectation: string, check: Check]> = [
  [
    'startedDateTime',
    'an ISO 8601 date (safeDate: else "Invalid date format")',
    (value) => isString(value) && /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value)),
  ],
  ['time', 'a number ≥ 0 (safeNumber), the sum of the timings', (value, entry) => value === sumOfTimings(entry)],
  ['request', 'an object (HARRequest)', isObject],
  ['request.method', 'a method (String())', (value) => isString(value) && /^[A-Z]+$/.test(value)],
  ['request.url', 'an absolute URL (the request row)', (value) => isString(value) && URL.canParse(value)],
  ['request.httpVersion', 'a string (String())', isString],
  ['request.headers', '{name, value} strings (HARHeader)', nameValues],
  ['request.cookies', '{name, value} strings (HARCookie; newer Chrome shows them)', nameValues],
  ['request.queryString', '{name, value} strings (HARQueryString)', nameValues],
  [
    'request.postData',
    'absent, or mimeType and text strings (String(undefined) would show "undefined")',
    absentOr((value) => isObject(value) && isString(value.mimeType) && isString(value.text)),
  ],
  ['request.headersSize', 'a number (safeNumber)', isNumber],
  ['request.bodySize', 'a number (safeNumber)', isNumber],
  ['response', 'an object (HARResponse)', isObject],
  ['response.status', 'an integer ≥ 0 (safeNumber)', (value) => Number.isInteger(value) && (value as number) >= 0],
  ['response.statusText', 'a string (String())', isString],
  [
    'response.httpVersion',
    'HTTP/x (lower-cased into the protocol column)',
    (value) => isString(value) && /^HTTP\/\d/.test(value),
  ],
  ['response.headers', '{name, value} strings (HARHeader)', nameValues],
  ['response.cookies', '{name, value} strings (HARCookie)', nameValues],
  ['response.content', 'an object (HARContent)', isObject],
  [
    'response.content.size',
    "the body's bytes, base64 decoded (safeNumber; the panel's resource size), more where content.comment says cut; the answer's bytes where the text was redacted",
    (value, entry) => {
      const { text, encoding, comment } = entry.response.content;
      const bytes = text === undefined ? 0 : Buffer.from(text, encoding === 'base64' ? 'base64' : 'utf8').length;
      if (value === bytes) return true;
      if (!Number.isInteger(value)) return false;
      return (comment !== undefined && (value as number) > bytes) || text?.includes('REDACTED') === true;
    },
  ],
  ['response.content.mimeType', 'a string (String(undefined) would be the type "undefined")', isString],
  ['response.content.text', 'absent or a string (the Response tab)', absentOr(isString)],
  [
    'response.content.encoding',
    "absent, or 'base64' with text that is base64",
    absentOr(
      (value, entry) =>
        value === 'base64' &&
        isString(entry.response.content.text) &&
        /^[A-Za-z0-9+/]*={0,2}$/.test(entry.response.content.text),
    ),
  ],
  ['response.redirectURL', 'a string (String(undefined) would be "undefined")', isString],
  ['response.headersSize', 'a number (safeNumber)', isNumber],
  ['response.bodySize', 'a number (safeNumber)', isNumber],
  [
    'response._transferSize',
    "bodySize: the body's bytes on the wire, still compressed (absent: Chrome shows headersSize -1 + bodySize)",
    (value, entry) => value === entry.response.bodySize,
  ],
  ['cache', 'an object (Firefox reads cache.afterRequest)', isObject],
  ['timings', 'an object (HARTimings)', isObject],
  ['timings.send', 'a number ≥ 0 (safeNumber)', nonNegative],
  ['timings.wait', 'a number ≥ 0 (safeNumber)', nonNegative],
  ['timings.receive', 'a number ≥ 0 (safeNumber)', nonNegative],
  ['timings.blocked', 'absent, -1 or ≥ 0 (optionalNumber)', absentOr(timingOrUnknown)],
  ['timings.dns', 'absent, -1 or ≥ 0 (optionalNumber)', absentOr(timingOrUnknown)],
  ['timings.connect', 'absent, -1 or ≥ 0 (optionalNumber)', absentOr(timingOrUnknown)],
  ['timings.ssl', 'absent, -1 or ≥ 0 (optionalNumber)', absentOr(timingOrUnknown)],
  [
    '_resourceType',
    "'fetch' (absent: Chrome classes application/json and text/* as Script)",
    (value) => value === 'fetch' && RESOURCE_TYPES.has(value),
  ],
  ['_initiator', 'absent (null is typeof object: HARInitiator(null) throws)', (value) => value === undefined],
  [
    'pageref',
    "absent, or a page's id",
    absentOr((value, _entry, har) => (har.log.pages ?? []).some((page) => page.id === value)),
  ],
  ['serverIPAddress', 'absent or a string', absentOr(isString)],
  ['connection', 'absent or a string (Number() of it is the port)', absentOr(isString)],
  ['comment', 'absent or a string', absentOr(isString)],
];

const LOG_READING: ReadonlyArray<readonly [path: string, expectation: string, check: (value: unknown) => boolean]> = [
  ['log', 'an object (HARLog)', isObject],
  ['log.version', "'1.2'", (value) => value === '1.2'],
  [
    'log.creator',
    'name and version strings (HARCreator)',
    (value) => isObject(value) && typeof value.name === 'string' && typeof value.version === 'string',
  ],
  ['log.pages', 'an array (Chrome defaults it; Firefox iterates it unguarded)', Array.isArray],
  ['log.entries', 'an array (else "log.entries is expected to be an array")', Array.isArray],
];

function at(root: unknown, path: string): unknown {
  let value = root;
  for (const key of path.split('.')) value = isObject(value) ? value[key] : undefined;
  return value;
}

/** Each field of `har` Chrome's import would refuse or misread: `where: expected (got …)`. */
function chromeReadingProblems(har: Har): string[] {
  const problems: string[] = [];
  for (const [path, expectation, check] of LOG_READING) {
    const value = at(har, path);
    if (!check(value)) problems.push(`${path}: ${expectation} (got ${JSON.stringify(value)})`);
  }
  har.log.entries.forEach((entry, index) => {
    for (const [path, expectation, check] of ENTRY_READING) {
      const value = at(entry, path);
      if (!check(value, entry, har)) {
        problems.push(`entries[${index}].${path}: ${expectation} (got ${JSON.stringify(value)})`);
      }
    }
  });
  return problems;
}

/** The columns Chrome's Network panel fills from an entry (Importer.ts, fillRequestFromHAREntry). */
function chromeRow(entry: HarEntry): { status: number; type: unknown; transferred: number; protocol: string } {
  const custom = entry.response._transferSize;
  const transfer = custom ? custom : entry.response.headersSize + entry.response.bodySize;
  return {
    status: entry.response.status,
    type: entry._resourceType,
    transferred: Math.max(0, transfer),
    protocol: entry.response.httpVersion.toLowerCase(),
  };
}

const jsonCall = (headers: Record<string, string>, body: unknown, method = 'POST'): RequestInit => ({
  method,
  headers: { ...headers, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** A few calls of each API, a 302 calendar link and a 204 among them. */
async function traffic(base: string): Promise<void> {
  const auvious = { authorization: `Bearer ${AUVIOUS_DEMO.token}` };
  const get = (path: string, headers: Record<string, string>) =>
    fetch(`${base}${path}`, { headers, redirect: 'manual' });
  const created = await fetch(
    `${base}/security/ticket`,
    jsonCall(auvious, { type: 'MULTI_USE_TICKET', properties: { customer_id: 'c-1' } }),
  );
  expect(created.status).toBe(200);
  const { id } = (await created.json()) as { id: string };
  expect((await get(`/security/ticket/${id}`, auvious)).status).toBe(200);
  const calendar = await get(`/security/ticket/${id}/event?calendar=google`, auvious);
  expect(calendar.status).toBe(302);
  const ics = await get(`/security/ticket/${id}/event`, { ...auvious, accept: 'text/calendar' });
  expect(ics.status).toBe(200);
  await ics.text();
  const revoked = await fetch(`${base}/security/ticket/${id}/revoke`, { method: 'POST', headers: auvious });
  expect(revoked.status).toBe(204);
  expect((await get('/security/ticket/nothing-here', auvious)).status).toBe(404);

  const octopus = { authorization: `Bearer ${OCTOPUS_DEMO.key}` };
  expect((await get(`/rest/v1/Location/${OCTOPUS_DEMO.location}/services`, octopus)).status).toBe(200);

  const login = await fetch(`${base}/auth/login`, jsonCall({}, ADMINSERVER_DEMO.admin));
  const { sessionId } = (await login.json()) as { sessionId: string };
  const list = await fetch(
    `${base}/jsonRpc/ticket.getPurchasableTickets`,
    jsonCall({ 'x-session-id': sessionId }, { networkId: ADMINSERVER_DEMO.network }),
  );
  expect(list.status).toBe(200);
}

function listen(server: Server): Promise<string> {
  return new Promise((resolveUrl) => {
    server.listen(0, '127.0.0.1', () => resolveUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

const closeServer = (server: Server) => new Promise<void>((done) => server.close(() => done()));

let journalHar: Har;
let recorderHar: Har;

describe('the journal HAR (createMocks over msw)', () => {
  let mocks: Mocks;
  const interceptor = setupServer();
  beforeAll(async () => {
    mocks = await createMocks({ clock: createClock({ now: '2026-05-01T10:00:00Z' }) });
    interceptor.use(...mocks.handlers);
    interceptor.listen({ onUnhandledRequest: 'error' });
    const base = 'http://har-chrome.test';
    await traffic(base);
    mocks.control.setFaults({ routes: { 'auvious.getTicket': { dropRate: 1 } } });
    await expect(
      fetch(`${base}/security/ticket/dropped`, { headers: { authorization: `Bearer ${AUVIOUS_DEMO.token}` } }),
    ).rejects.toThrow(TypeError);
    mocks.control.setFaults({});
    journalHar = mocks.control.journal({ format: 'har' });
  });
  afterAll(() => interceptor.close());

  it('holds the exchanges the test needs: a 302, a 204 with no body, a dropped call (status 0)', () => {
    const statuses = journalHar.log.entries.map((entry) => entry.response.status);
    expect(statuses).toEqual(expect.arrayContaining([200, 302, 204, 404, 0]));
    const noContent = journalHar.log.entries.find((entry) => entry.response.status === 204);
    expect(noContent?.response.content).toMatchObject({ size: 0 });
    expect(noContent?.response.content.text).toBeUndefined();
    expect(journalHar.log.entries.find((entry) => entry.response.status === 0)?._fault).toBe('drop');
  });

  it('is valid HAR 1.2 and every field reads as Chrome reads it', () => {
    expect(harProblem(journalHar)).toBeUndefined();
    expect(chromeReadingProblems(journalHar)).toEqual([]);
  });
});

describe("the recorder's HAR (ticketmock record's proxy and builder)", () => {
  let target: RunningServer;
  let odd: Server;
  const proxies: RecordProxy[] = [];
  const exchanges: Exchange[] = [];
  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe]);
  const LIST = JSON.stringify({ items: Array.from({ length: 30 }, (_, index) => ({ id: index, name: 'seat' })) });
  const ZIPPED = gzipSync(LIST);

  beforeAll(async () => {
    target = await startServer({ engine: await Engine.create({ apis: modulesFor(undefined) }), port: 0 });
    // a vendor answering bytes, or hanging up (the recorder's status-0 entry)
    odd = createServer((request, response) => {
      if (request.url === '/hang-up') request.socket.destroy();
      else if (request.url === '/zipped')
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(ZIPPED);
      else response.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    });
    const oddUrl = await listen(odd);
    const checker = exchangeChecker(modulesFor(undefined));
    const onExchange = (exchange: Exchange) => {
      const finding = checker.check(exchange);
      exchanges.push({
        ...exchange,
        operationId: finding.operationId,
        notes: [...(exchange.notes ?? []), ...finding.violations],
      });
    };
    for (const url of [target.url, oddUrl]) {
      proxies.push(
        await startRecordProxy({ target: new URL(url), host: '127.0.0.1', port: 0, forwards: () => true, onExchange }),
      );
    }
    const [mock, other] = proxies as [RecordProxy, RecordProxy];
    await traffic(mock.url);
    expect((await fetch(`${other.url}/logo.png`)).status).toBe(200);
    expect((await fetch(`${other.url}/hang-up`)).status).toBe(502);
    // fetch undoes the gzip; the proxy forwarded it as it came
    expect(await (await fetch(`${other.url}/zipped`)).text()).toBe(LIST);
    // what `ticketmock record` writes on SIGTERM (src/server/record.ts)
    recorderHar = buildHar(exchanges, {
      creator: { name: 'ticketmock', version: 'test' },
      comment: `recorded from ${target.url} by ticketmock record (secrets redacted)`,
    });
  });
  afterAll(async () => {
    for (const proxy of proxies) await proxy.close();
    await target.close();
    await closeServer(odd);
  });

  it('holds the exchanges the test needs: a 302, a 204, a base64 body, a gzip one, a target that hung up (status 0)', () => {
    const entries = recorderHar.log.entries;
    expect(entries.map((entry) => entry.response.status)).toEqual(expect.arrayContaining([200, 302, 204, 404, 0]));
    const png = entries.find((entry) => entry.request.url.endsWith('/logo.png'));
    expect(png?.response.content).toMatchObject({ encoding: 'base64', mimeType: 'image/png', size: PNG.length });
    expect(Buffer.from(png?.response.content.text ?? '', 'base64')).toEqual(PNG);
    expect(entries.find((entry) => entry.response.status === 0)?.comment).toMatch(/did not answer/);
    const zipped = entries.find((entry) => entry.request.url.endsWith('/zipped'));
    expect(zipped?.response.content).toMatchObject({ text: LIST, size: LIST.length });
    expect(zipped?.response.bodySize).toBe(ZIPPED.length);
  });

  it('is valid HAR 1.2 and every field reads as Chrome reads it', () => {
    expect(harProblem(recorderHar)).toBeUndefined();
    expect(chromeReadingProblems(recorderHar)).toEqual([]);
  });
});

describe('what the Network panel shows of them', () => {
  it.each([
    ['journal', () => journalHar],
    ['recorder', () => recorderHar],
  ])('the %s HAR: every call under Fetch/XHR, its body bytes on the wire as transferred, HTTP/1.1', (_name, har) => {
    for (const entry of har().log.entries) {
      expect(chromeRow(entry)).toEqual({
        status: entry.response.status,
        type: 'fetch',
        transferred: entry.response.bodySize,
        protocol: 'http/1.1',
      });
    }
    const redirect = har().log.entries.find((entry) => entry.response.status === 302);
    expect(redirect?.response.redirectURL).toMatch(/^https:\/\/calendar\.google\.com\//);
  });

  it('the reading table finds what Chrome would refuse or misread', () => {
    const broken = structuredClone(journalHar);
    const bad = broken.log.entries[0] as unknown as Record<string, Record<string, unknown>>;
    bad.request = { ...bad.request, headers: [{ name: 'x' }] };
    bad.timings = { ...bad.timings, wait: 'soon' };
    (bad as Record<string, unknown>).startedDateTime = 'yesterday';
    (bad as Record<string, unknown>)._initiator = null;
    broken.log.entries = [bad as unknown as HarEntry];
    expect(chromeReadingProblems(broken).map((problem) => problem.split(':')[0])).toEqual([
      'entries[0].startedDateTime',
      'entries[0].time',
      'entries[0].request.headers',
      'entries[0].timings.wait',
      'entries[0]._initiator',
    ]);
  });
});
