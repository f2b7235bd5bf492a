/**
 * README's "What your tests covered" and "The config file": the coverage commands, run after
 * the run the README describes against `ticketmock serve` on port 0, print the README's
 * table; the TypeScript sample runs as written (the package's imports pointed at the
 * sources); the config sample is a valid file that `serve`, `verify` and `coverage` read.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { consumerCoverage } from '../../src/contract/consumer/coverage.ts';
import { useConfig } from '../../src/server/config.ts';
import { coverageCommand } from '../../src/server/coverage.ts';
import { packageRoot } from '../../src/server/specs.ts';
import { verifyCommand } from '../../src/server/verify.ts';
import { collect, exitCode, killAll, serve, ticketmockIn, waitFor } from '../helpers/cli.ts';

vi.setConfig({ testTimeout: 120_000 });

const run = promisify(execFile);
const readme = await readFile(join(packageRoot, 'README.md'), 'utf8');
const sectionOf = (heading: string) => {
  const start = readme.indexOf(heading);
  return readme.slice(start, readme.indexOf('\n## ', start + 1));
};
const blocks = (section: string, language: string) =>
  [...section.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((match) => match[1] ?? '');
const coverageSection = sectionOf('## What your tests covered');
const configSection = sectionOf('## The config file');

const folders: string[] = [];
async function folder(parent = tmpdir()): Promise<string> {
  const made = await mkdtemp(join(parent, parent === tmpdir() ? 'ticketmock-readme-coverage-' : '.readme-sample-'));
  folders.push(made);
  return made;
}
afterEach(async () => {
  killAll();
  await Promise.all(folders.splice(0).map((made) => rm(made, { recursive: true, force: true })));
});

/** The run the README describes: an Auvious token; a ticket created, read, disabled, revoked; an unknown id; no token; Prefer: code=409. */
async function theRun(base: string): Promise<void> {
  const auth = { authorization: 'Bearer auvious-demo-token' };
  const statuses: number[] = [];
  const call = async (path: string, init: RequestInit = {}) => {
    const answer = await fetch(`${base}${path}`, init);
    statuses.push(answer.status);
    return answer;
  };
  await call('/security/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret',
  });
  const created = await call('/security/ticket', {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'SINGLE_USE_TICKET', properties: { conference_id: 'c-1' } }),
  });
  const { id } = (await created.json()) as { id: string };
  await call(`/security/ticket/${id}`, { headers: auth });
  await call(`/security/ticket/${id}/disable`, { method: 'POST', headers: auth });
  await call(`/security/ticket/${id}/revoke`, { method: 'POST', headers: auth });
  await call('/security/ticket/nos-uch', { headers: auth });
  await call(`/security/ticket/${id}`);
  await call(`/security/ticket/${id}/enable`, { method: 'POST', headers: { ...auth, prefer: 'code=409' } });
  expect(statuses).toEqual([200, 200, 200, 204, 204, 404, 401, 409]);
}

describe('README: What your tests covered', () => {
  it('prints the table the README shows, and exits 1 below --min', async () => {
    const server = await serve('--port', '0', '--quiet');
    await theRun(server.url);
    const cwd = await folder();
    const [curl, coverage] = (blocks(coverageSection, 'sh')[0] ?? '').trim().split('\n');
    await run('sh', ['-c', (curl ?? '').replace('http://127.0.0.1:4010', server.url)], { cwd });
    const words = (coverage ?? '').split(' ');
    expect(words.slice(0, 3)).toEqual(['npx', 'ticketmock', 'coverage']);
    const child = ticketmockIn(cwd, {}, ...words.slice(2));
    const output = collect(child);
    expect(await exitCode(child), output.err()).toBe(1);

    const printed = output.out().trimEnd().split('\n');
    const shown = (blocks(coverageSection, 'text')[0] ?? '').trimEnd().split('\n');
    expect(printed[0]).toBe(shown[0]);
    expect(printed.at(-1)).toBe(shown.at(-1));
    // every line the README shows, in order ("…" stands for lines left out)
    let at = 0;
    for (const line of shown.filter((text) => text !== '…')) {
      const found = printed.indexOf(line, at);
      expect(found, `README line not printed (in order): ${line}`).toBeGreaterThanOrEqual(at);
      at = found + 1;
    }
    expect(shown.filter((line) => line.endsWith('never seen')).length).toBeLessThan(
      printed.filter((line) => line.endsWith('never seen')).length,
    );
  });

  it('runs the TypeScript sample as written, and the file it writes is a journal the command reads', async () => {
    const cwd = await folder(packageRoot);
    const source = (blocks(coverageSection, 'ts')[0] ?? '')
      .replace("from 'ticketmock/contract'", `from '${join(packageRoot, 'src/contract/index.ts')}'`)
      .replace("from 'ticketmock'", `from '${join(packageRoot, 'src/index.ts')}'`);
    await writeFile(join(cwd, 'sample.mts'), source);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(cwd, 'sample.mts')], { cwd });
    expect(stdout).toBe('1.7% seen, meets the minimum: true; first never seen: 200 auvious.createTicket\n');
    const journal = JSON.parse(await readFile(join(cwd, 'journal-1.json'), 'utf8'));
    expect(consumerCoverage([journal])).toMatchObject({ seen: 1, documented: 56 });
  });
});

describe('README: The config file', () => {
  const [sample] = blocks(configSection, 'json');

  it('is a file serve reads, under the flags given (--port 0 over its 4010)', async () => {
    const cwd = await folder();
    await writeFile(join(cwd, 'ticketmock.config.json'), sample ?? '');
    const child = ticketmockIn(cwd, {}, 'serve', '--port', '0');
    const output = collect(child);
    await waitFor(() => output.out().includes('Press Ctrl+C') || child.exitCode !== null, 'serve to start');
    expect(output.err()).toBe('');
    expect(output.out()).toMatch(/listening on http:\/\/127\.0\.0\.1:(?!4010\b)\d+ \(auvious, adminserver; seed 42\)/);
    expect(output.out()).toContain(`state: ${join(cwd, 'mock-state.json')}`);
    expect(output.out()).toContain('"latencyMs":[20,80]');
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
  });

  it('gives verify and coverage their defaults, paths relative to the file', async () => {
    const cwd = await folder();
    await writeFile(join(cwd, 'ticketmock.config.json'), sample ?? '');
    const seen: Record<string, unknown>[] = [];
    const program = useConfig(new Command('ticketmock').exitOverride(), () => cwd);
    verifyCommand(program.command('verify')).action((options: Record<string, unknown>) => {
      seen.push(options);
    });
    coverageCommand(program.command('coverage')).action((_files: string[], options: Record<string, unknown>) => {
      seen.push(options);
    });
    await program.parseAsync(['verify'], { from: 'user' });
    await program.parseAsync(['coverage', 'journal.json'], { from: 'user' });
    expect(seen[0]).toMatchObject({
      api: 'auvious',
      baseUrl: 'https://sandbox.example',
      junit: join(cwd, 'reports', 'contract.xml'),
    });
    expect(seen[1]).toEqual({ api: ['auvious', 'adminserver'], min: 60, junit: join(cwd, 'reports', 'coverage.xml') });
  });
});
