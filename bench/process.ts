/**
 * The benchmarks' processes: a server started in a process group of its own (so that `npm
 * start` and what it starts stop together), its URL read from its banner, its time to a
 * first 200, its RSS and open descriptors (Linux `/proc`).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(fileURLToPath(import.meta.url), '..', '..');

export interface Server {
  readonly url: string;
  readonly child: ChildProcess;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-(child.pid as number), signal);
  } catch {
    // already gone
  }
}

/** Starts `command args` in the project folder and resolves once it prints `listening on <url>`. */
export function launch(command: string, args: readonly string[], env: Record<string, string> = {}): Promise<Server> {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let text = '';
  return new Promise((resolveServer, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
      if (url !== undefined) resolveServer({ url, child });
    });
    child.once('exit', (code) =>
      reject(new Error(`${command} ${args.join(' ')} exited with ${code} before listening`)),
    );
  });
}

/** `ticketmock serve` from dist/ on a free port, quiet, with `extra` flags. */
export const serveTicketmock = (...extra: string[]): Promise<Server> =>
  launch(process.execPath, ['dist/server/cli.js', 'serve', '--port', '0', '--quiet', ...extra]);

/** SIGTERM to the whole group; resolves once the process has exited. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  killGroup(child, 'SIGTERM');
  await exited;
}

/** Milliseconds from spawning `command args` to the first 200 from `path` (with `headers`); then stops it. */
export async function timeToFirst200(
  command: string,
  args: readonly string[],
  path: string,
  headers: Record<string, string>,
): Promise<number> {
  const started = performance.now();
  const server = await launch(command, args);
  for (;;) {
    try {
      const response = await fetch(`${server.url}${path}`, { headers });
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // not answering yet
    }
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 2));
  }
  const elapsed = performance.now() - started;
  await stop(server.child);
  return elapsed;
}

/** Resident set size of a process, in MB. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
}

/** How many file descriptors a process holds open. */
export function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ). */
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU time a process has used so far (user + system), in seconds (Linux `/proc/<pid>/stat`). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the fields after the command name, which is in parentheses and may hold spaces
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}
