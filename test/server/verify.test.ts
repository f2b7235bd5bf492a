/**
 * `ticketmock verify` as a user runs it: against `ticketmock serve` it passes and writes
 * its reports; against a server that breaks the contract it exits 1 and says where; bad
 * usage and an unreachable target exit 2 with a message, not a stack trace.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContractResult, DriftResult } from '../../src/contract/index.ts';
import { collect, exitCode, killAll, serve, ticketmock, ticketmockWith } from '../helpers/cli.ts';

vi.setConfig({ testTimeout: 120_000 });

const folders: string[] = [];
const proxies: Server[] = [];
afterEach(async () => {
  killAll();
  await Promise.all(proxies.splice(0).map((proxy) => new Promise((resolve) => proxy.close(resolve))));
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/**
 * The issue's proxy in front of `target`: a GET of an Auvious ticket the target does not
 * have (unknown or deleted) is answered 200 with a made-up ticket; everything else passes.
 */
async function comesBackProxy(target: string): Promise<string> {
  const proxy = createHttpServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host',
      ),
    );
    const body = chunks.length > 0 ? Buffer.concat(chunks) : null;
    const answer = await fetch(`${target}${request.url}`, {
      method: request.method ?? 'GET',
      headers,
      body,
      redirect: 'manual',
    });
    const id = /^\/security\/ticket\/([^/?]+)$/.exec(request.url ?? '')?.[1];
    if (request.method === 'GET' && id !== undefined && answer.status === 404) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          createdAt: '2026-05-01T10:00:00.000Z',
          disabled: null,
          expired: false,
          expiresAt: '2026-05-01T14:00:00.000Z',
          id: decodeURIComponent(id),
          organizationId: 'demo-org',
          properties: {},
          revoked: null,
          type: 'MULTI_USE_TICKET',
          userId: 'made-up',
          version: 0,
        }),
      );
      return;
    }
    const kept: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (name !== 'content-length' && name !== 'content-encoding' && name !== 'transfer-encoding') kept[name] = value;
    });
    response.writeHead(answer.status, kept);
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
  proxies.push(proxy);
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

async function run(child: ReturnType<typeof ticketmock>) {
  const output = collect(child);
  const code = await exitCode(child);
  return { code, out: output.out(), err: output.err() };
}

describe('ticketmock verify', () => {
  it('passes against ticketmock serve with --mutating, and writes JUnit XML and JSON reports', async () => {
    // a per-session rate limit, so that the documented 429s can be reached; a burst over
    // twice the limit crosses it even when it straddles two one-second windows
    const server = await serve('--port', '0', '--quiet', '--rate-limit', '100');
    const folder = await mkdtemp(join(tmpdir(), 'ticketmock-verify-'));
    folders.push(folder);
    const junit = join(folder, 'reports', 'contract.xml');
    const json = join(folder, 'reports', 'contract.json');
    const { code, out, err } = await run(
      ticketmock('verify', '--base-url', server.url, '--mutating', '--burst', '250', '--junit', junit, '--json', json),
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    const closing = /^(\d+) passed, 0 failed, 0 skipped$/.exec(lines.at(-1) ?? '');
    expect(closing, lines.at(-1)).not.toBeNull();
    expect(out).toContain('total: 100/110 (90.9%)');
    expect(out).toMatch(/^✓ passed {2}flow:ticket_lifecycle +auvious\.createTicket/m);

    const result = JSON.parse(await readFile(json, 'utf8')) as ContractResult;
    expect(result.summary).toMatchObject({ failed: 0, warned: 0, skipped: 0, passed: Number(closing?.[1]) });
    expect(result.mutating).toBe(true);
    const xml = await readFile(junit, 'utf8');
    expect(xml).toMatch(
      new RegExp(`<testsuites name="ticketmock verify" tests="${result.results.length}" failures="0" skipped="0"`),
    );
    expect(xml.match(/<testcase /g)?.length).toBe(result.results.length);
    expect(xml.match(/<testsuite name="(octopus|auvious|adminserver)"/g)?.length).toBe(3);
  });

  it('runs only the reading checks against a server that is not a ticketmock, unless --mutating', async () => {
    const server = await serve('--port', '0', '--quiet', '--no-control');
    const { code, out } = await run(ticketmock('verify', '--api', 'auvious', '--base-url', server.url));
    expect(code).toBe(0);
    expect(out).toMatch(/^- skipped flow:ticket_lifecycle .*\(writes: run with --mutating \(against a sandbox\)\)$/m);
    expect(out).toMatch(/^✓ passed {2}missing_auth_rejected +auvious\.getTicket .*safe/m);
    expect(out).toMatch(/read-only\)\n\d+ passed, 0 failed, \d+ skipped\n$/);
  });

  it('exits 1 and names the failing checks, with a curl to reproduce, when the credentials (from TICKETMOCK_TOKEN) are wrong', async () => {
    const server = await serve('--port', '0', '--quiet');
    const { code, out } = await run(
      ticketmockWith({ TICKETMOCK_TOKEN: 'not-the-key' }, 'verify', '--api', 'octopus', '--base-url', server.url),
    );
    expect(code).toBe(1);
    expect(out).toMatch(/^✗ failed {2}positive_data_acceptance +octopus\.getServices/m);
    expect(out).toMatch(/expected a 2xx, got 401/);
    expect(out).toContain(
      `curl -i -X GET '${server.url}/rest/v1/Location/28XXX004/services' -H 'accept: */*' -H 'authorization: Bearer not-the-key'`,
    );
    expect(out).toMatch(/\n\d+ passed, [1-9]\d* failed, \d+ skipped(, \d+ warnings?)?\n$/);
  });

  it("exits 1 against the issue's proxy (unknown and deleted tickets read back 200): it is not taken for a stateless server", async () => {
    const server = await serve('--port', '0', '--quiet');
    const proxy = await comesBackProxy(server.url);
    const { code, out } = await run(
      ticketmock('verify', '--api', 'auvious', '--base-url', proxy, '--mutating', '--runs', '5'),
    );
    expect(code).toBe(1);
    expect(out).toMatch(/^✗ failed {2}unknown_resource_rejected +auvious\.getTicket /m);
    expect(out).toMatch(/^✗ failed {2}use_after_free +auvious\.getTicket /m);
    expect(out).toMatch(/getTicket of a ticket that does not exist: expected 404, got 200/);
    expect(out).not.toMatch(/keeps no state/);
    expect(out).toMatch(/\n\d+ passed, [1-9]\d* failed, \d+ skipped(, \d+ warnings?)?\n$/);
  });

  it('skips the stateful checks with --stateless, and says so', async () => {
    const server = await serve('--port', '0', '--quiet');
    const { code, out } = await run(
      ticketmock('verify', '--api', 'octopus', '--base-url', server.url, '--stateless', '--runs', '3'),
    );
    expect(code).toBe(0);
    expect(out).toContain(
      'note: octopus: the target keeps no state (declared with --stateless); stateful checks skipped',
    );
    expect(out).toMatch(
      /^- skipped unknown_resource_rejected +octopus\.getServices .*\(the target keeps no state \(declared with --stateless\)\)$/m,
    );
  });

  it('--compare: two ticketmocks with different seeds do not drift; the report is on the console, in JSON and in JUnit', async () => {
    const [real, mock] = await Promise.all([
      serve('--port', '0', '--quiet', '--seed', '1'),
      serve('--port', '0', '--quiet', '--seed', '42'),
    ]);
    const folder = await mkdtemp(join(tmpdir(), 'ticketmock-drift-'));
    folders.push(folder);
    const [json, junit] = [join(folder, 'drift.json'), join(folder, 'drift.xml')];
    const { code, out, err } = await run(
      ticketmock(
        'verify',
        '--base-url',
        real.url,
        '--compare',
        mock.url,
        '--runs',
        '5',
        '--json',
        json,
        '--junit',
        junit,
      ),
    );
    expect(err).toBe('');
    expect(out.split('\n')[0]).toBe(`ticketmock verify: all at ${real.url} (real) compared with ${mock.url} (mock)`);
    expect(out).toMatch(/\nno drift: (\d+)\/\1 compared steps and verdicts agree \(fidelity 100%\)\n$/);
    expect(out).toMatch(/^ {2}auvious {6}(\d+)\/\1 \(100%\)$/m);
    expect(code).toBe(0);
    const result = JSON.parse(await readFile(json, 'utf8')) as DriftResult;
    expect(result.summary.differences).toBe(0);
    expect(result.mutating).toBe(true);
    expect(result.apis.map((api) => api.api)).toEqual(['octopus', 'auvious', 'adminserver']);
    expect(await readFile(junit, 'utf8')).toMatch(
      /<testsuites name="ticketmock verify --compare" tests="3" failures="0"/,
    );
  });

  it("--compare: the issue's proxy standing in for the real API drifts from the mock at auvious.getTicket (exit 1)", async () => {
    const [real, mock] = await Promise.all([
      serve('--port', '0', '--quiet'),
      serve('--port', '0', '--quiet', '--seed', '7'),
    ]);
    const proxy = await comesBackProxy(real.url);
    const { code, out } = await run(
      ticketmock('verify', '--api', 'auvious', '--base-url', proxy, '--compare', mock.url, '--runs', '5'),
    );
    expect(code).toBe(1);
    // the same difference at many steps is one row, under the first check that met it
    expect(out).toMatch(/^ {2}auvious\.getTicket +\w+ +#\d+ +status +200 +404 +\d+×$/m);
    expect(out).toMatch(
      /^ {2}auvious\.getTicket +use_after_free +#\d+ +state \(status\) +200 +404 +\d+× +after auvious\.deleteTicket \(204 on real, 204 on mock\)$/m,
    );
    expect(out).toMatch(
      /\ndrift: \d+ distinct differences at \d+ steps; \d+\/\d+ compared steps and verdicts agree \(fidelity \d+(\.\d)?%\)\n$/,
    );
  });

  it('--compare: exits 2 on a bad URL or a mock that does not answer', async () => {
    const bad = await run(ticketmock('verify', '--compare', 'not a url'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--compare <url>' argument 'not a url' is invalid/);
    const server = await serve('--port', '0', '--quiet');
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address() as AddressInfo;
        probe.close(() => resolve(address.port));
      });
    });
    const gone = await run(ticketmock('verify', '--base-url', server.url, '--compare', `http://127.0.0.1:${port}`));
    expect(gone.code).toBe(2);
    expect(gone.err).toBe(`ticketmock: cannot reach http://127.0.0.1:${port}: ECONNREFUSED\n`);
  });

  it('exits 2 when nothing listens at the base URL', async () => {
    // a port that was just free: bound, read back and released
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address() as AddressInfo;
        probe.close(() => resolve(address.port));
      });
    });
    const { code, err } = await run(ticketmock('verify', '--base-url', `http://127.0.0.1:${port}`));
    expect(code).toBe(2);
    expect(err).toBe(`ticketmock: cannot reach http://127.0.0.1:${port}: ECONNREFUSED\n`);
  });

  it.each([
    [
      ['verify', '--base-url', 'not a url'],
      /--base-url <url>' argument 'not a url' is invalid\. must be an http\(s\) URL/,
    ],
    [['verify', '--api', 'stripe'], /Allowed choices are octopus, auvious, adminserver, all\./],
    [['verify', '--runs', '0'], /--runs must be an integer from 1 to 10000\./],
  ])('exits 2 on %j with a message, not a stack trace', async (args, message) => {
    const { code, err } = await run(ticketmock(...args));
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });
});
