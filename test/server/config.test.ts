/**
 * `ticketmock.config.json`: found in the working directory or named with `--config`,
 * checked against the published schema (a bad file: exit 2 with the JSON pointer), and
 * below the flags and `TICKETMOCK_*` variables in precedence, above the flags' defaults.
 * `verify` and `coverage` are driven in-process through the same `useConfig` the CLI
 * installs (their actions replaced to capture the options they get); `serve` is spawned.
 */
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FAULT_CONFIG_SCHEMA } from '../../src/core/faults.ts';
import { UsageError } from '../../src/server/arguments.ts';
import { CONFIG_SCHEMA_PATH, useConfig } from '../../src/server/config.ts';
import { coverageCommand } from '../../src/server/coverage.ts';
import { verifyCommand } from '../../src/server/verify.ts';
import { collect, exitCode, killAll, ticketmockIn, waitFor } from '../helpers/cli.ts';

vi.setConfig({ testTimeout: 120_000 });

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'ticketmock-config-'));
});
afterEach(async () => {
  killAll();
  vi.unstubAllEnvs();
  await rm(folder, { recursive: true, force: true });
});

async function writeConfig(dir: string, config: unknown, name = 'ticketmock.config.json'): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(path, typeof config === 'string' ? config : JSON.stringify(config));
  return path;
}

/** The options `verify` or `coverage` would run with, after `useConfig`, for these arguments in `cwd`. */
async function optionsOf(cwd: string, ...args: string[]): Promise<Record<string, unknown>> {
  const program = useConfig(new Command('ticketmock').exitOverride(), () => cwd);
  let seen: Record<string, unknown> = {};
  verifyCommand(program.command('verify')).action((options: Record<string, unknown>) => {
    seen = options;
  });
  coverageCommand(program.command('coverage')).action((_files: string[], options: Record<string, unknown>) => {
    seen = options;
  });
  await program.parseAsync(args, { from: 'user' });
  return seen;
}

const schema = JSON.parse(await readFile(CONFIG_SCHEMA_PATH, 'utf8')) as {
  properties: Record<string, { properties: Record<string, unknown> }>;
  $defs: { faults: unknown };
};

describe('where the config file comes from', () => {
  it('is ticketmock.config.json in the working directory; its paths are relative to it', async () => {
    await writeConfig(folder, {
      verify: { api: 'auvious', baseUrl: 'http://mock.test:4010', seed: 7, junit: 'r/j.xml' },
    });
    expect(await optionsOf(folder, 'verify')).toMatchObject({
      api: 'auvious',
      baseUrl: 'http://mock.test:4010',
      seed: 7,
      junit: join(folder, 'r', 'j.xml'),
    });
  });

  it('is --config <file> when given (relative to the working directory), not the one there', async () => {
    await writeConfig(folder, { verify: { api: 'auvious' } });
    await writeConfig(join(folder, 'ci'), { verify: { api: 'octopus', json: 'out.json' } }, 'ci.json');
    const options = await optionsOf(folder, 'verify', '--config', 'ci/ci.json');
    expect(options).toMatchObject({ api: 'octopus', json: join(folder, 'ci', 'out.json') });
    expect(await optionsOf(folder, '--config', 'ci/ci.json', 'coverage', 'a.json')).toEqual({});
  });

  it('is none when the working directory has none: the defaults hold', async () => {
    expect(await optionsOf(folder, 'verify')).toMatchObject({ api: 'all', baseUrl: 'http://127.0.0.1:4010' });
  });
});

describe('precedence: flag, then TICKETMOCK_* variable, then the file, then the default', () => {
  beforeEach(async () => {
    await writeConfig(folder, {
      verify: { baseUrl: 'http://file.test', mutating: true, runs: 3 },
      coverage: { min: 80, api: ['auvious', 'octopus'], json: '-' },
    });
  });

  it.each([
    [['verify'], {}, 'http://file.test'],
    [['verify'], { TICKETMOCK_BASE_URL: 'http://env.test' }, 'http://env.test'],
    [['verify', '--base-url', 'http://flag.test'], { TICKETMOCK_BASE_URL: 'http://env.test' }, 'http://flag.test'],
  ])('verify %j with %j runs against %s', async (args, env, baseUrl) => {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    expect((await optionsOf(folder, ...args)).baseUrl).toBe(baseUrl);
  });

  it("lets --read-only undo the file's mutating, and a flag's number replace the file's", async () => {
    expect(await optionsOf(folder, 'verify')).toMatchObject({ mutating: true, runs: 3 });
    expect(await optionsOf(folder, 'verify', '--read-only', '--runs', '9')).toMatchObject({ mutating: false, runs: 9 });
  });

  it("reads the file's values as the flags read theirs, and lets the flags win", async () => {
    expect(await optionsOf(folder, 'coverage', 'a.json')).toEqual({ min: 80, api: ['auvious', 'octopus'], json: '-' });
    expect(await optionsOf(folder, 'coverage', 'a.json', '--min', '12.5', '--api', 'adminserver')).toEqual({
      min: 12.5,
      api: ['adminserver'],
      json: '-',
    });
  });
});

describe('a bad config file', () => {
  it.each([
    ['{"verify": ', /: not JSON \(/],
    [{ serve: { port: 70000 } }, /: \/serve\/port: must be <= 65535$/],
    [{ serve: { prot: 4010 } }, /: \/serve\/prot: unknown key$/],
    [{ verify: { token: 'secret' } }, /: \/verify\/token: unknown key$/],
    [{ coverage: { api: ['auvious', 'nope'] } }, /: \/coverage\/api\/1: must be one of octopus, auvious, adminserver$/],
    [{ coverage: { min: 101 } }, /: \/coverage\/min: must be <= 100$/],
    [{ serve: { delay: '5-x' } }, /: \/serve\/delay: must match pattern/],
    [{ serve: { faults: { errorRate: 2 } } }, /: \/serve\/faults\/errorRate: must be <= 1$/],
    [{ serve: { controlTokenEnv: 'not a name' } }, /: \/serve\/controlTokenEnv: must match pattern/],
    [{ verify: { baseUrl: 'ftp://x' } }, /: \/verify\/baseUrl: must be an http\(s\) URL\.$/],
    [{ tests: {} }, /: \/tests: unknown key$/],
    [[], /: \/: must be object$/],
  ])('%j is refused with the pointer and the reason', async (config, message) => {
    const path = await writeConfig(folder, config);
    const refusal = optionsOf(folder, 'verify');
    await expect(refusal).rejects.toThrow(UsageError);
    await expect(refusal).rejects.toThrow(message);
    await expect(refusal).rejects.toThrow(path);
  });

  it('lists every problem, one line each', async () => {
    await writeConfig(folder, { serve: { port: -1, quiet: 'yes' }, verify: { runs: 0 } });
    const error = await optionsOf(folder, 'verify').catch((caught: Error) => caught);
    expect((error as Error).message.split('\n').map((line) => line.slice(line.indexOf(': ') + 2))).toEqual([
      '/serve/port: must be >= 0',
      '/serve/quiet: must be boolean',
      '/verify/runs: must be >= 1',
    ]);
  });

  it('named with --config and missing is refused', async () => {
    await expect(optionsOf(folder, '--config', 'nope.json', 'verify')).rejects.toThrow(
      /nope\.json: cannot read the config file \(ENOENT\)/,
    );
  });
});

describe('the published schema', () => {
  it('holds the fault configuration exactly as PUT /__mock/faults checks it', () => {
    expect(schema.$defs.faults).toEqual(FAULT_CONFIG_SCHEMA);
  });

  it('names only flags of verify and coverage', () => {
    const program = new Command('ticketmock');
    const flags = (command: Command) => command.options.map((option) => option.attributeName());
    expect(flags(verifyCommand(program.command('verify')))).toEqual(
      expect.arrayContaining(Object.keys(schema.properties.verify?.properties ?? {})),
    );
    expect(flags(coverageCommand(program.command('coverage')))).toEqual(
      expect.arrayContaining(Object.keys(schema.properties.coverage?.properties ?? {})),
    );
  });
});

/** `ticketmock serve` in `cwd` with these arguments, once it listens or exits. */
async function serveIn(cwd: string, env: Record<string, string>, ...args: string[]) {
  const child = ticketmockIn(cwd, env, 'serve', ...args);
  const output = collect(child);
  await waitFor(() => output.out().includes('Press Ctrl+C') || child.exitCode !== null, 'serve to start or exit');
  return { child, output, url: /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output.out())?.[1] };
}

describe('ticketmock serve with a config file', () => {
  it('takes its defaults from the file in the working directory, flags first, and names only its own flags', async () => {
    await writeConfig(folder, {
      $schema: './node_modules/ticketmock/schema/ticketmock.config.schema.json',
      serve: {
        port: 0,
        api: ['auvious', 'octopus'],
        seed: 7,
        quiet: true,
        state: 'data/state.json',
        faults: { routes: { 'auvious.getTicket': { errorRate: 1, errorStatus: 503 } } },
        controlTokenEnv: 'MY_CONTROL_TOKEN',
      },
    });
    await mkdir(join(folder, 'data'));
    const { child, output, url } = await serveIn(folder, { MY_CONTROL_TOKEN: 'from-env' }, '--api', 'auvious');
    expect(url, output.err()).toBeDefined();
    expect(output.out()).toContain(`listening on ${url} (auvious; seed 7)`);
    expect(output.out()).toContain(`state: ${join(folder, 'data', 'state.json')}`);
    expect(output.out()).toContain('(token required)');
    const read = await fetch(`${url}/security/ticket/k3x-q7m`, {
      headers: { authorization: 'Bearer auvious-demo-token' },
    });
    expect(read.status).toBe(503);
    expect((await fetch(`${url}/__mock/clock`)).status).toBe(401);
    expect((await fetch(`${url}/__mock/clock`, { headers: { 'x-mock-token': 'from-env' } })).status).toBe(200);
    // --quiet from the file: no access log
    expect(output.out()).not.toContain('GET /security/ticket/k3x-q7m');
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
    expect((await stat(join(folder, 'data', 'state.json'))).isFile()).toBe(true);

    const help = ticketmockIn(folder, {}, 'serve', '--help');
    const helpOutput = collect(help);
    expect(await exitCode(help)).toBe(0);
    const flags = [...helpOutput.out().matchAll(/--(?:no-)?([a-z-]+)/g)].map(([, flag]) =>
      (flag ?? '').replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()),
    );
    const keys = Object.keys(schema.properties.serve?.properties ?? {}).filter((key) => key !== 'controlTokenEnv');
    expect(flags).toEqual(expect.arrayContaining(keys));
  });

  it('exits 2 on a bad file, with the pointer and no stack trace, and on a token variable that is not set', async () => {
    await writeConfig(folder, { serve: { port: 0, rateLimit: 0 } });
    const bad = await serveIn(folder, {});
    expect(await exitCode(bad.child)).toBe(2);
    expect(bad.output.err()).toContain(`${join(folder, 'ticketmock.config.json')}: /serve/rateLimit: must be >= 1\n`);
    expect(bad.output.err()).not.toMatch(/\n\s+at /);

    const other = join(folder, 'elsewhere');
    await writeConfig(other, { serve: { port: 0, controlTokenEnv: 'NOT_SET_ANYWHERE' } }, 'mock.json');
    const unset = await serveIn(folder, {}, '--config', 'elsewhere/mock.json');
    expect(await exitCode(unset.child)).toBe(2);
    expect(unset.output.err()).toContain('/serve/controlTokenEnv: NOT_SET_ANYWHERE is not set');
  });
});
