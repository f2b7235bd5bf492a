import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEVTOOLS_HOST_VERSION } from '../../src/devtools/host.ts';
import { collect, exitCode, killAll, portIsOpen, serve, ticketmock, waitFor } from '../helpers/cli.ts';
import { REPO_ROOT } from '../helpers/installed-package.ts';

// every test starts the command from source (tsx), which takes seconds under a full parallel run
vi.setConfig({ testTimeout: 120_000 });

const folders: string[] = [];
async function temporaryFolder(prefix: string): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

afterEach(async () => {
  killAll();
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

describe('ticketmock prism <api>', () => {
  it('prints where the API listens, serves it, and releases the port on Ctrl+C', async () => {
    const child = ticketmock('prism', 'auvious');
    const output = collect(child);
    await waitFor(() => /for auvious on http:\/\/127\.0\.0\.1:\d+/.test(output.out()), 'the start banner');
    const url = /for auvious on (http:\/\/127\.0\.0\.1:\d+)/.exec(output.out())?.[1] ?? '';
    const response = await fetch(`${url}/security/ticket/k3x-q7m`, {
      headers: { authorization: 'Bearer auvious-demo-token' },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { id?: string }).id).toBe('k3x-q7m');

    child.kill('SIGINT');
    expect(await exitCode(child)).toBe(0);
    expect(await portIsOpen(Number(new URL(url).port))).toBe(false);
  });
});

describe('ticketmock serve --api auvious', () => {
  it('serves the stateful mock, prints the URL and demo credentials, and stops on SIGTERM', async () => {
    const { child, output, url, port } = await serve('--api', 'auvious', '--port', '0', '--seed', '3');
    expect(output.out()).toContain(`ticketmock listening on ${url} (auvious; seed 3)`);
    expect(output.out()).toContain('auvious-demo-token');
    const created = await fetch(`${url}/security/ticket`, {
      method: 'POST',
      headers: { authorization: 'Bearer auvious-demo-token', 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: {} }),
    });
    expect(created.status).toBe(200);
    const state = (await (await fetch(`${url}/__mock/state`)).json()) as { seed: number };
    expect(state.seed).toBe(3);

    const second = ticketmock('serve', '--api', 'auvious', '--port', String(port));
    const secondOutput = collect(second);
    expect(await exitCode(second)).toBe(1);
    expect(secondOutput.err()).toMatch(new RegExp(`port ${port} on 127.0.0.1 is already in use`));
    expect(secondOutput.err().trim().split('\n')).toHaveLength(1);

    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
    expect(await portIsOpen(port)).toBe(false);
  });

  it('keeps the control API off with --no-control', async () => {
    const { child, url } = await serve('--api', 'auvious', '--port', '0', '--no-control');
    expect((await fetch(`${url}/__mock/state`)).status).toBe(404);
    child.kill('SIGINT');
    expect(await exitCode(child)).toBe(0);
  });
});

describe('ticketmock serve (every API)', () => {
  it("serves all three APIs on one origin with seeded data and prints each one's credentials", async () => {
    const { child, output, url, port } = await serve('--port', '0', '--rate-limit', '2');
    expect(output.out()).toContain(`ticketmock listening on ${url} (octopus, auvious, adminserver; seed 1)`);
    for (const credential of ['octopus-demo-key', 'auvious-demo-token', 'admin@demo.test / demo-password']) {
      expect(output.out()).toContain(credential);
    }
    expect(output.out()).toContain('faults: {"rateLimitPerSecond":2}');
    expect(output.out()).not.toMatch(/Prism/);

    const services = await fetch(`${url}/rest/v1/Location/28XXX004/services`, {
      headers: { authorization: 'Bearer octopus-demo-key' },
    });
    expect(services.status).toBe(200);
    expect(((await services.json()) as { pagination: { rows: number } }).pagination.rows).toBe(9);

    const login = await fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.test', password: 'demo-password' }),
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/^sessionId=[0-9a-f]{32};/);
    // the flag sets the rate limit (its behaviour is tested on a frozen clock in test/adminserver)
    const faults = (await (await fetch(`${url}/__mock/faults`)).json()) as { rateLimitPerSecond?: number };
    expect(faults.rateLimitPerSecond).toBe(2);

    const auvious = await fetch(`${url}/security/ticket/nosuch`, {
      headers: { authorization: 'Bearer auvious-demo-token' },
    });
    expect(auvious.status).toBe(404);

    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
    expect(await portIsOpen(port)).toBe(false);
  });
});

describe('ticketmock serve: log, faults, delay', () => {
  it('logs one line per request (no colour off a terminal), applies --faults and --delay', async () => {
    const faults = join(await temporaryFolder('ticketmock-cli-'), 'faults.json');
    await writeFile(faults, JSON.stringify({ routes: { 'auvious.getTicket': { errorRate: 1, errorStatus: 503 } } }));
    const { child, output, url } = await serve('--port', '0', '--api', 'auvious', '--faults', faults, '--delay', '50');
    expect(output.out()).toContain(
      'faults: {"routes":{"auvious.getTicket":{"errorRate":1,"errorStatus":503}},"latencyMs":50}',
    );
    const response = await fetch(`${url}/security/ticket/abc123?x=1`, {
      headers: { authorization: 'Bearer auvious-demo-token' },
    });
    expect(response.status).toBe(503);
    // a route's rule replaces the global one: the delay holds on the other operations
    const started = performance.now();
    const other = await fetch(`${url}/security/ticket/abc123/event`, {
      headers: { authorization: 'Bearer auvious-demo-token' },
    });
    expect(other.status).toBe(404);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    await waitFor(() => /GET \/security\/ticket\/abc123 503 \d+\.\d ms\n/.test(output.out()), 'the access log line');
    expect(output.out()).not.toContain('\u001b['); // no colour codes: stdout is a pipe here
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
  });

  it('--quiet drops the access log but keeps the banner', async () => {
    const { child, output, url } = await serve('--port', '0', '--api', 'octopus', '--quiet');
    const response = await fetch(`${url}/rest/v1/Location/28XXX004/services`, {
      headers: { authorization: 'Bearer octopus-demo-key' },
    });
    expect(response.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
    expect(output.out()).toContain('octopus-demo-key');
    expect(output.out()).not.toMatch(/^GET /m);
  });
});

describe('ticketmock init-worker <dir>', () => {
  it("copies msw's mockServiceWorker.js into the folder, creating it", async () => {
    const target = join(await temporaryFolder('ticketmock-worker-'), 'public', 'nested');
    const child = ticketmock('init-worker', target);
    const output = collect(child);
    expect(await exitCode(child)).toBe(0);
    const written = await readFile(join(target, 'mockServiceWorker.js'), 'utf8');
    const original = await readFile(createRequire(import.meta.url).resolve('msw/mockServiceWorker.js'), 'utf8');
    expect(written).toBe(original);
    expect(written).toContain('PACKAGE_VERSION');
    expect(output.out()).toContain(join(target, 'mockServiceWorker.js'));
    // beside it, the devtools panel's file that startMocks({ devtools: true }) imports
    const panel = join(target, 'ticketmock-devtools.js');
    expect(await readFile(panel, 'utf8')).toBe(
      await readFile(join(REPO_ROOT, 'dist/ui/ticketmock-devtools.js'), 'utf8'),
    );
    expect(output.out()).toContain(panel);
    const loaded = (await import(pathToFileURL(panel).href)) as { mountDevtools?: unknown; hostVersion?: unknown };
    expect(typeof loaded.mountDevtools).toBe('function');
    expect(loaded.hostVersion).toBe(DEVTOOLS_HOST_VERSION);
  });
});

describe('bad usage', () => {
  it.each([
    [['bogus'], /unknown command 'bogus'/],
    [['serve', '--port', 'abc'], /'--port <port>' argument 'abc' is invalid\. must be 0 to 65535/],
    [['serve', '--api', 'nope'], /unknown API "nope"/],
    [['prism'], /missing required argument 'api'/],
    [['prism', 'nope'], /prism takes one API/],
    [['serve', '--frobnicate'], /unknown option '--frobnicate'/],
    [['serve', '--seed', 'abc'], /'--seed <n>' argument 'abc' is invalid\. must be a non-negative integer/],
    [['serve', '--seed', '-1'], /'--seed <n>' argument '-1' is invalid\. must be a non-negative integer/],
    [
      ['serve', '--rate-limit', '0'],
      /'--rate-limit <n>' argument '0' is invalid\. must be 1 to 1000000 \(calls per second\)/,
    ],
    [['serve', '--rate-limit', 'fast'], /must be 1 to 1000000/],
    [['serve', '--rate-limit', '1000001'], /'--rate-limit <n>' argument '1000001' is invalid\. must be 1 to 1000000/],
    [['serve', '--delay', '500-50'], /'--delay <ms>' argument '500-50' is invalid/],
    [['serve', '--faults', 'no-such-file.json'], /--faults no-such-file\.json: ENOENT/],
    [['serve', 'extra'], /too many arguments/],
  ])('ticketmock %j exits 2 with a one-line reason', async (args, message) => {
    const child = ticketmock(...args);
    const output = collect(child);
    expect(await exitCode(child)).toBe(2);
    expect(output.err()).toMatch(message);
    expect(output.err()).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('--help lists the commands', async () => {
    const child = ticketmock('--help');
    const output = collect(child);
    expect(await exitCode(child)).toBe(0);
    expect(output.out()).toMatch(/serve/);
    expect(output.out()).toMatch(/prism \[options\] <api>/);
    expect(output.out()).toMatch(/init-worker <dir>/);
    expect(output.out()).toMatch(/coverage \[options\] <files\.\.\.>/);
    expect(output.out()).toMatch(/--config <file>/);
  });
});
