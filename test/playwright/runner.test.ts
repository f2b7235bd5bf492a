/**
 * `ticketmock/playwright` under Playwright's own runner: `npx playwright test` over
 * test/playwright/*.spec.ts (two workers, Debian's Chromium), as a process of its own, with
 * the built package (`npm run build` first; `npm test` does). Checks its exit code, each
 * spec's outcome in its JSON report, and the journal files the fixture wrote.
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
  'mocks.spec.ts': 7,
  'origins.spec.ts': 2,
  'readme/ticket-expiry.spec.ts': 1,
} as const;
const TOTAL = Object.values(EXPECTED).reduce((sum, count) => sum + count, 0);
/** The README's spec builds its own fixture, without `journalDir`. */
const WITH_JOURNAL = TOTAL - EXPECTED['readme/ticket-expiry.spec.ts'];

interface JsonResult {
  status: string;
  parallelIndex: number;
  errors: Array<{ message?: string }>;
  attachments: Array<{ name: string; body?: string }>;
}
interface JsonSpec {
  id: string;
  title: string;
  file: string;
  tests: Array<{ expectedStatus: string; status: string; results: JsonResult[] }>;
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
        },
        timeoutMs: 420_000,
      },
    );
    report = JSON.parse(await readFile(join(folder, 'report.json'), 'utf8')) as JsonReport;
    specs = specsOf(report.suites);
    console.info(
      `playwright: ${specs.length} tests, ${workersOf(specs).length} workers, ${(result.ms / 1000).toFixed(1)} s wall ` +
        `(runner ${(report.stats.duration / 1000).toFixed(1)} s)`,
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

  it("fails a test whose handler throws, with the handler's error (the spec marks it test.fail())", () => {
    const spec = specs.find((candidate) => candidate.title.startsWith('a handler that throws'));
    const [test] = spec?.tests ?? [];
    expect(test).toMatchObject({ expectedStatus: 'failed', status: 'expected' });
    const messages = test?.results.flatMap((r) => r.errors.map((error) => error.message ?? '')) ?? [];
    expect(messages.join('\n')).toContain('handler broke on purpose');
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
});
