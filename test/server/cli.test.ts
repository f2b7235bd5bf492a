import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/server/prism.ts';
import { packageRoot } from '../../src/server/specs.ts';

const children: ChildProcess[] = [];

/** Runs the ticketmock command from source, as `npm start` runs its build. */
function ticketmock(...args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], {
    cwd: packageRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

function collect(child: ChildProcess): { out: () => string; err: () => string } {
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

function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('ticketmock prism <api>', () => {
  it('prints where the API listens, serves it, and releases the port on Ctrl+C', async () => {
    const child = ticketmock('prism', 'auvious');
    const output = collect(child);
    await waitFor(() => /for auvious on http:\/\/127\.0\.0\.1:\d+/.test(output.out()), 'the start banner');
    const url = /for auvious on (http:\/\/127\.0\.0\.1:\d+)/.exec(output.out())?.[1] ?? '';
    const response = await fetch(`${url}/security/ticket/k3xq7m`, {
      headers: { authorization: 'Bearer auvious-demo-token' },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { id?: string }).id).toBe('k3xq7m');

    child.kill('SIGINT');
    expect(await exitCode(child)).toBe(0);
    expect(await portIsOpen(Number(new URL(url).port))).toBe(false);
  });
});

describe('ticketmock serve --api auvious', () => {
  it('serves the stateful mock, prints the URL and demo credentials, and stops on SIGTERM', async () => {
    const port = await findFreePort();
    const child = ticketmock('serve', '--api', 'auvious', '--port', String(port), '--seed', '3');
    const output = collect(child);
    await waitFor(() => output.out().includes('Press Ctrl+C'), 'the start banner');
    expect(output.out()).toContain(`ticketmock listening on http://127.0.0.1:${port} (auvious; seed 3)`);
    expect(output.out()).toContain('auvious-demo-token');
    const created = await fetch(`http://127.0.0.1:${port}/security/ticket`, {
      method: 'POST',
      headers: { authorization: 'Bearer auvious-demo-token', 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: {} }),
    });
    expect(created.status).toBe(200);
    const state = (await (await fetch(`http://127.0.0.1:${port}/__mock/state`)).json()) as { seed: number };
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
    const port = await findFreePort();
    const child = ticketmock('serve', '--api', 'auvious', '--port', String(port), '--no-control');
    const output = collect(child);
    await waitFor(() => output.out().includes('Press Ctrl+C'), 'the start banner');
    expect((await fetch(`http://127.0.0.1:${port}/__mock/state`)).status).toBe(404);
    child.kill('SIGINT');
    expect(await exitCode(child)).toBe(0);
  });
});

describe('ticketmock serve (every API)', () => {
  it("serves all three APIs on one origin with seeded data and prints each one's credentials", async () => {
    const port = await findFreePort();
    const child = ticketmock('serve', '--port', String(port), '--rate-limit', '2');
    const output = collect(child);
    await waitFor(() => output.out().includes('Press Ctrl+C'), 'the start banner');
    const url = `http://127.0.0.1:${port}`;
    expect(output.out()).toContain(`ticketmock listening on ${url} (octopus, auvious, adminserver; seed 1)`);
    for (const credential of ['octopus-demo-key', 'auvious-demo-token', 'admin@demo.test / demo-password']) {
      expect(output.out()).toContain(credential);
    }
    expect(output.out()).toContain('rate limit: 2 calls per second per caller');
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

describe('bad usage', () => {
  it.each([
    [['bogus'], /unknown command "bogus"/],
    [['serve', '--port', 'abc'], /--port must be 1 to 65535/],
    [['serve', '--api', 'nope'], /unknown API "nope"/],
    [['prism'], /prism takes one API/],
    [['serve', '--frobnicate'], /frobnicate/],
    [['serve', '--seed', 'abc'], /--seed must be a non-negative integer/],
    [['serve', '--seed', '-1'], /--seed/],
    [['serve', '--rate-limit', '0'], /--rate-limit must be a positive integer/],
    [['serve', '--rate-limit', 'fast'], /--rate-limit must be a positive integer/],
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
    expect(output.out()).toMatch(/prism <api>/);
  });
});
