import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { API_NAMES } from '../../src/apis.ts';
import { loadSpec, packageRoot, specFile } from '../../src/server/specs.ts';
import { valueAt } from '../../src/spec/openapi.ts';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const redocly = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
const spectral = join(dirname(require.resolve('@stoplight/spectral-cli/package.json')), 'dist', 'index.js');

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: Array<{ ruleId: string; severity: string; message: string; location: Array<{ pointer?: string }> }>;
}

/** Runs `redocly lint` with the project's redocly.yaml (recommended-strict) and parses its JSON report. */
async function lint(file: string): Promise<LintReport> {
  const args = [redocly, 'lint', file, '--format=json', '--config', join(packageRoot, 'redocly.yaml')];
  // No telemetry and no update check: tests never leave 127.0.0.1.
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  try {
    const { stdout } = await run(process.execPath, args, { env, maxBuffer: 16 * 1024 * 1024 });
    return JSON.parse(stdout) as LintReport;
  } catch (error) {
    // redocly exits 1 when it finds errors; the report is still on stdout.
    const stdout = (error as { stdout?: string }).stdout;
    if (stdout === undefined || stdout === '') throw error;
    return JSON.parse(stdout) as LintReport;
  }
}

const summary = (report: LintReport): string[] =>
  report.problems.map(
    (problem) => `${problem.severity} ${problem.ruleId} ${problem.location[0]?.pointer ?? ''}: ${problem.message}`,
  );

describe('Redocly CLI lint, recommended-strict', () => {
  it.each(API_NAMES)('finds no problem in %s.openapi.yaml', async (api) => {
    const report = await lint(specFile(api));
    expect(summary(report)).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
  });

  const scratch = mkdtempSync(join(tmpdir(), 'ticketmock-lint-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('reports a spec that lost an operationId and carries an invalid example', async () => {
    const broken = loadSpec('octopus');
    const services = '/paths/~1Location~1{LocationId}~1services/get';
    const operation = valueAt(broken, services) as Record<string, unknown>;
    delete operation.operationId;
    const example = `${services}/responses/200/content/application~1json/examples/seed/value/data/0`;
    (valueAt(broken, example) as Record<string, unknown>).id = 'not-a-number';
    const file = join(scratch, 'octopus-broken.openapi.yaml');
    writeFileSync(file, stringify(broken));
    const rules = (await lint(file)).problems.map((problem) => problem.ruleId);
    expect(rules).toContain('operation-operationId');
    expect(rules).toContain('no-invalid-media-type-examples');
  });
});

/** One finding of `spectral lint --format json`; severity 0 is an error, 1 a warning, 2 info, 3 a hint. */
interface SpectralResult {
  code: string;
  message: string;
  severity: 0 | 1 | 2 | 3;
  path: Array<string | number>;
  source?: string;
}

const SEVERITY = ['error', 'warning', 'info', 'hint'] as const;

/** Runs `spectral lint` with the project's .spectral.yaml (`spectral:oas`) over `files`, one process for all. */
async function spectralLint(files: readonly string[]): Promise<SpectralResult[]> {
  const args = [
    spectral,
    'lint',
    ...files,
    '--ruleset',
    join(packageRoot, '.spectral.yaml'),
    '--format',
    'json',
    '--quiet',
  ];
  try {
    const { stdout } = await run(process.execPath, args, { cwd: packageRoot, maxBuffer: 16 * 1024 * 1024 });
    return JSON.parse(stdout) as SpectralResult[];
  } catch (error) {
    // spectral exits 1 when it finds an error; the report is still on stdout.
    const stdout = (error as { stdout?: string }).stdout;
    if (stdout === undefined || stdout === '') throw error;
    return JSON.parse(stdout) as SpectralResult[];
  }
}

const spectralLine = (result: SpectralResult): string =>
  `${SEVERITY[result.severity]} ${result.code} /${result.path.join('/')}: ${result.message}`;

describe('Spectral, spectral:oas', () => {
  // One Spectral process reads all three documents (about 2 s of start-up each otherwise).
  let findings: Promise<SpectralResult[]> | undefined;
  const all = (): Promise<SpectralResult[]> => {
    findings ??= spectralLint(API_NAMES.map((api) => specFile(api)));
    return findings;
  };

  it.each(API_NAMES)('finds no error in %s.openapi.yaml', async (api) => {
    const mine = (await all()).filter((result) => result.source === specFile(api));
    expect(mine.filter((result) => result.severity === 0).map(spectralLine)).toEqual([]);
  });

  const scratch = mkdtempSync(join(tmpdir(), 'ticketmock-spectral-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('reports a spec with a duplicate operationId and an array without items', async () => {
    const broken = loadSpec('octopus');
    const services = valueAt(broken, '/paths/~1Location~1{LocationId}~1services/get') as Record<string, unknown>;
    const tickets = valueAt(broken, '/paths/~1Location~1{LocationId}~1tickets/get') as Record<string, unknown>;
    tickets.operationId = services.operationId;
    const schemas = valueAt(broken, '/components/schemas') as Record<string, unknown>;
    schemas.Loose = { type: 'array' };
    const file = join(scratch, 'octopus-broken.openapi.yaml');
    writeFileSync(file, stringify(broken));
    const errors = (await spectralLint([file])).filter((result) => result.severity === 0).map((result) => result.code);
    expect(errors).toContain('operation-operationId-unique');
    expect(errors).toContain('array-items');
  });
});
