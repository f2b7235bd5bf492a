/**
 * `ticketmock/playwright` under Playwright's own runner: `npx playwright test` over
 * test/playwright/*.spec.ts (two workers, Debian's Chromium), as a process of its own, with
 * the built package (`npm run build` first; `npm test` does). Checks its exit code, each
 * spec's outcome in its JSON report, the journal files the fixture wrote, and, for the
 * session specs, the sessions the tests opened on the one shared `ticketmock serve` and what
 * the global teardown found there at the end.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, type RunResult, run } from '../helpers/installed-package.ts';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ON_CI = process.env.CI === 'true';
const MISSING = `${CHROMIUM} is missing: install Debian's Chromium with \`apt-get install -y chromium\``;

/** Every spec's tests, by file: a spec that stops being collected fails here. */
const EXPECTED = {
  'clock.spec.ts': 6,
  'expiry.spec.ts': 1,
  'faults.spec.ts': 4,
  'mocks.spec.ts': 8,
  'origins.spec.ts': 2,
  'readme/ticket-expiry.spec.ts': 1,
  'readme/ticket-expiry-session.spec.ts': 1,
  'sessions.spec.ts': 12,
} as const;
const TOTAL = Object.values(EXPECTED).reduce((sum, count) => sum + count, 0);
/** The README's specs build their own fixture, without `journalDir`. */
const WITH_JOURNAL =
  TOTAL - EXPECTED['readme/ticket-expiry.spec.ts'] - EXPECTED['readme/ticket-expiry-session.spec.ts'];
/** The tests whose mock is a session on the shared server. */
const IN_SESSIONS = EXPECTED['sessions.spec.ts'] + EXPECTED['readme/ticket-expiry-session.spec.ts'];

interface JsonAnnotation {
  type: string;
  description?: string;
}
interface JsonResult {
  status: string;
  parallelIndex: number;
  errors: Array<{ message?: string }>;
  attachments: Array<{ name: string; body?: string }>;
  annotations?: JsonAnnotation[];
}
interface JsonSpec {
  id: string;
  title: string;
  file: string;
  tests: Array<{ expectedStatus: string; status: string; annotations: JsonAnnotation[]; results: JsonResult[] }>;
}
/** What the global teardown found on the shared server (test/playwright/mock-server.ts). */
interface LeftBehind {
  openSessions: string[];
  defaultStateUnchanged: boolean;
  defaultJournal: unknown[];
}
interface JsonSuite {
  specs?: JsonSpec[];
  suites?: JsonSuite[];
}
interface JsonReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number; duration: number };
  suites: JsonSuite[];
  errors: unknown[];
}

const specsOf = (suites: JsonSuite[] = []): JsonSpec[] =>
  suites.flatMap((suite) => [...(suite.specs ?? []), ...specsOf(suite.suites)]);
/** The session each test ran in (the fixture's `ticketmock-session` annotation), by spec file. */
const sessionsOf = (specs: JsonSpec[]): Array<{ file: string; id: string }> =>
  specs.flatMap((spec) =>
    spec.tests.flatMap((test) => {
      const annotations = [...test.annotations, ...test.results.flatMap((r) => r.annotations ?? [])];
      const ids = new Set(annotations.filter((a) => a.type === 'ticketmock-session').map((a) => a.description ?? ''));
      return [...ids].map((id) => ({ file: spec.file, id }));
    }),
  );
/** The errors of the test titled `title` (starting so). */
const errorsOf = (specs: JsonSpec[], title: string) => {
  const test = specs.find((candidate) => candidate.title.startsWith(title))?.tests[0];
  return { test, messages: test?.results.flatMap((r) => r.errors.map((error) => error.message ?? '')).join('\n') };
};
/** The workers (parallel slots) the tests ran in. */
const workersOf = (specs: JsonSpec[]): number[] =>
  [...new Set(specs.flatMap((spec) => spec.tests.flatMap((test) => test.results.map((r) => r.parallelIndex))))].sort();

if (!HAS_CHROMIUM && !ON_CI) console.warn(`test/playwright/runner.test.ts skipped: ${MISSING}`);
if (!HAS_CHROMIUM && ON_CI) {
  it('Playwright runner: Chromium is installed (CI)', () => {
    throw new Error(`${MISSING}; CI must have it (.ci/run installs it)`);
  });
}

describe.skipIf(!HAS_CHROMIUM)('ticketmock/playwright under npx playwright test', () => {
  let folder: string;
  let result: RunResult;
  let report: JsonReport;
  let specs: JsonSpec[];
  let left: LeftBehind;

  beforeAll(async () => {
    if (!existsSync(join(REPO_ROOT, 'dist', 'lib', 'playwright.js'))) {
      throw new Error('dist/lib/playwright.js is missing: run `npm run build` first (the specs import the package)');
    }
    folder = await mkdtemp(join(tmpdir(), 'ticketmock-playwright-'));
    result = await run(
      'npx',
      ['--no', '--', 'playwright', 'test', '-c', 'test/playwright/playwright.config.ts', '--reporter=list,json'],
      {
        env: {
          PLAYWRIGHT_JSON_OUTPUT_FILE: join(folder, 'report.json'),
          TICKETMOCK_JOURNAL_DIR: join(folder, 'journals'),
          TICKETMOCK_SESSION_REPORT: join(folder, 'left-behind.json'),
        },
        timeoutMs: 420_000,
      },
    );
    report = JSON.parse(await readFile(join(folder, 'report.json'), 'utf8')) as JsonReport;
    specs = specsOf(report.suites);
    left = JSON.parse(await readFile(join(folder, 'left-behind.json'), 'utf8')) as LeftBehind;
    console.info(
      `playwright: ${specs.length} tests, ${workersOf(specs).length} workers, ${(result.ms / 1000).toFixed(1)} s wall ` +
        `(runner ${(report.stats.duration / 1000).toFixed(1)} s); ${sessionsOf(specs).length} sessions opened on the ` +
        `shared server, ${left.openSessions.length} left open`,
    );
  }, 480_000);

  afterAll(async () => {
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  });

  it('exits 0 with every test as expected, on two workers', () => {
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(report.errors).toEqual([]);
    expect(report.stats).toMatchObject({ expected: TOTAL, unexpected: 0, flaky: 0, skipped: 0 });
    expect(workersOf(specs)).toEqual([0, 1]);
    expect(result.stdout).toMatch(new RegExp(`\\b${TOTAL} passed\\b`));
  });

  it('ran every spec file, each with its number of tests', () => {
    const perFile: Record<string, number> = {};
    for (const spec of specs) perFile[spec.file] = (perFile[spec.file] ?? 0) + spec.tests.length;
    expect(perFile).toEqual(EXPECTED);
  });

  it.each([
    ['a handler that throws', 'handler broke on purpose'],
    ['a test that fails with a session open', 'failing on purpose, with a session open'],
    ['asking for mocks with a server set', '`mocks` is the in-process mock'],
    ['asking for mocks with a server set', 'ask for `mockSession` instead'],
    ['asking for mockSession without a server', 'this test has no server'],
    ['asking for mockSession without a server', 'ask for `mocks` (in process) instead'],
  ])('fails the test "%s…" with its own error (the spec marks it to fail): %s', (title, message) => {
    const { test, messages } = errorsOf(specs, title);
    expect(test).toMatchObject({ expectedStatus: 'failed', status: 'expected' });
    expect(messages).toContain(message);
  });

  it('gave every session-mode test a session of its own on the one shared server, and left none open', () => {
    const sessions = sessionsOf(specs);
    expect(sessions).toHaveLength(IN_SESSIONS);
    expect(new Set(sessions.map((session) => session.id)).size).toBe(IN_SESSIONS);
    expect(new Set(sessions.map((session) => session.file))).toEqual(
      new Set(['sessions.spec.ts', 'readme/ticket-expiry-session.spec.ts']),
    );
    // the session specs ran in both workers at once
    const sessionSpecs = specs.filter((spec) => spec.file === 'sessions.spec.ts');
    expect(workersOf(sessionSpecs)).toEqual([0, 1]);
    // what the global teardown read on the server before stopping it
    expect(left).toEqual({ openSessions: [], defaultStateUnchanged: true, defaultJournal: [] });
  });

  it('wrote one journal per test into journalDir, each what mocks.control.journal() returned', async () => {
    const files = await readdir(join(folder, 'journals'));
    expect(files).toHaveLength(WITH_JOURNAL);
    for (const file of files) {
      const journal = JSON.parse(await readFile(join(folder, 'journals', file), 'utf8')) as unknown;
      expect(Array.isArray(journal), file).toBe(true);
    }
    // the spec attached the journal as it ended; the file holds the same entries
    const spec = specs.find((candidate) => candidate.title.startsWith('the journal holds what the page asked'));
    const attached = spec?.tests[0]?.results[0]?.attachments.find((attachment) => attachment.name === 'journal');
    const written = files.find((file) => file.endsWith(`-${spec?.id}.json`));
    expect(written).toMatch(/^mocks-spec-ts-the-journal-holds-what-the-page-asked/);
    const fromFile = JSON.parse(await readFile(join(folder, 'journals', written ?? ''), 'utf8'));
    const fromTest = JSON.parse(Buffer.from(attached?.body ?? '', 'base64').toString('utf8'));
    expect(fromFile).toEqual(fromTest);
    expect(fromFile.map((entry: { operationId: string }) => entry.operationId)).toEqual([
      'octopus.getServices',
      'auvious.getTicket',
    ]);
  });

  it("wrote a session-mode test's journal as the session's GET /__mock/journal had it", async () => {
    const spec = specs.find((candidate) => candidate.title.startsWith('headers go both ways through the session'));
    const attached = spec?.tests[0]?.results[0]?.attachments.find((attachment) => attachment.name === 'journal');
    const written = (await readdir(join(folder, 'journals'))).find((file) => file.endsWith(`-${spec?.id}.json`));
    expect(written).toMatch(/^sessions-spec-ts-on-the-app-s-own-origin-every-api-headers-go-both-ways/);
    const fromFile = JSON.parse(await readFile(join(folder, 'journals', written ?? ''), 'utf8'));
    const fromTest = JSON.parse(Buffer.from(attached?.body ?? '', 'base64').toString('utf8'));
    expect(fromFile).toEqual(fromTest);
    expect(fromFile.map((entry: { operationId: string }) => entry.operationId)).toEqual([
      'adminserver.auth.login',
      'adminserver.ticket.getPurchasableTickets',
    ]);
  });
});
