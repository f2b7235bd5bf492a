/**
 * Runs Stoplight Prism's stateless, example-based mock on one of ticketmock's specs.
 *
 * Prism matches request paths against `paths` only and ignores the path part of
 * `servers` (Octopus is served at `https://{server}/rest/{version}`), so the document it
 * gets is a copy with that base path folded into every path, its variables at their
 * defaults: Prism then answers on the same URLs as the real API and ticketmock.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ApiName } from '../apis.js';
import { defaultBasePath } from '../spec/base-path.js';
import type { OpenApiDocument } from '../spec/openapi.js';
import { loadSpec } from './specs.js';

/** A copy of `document` whose paths carry the first server's base path. */
export function withBasePathInPaths(document: OpenApiDocument): OpenApiDocument {
  const base = defaultBasePath(document);
  if (base === '') return document;
  const paths = Object.fromEntries(
    Object.entries(document.paths as Record<string, unknown>).map(([path, item]) => [base + path, item]),
  );
  return { ...document, servers: [{ url: 'http://127.0.0.1' }], paths };
}

/** A port that was free a moment ago (Prism cannot bind port 0 and report it). */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('no port'));
        else resolvePort(address.port);
      });
    });
  });
}

export interface PrismMock {
  readonly api: ApiName;
  /** Base URL, e.g. `http://127.0.0.1:4011`. */
  readonly url: string;
  readonly process: ChildProcess;
  /** Stops Prism and removes its temporary spec; resolves once the process has exited. */
  stop(): Promise<void>;
}

export interface StartPrismOptions {
  api: ApiName;
  host?: string;
  /** Defaults to a free port. */
  port?: number;
  /** Milliseconds to wait for Prism to listen (default 60 s). */
  timeoutMs?: number;
  /** Prism's log level (default `warn`; Prism's own default is `info`). */
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  /** Receives Prism's own output; by default only its tail is kept, for the error message. */
  onOutput?: (chunk: string) => void;
}

/** How a user gets Prism: it is an optional peer of ticketmock, needed by `ticketmock prism` alone. */
const PRISM_INSTALL = 'npm install --save-dev @stoplight/prism-cli@5.14.2';

/**
 * Prism's launcher, found when it is asked for: Prism is an optional peer dependency, so a
 * user's install without it runs every other command.
 */
function prismBin(): string {
  let manifest: string;
  try {
    manifest = createRequire(import.meta.url).resolve('@stoplight/prism-cli/package.json');
  } catch {
    throw new Error(`ticketmock prism needs Prism, which is not installed: ${PRISM_INSTALL}`);
  }
  return join(dirname(manifest), 'dist', 'index.js');
}

/** Resolves once something accepts TCP connections on `host:port`. */
async function waitForPort(host: string, port: number, deadline: number, alive: () => boolean): Promise<void> {
  while (alive()) {
    const open = await new Promise<boolean>((resolveProbe) => {
      const socket = connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolveProbe(true);
      });
      socket.once('error', () => resolveProbe(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${host}:${port}`);
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 100));
  }
  throw new Error('the process exited');
}

/** Starts `prism mock` on the API's spec and resolves when it is listening. */
export async function startPrism(options: StartPrismOptions): Promise<PrismMock> {
  const bin = prismBin();
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await findFreePort(host));
  const folder = mkdtempSync(join(tmpdir(), `ticketmock-prism-${options.api}-`));
  const document = join(folder, `${options.api}.openapi.json`);
  writeFileSync(document, JSON.stringify(withBasePathInPaths(loadSpec(options.api))));

  const level = options.logLevel ?? 'warn';
  const child = spawn(process.execPath, [bin, 'mock', '-h', host, '-p', String(port), '-v', level, document], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  const stop = async (): Promise<void> => {
    if (running()) child.kill('SIGTERM');
    await exited;
    rmSync(folder, { recursive: true, force: true });
  };

  let output = '';
  const onData = (chunk: Buffer): void => {
    const text = chunk.toString();
    output = (output + text).slice(-4000);
    options.onOutput?.(text);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  try {
    await waitForPort(host, port, Date.now() + (options.timeoutMs ?? 60_000), running);
  } catch (error) {
    await stop();
    throw new Error(`Prism did not start for ${options.api} (${(error as Error).message}):\n${output}`);
  }
  return { api: options.api, url: `http://${host}:${port}`, process: child, stop };
}
