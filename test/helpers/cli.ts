/**
 * Running the `ticketmock` command from source in tests, as `npm start` runs its build.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../../src/server/specs.ts';

const children: ChildProcess[] = [];
/** Each child's exit code once its output streams have closed too (`'close'`, not `'exit'`). */
const closed = new WeakMap<ChildProcess, Promise<number | null>>();

/**
 * Runs the ticketmock command from source, as `npm start` runs its build, in a process
 * group of its own so that `killAll` also reaches what it starts (Prism).
 */
export function ticketmock(...args: string[]): ChildProcess {
  return ticketmockWith({}, ...args);
}

/** {@link ticketmock} with variables added to its environment. */
export function ticketmockWith(env: Readonly<Record<string, string>>, ...args: string[]): ChildProcess {
  return ticketmockIn(packageRoot, env, ...args);
}

/** {@link ticketmockWith} run in the folder `cwd` (where `ticketmock.config.json` is looked up). */
export function ticketmockIn(cwd: string, env: Readonly<Record<string, string>>, ...args: string[]): ChildProcess {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawn(process.execPath, ['--import', tsx, join(packageRoot, 'src/server/cli.ts'), ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, ...env },
  });
  closed.set(child, new Promise((resolve) => child.once('close', (code) => resolve(code))));
  children.push(child);
  return child;
}

export function collect(child: ChildProcess): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  return { out: () => out, err: () => err };
}

/** The child's exit code (null when a signal killed it), once all its output has been read. */
export function exitCode(child: ChildProcess): Promise<number | null> {
  const done = closed.get(child);
  if (done === undefined) throw new Error('exitCode() works on children started by ticketmock()');
  return done;
}

export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** `ticketmock serve <args>` on the port the args give (use `--port 0`), once its banner says it listens. */
export async function serve(...args: string[]): Promise<{
  child: ChildProcess;
  output: ReturnType<typeof collect>;
  url: string;
  port: number;
}> {
  const child = ticketmock('serve', ...args);
  const output = collect(child);
  await waitFor(() => output.out().includes('Press Ctrl+C') || child.exitCode !== null, 'the start banner');
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output.out())?.[1];
  if (url === undefined) throw new Error(`serve did not start: ${output.err()}`);
  return { child, output, url, port: Number(new URL(url).port) };
}

/** Kills every child still running, and its process group (call it in `afterEach`). */
export function killAll(): void {
  for (const child of children.splice(0)) {
    if (child.pid === undefined) continue;
    try {
      // the group outlives its leader while a member (Prism) still runs
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // nothing left in the group
    }
  }
}
