/**
 * README's "Try each API": every curl line, run with the real curl against a fresh
 * standalone server (the README's origin swapped for its port-0 URL), answers the status
 * its comment gives.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/server/specs.ts';
import { standalone, type Target } from '../helpers/targets.ts';

const run = promisify(execFile);
const README_ORIGIN = 'http://127.0.0.1:4010';

interface Example {
  readonly api: string;
  readonly comment: string;
  readonly command: string;
  readonly status: number;
}

/** The `sh` blocks under each `###` heading of the section, as (comment, command, status). */
function examples(readme: string): Example[] {
  const start = readme.indexOf('## Try each API');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end);
  const found: Example[] = [];
  for (const part of section.split('\n### ').slice(1)) {
    const api = part.split('\n')[0] ?? '';
    for (const block of part.matchAll(/```sh\n([\s\S]*?)```/g)) {
      let comment = '';
      for (const line of (block[1] ?? '').split('\n')) {
        if (line.startsWith('#')) comment = line;
        else if (line.startsWith('curl ')) {
          const status = /\((\d{3})\)\s*$/.exec(comment)?.[1];
          if (status === undefined) throw new Error(`no (status) in the comment before: ${line}`);
          found.push({ api, comment, command: line, status: Number(status) });
        } else if (line.trim() !== '')
          throw new Error(`a line that is neither a comment nor one curl command: ${line}`);
      }
    }
  }
  return found;
}

const readme = await readFile(join(packageRoot, 'README.md'), 'utf8');
const EXAMPLES = examples(readme);

describe('README: Try each API', () => {
  let server: Target;
  let cwd: string;

  beforeAll(async () => {
    server = await standalone.start(['octopus', 'auvious', 'adminserver']);
    cwd = await mkdtemp(join(tmpdir(), 'ticketmock-readme-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(cwd, { recursive: true, force: true });
  });

  it('has three or four curl lines per API', () => {
    const perApi = new Map<string, number>();
    for (const example of EXAMPLES) perApi.set(example.api, (perApi.get(example.api) ?? 0) + 1);
    expect([...perApi.keys()].map((api) => api.split(' ')[0])).toEqual(['Octopus', 'Auvious', 'Adminserver']);
    for (const count of perApi.values()) expect(count).toBeGreaterThanOrEqual(3);
    for (const example of EXAMPLES) expect(example.command).toContain(README_ORIGIN);
  });

  // in order: the Adminserver lines share the cookie jar the login writes
  it.each(EXAMPLES.map((example) => [example.api.split(' ')[0], example.comment, example] as const))(
    '%s %s',
    async (_api, _comment, example) => {
      const command = `${example.command.replaceAll(README_ORIGIN, server.baseUrl)} -w '\\n%{http_code}'`;
      const { stdout } = await run('bash', ['-c', command], { cwd, timeout: 30_000 });
      const lines = stdout.split('\n');
      const status = Number(lines.pop());
      expect(status, stdout).toBe(example.status);
      // every answer is JSON in the API's shape (the server has checked it against the spec)
      expect(() => JSON.parse(lines.join('\n'))).not.toThrow();
    },
  );
});
