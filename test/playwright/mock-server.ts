/**
 * The shared `ticketmock serve` of the session specs: the built CLI (`node
 * dist/server/cli.js serve --port 0 --quiet`, as `npx ticketmock serve` runs it), started
 * once for the run by the global setup. Its teardown is also the check that the specs left
 * the server as they found it: no session open, the default state as it was, nothing in the
 * default journal (every API call went to a session).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { REPO_ROOT } from '../helpers/installed-package.ts';

export interface MockServer {
  readonly url: string;
  /** What the specs left behind, read before stopping (see {@link leftBehind}). */
  check(): Promise<LeftBehind>;
  /** SIGTERM, SIGKILL after 5 s; resolves once the process has exited. */
  stop(): Promise<void>;
}

/** What the global teardown found on the server once every spec had run. */
export interface LeftBehind {
  /** Sessions still open (each test deletes its own). */
  readonly openSessions: string[];
  /** Whether `GET /__mock/state` (no session) reads as it did at the start. */
  readonly defaultStateUnchanged: boolean;
  /** Entries of the default journal: requests no session answered. */
  readonly defaultJournal: unknown[];
}

async function read(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

export async function startMockServer(): Promise<MockServer> {
  const child: ChildProcess = spawn(process.execPath, ['dist/server/cli.js', 'serve', '--port', '0', '--quiet'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit');
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const url = await new Promise<string>((started, failed) => {
    const timer = setTimeout(() => failed(new Error(`ticketmock serve did not start in 60 s: ${out}${err}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (listening?.[1] !== undefined) {
        clearTimeout(timer);
        started(listening[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      failed(new Error(`ticketmock serve exited (${code}) before listening: ${err}`));
    });
  });
  const startState = JSON.stringify(await read(`${url}/__mock/state`));

  return {
    url,
    async check() {
      const { sessions } = (await read(`${url}/__mock/sessions`)) as { sessions: Array<{ id: string }> };
      const state = JSON.stringify(await read(`${url}/__mock/state`));
      const { entries } = (await read(`${url}/__mock/journal`)) as { entries: unknown[] };
      return {
        openSessions: sessions.map((session) => session.id),
        defaultStateUnchanged: state === startState,
        defaultJournal: entries,
      };
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(kill);
    },
  };
}
