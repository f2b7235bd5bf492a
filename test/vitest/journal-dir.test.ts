/**
 * `useMocks({ journalDir })` under a real vitest: `vitest run` as a process of its own over
 * a user's project written into a temporary folder (its own config, `ticketmock` and
 * `ticketmock/vitest` aliased to this repository's sources, its `node_modules` a link to
 * ours), started from the folder above the project with `--root`. Checks the files written
 * (one per test and try, named by file, describes, title and vitest's id, each holding what
 * `mocks.control.journal()` returned), where a relative `journalDir` lands (vitest's root,
 * not the working folder), then `ticketmock coverage --json -` over the folder.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsumerCoverage } from '../../src/contract/consumer/types.ts';
import type { JournalEntry } from '../../src/core/journal.ts';
import { collect, exitCode, killAll, ticketmock } from '../helpers/cli.ts';
import { REPO_ROOT, type RunResult, run } from '../helpers/installed-package.ts';

const CONFIG = `import { defineConfig } from 'vitest/config';
export default defineConfig({
  resolve: {
    alias: [
      { find: /^ticketmock\\/vitest$/, replacement: ${JSON.stringify(join(REPO_ROOT, 'src/vitest.ts'))} },
      { find: /^ticketmock$/, replacement: ${JSON.stringify(join(REPO_ROOT, 'src/index.ts'))} },
    ],
  },
  test: { include: ['test/**/*.test.ts'] },
});
`;

/**
 * The user's tests. The `afterEach` registered after `useMocks` runs before its own (vitest
 * runs them last-registered first): it keeps, per test and try, what
 * `mocks.control.journal()` held when the test ended, for the files to be held to.
 */
const USER_TEST = (seen: string) => `import { appendFileSync } from 'node:fs';
import { AUVIOUS_DEMO } from 'ticketmock';
import { useMocks } from 'ticketmock/vitest';
import { afterEach, describe, expect, it } from 'vitest';

const mocks = useMocks({ apis: ['auvious'], onUnhandledRequest: 'error', journalDir: 'journals' });
afterEach(({ task }) => {
  const line = { id: task.id, retry: task.result?.retryCount ?? 0, journal: mocks.control.journal() };
  appendFileSync(${JSON.stringify(seen)}, JSON.stringify(line) + '\\n');
});

const base = 'https://auvious.example';
const auth = { authorization: 'Bearer ' + AUVIOUS_DEMO.token, 'content-type': 'application/json' };

describe('Auvious tickets', () => {
  it('creates a ticket and reads it back', async () => {
    const created = await fetch(base + '/security/ticket', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: {} }),
    });
    expect(created.status).toBe(200);
    const { id } = await created.json();
    expect((await fetch(base + '/security/ticket/' + id, { headers: auth })).status).toBe(200);
  });

  it('reads a ticket that does not exist: 404', async () => {
    expect((await fetch(base + '/security/ticket/nos-uch', { headers: auth })).status).toBe(404);
  });

  let tries = 0;
  it('fails its first try (401), passes on the retry (a token)', { retry: 1 }, async () => {
    tries += 1;
    if (tries === 1) {
      expect((await fetch(base + '/security/ticket/nos-uch')).status).toBe(401);
      throw new Error('the first try fails on purpose');
    }
    const token = await fetch(base + '/security/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret',
    });
    expect(token.status).toBe(200);
  });
});

describe('Billets à part', () => {
  it('makes no request', () => {});
  it('makes no request', () => {});
});
`;

interface Seen {
  readonly id: string;
  readonly retry: number;
  readonly journal: JournalEntry[];
}

/** A user's project, `<folder>/<name>/`, with the config and one test file, run by vitest from `folder` with `--root <name>`. */
async function runProject(name: string, testSource: string, more: Record<string, string> = {}): Promise<RunResult> {
  const app = join(folder, name);
  await mkdir(join(app, 'test'), { recursive: true });
  await symlink(join(REPO_ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');
  await writeFile(join(app, 'vitest.config.mjs'), CONFIG);
  await writeFile(join(app, 'test', 'tickets.test.ts'), testSource);
  for (const [file, text] of Object.entries(more)) await writeFile(join(app, file), text);
  // from the folder above the project: a relative journalDir is vitest's root's, not the working folder's
  return run(
    process.execPath,
    [join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--root', name, '--maxWorkers=1'],
    { cwd: folder, timeoutMs: 120_000 },
  );
}

let folder: string;
let result: RunResult;
let seen: Seen[];
let journals: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'ticketmock-vitest-journal-'));
  result = await runProject('app', USER_TEST(join(folder, 'seen.ndjson')));
  const lines = (await readFile(join(folder, 'seen.ndjson'), 'utf8').catch(() => '')).trim().split('\n');
  seen = lines.filter((line) => line !== '').map((line) => JSON.parse(line) as Seen);
  journals = join(folder, 'app', 'journals');
}, 150_000);

afterAll(async () => {
  killAll();
  if (folder !== undefined) await rm(folder, { recursive: true, force: true });
});

/** The one try of the test titled `title` (the `n`th of that title) the user's afterEach saw. */
function tryOf(title: string, retry = 0, n = 0): Seen {
  const ids = [...new Set(seen.map((s) => s.id))];
  const order = ['creates a ticket', 'reads a ticket', 'fails its first try', 'makes no request', 'makes no request'];
  const index = order.findIndex((t, i) => t === title && order.slice(0, i).filter((u) => u === title).length === n);
  const found = seen.find((s) => s.id === ids[index] && s.retry === retry);
  if (found === undefined) throw new Error(`no try ${retry} of "${title}" #${n} in ${JSON.stringify(seen)}`);
  return found;
}

describe('useMocks({ journalDir }) under vitest run', () => {
  it('the run passes: five tests, one of them on its retry', () => {
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/Tests\s+5 passed \(5\)/);
    expect(seen).toHaveLength(6);
  });

  it('writes one file per test and try into <root>/journals, named by file, describes, title, id and try', async () => {
    const files = (await readdir(journals)).sort();
    const expected = [
      `test-tickets-test-ts-auvious-tickets-creates-a-ticket-and-reads-it-back-${tryOf('creates a ticket').id}.json`,
      `test-tickets-test-ts-auvious-tickets-reads-a-ticket-that-does-not-exist-404-${tryOf('reads a ticket').id}.json`,
      `test-tickets-test-ts-auvious-tickets-fails-its-first-try-401-passes-on-the-retry-${tryOf('fails its first try').id}.json`,
      `test-tickets-test-ts-auvious-tickets-fails-its-first-try-401-passes-on-the-retry-${tryOf('fails its first try').id}-retry1.json`,
      `test-tickets-test-ts-billets-a-part-makes-no-request-${tryOf('makes no request', 0, 0).id}.json`,
      `test-tickets-test-ts-billets-a-part-makes-no-request-${tryOf('makes no request', 0, 1).id}.json`,
    ].sort();
    expect(files).toEqual(expected);
    // the working folder got none
    await expect(readdir(join(folder, 'journals'))).rejects.toThrow(/ENOENT/);
  });

  it.each([
    ['creates a ticket', 0, 0, ['auvious.createTicket 200', 'auvious.getTicket 200']],
    ['reads a ticket', 0, 0, ['auvious.getTicket 404']],
    ['fails its first try', 0, 0, ['auvious.getTicket 401']],
    ['fails its first try', 1, 0, ['auvious.getToken 200']],
    ['makes no request', 0, 0, []],
    ['makes no request', 0, 1, []],
  ])('"%s" (try %i, #%i): the file holds what mocks.control.journal() returned: %j', async (title, retry, n, calls) => {
    const test = tryOf(title, retry, n);
    const files = await readdir(journals);
    const name = files.find((file) => file.endsWith(`-${test.id}${retry > 0 ? `-retry${retry}` : ''}.json`));
    expect(name).toBeDefined();
    const written = JSON.parse(await readFile(join(journals, name ?? ''), 'utf8')) as JournalEntry[];
    expect(written).toEqual(test.journal);
    expect(written.map((entry) => `${entry.operationId} ${entry.status}`)).toEqual(calls);
  });

  it('ticketmock coverage --json - <journalDir> counts what the tests met', async () => {
    const child = ticketmock('coverage', '--json', '-', journals);
    const output = collect(child);
    expect(await exitCode(child), output.err()).toBe(0);
    const coverage = JSON.parse(output.out()) as ConsumerCoverage;
    expect(coverage.requests).toBe(5);
    expect(coverage.apis.map((api) => api.api)).toEqual(['auvious']);
    const counts = Object.fromEntries(
      (coverage.apis[0]?.operations ?? []).flatMap((operation) =>
        operation.statuses
          .filter((status) => status.count > 0)
          .map((status) => [`${operation.operationId} ${status.status}`, status.count]),
      ),
    );
    expect(counts).toEqual({
      'auvious.createTicket 200': 1,
      'auvious.getTicket 200': 1,
      'auvious.getTicket 401': 1,
      'auvious.getTicket 404': 1,
      'auvious.getToken 200': 1,
    });
    expect(coverage.apis[0]?.seen).toBe(5);
  });
});

/** A journalDir that cannot be made: `blocked` is a file. Each test reports where its journal failed to go. */
const BLOCKED_TEST = (seen: string) => `import { appendFileSync } from 'node:fs';
import { useMocks } from 'ticketmock/vitest';
import { expect, it } from 'vitest';

const mocks = useMocks({ apis: ['auvious'], journalDir: 'blocked/journals' });

it('reads a ticket that does not exist', async () => {
  expect((await fetch('https://auvious.example/security/ticket/nos-uch')).status).toBe(401);
});

it('starts from an empty journal all the same', () => {
  appendFileSync(${JSON.stringify(seen)}, JSON.stringify(mocks.control.journal()) + '\\n');
});
`;

describe('useMocks({ journalDir }) where the journal cannot be written', () => {
  it('fails each test with the error naming the file, and still resets between them', async () => {
    const seenFile = join(folder, 'blocked-seen.ndjson');
    const blocked = await runProject('blocked-app', BLOCKED_TEST(seenFile), { blocked: 'a file, not a folder\n' });
    const output = `${blocked.stdout}\n${blocked.stderr}`;
    expect(blocked.code, output).toBe(1);
    expect(blocked.stdout).toMatch(/Tests\s+2 failed \(2\)/);
    const path = join(
      folder,
      'blocked-app',
      'blocked',
      'journals',
      'test-tickets-test-ts-reads-a-ticket-that-does-not-exist-',
    );
    expect(output).toContain(`ticketmock: could not write the journal ${path}`);
    expect(output).toMatch(/could not write the journal \S+\.json: ENOTDIR\b/);
    // the second test began after the first one's failed write: the reset had run all the same
    expect((await readFile(seenFile, 'utf8')).trim()).toBe('[]');
  }, 150_000);
});
