/**
 * `ticketmock coverage <journal.json|file.har>…`, spawned as users run it: the table of a
 * served run's journal, recordings merged, `--api`, `--min`'s exit codes, `--json` and
 * `--junit` (to files and to stdout), and bad input (exit 2, one line, no stack trace).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConsumerCoverage } from '../../src/contract/consumer/types.ts';
import { collect, exitCode, killAll, serve, ticketmock } from '../helpers/cli.ts';
import { elements, parseXml } from '../helpers/xml.ts';

vi.setConfig({ testTimeout: 120_000 });

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'ticketmock-coverage-'));
  return () => rm(folder, { recursive: true, force: true });
});
afterEach(() => killAll());

async function run(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = ticketmock('coverage', ...args);
  const output = collect(child);
  const code = await exitCode(child);
  return { code, out: output.out(), err: output.err() };
}

async function file(name: string, content: unknown): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const journalEntry = (method: string, path: string, status: number, operationId: string | null, fault?: string) => ({
  method,
  path,
  operationId,
  status,
  durationMs: 1,
  time: '2026-05-01T10:00:00.000Z',
  ...(fault === undefined ? {} : { fault }),
});

describe('ticketmock coverage', () => {
  it("prints the table of a served run's journal, as GET /__mock/journal answers it", async () => {
    const server = await serve('--api', 'auvious,adminserver', '--port', '0', '--quiet');
    const auth = { authorization: 'Bearer auvious-demo-token' };
    expect((await fetch(`${server.url}/security/ticket/nope00`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${server.url}/security/ticket/nope00`)).status).toBe(401);
    const prefer = { ...auth, prefer: 'code=409' };
    expect((await fetch(`${server.url}/security/ticket/x/enable`, { method: 'POST', headers: prefer })).status).toBe(
      409,
    );
    const journal = await file('served.json', await (await fetch(`${server.url}/__mock/journal`)).text());

    const { code, out, err } = await run(journal);
    expect(err).toBe('');
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('ticketmock coverage: 1 recording, 3 requests');
    expect(lines).toContain('  auvious: 3/56 (5.3%), 3 requests');
    expect(out).not.toMatch(/^ {2}adminserver:/m);
    expect(out).toMatch(/\n {4}getTicket +GET +\/security\/ticket\/\{ticketId\} +200 · {2}401 ✓ {2}403 · {2}404 ✓\n/);
    expect(out).toMatch(/\n {4}enableTicket .* 409 ~ {3}faults: prefer ×1\n/);
    expect(lines).toContain('auvious 409 (disableTicket) never seen');
    expect(lines).not.toContain('auvious 409 (enableTicket) never seen');
    expect(lines.at(-1)).toBe('coverage 5.3% (3/56 documented statuses seen)');
  });

  it('merges journals and HAR files, holds --api to account, and exits 1 below --min, 0 at it', async () => {
    const first = await file('first.json', [journalEntry('POST', '/auth/login', 200, 'adminserver.auth.login')]);
    const second = await file('second.json', {
      entries: [journalEntry('POST', '/auth/login', 401, null), journalEntry('GET', '/favicon.ico', 404, null)],
    });
    const har = await file('run.har', {
      log: {
        version: '1.2',
        entries: [
          { request: { method: 'POST', url: 'http://127.0.0.1:4010/auth/logout' }, response: { status: 200 } },
          { request: { method: 'POST', url: 'http://127.0.0.1:4010/security/ticket' }, response: { status: 200 } },
        ],
      },
    });
    // 3 of Adminserver's 37 documented statuses: 8.1%
    const below = await run(first, second, har, '--api', 'adminserver', '--min', '8.2');
    expect(below.code).toBe(1);
    expect(below.out).toContain('ticketmock coverage: 3 recordings, 5 requests');
    expect(below.out).toContain('  adminserver: 3/37 (8.1%), 3 requests\n');
    expect(below.out).toContain('2 requests outside adminserver: not counted\n');
    expect(below.out.trimEnd().split('\n').at(-1)).toBe(
      'coverage 8.1% (3/37 documented statuses seen), below the minimum 8.2%',
    );
    const met = await run(first, second, har, '--api', 'adminserver', '--min', '8');
    expect(met.code).toBe(0);
    expect(met.out.trimEnd().split('\n').at(-1)).toBe(
      'coverage 8.1% (3/37 documented statuses seen), at least the minimum 8%',
    );
  });

  it('writes --json and --junit files beside the table, and either alone to stdout with -', async () => {
    const journal = await file('one.json', [
      journalEntry('GET', '/rest/v1/Location/28XXX004/services', 200, 'octopus.getServices'),
      journalEntry('GET', '/rest/v1/Location/28XXX004/services', 0, 'octopus.getServices', 'drop'),
    ]);
    const json = join(folder, 'reports', 'coverage.json');
    const junit = join(folder, 'reports', 'coverage.xml');
    const both = await run(journal, '--json', json, '--junit', junit, '--min', '50');
    expect(both.code).toBe(1);
    expect(both.out).toContain('  octopus: 1/17 (5.8%), 2 requests\n');
    const result = JSON.parse(await readFile(json, 'utf8')) as ConsumerCoverage;
    expect(result).toMatchObject({ documented: 17, seen: 1, percent: 5.8, min: 50, meetsMin: false, requests: 2 });
    expect(result.apis[0]?.operations[0]?.faults).toEqual([{ fault: 'drop', count: 1 }]);
    expect(result.neverSeen).toHaveLength(16);
    const xml = parseXml(await readFile(junit, 'utf8'));
    expect(xml.attributes).toMatchObject({ tests: '18', failures: '1', skipped: '16' });
    expect(elements(xml, 'failure')[0]?.attributes.message).toBe(
      'coverage 5.8% (1/17 documented statuses seen), below the minimum 50%',
    );

    const stdoutJson = await run(journal, '--json', '-');
    expect(stdoutJson.code).toBe(0);
    expect(JSON.parse(stdoutJson.out)).toMatchObject({ documented: 17, seen: 1, meetsMin: true });
    const stdoutJunit = await run(journal, '--junit', '-');
    expect(elements(parseXml(stdoutJunit.out), 'testcase')).toHaveLength(18);
  });

  it("reads a folder as its .json and .har files (a runner's journalDir), not what lies below or beside", async () => {
    const journals = join(folder, 'journals');
    await mkdir(join(journals, 'older'), { recursive: true });
    await file('journals/a-test-1.json', [journalEntry('GET', '/security/ticket/x', 404, 'auvious.getTicket')]);
    await file('journals/a-test-2.json', []);
    await file('journals/b.har', {
      log: { entries: [{ request: { method: 'GET', url: 'http://x/security/ticket/y' }, response: { status: 401 } }] },
    });
    await file('journals/notes.txt', 'not a recording');
    await file('journals/older/c.json', [journalEntry('GET', '/security/ticket/x', 200, 'auvious.getTicket')]);
    const { code, out, err } = await run(journals, '--json', '-');
    expect(err).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(out) as ConsumerCoverage;
    expect(result.requests).toBe(2);
    const getTicket = result.apis[0]?.operations.find((operation) => operation.operationId === 'auvious.getTicket');
    expect(getTicket?.statuses.filter((status) => status.count > 0)).toEqual([
      { status: '401', count: 1, byFault: 0 },
      { status: '404', count: 1, byFault: 0 },
    ]);
    // the table counts the files the folder gave
    expect((await run(journals)).out).toContain('ticketmock coverage: 3 recordings, 2 requests\n');
  });

  it.each([
    [['missing.json'], /^ticketmock: .*missing\.json: cannot read it \(ENOENT\)$/],
    [['text.json'], /^ticketmock: .*text\.json: not JSON \(.*\)$/],
    [['other.json'], /^ticketmock: .*other\.json: neither a journal .* nor a HAR file/],
    [['bad-entry.json'], /^ticketmock: .*bad-entry\.json: not a journal: \/entries\/1\/status: must be integer$/],
    [['good.json', '--min', '101'], /--min <percent>.*must be a percentage from 0 to 100/],
    [['good.json', '--api', 'nope'], /unknown API "nope"/],
    [['good.json', '--json', '-', '--junit', '-'], /both ask for stdout/],
    [[], /missing required argument 'files'/],
    [['empty'], /^ticketmock: .*empty: a folder without a \.json or \.har file$/],
  ])('exits 2 on %j with one message and no stack trace', async (args, message) => {
    await file('text.json', 'journal: yes');
    await file('other.json', { journal: [] });
    await file('bad-entry.json', {
      entries: [journalEntry('GET', '/x', 200, null), { method: 'GET', path: '/x', status: '200' }],
    });
    await file('good.json', []);
    await mkdir(join(folder, 'empty'), { recursive: true });
    const { code, out, err } = await run(
      ...args.map((arg) => (arg.endsWith('.json') || arg === 'empty' ? join(folder, arg) : arg)),
    );
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.split('\n')[0]).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });
});
