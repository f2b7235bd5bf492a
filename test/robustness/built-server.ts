/**
 * The standalone server as users run it (`node dist/server/cli.js serve --port 0`), for the
 * robustness tests, and a small node:http client with a socket pool of its own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { packageRoot } from '../../src/server/specs.ts';
import { collect } from '../helpers/cli.ts';

const CLI = join(packageRoot, 'dist/server/cli.js');

/** Fails with a clear message when `npm run build` is missing or older than the source. */
function assertBuilt(): void {
  let built: number;
  try {
    built = statSync(CLI).mtimeMs;
  } catch {
    throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  }
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
        entry.isDirectory() ? newest(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs,
      ),
    );
  if (newest(join(packageRoot, 'src')) > built) {
    throw new Error('dist/ is older than src/: run `npm run build` first (these tests run the built CLI)');
  }
}

export interface BuiltServer {
  readonly child: ChildProcess;
  readonly url: string;
  readonly port: number;
  /** What the server wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/** Starts `ticketmock serve --port 0 --quiet <args>` from dist/ and waits for its banner. */
export async function startBuiltServer(...args: string[]): Promise<BuiltServer> {
  assertBuilt();
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--quiet', ...args], {
    cwd: packageRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const { out, err } = collect(child);
  const stop = async (graceMs = 10_000): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      return await closed;
    } finally {
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + 30_000;
  while (!out().includes('Press Ctrl+C')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop(0);
      throw new Error(`ticketmock serve did not start: ${err()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out())?.[1];
  if (url === undefined) {
    await stop(0);
    throw new Error(`no URL in the banner: ${out()}`);
  }
  return { child, url, port: Number(new URL(url).port), stderr: err, stop };
}

export interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response fields directly
  readonly json: any;
}

export interface RequestOptions {
  readonly headers?: Record<string, string>;
  readonly json?: unknown;
  readonly form?: Record<string, string>;
}

/** A JSON-in, JSON-out client over node:http through `agent` (its pool bounds the sockets). */
export function httpClient(baseUrl: string, agent: http.Agent) {
  return (method: string, path: string, options: RequestOptions = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    return new Promise((resolve, reject) => {
      const request = http.request(new URL(path, baseUrl), { method, headers, agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
        });
      });
      request.setTimeout(20_000, () => request.destroy(new Error(`${method} ${path}: no answer within 20 s`)));
      request.on('error', reject);
      request.end(body);
    });
  };
}

/** The resident set size of a process in KiB, from /proc (Linux); undefined elsewhere. */
export function residentKiB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

/** How many file descriptors a process holds, from /proc (Linux); undefined elsewhere. */
export function openFds(pid: number): number | undefined {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return undefined;
  }
}
