/**
 * The package as a user installs it: `npm pack` of this repository's build, installed
 * with npm into a fresh temporary project (its own `package.json`, `"type": "module"`; no
 * workspace, no link back to this repository). Used by the installed-package test
 * (`test/package/`) and the consumer-suite benchmark (`bench/consumer.ts`), issue 14.
 *
 * This is the one place tests reach the network: npm, for the registry, preferring its
 * cache (`--prefer-offline`). Every process started here runs in a process group of its
 * own, so that `cleanup()` also ends what `npx` starts beneath it (`npx` → `sh` → `node`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This repository's root (two levels above this file). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What a finished process left: its exit code (null when a signal ended it) and its output. */
export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time from spawn to close, in milliseconds. */
  readonly ms: number;
}

export interface RunOptions {
  /** Variables added to the cleaned environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** The working folder (default: the project's). */
  readonly cwd?: string;
  /** Kill the process group after this long (default 120 s); the result then has the signal. */
  readonly timeoutMs?: number;
}

/** A process left running (a server): its output so far, and a way to wait for a line. */
export interface Started {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout; rejects if the process ends or time runs out. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** SIGTERM to its group, SIGKILL after `graceMs`; resolves once it has closed. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * The environment of this process without what would tie a child to this repository or
 * this test run: `npm run`'s `npm_*` variables (`npm_config_local_prefix` names this repo),
 * `INIT_CWD`, vitest's own variables and `NODE_OPTIONS` (the runner's loaders), and any
 * `TICKETMOCK_*` credential that would change what `verify` sends.
 */
export function cleanEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|vitest|ticketmock_)/i.test(key)) continue;
    if (['INIT_CWD', 'NODE_OPTIONS', 'NODE_ENV', 'TEST', 'FORCE_COLOR'].includes(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone
  }
}

// A run that ends without cleanup() (a crash, Ctrl+C) still leaves no server behind.
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

function spawnTracked(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveClose) => {
    child.once('error', (error) => {
      stderr += String(error);
      resolveClose({ code: null, signal: null });
    });
    child.once('close', (code, signal) => resolveClose({ code, signal }));
  });
  // a group's leader may end before what it started (npx's node): kill the group once more
  void closed.then(() => {
    killGroup(child, 'SIGKILL');
    running.delete(child);
  });
  return { child, closed, stdout: () => stdout, stderr: () => stderr };
}

/** Runs a command to its end (killing its process group after `timeoutMs`). */
export async function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const cwd = options.cwd ?? REPO_ROOT;
  const spawned = spawnTracked(command, args, cwd, cleanEnv(options.env));
  const timer = setTimeout(() => killGroup(spawned.child, 'SIGKILL'), options.timeoutMs ?? 120_000);
  const { code, signal } = await spawned.closed;
  clearTimeout(timer);
  return { code, signal, stdout: spawned.stdout(), stderr: spawned.stderr(), ms: Date.now() - started };
}

/** Starts a command that keeps running (a server). */
export function start(command: string, args: readonly string[], options: RunOptions = {}): Started {
  const spawned = spawnTracked(command, args, options.cwd ?? REPO_ROOT, cleanEnv(options.env));
  let ended = false;
  void spawned.closed.then(() => {
    ended = true;
  });
  return {
    child: spawned.child,
    stdout: spawned.stdout,
    stderr: spawned.stderr,
    async waitFor(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(spawned.stdout());
        if (match !== null) return match;
        if (ended || Date.now() > deadline) {
          throw new Error(
            `${ended ? 'the process ended' : 'timed out'} before ${pattern} in its output\n` +
              `stdout: ${spawned.stdout()}\nstderr: ${spawned.stderr()}`,
          );
        }
        await new Promise((resolveDelay) => setTimeout(resolveDelay, 50));
      }
    },
    async stop(graceMs = 3_000) {
      if (ended) return;
      killGroup(spawned.child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(spawned.child, 'SIGKILL'), graceMs);
      await spawned.closed;
      clearTimeout(timer);
    },
  };
}

/**
 * The version of a package installed in this repository (`vitest`, `esbuild`, `msw`…), so
 * that a temporary project gets the same one.
 */
export function repoVersion(name: string): string {
  const manifest = join(REPO_ROOT, 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/**
 * `npm pack` of this repository into `destination`, without its scripts: `prepare` is
 * `npm run build`, which `npm test` (and the benchmark) have run already, so the tarball
 * holds the `dist/` in place. Returns the tarball's path.
 */
export async function packPackage(destination: string, root: string = REPO_ROOT): Promise<string> {
  if (!existsSync(join(root, 'dist', 'server', 'cli.js'))) {
    throw new Error(`${root}/dist/ is missing: run \`npm run build\` before packing`);
  }
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', destination], {
    cwd: root,
    timeoutMs: 60_000,
  });
  if (packed.code !== 0) throw new Error(`npm pack failed (${packed.code}):\n${packed.stderr}`);
  const [entry] = JSON.parse(packed.stdout) as Array<{ filename: string }>;
  if (entry === undefined) throw new Error(`npm pack printed no file:\n${packed.stdout}`);
  return join(destination, entry.filename);
}

export interface InstalledProject {
  /** The temporary project, ticketmock installed in its `node_modules`. */
  readonly dir: string;
  /** The packed tarball it was installed from. */
  readonly tarball: string;
  /** How long `npm pack` and `npm install` took, in milliseconds. */
  readonly packMs: number;
  readonly installMs: number;
  /** Writes a file under the project (folders made as needed); returns its absolute path. */
  write(path: string, text: string): Promise<string>;
  /** Runs a command in the project. */
  run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** Starts a long-running command in the project. */
  start(command: string, args: readonly string[], options?: RunOptions): Started;
  /** `npx --no -- ticketmock <args>` in the project: the installed bin, never a download. */
  ticketmock(args: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** Ends every process started here and removes the temporary folders. */
  cleanup(): Promise<void>;
}

export interface InstallOptions {
  /** More packages to install beside the tarball, as `name@version` (e.g. `vitest@4.1.12`). */
  readonly with?: readonly string[];
  /** Folder-name prefix under the system's temporary folder. */
  readonly prefix?: string;
  /** The checkout to pack (default: this repository), e.g. an older commit's built copy to compare with. */
  readonly root?: string;
}

/**
 * Packs this repository and installs the tarball (and `options.with`) into a fresh project
 * under the system's temporary folder, with npm preferring its cache. The caller must call
 * `cleanup()`, in `afterAll` or a `finally`.
 */
export async function installPackedPackage(options: InstallOptions = {}): Promise<InstalledProject> {
  const temp = await mkdtemp(join(tmpdir(), options.prefix ?? 'ticketmock-installed-'));
  const mine = new Set<Started>();
  const cleanup = async (): Promise<void> => {
    await Promise.all([...mine].map((started) => started.stop()));
    await rm(temp, { recursive: true, force: true });
  };
  try {
    const packStarted = Date.now();
    const tarball = await packPackage(temp, options.root);
    const packMs = Date.now() - packStarted;
    const dir = join(temp, 'project');
    await mkdir(dir);
    await writeFile(
      join(dir, 'package.json'),
      `${JSON.stringify({ name: 'ticketmock-consumer', version: '0.0.0', private: true, type: 'module' }, null, 2)}\n`,
    );
    const installed = await run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--save-exact', tarball, ...(options.with ?? [])],
      { cwd: dir, timeoutMs: 300_000 },
    );
    if (installed.code !== 0) {
      throw new Error(`npm install failed (${installed.code ?? installed.signal}):\n${installed.stderr}`);
    }
    const entries = await readdir(join(dir, 'node_modules'), { withFileTypes: true });
    const entry = entries.find((candidate) => candidate.name === 'ticketmock');
    if (entry === undefined || !entry.isDirectory()) {
      throw new Error('node_modules/ticketmock is not a folder of its own (a link back to this repository?)');
    }
    const inProject = (runOptions: RunOptions = {}): RunOptions => ({ ...runOptions, cwd: runOptions.cwd ?? dir });
    return {
      dir,
      tarball,
      packMs,
      installMs: installed.ms,
      async write(path, text) {
        const target = join(dir, path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, text);
        return target;
      },
      run: (command, args, runOptions) => run(command, args, inProject(runOptions)),
      start(command, args, runOptions) {
        const started = start(command, args, inProject(runOptions));
        mine.add(started);
        return started;
      },
      ticketmock: (args, runOptions) => run('npx', ['--no', '--', 'ticketmock', ...args], inProject(runOptions)),
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
