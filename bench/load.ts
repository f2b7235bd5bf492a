/**
 * `npm run bench`: ticketmock under load, against the limit and against its peers.
 *
 * 1. Load (autocannon, 50 connections, 10 s per run, interleaved rounds A B C … A B C …):
 *    the reference (a raw `node:http` server with a `Map`, bench/servers/reference.ts),
 *    `ticketmock serve` on four hot paths, Prism `mock` on the Auvious spec (logging
 *    silenced), and ticketmock's msw handlers behind msw's `getResponse`
 *    (bench/servers/msw.ts). Every run must answer only 2xx, or the benchmark stops.
 * 2. Scale: `serve --state` with 1,000 / 10,000 / 100,000 tickets per API (Auvious and
 *    Octopus), GET by id over 100 ids and a list page, interleaved the same way; RSS after.
 * 3. Start-up: spawn to first 200, with the demo data and with 100,000 tickets.
 * 4. Soak: 60 s of mixed reads and writes with `--state`; RSS and open file descriptors
 *    sampled every 5 s.
 *
 * Each figure is the median of the rounds with its min–max, and its ratio to the
 * reference's median in the same invocation. Flags: `--rounds n` (3), `--duration s` (10),
 * `--connections n` (50), `--only load,scale,startup,soak`, `--soak-seconds s` (60).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startPrism } from '../dist/server/prism.js';
import { median } from './stats.ts';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    only: { type: 'string', default: 'load,scale,startup,soak' },
    'soak-seconds': { type: 'string', default: '60' },
  },
});
const ROUNDS = Number(flags.rounds);
const DURATION = Number(flags.duration);
const CONNECTIONS = Number(flags.connections);
const PHASES = new Set(flags.only.split(','));
const SOAK_SECONDS = Number(flags['soak-seconds']);

const AUVIOUS = { authorization: 'Bearer auvious-demo-token' };
const OCTOPUS = { authorization: 'Bearer octopus-demo-key' };
const JSON_TYPE = { 'content-type': 'application/json' };
const OCTOPUS_TICKETS = '/rest/v1/Location/28XXX004/tickets';
const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

// ---------------------------------------------------------------------------------------
// processes

interface Server {
  readonly url: string;
  readonly child: ChildProcess;
  /** Milliseconds from spawn to the banner. */
  readonly listeningAfterMs: number;
}

const children = new Set<ChildProcess>();

function launch(args: string[], env: Record<string, string> = {}): Promise<Server> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let text = '';
  return new Promise((resolveServer, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
      if (url !== undefined) resolveServer({ url, child, listeningAfterMs: performance.now() - started });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before listening`)));
  });
}

const serveTicketmock = (...extra: string[]) =>
  launch(['dist/server/cli.js', 'serve', '--port', '0', '--quiet', ...extra]);

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  child.kill('SIGTERM');
  await exited;
}

process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** Resident set size of a process, in MB (Linux). */
function rssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
}

function openFds(pid: number | undefined): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
}

async function ok(url: string, init: RequestInit = {}): Promise<unknown> {
  const { status, json } = await call(url, init);
  if (status < 200 || status > 299) throw new Error(`${init.method ?? 'GET'} ${url} answered ${status}`);
  return json;
}

// ---------------------------------------------------------------------------------------
// load runs

interface Request {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

interface Run {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly rss: number;
}

async function load(
  server: Server,
  requests: readonly Request[],
  seconds = DURATION,
  connections = CONNECTIONS,
): Promise<Run> {
  const result = await autocannon({
    url: server.url,
    connections,
    duration: seconds,
    requests: requests.map((request) => ({ ...request })),
  });
  const failures = result.non2xx + result.errors + result.timeouts;
  if (failures > 0) {
    throw new Error(
      `${requests[0]?.method} ${server.url}${requests[0]?.path}: ${result.non2xx} non-2xx, ${result.errors} errors, ` +
        `${result.timeouts} timeouts of ${result.requests.total} (the benchmark measures answers, not refusals)`,
    );
  }
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rss: rssMb(server.child.pid),
  };
}

interface Row {
  readonly name: string;
  readonly runs: Run[];
}

const fmt = (value: number, digits = 0): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function summarise(row: Row): { rps: number; p50: number; p99: number; rss: number } {
  return {
    rps: median(row.runs.map((run) => run.rps)),
    p50: median(row.runs.map((run) => run.p50)),
    p99: median(row.runs.map((run) => run.p99)),
    rss: Math.max(...row.runs.map((run) => run.rss)),
  };
}

function table(rows: readonly Row[], reference: Row, referenceLabel = 'reference'): void {
  const base = summarise(reference).rps;
  out(`| what | requests/s, median (min–max) | ratio to the ${referenceLabel} | p50 ms | p99 ms | RSS MB (max) |`);
  out('| --- | --- | --- | --- | --- | --- |');
  for (const row of rows) {
    const figures = summarise(row);
    const all = row.runs.map((run) => run.rps);
    out(
      `| ${row.name} | ${fmt(figures.rps)} (${fmt(Math.min(...all))}–${fmt(Math.max(...all))}) | ` +
        `${fmt((figures.rps / base) * 100, 1)}% | ${fmt(figures.p50, 1)} | ${fmt(figures.p99, 1)} | ${fmt(figures.rss)} |`,
    );
  }
  out();
}

interface Goal {
  readonly what: string;
  readonly met: boolean;
  readonly measured: string;
}
const goals: Goal[] = [];
const goal = (what: string, met: boolean, measured: string): void => {
  goals.push({ what, met, measured });
};

/** Runs every scenario once per round, in order, and collects the runs. */
async function interleaved(scenarios: readonly { name: string; run: () => Promise<Run> }[]): Promise<Map<string, Row>> {
  const rows = new Map(scenarios.map((scenario) => [scenario.name, { name: scenario.name, runs: [] as Run[] }]));
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const scenario of scenarios) {
      const run = await scenario.run();
      rows.get(scenario.name)?.runs.push(run);
      process.stderr.write(`  round ${round}/${ROUNDS} ${scenario.name}: ${fmt(run.rps)} req/s, p99 ${run.p99} ms\n`);
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------
// phase 1: load against the reference and the peers

async function loadPhase(): Promise<void> {
  out(`## Load: ${CONNECTIONS} connections, ${DURATION} s per run, ${ROUNDS} interleaved rounds\n`);
  const ticketmock = await serveTicketmock();
  const state = (await ok(`${ticketmock.url}/__mock/state`)) as {
    apis: { auvious: { tickets: { id: string; organizationId: string }[] } };
  };
  const ticketId = state.apis.auvious.tickets.find((ticket) => ticket.organizationId === 'demo-org')?.id;
  if (ticketId === undefined) throw new Error('the demo data has no demo-org ticket');
  const getTicket: Request = { method: 'GET', path: `/security/ticket/${ticketId}`, headers: AUVIOUS };
  // the reference serves the very JSON ticketmock answers for that ticket
  const ticket = await ok(`${ticketmock.url}${getTicket.path}`, { headers: AUVIOUS });
  const reference = await launch(['--import', 'tsx', 'bench/servers/reference.ts'], {
    BENCH_TICKETS: JSON.stringify([ticket]),
  });
  const msw = await launch(['--import', 'tsx', 'bench/servers/msw.ts']);
  const prism = await startPrism({ api: 'auvious', logLevel: 'silent' });
  const prismServer: Server = { url: prism.url, child: prism.process, listeningAfterMs: 0 };

  const create: Request = {
    method: 'POST',
    path: '/security/ticket',
    headers: { ...AUVIOUS, ...JSON_TYPE },
    body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: { conference_id: 'bench', customer_id: 'c-1' } }),
  };
  const listOctopus: Request = { method: 'GET', path: `${OCTOPUS_TICKETS}?limit=50`, headers: OCTOPUS };
  const reset = () => ok(`${ticketmock.url}/__mock/reset`, { method: 'POST' });
  const session = async (): Promise<string> => {
    const login = (await ok(`${ticketmock.url}/auth/login`, {
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify({ email: 'admin@demo.test', password: 'demo-password' }),
    })) as { sessionId: string };
    return login.sessionId;
  };

  // warm every server up (JIT, caches) before the first measured round
  for (const [server, request] of [
    [reference, getTicket],
    [ticketmock, getTicket],
    [prismServer, getTicket],
    [msw, getTicket],
  ] as const) {
    await load(server, [request], 2);
  }

  const rows = await interleaved([
    { name: 'reference: raw node:http + Map, GET ticket', run: () => load(reference, [getTicket]) },
    {
      name: 'raw node:http + Map, POST ticket (no validation: the floor of a write)',
      run: () => load(reference, [create]),
    },
    {
      name: 'ticketmock serve: Auvious GET /security/ticket/{id} (bearer)',
      run: async () => {
        await reset();
        return load(ticketmock, [getTicket]);
      },
    },
    {
      name: 'ticketmock serve: Auvious POST /security/ticket',
      run: async () => {
        await reset();
        return load(ticketmock, [create]);
      },
    },
    {
      name: 'ticketmock serve: Octopus GET …/tickets?limit=50',
      run: async () => {
        await reset();
        return load(ticketmock, [listOctopus]);
      },
    },
    {
      name: 'ticketmock serve: Adminserver ticket.getPurchasableTickets',
      run: async () => {
        await reset();
        const id = await session();
        return load(ticketmock, [
          {
            method: 'POST',
            path: '/jsonRpc/ticket.getPurchasableTickets',
            headers: { ...JSON_TYPE, 'x-session-id': id },
            body: '{}',
          },
        ]);
      },
    },
    { name: 'Prism 5.14.2 mock (logging silenced), Auvious GET ticket', run: () => load(prismServer, [getTicket]) },
    { name: "ticketmock's msw handlers behind msw getResponse, GET ticket", run: () => load(msw, [getTicket]) },
  ]);
  const list = [...rows.values()];
  const [ref, rawPost, get, post, , , prismRow, mswRow] = list as [Row, Row, Row, Row, Row, Row, Row, Row];
  table(list, ref);

  const refRps = summarise(ref).rps;
  const getFigures = summarise(get);
  goal(
    'GET by id ≥ 40% of the reference',
    getFigures.rps >= 0.4 * refRps,
    `${fmt((getFigures.rps / refRps) * 100, 1)}%`,
  );
  goal(
    'GET by id ≥ 5× Prism',
    getFigures.rps >= 5 * summarise(prismRow).rps,
    `${fmt(getFigures.rps / summarise(prismRow).rps, 1)}×`,
  );
  goal('GET by id p99 ≤ 10 ms at 50 connections', getFigures.p99 <= 10, `${getFigures.p99} ms`);
  goal(
    'POST create ≥ 30% of the reference',
    summarise(post).rps >= 0.3 * refRps,
    `${fmt((summarise(post).rps / refRps) * 100, 1)}%`,
  );
  out(
    `POST create against the raw POST in the same run: ${fmt((summarise(post).rps / summarise(rawPost).rps) * 100, 1)}%`,
  );
  out(
    `msw getResponse vs the standalone adapter, GET ticket: ${fmt(getFigures.rps / summarise(mswRow).rps, 1)}× ` +
      'in favour of the standalone adapter\n',
  );

  await Promise.all([stop(ticketmock.child), stop(reference.child), stop(msw.child), prism.stop()]);
}

// ---------------------------------------------------------------------------------------
// phase 2 and 3: scale and start-up

const SIZES = [1_000, 10_000, 100_000] as const;

/** 6 characters of [a-z0-9] from a counter: distinct for distinct counters below 36^6. */
const auviousId = (index: number): string => index.toString(36).padStart(6, '0').slice(-6);

/**
 * The demo state with `count` tickets in each of Auvious and Octopus, half of them the demo
 * tenant's (demo-org; Location 28XXX004), the rest the other tenant's.
 */
async function stateWith(count: number): Promise<{ text: string; ids: string[] }> {
  const server = await serveTicketmock();
  const state = (await ok(`${server.url}/__mock/state`)) as {
    apis: {
      auvious: { tickets: Record<string, unknown>[] };
      octopus: { tickets: Record<string, unknown>[]; services: { id: number; LocationId: string }[] };
    };
  };
  await stop(server.child);
  const [auvious] = state.apis.auvious.tickets;
  const octopus = state.apis.octopus.tickets.find((ticket) => ticket.LocationId === '28XXX004');
  const otherService = state.apis.octopus.services.find((service) => service.LocationId === '28XXX099');
  if (auvious === undefined || octopus === undefined || otherService === undefined) {
    throw new Error('the demo data lacks a ticket or a service to copy');
  }
  const ids: string[] = [];
  state.apis.auvious.tickets = Array.from({ length: count }, (_, index) => {
    const id = auviousId(index + 1);
    if (index % 2 === 0) ids.push(id);
    return { ...auvious, id, userId: `ticket-${id}`, organizationId: index % 2 === 0 ? 'demo-org' : 'other-org' };
  });
  state.apis.octopus.tickets = Array.from({ length: count }, (_, index) => ({
    ...octopus,
    id: 2_000_000 + index,
    username: `u${index.toString(36).padStart(5, '0')}`,
    ...(index % 2 === 0 ? {} : { LocationId: '28XXX099', serviceId: otherService.id }),
  }));
  return { text: JSON.stringify(state), ids };
}

async function scalePhase(folder: string): Promise<void> {
  out(`## Scale: tickets per API, ${CONNECTIONS} connections, ${DURATION} s per run, ${ROUNDS} interleaved rounds\n`);
  const servers = new Map<number, { server: Server; ids: string[] }>();
  for (const size of SIZES) {
    const { text, ids } = await stateWith(size);
    const file = join(folder, `state-${size}.json`);
    await writeFile(file, text);
    servers.set(size, { server: await serveTicketmock('--state', file), ids: ids.slice(0, 100) });
  }
  const byId = (size: number) => {
    const entry = servers.get(size);
    if (entry === undefined) throw new Error(`no server for ${size}`);
    return load(
      entry.server,
      entry.ids.map((id) => ({ method: 'GET', path: `/security/ticket/${id}`, headers: AUVIOUS })),
    );
  };
  const page = (size: number, offset: number) => {
    const entry = servers.get(size);
    if (entry === undefined) throw new Error(`no server for ${size}`);
    return load(entry.server, [
      { method: 'GET', path: `${OCTOPUS_TICKETS}?limit=50&offset=${offset}`, headers: OCTOPUS },
    ]);
  };
  for (const { server } of servers.values()) await load(server, [{ method: 'GET', path: '/__mock/clock' }], 2);
  const rows = await interleaved(
    SIZES.flatMap((size) => [
      { name: `${fmt(size)} tickets: Auvious GET by id (100 ids)`, run: () => byId(size) },
      { name: `${fmt(size)} tickets: Octopus first page of 50`, run: () => page(size, 0) },
      { name: `${fmt(size)} tickets: Octopus page of 50 in the middle`, run: () => page(size, size / 4) },
    ]),
  );
  const list = [...rows.values()];
  table(list, list[0] as Row, '1,000-ticket GET by id');
  const get1k = summarise(list[0] as Row).rps;
  const get100k = summarise(list[6] as Row).rps;
  goal('GET by id at 100,000 tickets ≥ 90% of 1,000', get100k >= 0.9 * get1k, `${fmt((get100k / get1k) * 100, 1)}%`);
  const rss100k = rssMb(servers.get(100_000)?.server.child.pid);
  goal('RSS ≤ 300 MB with 100,000 tickets after the load', rss100k <= 300, `${fmt(rss100k)} MB`);
  for (const { server } of servers.values()) await stop(server.child);
}

/** Spawn to the first 200 of a GET ticket; the median of 5 starts. */
async function startupPhase(folder: string): Promise<void> {
  out('## Start-up: spawn to the first 200 (median of 5 starts)\n');
  const big = await stateWith(100_000);
  const file = join(folder, 'startup-100000.json');
  const timeToFirst = async (...extra: string[]): Promise<number> => {
    const started = performance.now();
    const server = await serveTicketmock(...extra);
    for (;;) {
      const response = await fetch(`${server.url}/rest/v1/Location/28XXX004/services`, { headers: OCTOPUS });
      await response.arrayBuffer();
      if (response.status === 200) break;
    }
    const elapsed = performance.now() - started;
    await stop(server.child);
    return elapsed;
  };
  const demo: number[] = [];
  const loaded: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    demo.push(await timeToFirst());
    await writeFile(file, big.text); // `--state` may rewrite the file; each start reads the same one
    loaded.push(await timeToFirst('--state', file));
  }
  const line = (what: string, runs: number[]) =>
    out(`| ${what} | ${fmt(median(runs))} | ${runs.map((ms) => fmt(ms)).join(', ')} |`);
  out('| data | median ms | runs ms |');
  out('| --- | --- | --- |');
  line('demo data', demo);
  line('100,000 tickets per API (`--state`)', loaded);
  out();
  goal('start-up ≤ 1 s with the demo data', median(demo) <= 1000, `${fmt(median(demo))} ms`);
  goal('start-up ≤ 3 s with 100,000 tickets', median(loaded) <= 3000, `${fmt(median(loaded))} ms`);
}

/** Mixed reads and writes with `--state`; RSS and open descriptors every 5 s. */
async function soakPhase(folder: string): Promise<void> {
  out(`## Soak: ${SOAK_SECONDS} s of mixed load with --state, ${CONNECTIONS} connections\n`);
  const server = await serveTicketmock('--state', join(folder, 'soak.json'));
  const state = (await ok(`${server.url}/__mock/state`)) as {
    apis: { auvious: { tickets: { id: string; organizationId: string }[] } };
  };
  const ids = state.apis.auvious.tickets.filter((ticket) => ticket.organizationId === 'demo-org').map((t) => t.id);
  const requests: Request[] = [
    ...ids.slice(0, 4).map((id): Request => ({ method: 'GET', path: `/security/ticket/${id}`, headers: AUVIOUS })),
    { method: 'GET', path: `${OCTOPUS_TICKETS}?limit=50`, headers: OCTOPUS },
    {
      method: 'POST',
      path: '/security/ticket',
      headers: { ...AUVIOUS, ...JSON_TYPE },
      body: JSON.stringify({ type: 'SINGLE_USE_TICKET', properties: { soak: true } }),
    },
  ];
  const samples: { second: number; rss: number; fds: number }[] = [];
  const started = performance.now();
  const sample = () =>
    samples.push({
      second: Math.round((performance.now() - started) / 1000),
      rss: rssMb(server.child.pid),
      fds: openFds(server.child.pid),
    });
  sample();
  const timer = setInterval(sample, 5000);
  const run = await load(server, requests, SOAK_SECONDS);
  clearInterval(timer);
  sample();
  const tickets = ((await ok(`${server.url}/__mock/state`)) as { apis: { auvious: { tickets: unknown[] } } }).apis
    .auvious.tickets.length;
  out(
    `mixed load (4 GET ticket, 1 Octopus list, 1 POST create per cycle): ${fmt(run.rps)} requests/s, p99 ${run.p99} ms;`,
  );
  out(`${fmt(tickets)} Auvious tickets at the end\n`);
  out('| second | RSS MB | open fds |');
  out('| --- | --- | --- |');
  for (const point of samples) out(`| ${point.second} | ${fmt(point.rss)} | ${point.fds} |`);
  out();
  await stop(server.child);
}

// ---------------------------------------------------------------------------------------

const versions = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages as Record<
  string,
  { version: string }
>;
out(`# ticketmock bench, ${new Date().toISOString()}\n`);
out(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, autocannon ` +
    `${versions['node_modules/autocannon']?.version}, Prism ${versions['node_modules/@stoplight/prism-cli']?.version}, ` +
    `msw ${versions['node_modules/msw']?.version}, fastify ${versions['node_modules/fastify']?.version}\n`,
);
const folder = await mkdtemp(join(tmpdir(), 'ticketmock-bench-'));
try {
  if (PHASES.has('load')) await loadPhase();
  if (PHASES.has('scale')) await scalePhase(folder);
  if (PHASES.has('startup')) await startupPhase(folder);
  if (PHASES.has('soak')) await soakPhase(folder);
} finally {
  await rm(folder, { recursive: true, force: true });
  for (const child of children) child.kill('SIGTERM');
}
if (goals.length > 0) {
  out('## Goals\n');
  out('| goal | measured | |');
  out('| --- | --- | --- |');
  for (const { what, met, measured } of goals) out(`| ${what} | ${measured} | ${met ? 'met' : '**missed**'} |`);
}
