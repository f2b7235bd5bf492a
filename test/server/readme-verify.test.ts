/**
 * README's "Verify a real server": its commands run against `ticketmock serve` on port 0
 * (the README's origin and the sandbox swapped for it) and end as the README shows; its
 * TypeScript sample runs as written, with the package's imports pointed at the sources.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { packageRoot } from '../../src/server/specs.ts';
import { collect, exitCode, killAll, serve, ticketmockWith } from '../helpers/cli.ts';

vi.setConfig({ testTimeout: 120_000 });

const readme = await readFile(join(packageRoot, 'README.md'), 'utf8');
const start = readme.indexOf('## Verify a real server');
const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
const blocks = (language: string) =>
  [...section.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((match) => match[1] ?? '');

const folders: string[] = [];
afterEach(async () => {
  killAll();
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/** `npx ticketmock verify …` from a README line, as arguments (quotes and `$VAR`s resolved from `env`). */
function argumentsOf(line: string, env: Record<string, string>): string[] {
  const words = line.match(/"[^"]*"|\S+/g) ?? [];
  expect(words.slice(0, 2)).toEqual(['npx', 'ticketmock']);
  return words
    .slice(2)
    .map((word) => word.replace(/^"(.*)"$/, '$1').replace(/\$(\w+)/g, (_, name: string) => env[name] ?? ''));
}

describe('README: Verify a real server', () => {
  it('runs the first command against npm start and ends as the README shows', async () => {
    const server = await serve('--port', '0', '--quiet');
    const [command] = blocks('sh');
    const args = argumentsOf((command ?? '').trim().replace('http://127.0.0.1:4010', server.url), {});
    const child = ticketmockWith({}, ...args);
    const output = collect(child);
    expect(await exitCode(child)).toBe(0);
    const shown = (blocks('text')[0] ?? '').trimEnd().split('\n');
    const lines = output.out().trimEnd().split('\n');
    expect(lines.at(-1)).toBe(shown.at(-1));
    for (const line of shown.filter((text) => /^ {2}(total|octopus|auvious|adminserver):/.test(text))) {
      expect(lines).toContain(line);
    }
  });

  it('runs the sandbox command with a token from the environment, and writes the JUnit report', async () => {
    const server = await serve('--port', '0', '--quiet');
    const cwd = await mkdtemp(join(tmpdir(), 'ticketmock-readme-verify-'));
    folders.push(cwd);
    const line = (blocks('sh')[1] ?? '').trim().replace('https://sandbox.example', server.url);
    const args = argumentsOf(line, { AUVIOUS_TOKEN: 'auvious-demo-token' }).map((word) =>
      word.startsWith('reports/') ? join(cwd, word) : word,
    );
    const child = ticketmockWith({}, ...args);
    const output = collect(child);
    expect(await exitCode(child), output.out()).toBe(0);
    expect(output.out()).toMatch(/\n\d+ passed, 0 failed, \d+ skipped\n$/);
    expect(await readFile(join(cwd, 'reports', 'auvious.xml'), 'utf8')).toMatch(/<testsuite name="auvious"/);
  });

  it('runs the drift command against two ticketmocks (no drift), and shows a report the reporter prints', async () => {
    const [sandbox, mock] = await Promise.all([
      serve('--port', '0', '--quiet', '--seed', '42'),
      serve('--port', '0', '--quiet'),
    ]);
    const line = (blocks('sh')[2] ?? '')
      .trim()
      .replace('https://sandbox.example', sandbox.url)
      .replace('http://127.0.0.1:4010', mock.url);
    const child = ticketmockWith({}, ...argumentsOf(line, {}), '--runs', '5');
    const output = collect(child);
    expect(await exitCode(child), output.out()).toBe(0);
    expect(output.out()).toMatch(/\nno drift: (\d+)\/\1 compared steps and verdicts agree \(fidelity 100%\)\n$/);
    const shown = (blocks('text')[1] ?? '').trimEnd().split('\n');
    expect(shown[0]).toBe(
      'ticketmock verify: auvious at https://sandbox.example (real) compared with http://127.0.0.1:4010 (mock)',
    );
    expect(shown).toContain('Fidelity (compared steps and check verdicts that agree):');
    expect(shown.at(-1)).toMatch(
      /^drift: \d+ distinct differences at \d+ steps; \d+\/\d+ compared steps and verdicts agree \(fidelity \d+(\.\d)?%\)$/,
    );
  });

  it('runs the TypeScript sample and prints no failure', async () => {
    const cwd = await mkdtemp(join(packageRoot, '.readme-sample-'));
    folders.push(cwd);
    const source = (blocks('ts')[0] ?? '')
      .replace("from 'ticketmock/contract'", `from '${join(packageRoot, 'src/contract/index.ts')}'`)
      .replace("from 'ticketmock'", `from '${join(packageRoot, 'src/index.ts')}'`);
    const file = join(cwd, 'sample.mts');
    await writeFile(file, source);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', file], { cwd: packageRoot });
    expect(stdout).toMatch(/^0 failed, coverage \d+(\.\d)?%\n$/);
  });
});
