/**
 * `npm run bench:consumer`: what ticketmock costs inside a user's own test suite (issue 14).
 *
 * 1. **Consumer suite.** In a temporary project made from the packed tarball
 *    (`test/helpers/installed-package.ts`), with this repository's msw and vitest: ten vitest
 *    files that each `createMocks({ apis: ['auvious'] })`, `setupServer(...mocks.handlers)`
 *    and make ten Auvious requests (create, read, update, disable, enable, read, exchange
 *    with Basic `customer:`, revoke, read, delete); and the same ten files on hand-written
 *    msw handlers over a `Map`, making the same requests and getting answers of the same
 *    shapes. Each suite's `vitest run` (vitest's own defaults, no config) is timed from
 *    spawn to exit, interleaved (A B A B …) for `--rounds` rounds; vitest's own `import`
 *    phase is read from its summary line.
 * 2. **Import.** In a fresh Node process: `await import('ticketmock')`, then
 *    `createMocks({ apis: ['auvious'] })`, timed inside the process; the reference is a
 *    fresh process that does `await import('msw')` alone, interleaved, `--imports` each.
 *
 * Options: `--rounds <n>` (5), `--imports <n>` (10), `--only consumer,import`, `--root <dir>`
 * (a built checkout to pack instead of this one, e.g. an older commit's, for before/after).
 * This repository must be built first (`npm run bench:consumer` does it).
 */
import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import {
  type InstalledProject,
  installPackedPackage,
  REPO_ROOT,
  repoVersion,
} from '../test/helpers/installed-package.ts';
import { median } from './stats.ts';

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    imports: { type: 'string', default: '10' },
    only: { type: 'string', default: 'consumer,import' },
    root: { type: 'string' },
  },
});
const ROUNDS = Number(flags.rounds);
const IMPORTS = Number(flags.imports);
const ONLY = new Set(flags.only.split(','));
const FILES = 10;

/** The ten requests, the same in both suites; `api` is how each suite's file talks. */
const REQUESTS = `
  const json = { 'content-type': 'application/json' };
  const created = await api('POST', '/security/ticket', { headers: json, body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: { file: FILE } }) });
  expect(created.status).toBe(200);
  const ticket = await created.json();
  const path = '/security/ticket/' + ticket.id;
  expect((await (await api('GET', path)).json()).id).toBe(ticket.id);
  const updated = await api('PUT', path, { headers: json, body: JSON.stringify({ properties: { conference_id: 'c1' } }) });
  expect((await updated.json()).version).toBe(1);
  expect((await api('POST', path + '/disable')).status).toBe(204);
  expect((await api('POST', path + '/enable')).status).toBe(204);
  expect((await (await api('GET', path)).json()).disabled).toBe(null);
  const exchanged = await api('POST', '/security/oauth/token', {
    headers: { authorization: 'Basic ' + btoa('customer:'), 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=password&username=' + ticket.id + '&password=' + ticket.id,
  });
  expect((await exchanged.json()).sub).toBe('ticket-' + ticket.id);
  expect((await api('POST', path + '/revoke')).status).toBe(204);
  expect(typeof (await (await api('GET', path)).json()).revoked).toBe('string');
  expect((await api('DELETE', path)).status).toBe(204);
`;

const API_CALL = `
const BASE = 'https://api.auvious.test';
function api(method, path, init = {}) {
  return fetch(BASE + path, { method, ...init, headers: { authorization: 'Bearer auvious-demo-token', ...init.headers } });
}
`;

function ticketmockFile(file: number): string {
  return `import { setupServer } from 'msw/node';
import { createMocks } from 'ticketmock';
import { afterAll, beforeAll, expect, it } from 'vitest';

const FILE = ${file};
const mocks = await createMocks({ apis: ['auvious'] });
const server = setupServer(...mocks.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
${API_CALL}
it('makes ten Auvious requests', async () => {${REQUESTS}});
`;
}

function handWrittenFile(file: number): string {
  return `import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { handlers } from './handlers.js';

const FILE = ${file};
const server = setupServer(...handlers());
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
${API_CALL}
it('makes ten Auvious requests', async () => {${REQUESTS}});
`;
}

/**
 * What a user writes by hand instead: msw handlers over a Map, answering the same
 * statuses and body shapes as ticketmock for these ten requests (the token is shaped like
 * a JWT but not signed).
 */
const HAND_WRITTEN_HANDLERS = `import { http, HttpResponse } from 'msw';

const TOKEN = 'Bearer auvious-demo-token';
const BASE = '*/security';

export function handlers() {
  const tickets = new Map();
  let next = 0;
  const unauthorized = () => HttpResponse.json({ error: 'unauthorized' }, { status: 401 });
  const notFound = (path) =>
    HttpResponse.json({ timestamp: new Date().toISOString(), status: 404, error: 'Not Found', message: 'Ticket not found', path }, { status: 404 });
  const withTicket = (answer) => ({ request, params }) => {
    if (request.headers.get('authorization') !== TOKEN) return unauthorized();
    const ticket = tickets.get(params.id);
    if (ticket === undefined) return notFound(new URL(request.url).pathname);
    return answer(ticket, request);
  };
  const segment = () => Math.random().toString(36).slice(2, 5);
  const jwt = (claims) =>
    [{ alg: 'HS256', typ: 'JWT' }, claims].map((part) => btoa(JSON.stringify(part)).replace(/=+$/, '')).join('.') + '.signature';
  return [
    http.post(BASE + '/ticket', async ({ request }) => {
      if (request.headers.get('authorization') !== TOKEN) return unauthorized();
      const body = await request.json();
      const now = new Date();
      const id = segment() + '-' + segment() + String(next++);
      const ticket = {
        createdAt: now.toISOString(), disabled: null, expired: false,
        expiresAt: new Date(now.getTime() + 4 * 3600_000).toISOString(), id, organizationId: 'demo-org',
        properties: body.properties ?? {}, revoked: null, type: body.type, userId: 'ticket-' + id, version: 0,
      };
      tickets.set(id, ticket);
      return HttpResponse.json(ticket);
    }),
    http.get(BASE + '/ticket/:id', withTicket((ticket) => HttpResponse.json(ticket))),
    http.put(BASE + '/ticket/:id', withTicket(async (ticket, request) => {
      const body = await request.json();
      ticket.properties = body.properties ?? {};
      ticket.version += 1;
      return HttpResponse.json(ticket);
    })),
    http.post(BASE + '/ticket/:id/disable', withTicket((ticket) => {
      ticket.disabled = new Date().toISOString();
      ticket.version += 1;
      return new HttpResponse(null, { status: 204 });
    })),
    http.post(BASE + '/ticket/:id/enable', withTicket((ticket) => {
      ticket.disabled = null;
      ticket.version += 1;
      return new HttpResponse(null, { status: 204 });
    })),
    http.post(BASE + '/ticket/:id/revoke', withTicket((ticket) => {
      ticket.revoked = new Date().toISOString();
      ticket.version += 1;
      return new HttpResponse(null, { status: 204 });
    })),
    http.delete(BASE + '/ticket/:id', withTicket((ticket) => {
      tickets.delete(ticket.id);
      return new HttpResponse(null, { status: 204 });
    })),
    http.post(BASE + '/oauth/token', async ({ request }) => {
      if (request.headers.get('authorization') !== 'Basic ' + btoa('customer:')) return unauthorized();
      const form = new URLSearchParams(await request.text());
      const ticket = tickets.get(form.get('username'));
      if (ticket === undefined || ticket.disabled !== null || ticket.revoked !== null) {
        return HttpResponse.json({ error: 'invalid_grant', error_description: 'INVALID' }, { status: 400 });
      }
      const iat = Math.floor(Date.now() / 1000);
      const jti = crypto.randomUUID();
      const claims = { organization: 'demo-org', client_id: 'customer', scope: 'global', sub: ticket.userId, jti, iat, exp: iat + 14400 };
      return HttpResponse.json({
        access_token: jwt(claims), token_type: 'bearer', refresh_token: jwt({ ...claims, ati: jti, jti: crypto.randomUUID() }),
        expires_in: 14400, scope: 'global', organization: 'demo-org', sub: ticket.userId, userId: ticket.userId,
        conference_id: ticket.properties.conference_id, jti,
      });
    }),
  ];
}
`;

const IMPORT_TICKETMOCK = `const started = performance.now();
const { createMocks } = await import('ticketmock');
const imported = performance.now();
await createMocks({ apis: ['auvious'] });
const created = performance.now();
console.log(JSON.stringify({ importMs: imported - started, createMs: created - imported, totalMs: created - started }));
`;

const IMPORT_MSW = `const started = performance.now();
await import('msw');
const imported = performance.now();
console.log(JSON.stringify({ importMs: imported - started, createMs: 0, totalMs: imported - started }));
`;

interface Sample {
  readonly wallMs: number;
  /** vitest's own import phase (its summary's `import …`), when printed. */
  readonly importMs?: number;
}

function seconds(text: string): number {
  const match = /^([\d.]+)(ms|s)$/.exec(text);
  if (match === null) throw new Error(`not a duration: ${text}`);
  return Math.round(Number(match[1]) * (match[2] === 's' ? 1000 : 1));
}

async function vitestRun(project: InstalledProject, suite: string): Promise<Sample> {
  const started = performance.now();
  const result = await project.run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--root', suite], {
    timeoutMs: 300_000,
  });
  const wallMs = performance.now() - started;
  if (result.code !== 0 || !new RegExp(`Tests\\s+${FILES} passed`).test(result.stdout)) {
    throw new Error(`vitest run ${suite} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
  const phase = /Duration\s+\S+\s+\(.*\bimport ([\d.]+m?s)\b/.exec(result.stdout)?.[1];
  return phase === undefined ? { wallMs } : { wallMs, importMs: seconds(phase) };
}

async function importRun(project: InstalledProject, script: string) {
  const started = performance.now();
  const result = await project.run(process.execPath, [script], { timeoutMs: 60_000 });
  const processMs = performance.now() - started;
  if (result.code !== 0) throw new Error(`${script} failed (${result.code}):\n${result.stderr}`);
  return { ...(JSON.parse(result.stdout) as { importMs: number; createMs: number; totalMs: number }), processMs };
}

/** `1,234 ms (1,100–1,400)`: median and range. */
function spread(values: readonly number[]): string {
  const format = (value: number): string => Math.round(value).toLocaleString('en-US');
  return `${format(median(values))} ms (${format(Math.min(...values))}–${format(Math.max(...values))})`;
}

function ratio(a: readonly number[], b: readonly number[]): string {
  return `${(median(a) / median(b)).toFixed(2)}×`;
}

async function main(): Promise<void> {
  const versions = ['msw', 'vitest'].map((name) => `${name}@${repoVersion(name)}`);
  const project = await installPackedPackage({
    with: versions,
    prefix: 'ticketmock-bench-consumer-',
    ...(flags.root === undefined ? {} : { root: flags.root }),
  });
  try {
    const installed = (
      await project.run(process.execPath, ['-p', "require('./node_modules/ticketmock/package.json').version"])
    ).stdout.trim();
    process.stdout.write(
      `machine: ${availableParallelism()} CPUs, ${cpus()[0]?.model ?? 'unknown'}; Node ${process.version}\n` +
        `packed: ${flags.root ?? REPO_ROOT} (ticketmock ${installed}); ${versions.join(', ')}\n` +
        `project: ${project.dir} (pack ${project.packMs} ms, npm install ${project.installMs} ms)\n\n`,
    );

    if (ONLY.has('consumer')) {
      await project.write('handwritten/handlers.js', HAND_WRITTEN_HANDLERS);
      for (let file = 1; file <= FILES; file += 1) {
        const name = `t${String(file).padStart(2, '0')}.test.js`;
        await project.write(`ticketmock/${name}`, ticketmockFile(file));
        await project.write(`handwritten/${name}`, handWrittenFile(file));
      }
      // one unmeasured run each: the first run of a fresh install fills the OS's file cache
      await vitestRun(project, 'ticketmock');
      await vitestRun(project, 'handwritten');
      const samples: Record<'ticketmock' | 'handwritten', Sample[]> = { ticketmock: [], handwritten: [] };
      for (let round = 1; round <= ROUNDS; round += 1) {
        for (const suite of ['ticketmock', 'handwritten'] as const) {
          const sample = await vitestRun(project, suite);
          samples[suite].push(sample);
          process.stdout.write(
            `round ${round} ${suite}: vitest run ${Math.round(sample.wallMs)} ms, import phase ${sample.importMs ?? '?'} ms\n`,
          );
        }
      }
      const wall = (suite: keyof typeof samples) => samples[suite].map((sample) => sample.wallMs);
      const phase = (suite: keyof typeof samples) =>
        samples[suite].flatMap((sample) => (sample.importMs === undefined ? [] : [sample.importMs]));
      process.stdout.write(
        `\nconsumer suite (${FILES} files × 10 requests, ${ROUNDS} rounds, median (min–max)):\n` +
          `  vitest run, ticketmock:    ${spread(wall('ticketmock'))}\n` +
          `  vitest run, hand-written:  ${spread(wall('handwritten'))}\n` +
          `  ratio ticketmock / hand-written: ${ratio(wall('ticketmock'), wall('handwritten'))}\n` +
          `  vitest import phase, ticketmock:   ${spread(phase('ticketmock'))}\n` +
          `  vitest import phase, hand-written: ${spread(phase('handwritten'))}\n` +
          `  import-phase ratio: ${ratio(phase('ticketmock'), phase('handwritten'))}\n\n`,
      );
    }

    if (ONLY.has('import')) {
      await project.write('import-ticketmock.mjs', IMPORT_TICKETMOCK);
      await project.write('import-msw.mjs', IMPORT_MSW);
      await importRun(project, 'import-ticketmock.mjs');
      const runs: {
        ticketmock: Awaited<ReturnType<typeof importRun>>[];
        msw: Awaited<ReturnType<typeof importRun>>[];
      } = {
        ticketmock: [],
        msw: [],
      };
      for (let index = 0; index < IMPORTS; index += 1) {
        runs.ticketmock.push(await importRun(project, 'import-ticketmock.mjs'));
        runs.msw.push(await importRun(project, 'import-msw.mjs'));
      }
      const of = (key: 'importMs' | 'createMs' | 'totalMs' | 'processMs', target: keyof typeof runs) =>
        runs[target].map((sample) => sample[key]);
      process.stdout.write(
        `import in a fresh Node process (${IMPORTS} processes each, interleaved, median (min–max)):\n` +
          `  import('ticketmock'):                      ${spread(of('importMs', 'ticketmock'))}\n` +
          `  createMocks({ apis: ['auvious'] }):        ${spread(of('createMs', 'ticketmock'))}\n` +
          `  both:                                      ${spread(of('totalMs', 'ticketmock'))}\n` +
          `  import('msw') alone (reference):           ${spread(of('importMs', 'msw'))}\n` +
          `  ratio (both / msw):                        ${ratio(of('totalMs', 'ticketmock'), of('importMs', 'msw'))}\n` +
          `  whole process, ticketmock script / msw:    ${spread(of('processMs', 'ticketmock'))} / ${spread(of('processMs', 'msw'))}\n`,
      );
    }
  } finally {
    await project.cleanup();
  }
}

await main();
