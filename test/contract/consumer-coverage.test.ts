/**
 * Consumer coverage (`consumerCoverage`, the library behind `ticketmock coverage`): hand-made
 * journals and HAR files held against the specs' documented statuses, then the journal of a
 * real in-process run (createMocks + msw + fetch).
 */
import { setupServer } from 'msw/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatConsumerCoverage } from '../../src/contract/consumer/console.ts';
import { consumerCoverage } from '../../src/contract/consumer/coverage.ts';
import { readRecording } from '../../src/contract/consumer/input.ts';
import { consumerCoverageToJUnit } from '../../src/contract/consumer/junit.ts';
import type { ConsumerCoverage, HarFile, Sighting } from '../../src/contract/consumer/types.ts';
import { createClock } from '../../src/core/clock.ts';
import type { JournalEntry } from '../../src/core/journal.ts';
import { AUVIOUS_DEMO } from '../../src/fixtures/demo.ts';
import { createMocks, type Mocks } from '../../src/mocks.ts';
import { elements, parseXml } from '../helpers/xml.ts';

const entry = (method: string, path: string, status: number, extra: Partial<Sighting> = {}): Sighting => ({
  method,
  path,
  status,
  ...extra,
});

const cell = (coverage: ConsumerCoverage, operationId: string, status: string) => {
  const row = coverage.apis.flatMap((api) => api.operations).find((item) => item.operationId === operationId);
  return row?.statuses.find((item) => item.status === status);
};

const har = (...entries: Array<[method: string, url: string, status: number, own?: object]>): HarFile => ({
  log: {
    entries: entries.map(([method, url, status, own]) => ({ request: { method, url }, response: { status }, ...own })),
  },
});

describe('what counts as a status seen', () => {
  const coverage = consumerCoverage([
    [
      entry('POST', '/security/ticket', 200, { operationId: 'auvious.createTicket' }),
      entry('POST', '/security/ticket', 200, { operationId: 'auvious.createTicket' }),
      entry('GET', '/security/ticket/abc', 404, { operationId: 'auvious.getTicket', fault: 'prefer' }),
      entry('GET', '/security/ticket/abc', 500, { operationId: 'auvious.getTicket', fault: 'error' }),
      entry('DELETE', '/security/ticket/abc', 0, { operationId: 'auvious.deleteTicket', fault: 'drop' }),
      entry('POST', '/security/ticket/abc/disable', 409, { operationId: 'auvious.disableTicket', fault: 'latency' }),
    ],
  ]);

  it('counts each documented status answered, and how many answers a fault gave', () => {
    expect(cell(coverage, 'auvious.createTicket', '200')).toEqual({ status: '200', count: 2, byFault: 0 });
    expect(cell(coverage, 'auvious.getTicket', '404')).toEqual({ status: '404', count: 1, byFault: 1 });
    // a delay alone does not replace the answer: the 409 is the operation's own
    expect(cell(coverage, 'auvious.disableTicket', '409')).toEqual({ status: '409', count: 1, byFault: 0 });
    expect(cell(coverage, 'auvious.createTicket', '201')).toEqual({ status: '201', count: 0, byFault: 0 });
  });

  it('lists undocumented statuses apart, and no status for a dropped connection, but every fault', () => {
    const rows = coverage.apis[0]?.operations ?? [];
    const getTicket = rows.find((row) => row.operationId === 'auvious.getTicket');
    expect(getTicket?.undocumented).toEqual([{ status: 500, count: 1 }]);
    expect(getTicket?.faults).toEqual([
      { fault: 'prefer', count: 1 },
      { fault: 'error', count: 1 },
    ]);
    const deleteTicket = rows.find((row) => row.operationId === 'auvious.deleteTicket');
    expect(deleteTicket?.statuses.every((item) => item.count === 0)).toBe(true);
    expect(deleteTicket?.undocumented).toEqual([]);
    expect(deleteTicket?.faults).toEqual([{ fault: 'drop', count: 1 }]);
  });

  it('holds the APIs the recordings reached to account, every documented status of them', () => {
    expect(coverage.apis.map((api) => api.api)).toEqual(['auvious']);
    expect(coverage).toMatchObject({ documented: 56, seen: 3, percent: 5.3, requests: 6, elsewhere: 0 });
    expect(coverage.neverSeen).toHaveLength(53);
    expect(coverage.neverSeen).toContainEqual({ api: 'auvious', operationId: 'auvious.enableTicket', status: '409' });
    expect(coverage.neverSeen).not.toContainEqual(
      expect.objectContaining({ operationId: 'auvious.disableTicket', status: '409' }),
    );
  });
});

describe('which operation a request was, where the recording does not say', () => {
  it.each([
    ['GET', '/rest/v1/Location/28XXX004/services', 'octopus.getServices'],
    ['POST', '/rest/v2/Location/28XXX004/tickets', 'octopus.createTicket'],
    ['HEAD', '/security/ticket/abc', 'auvious.getTicket'],
    ['POST', '/security/ticket/abc%2Fx/revoke', 'auvious.revokeTicket'],
    ['POST', '/jsonRpc/rpc.discover', 'adminserver.rpc.discover'],
    ['post', '/auth/login', 'adminserver.auth.login'],
  ])('routes %s %s to %s, as the engine does', (method, path, operationId) => {
    const coverage = consumerCoverage([[entry(method, path, 200, { operationId: null })]]);
    expect(cell(coverage, operationId, '200')?.count).toBe(1);
  });

  it.each([
    ['GET', '/rest/x1/Location/28XXX004/services', 'a version the base path pattern refuses'],
    ['PATCH', '/security/ticket/abc', 'a method the path does not allow'],
    ['GET', '/security/tickets', 'a path no operation has'],
  ])("counts %s %s (%s) as its API's, to no operation", (method, path) => {
    const coverage = consumerCoverage([[entry(method, path, 404)]]);
    expect(coverage.apis).toHaveLength(1);
    expect(coverage.apis[0]).toMatchObject({ requests: 1, unrouted: 1, seen: 0 });
  });

  it("trusts the recorder's operation over the route, and routes an operation it does not know", () => {
    const coverage = consumerCoverage([
      [
        entry('GET', '/elsewhere', 200, { operationId: 'auvious.getToken' }),
        entry('GET', '/security/ticket/abc', 200, { operationId: 'auvious.noSuchOperation' }),
      ],
    ]);
    expect(cell(coverage, 'auvious.getToken', '200')?.count).toBe(1);
    expect(cell(coverage, 'auvious.getTicket', '200')?.count).toBe(1);
  });
});

describe('recordings', () => {
  it('merges journals in both shapes and HAR files, and reads a HAR entry by its URL path', () => {
    const journal: JournalEntry[] = [
      {
        method: 'POST',
        path: '/security/ticket',
        operationId: 'auvious.createTicket',
        status: 201,
        durationMs: 1,
        time: 'x',
      },
    ];
    const coverage = consumerCoverage([
      journal,
      { entries: [entry('POST', '/security/ticket', 400, { operationId: 'auvious.createTicket' })] },
      har(
        ['POST', 'http://127.0.0.1:4010/security/ticket?x=1', 415],
        ['GET', 'https://app.test/security/ticket/k3x-q7m', 200, { _fault: 'latency' }],
        ['GET', 'https://app.test/assets/app.js', 200],
        ['POST', 'https://app.test/security/ticket', 0, { _operationId: 'auvious.createTicket', _fault: 'drop' }],
      ),
    ]);
    expect(['201', '400', '415'].map((status) => cell(coverage, 'auvious.createTicket', status)?.count)).toEqual([
      1, 1, 1,
    ]);
    expect(cell(coverage, 'auvious.getTicket', '200')?.count).toBe(1);
    const createTicket = coverage.apis[0]?.operations.find((row) => row.operationId === 'auvious.createTicket');
    expect(createTicket?.faults).toEqual([{ fault: 'drop', count: 1 }]);
    const getTicket = coverage.apis[0]?.operations.find((row) => row.operationId === 'auvious.getTicket');
    expect(getTicket?.faults).toEqual([{ fault: 'latency', count: 1 }]);
    expect(coverage).toMatchObject({ requests: 6, elsewhere: 1, seen: 4 });
  });

  it('holds the APIs asked for to account, and counts requests to the others as elsewhere', () => {
    const coverage = consumerCoverage(
      [[entry('GET', '/rest/v1/Location/28XXX004/services', 200), entry('POST', '/auth/login', 200)]],
      { apis: ['adminserver', 'auvious'] },
    );
    expect(coverage.apis.map((api) => api.api)).toEqual(['auvious', 'adminserver']);
    expect(coverage).toMatchObject({ documented: 56 + 37, seen: 1, elsewhere: 1 });
  });

  it('holds all three to account when the recordings reach none', () => {
    const coverage = consumerCoverage([[], har()]);
    expect(coverage).toMatchObject({ documented: 110, seen: 0, percent: 0, requests: 0, meetsMin: true });
    expect(coverage.neverSeen).toHaveLength(110);
  });

  it.each([
    [{ entries: [{ method: 'GET', path: '/x', status: '200' }] }, 'not a journal: /entries/0/status: must be integer'],
    [[{ method: 'GET', status: 200 }], "not a journal: /0: must have required property 'path'"],
    [
      [{ method: 'GET', path: '/x', status: 200, fault: 'meteor' }],
      'not a journal: /0/fault: must be equal to one of the allowed values',
    ],
    [
      { log: { entries: [{ request: { method: 'GET', url: '/x' }, response: { status: 200 } }] } },
      'not a HAR file: /log/entries/0/request/url: not an absolute URL',
    ],
    [{ log: {} }, "not a HAR file: /log: must have required property 'entries'"],
    [
      {
        log: {
          entries: [{ request: { method: 'GET', url: 'http://x.test/' }, response: { status: 200 }, _fault: 'meteor' }],
        },
      },
      'not a HAR file: /log/entries/0/_fault: must be equal to one of the allowed values',
    ],
    [{ journal: [] }, /^neither a journal .* nor a HAR file/],
    ['entries', /^neither a journal/],
  ])('refuses %j, saying where', (value, message) => {
    const read = readRecording(value);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toMatch(message);
  });

  it('throws a TypeError naming the recording that is none', () => {
    expect(() => consumerCoverage([[], { entries: 'no' } as never])).toThrow(
      new TypeError('recording 1: not a journal: /entries: must be array'),
    );
  });
});

describe('the minimum', () => {
  // 28 of Auvious's 56 documented statuses: exactly 50%
  const half = consumerCoverage([[]], { apis: ['auvious'] }).neverSeen.slice(0, 28);
  const sightings = half.map((item) => entry('GET', '/x', Number(item.status), { operationId: item.operationId }));

  it.each([
    [50, true],
    [49.9, true],
    [50.1, false],
    [0, true],
    [100, false],
  ])('at exactly 50%%, min %d is met: %s', (min, met) => {
    const coverage = consumerCoverage([sightings], { apis: ['auvious'], min });
    expect(coverage.percent).toBe(50);
    expect(coverage.meetsMin).toBe(met);
    expect(coverage.min).toBe(min);
  });

  it.each([
    // 2 of Adminserver's 37: 5.405…%
    [[entry('POST', '/auth/login', 200), entry('POST', '/auth/login', 401)], 5.4],
    // 3 of 37: 8.108…%
    [
      [
        entry('POST', '/jsonRpc/rpc.discover', 200),
        entry('POST', '/jsonRpc/rpc.discover', 400),
        entry('POST', '/auth/logout', 200),
      ],
      8.1,
    ],
    // 36 of 37: 97.297…%, never 97.3
    [
      consumerCoverage([[]], { apis: ['adminserver'] })
        .neverSeen.slice(1)
        .map((item) => entry('GET', '/x', Number(item.status), { operationId: item.operationId })),
      97.2,
    ],
  ])('rounds the percentage down, so it never shows more than was seen (%#)', (sightings, percent) => {
    expect(consumerCoverage([sightings], { apis: ['adminserver'] }).percent).toBe(percent);
  });

  it.each([-1, 100.5, Number.NaN])('refuses min %d', (min) => {
    expect(() => consumerCoverage([[]], { min })).toThrow(RangeError);
  });
});

describe('the journal of a real in-process run', () => {
  let mocks: Mocks;
  let coverage: ConsumerCoverage;

  beforeAll(async () => {
    mocks = await createMocks({ apis: ['auvious'], clock: createClock({ now: '2026-05-01T10:00:00Z' }) });
    const server = setupServer(...mocks.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const base = 'http://coverage.test';
      const auth = { authorization: `Bearer ${AUVIOUS_DEMO.token}` };
      const json = { ...auth, 'content-type': 'application/json' };
      const created = await fetch(`${base}/security/ticket`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: {} }),
      });
      const { id } = (await created.json()) as { id: string };
      await fetch(`${base}/security/ticket/${id}`, { headers: auth });
      await fetch(`${base}/security/ticket/${id}`);
      await fetch(`${base}/security/ticket/${id}/disable`, { method: 'POST', headers: auth });
      await fetch(`${base}/security/ticket/${id}/enable`, { method: 'POST', headers: { ...auth, prefer: 'code=409' } });
      await fetch(`${base}/security/ticket`, { method: 'POST', headers: json, body: '{' });
      mocks.control.setFaults({ routes: { 'auvious.deleteTicket': { dropRate: 1 } } });
      await expect(fetch(`${base}/security/ticket/${id}`, { method: 'DELETE', headers: auth })).rejects.toThrow();
    } finally {
      server.close();
    }
    coverage = consumerCoverage([mocks.control.journal()], { min: 10 });
  });

  it('sees each status the run was answered with, at its operation', () => {
    const seen = coverage.apis[0]?.operations.flatMap((row) =>
      row.statuses.filter((item) => item.count > 0).map((item) => `${row.operationId} ${item.status}`),
    );
    expect(seen).toEqual([
      'auvious.createTicket 200',
      'auvious.createTicket 400',
      'auvious.getTicket 200',
      'auvious.getTicket 401',
      'auvious.disableTicket 204',
      'auvious.enableTicket 409',
    ]);
    expect(cell(coverage, 'auvious.enableTicket', '409')).toMatchObject({ count: 1, byFault: 1 });
    expect(coverage).toMatchObject({ seen: 6, documented: 56, percent: 10.7, meetsMin: true, requests: 7 });
  });

  it('shows it as a table, with the statuses never seen and the faults that fired', () => {
    const table = formatConsumerCoverage(coverage, { colour: false });
    expect(table).toContain('  auvious: 6/56 (10.7%), 7 requests');
    expect(table).toMatch(
      /\n {4}enableTicket +POST +\/security\/ticket\/\{ticketId\}\/enable +200 · {2}201 · {2}204 · {2}401 · {2}403 · {2}404 · {2}409 ~ {3}faults: prefer ×1\n/,
    );
    expect(table).toMatch(/\n {4}deleteTicket .* 404 · {3}faults: drop ×1\n/);
    expect(table).toContain('\nauvious 409 (disableTicket) never seen\n');
    expect(table).not.toContain('auvious 409 (enableTicket) never seen');
    expect(table.split('\n').at(-1)).toBe('coverage 10.7% (6/56 documented statuses seen), at least the minimum 10%');
  });

  it('writes well-formed JUnit XML: a testcase per documented status, skipped when never seen', () => {
    const root = parseXml(consumerCoverageToJUnit(coverage));
    expect(root.attributes).toMatchObject({ tests: '57', failures: '0', skipped: '50' });
    const cases = elements(root, 'testcase');
    expect(cases).toHaveLength(57);
    const skipped = cases.filter((item) => item.children.some((child) => child.name === 'skipped'));
    expect(skipped).toHaveLength(50);
    expect(elements(root, 'failure')).toHaveLength(0);
    const below = parseXml(consumerCoverageToJUnit(consumerCoverage([mocks.control.journal()], { min: 50 })));
    const [failure] = elements(below, 'failure');
    expect(failure?.attributes.message).toBe('coverage 10.7% (6/56 documented statuses seen), below the minimum 50%');
    expect(below.attributes.failures).toBe('1');
  });
});

describe('the test XML reader', () => {
  it.each([['<a><b></a>'], ['<a x=1/>'], ['<a>&</a>'], ['<a>1 < 2</a>'], ['<a/><b/>'], ['<a x="1" x="2"/>'], ['<a>']])(
    'refuses %s',
    (xml) => {
      expect(() => parseXml(xml)).toThrow();
    },
  );

  it('reads escaped text and attributes back', () => {
    const root = parseXml('<?xml version="1.0"?>\n<a n="&quot;x&amp;y&lt;&quot;"><b>1 &lt; 2 &#65;</b></a>\n');
    expect(root.attributes.n).toBe('"x&y<"');
    expect(root.children[0]?.text).toBe('1 < 2 A');
  });
});
