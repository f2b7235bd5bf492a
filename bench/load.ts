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
 *    at rest, every 5 s, and once the client's sockets have closed.
 * 5. Adapters (`--only adapters`, not in the default run): the engine behind the `node:http`
 *    adapter and behind the Fastify adapter it replaced, raw `node:http` and Fastify alone
 *    on the same data, GET and POST; throughput, CPU µs per request, lines (decision 024).
 *
 * Every scenario runs once for 2 s unmeasured first (JIT, validators compiled on first
 * use); round r starts at scenario r, so none always runs first. Each figure is the median
 * of the rounds with its min–max, and its ratio to the reference's median in the same
 * invocation; the RSS column is the largest of the rounds. Flags: `--rounds n` (3),
 * `--duration s` (10), `--connections n` (50), `--only load,scale,startup,soak,adapters`,
 * `--soak-seconds s` (60).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startPrism } from '../dist/server/prism.js';
import {
  cpuSeconds,
  launch,
  openFds,
  root,
  rssMb,
  type Server,
  serveTicketmock,
  stop,
  timeToFirst200,
} from './process.ts';
import { median } from './stats.ts';

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
// the servers' data

async function ok(url: string, init: RequestInit = {}): Promise<unknown> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (response.status < 200 || response.status > 299) {
    throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}`);
  }
  return text === '' ? undefined : JSON.parse(text);
}

type StoredTicket = Record<string, unknown> & { id: string; organizationId: string };

interface DemoState {
  apis: {
    auvious: { tickets: StoredTicket[] };
    octopus: { tickets: Record<string, unknown>[]; services: { id: number; LocationId: string }[] };
  };
}

const stateOf = async (server: Server): Promise<DemoState> => (await ok(`${server.url}/__mock/state`)) as DemoState;

/** The demo organisation's seeded Auvious tickets' ids. */
const demoTicketIds = (state: DemoState): string[] =>
  state.apis.auvious.tickets.filter((ticket) => ticket.organizationId === 'demo-org').map((ticket) => ticket.id);

// ---------------------------------------------------------------------------------------
// load runs

interface BenchRequest {
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
  /** The server process's CPU time (user + system) per request answered, in µs. */
  readonly cpuUs: number;
}

async function load(
  server: Server,
  requests: readonly BenchRequest[],
  seconds = DURATION,
  connections = CONNECTIONS,
): Promise<Run> {
  const pid = server.child.pid as number;
  const cpuBefore = cpuSeconds(pid);
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
    rss: rssMb(pid),
    cpuUs: ((cpuSeconds(pid) - cpuBefore) * 1e6) / result.requests.total,
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

interface Scenario {
  readonly name: string;
  /** One run of `seconds`. */
  readonly run: (seconds: number) => Promise<Run>;
}

/**
 * Runs each scenario once unmeasured (JIT, validators compiled on first use), then once
 * per round. Round r starts at scenario r (mod their number), so that no scenario always
 * runs first or last in a round. The rows come back in the scenarios' order.
 */
async function interleaved(scenarios: readonly Scenario[], warmSeconds = 2): Promise<Row[]> {
  for (const scenario of scenarios) await scenario.run(warmSeconds);
  const rows = scenarios.map((scenario) => ({ name: scenario.name, runs: [] as Run[] }));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (let step = 0; step < scenarios.length; step += 1) {
      const index = (round + step) % scenarios.length;
      const scenario = scenarios[index] as Scenario;
      const run = await scenario.run(DURATION);
      rows[index]?.runs.push(run);
      process.stderr.write(
        `  round ${round + 1}/${ROUNDS} ${scenario.name}: ${fmt(run.rps)} req/s, p99 ${run.p99} ms\n`,
      );
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------
// phase 1: load against the reference and the peers

const NAMES = {
  reference: 'reference: raw node:http + Map, GET ticket',
  rawPost: 'raw node:http + Map, POST ticket (no validation: the floor of a write)',
  get: 'ticketmock serve: Auvious GET /security/ticket/{id} (bearer)',
  post: 'ticketmock serve: Auvious POST /security/ticket',
  octopus: 'ticketmock serve: Octopus GET …/tickets?limit=50',
  adminserver: 'ticketmock serve: Adminserver ticket.getPurchasableTickets',
  prism: 'Prism 5.14.2 mock (logging silenced), Auvious GET ticket',
  msw: "ticketmock's msw handlers behind msw getResponse, GET ticket",
} as const;

/** The row of `name` (scenarios and rows share their order). */
function rowOf(rows: readonly Row[], name: string): Row {
  const row = rows.find((candidate) => candidate.name === name);
  if (row === undefined) throw new Error(`no row ${name}`);
  return row;
}

async function loadPhase(): Promise<void> {
  out(`## Load: ${CONNECTIONS} connections, ${DURATION} s per run, ${ROUNDS} interleaved rounds\n`);
  const ticketmock = await serveTicketmock();
  const seeded = await stateOf(ticketmock);
  const [ticketId] = demoTicketIds(seeded);
  if (ticketId === undefined) throw new Error('the demo data has no demo-org ticket');
  const getTicket: BenchRequest = { method: 'GET', path: `/security/ticket/${ticketId}`, headers: AUVIOUS };
  // the reference serves the very JSON ticketmock answers for that ticket, and answers a
  // POST with a ticket of the same shape
  const ticket = await ok(`${ticketmock.url}${getTicket.path}`, { headers: AUVIOUS });
  const reference = await launch(process.execPath, ['--import', 'tsx', 'bench/servers/reference.ts'], {
    BENCH_TICKETS: JSON.stringify([ticket]),
  });
  const msw = await launch(process.execPath, ['--import', 'tsx', 'bench/servers/msw.ts']);
  const prism = await startPrism({ api: 'auvious', logLevel: 'silent' });
  try {
    const prismServer: Server = { url: prism.url, child: prism.process };
    const create: BenchRequest = {
      method: 'POST',
      path: '/security/ticket',
      headers: { ...AUVIOUS, ...JSON_TYPE },
      body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: { conference_id: 'bench', customer_id: 'c-1' } }),
    };
    const on =
      (server: Server, requests: readonly BenchRequest[]) =>
      (seconds: number): Promise<Run> =>
        load(server, requests, seconds);
    /** A run on ticketmock from its seeded data (a POST run would otherwise grow it run after run). */
    const afterReset =
      (requests: () => Promise<readonly BenchRequest[]>) =>
      async (seconds: number): Promise<Run> => {
        await ok(`${ticketmock.url}/__mock/reset`, { method: 'POST' });
        return load(ticketmock, await requests(), seconds);
      };
    const adminList = async (): Promise<BenchRequest[]> => {
      const { sessionId } = (await ok(`${ticketmock.url}/auth/login`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ email: 'admin@demo.test', password: 'demo-password' }),
      })) as { sessionId: string };
      const path = '/jsonRpc/ticket.getPurchasableTickets';
      return [{ method: 'POST', path, headers: { ...JSON_TYPE, 'x-session-id': sessionId }, body: '{}' }];
    };

    const rows = await interleaved([
      { name: NAMES.reference, run: on(reference, [getTicket]) },
      { name: NAMES.rawPost, run: on(reference, [create]) },
      { name: NAMES.get, run: afterReset(async () => [getTicket]) },
      { name: NAMES.post, run: afterReset(async () => [create]) },
      {
        name: NAMES.octopus,
        run: afterReset(async () => [{ method: 'GET', path: `${OCTOPUS_TICKETS}?limit=50`, headers: OCTOPUS }]),
      },
      { name: NAMES.adminserver, run: afterReset(adminList) },
      { name: NAMES.prism, run: on(prismServer, [getTicket]) },
      { name: NAMES.msw, run: on(msw, [getTicket]) },
    ]);
    table(rows, rowOf(rows, NAMES.reference), 'GET reference');

    const referenceRps = summarise(rowOf(rows, NAMES.reference)).rps;
    const get = summarise(rowOf(rows, NAMES.get));
    const post = summarise(rowOf(rows, NAMES.post));
    const prismRps = summarise(rowOf(rows, NAMES.prism)).rps;
    const percent = (value: number) => `${fmt(value * 100, 1)}%`;
    goal('GET by id ≥ 40% of the reference', get.rps >= 0.4 * referenceRps, percent(get.rps / referenceRps));
    goal('GET by id ≥ 5× Prism', get.rps >= 5 * prismRps, `${fmt(get.rps / prismRps, 1)}×`);
    goal('GET by id p99 ≤ 10 ms at 50 connections', get.p99 <= 10, `${get.p99} ms`);
    goal('POST create ≥ 30% of the (GET) reference', post.rps >= 0.3 * referenceRps, percent(post.rps / referenceRps));
    out(
      `POST create against the raw POST in the same run: ${percent(post.rps / summarise(rowOf(rows, NAMES.rawPost)).rps)}`,
    );
    out(
      `msw getResponse vs the standalone adapter, GET ticket: ${fmt(get.rps / summarise(rowOf(rows, NAMES.msw)).rps, 1)}× ` +
        'in favour of the standalone adapter\n',
    );
  } finally {
    await Promise.all([stop(ticketmock.child), stop(reference.child), stop(msw.child), prism.stop()]);
  }
}

// ---------------------------------------------------------------------------------------
// phase 1b: the standalone adapter, node:http against Fastify (issue 21, decision 024)

const ADAPTERS = {
  rawGet: 'raw node:http + Map, GET ticket (the reference)',
  rawPost: 'raw node:http + Map, POST ticket',
  bareGet: 'Fastify alone (two routes, no engine) + Map, GET ticket',
  barePost: 'Fastify alone (two routes, its JSON parser, no engine) + Map, POST ticket',
  fastifyGet: 'engine behind the Fastify adapter, Auvious GET ticket',
  fastifyPost: 'engine behind the Fastify adapter, Auvious POST ticket',
  nodeGet: 'engine behind the node:http adapter, Auvious GET ticket',
  nodePost: 'engine behind the node:http adapter, Auvious POST ticket',
} as const;

/** Lines of a source file: all, and those that are neither blank nor comment. */
function linesOf(files: readonly string[]): { all: number; code: number } {
  let all = 0;
  let code = 0;
  for (const file of files) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    all += lines.length;
    code += lines.filter((line) => !/^\s*($|\/\/|\/\*|\*)/.test(line)).length;
  }
  return { all, code };
}

async function adaptersPhase(): Promise<void> {
  out(`## Adapters: ${CONNECTIONS} connections, ${DURATION} s per run, ${ROUNDS} interleaved rounds\n`);
  const adapter = (name: string) => launch(process.execPath, ['--import', 'tsx', 'bench/servers/adapter.ts', name]);
  const [node, fastify] = [await adapter('node'), await adapter('fastify')];
  const servers: Server[] = [node, fastify];
  try {
    const [ticketId] = demoTicketIds(await stateOf(node));
    if (ticketId === undefined) throw new Error('the demo data has no demo-org ticket');
    const getTicket: BenchRequest = { method: 'GET', path: `/security/ticket/${ticketId}`, headers: AUVIOUS };
    const ticket = await ok(`${node.url}${getTicket.path}`, { headers: AUVIOUS });
    const env = { BENCH_TICKETS: JSON.stringify([ticket]) };
    const raw = await launch(process.execPath, ['--import', 'tsx', 'bench/servers/reference.ts'], env);
    servers.push(raw);
    const bare = await launch(process.execPath, ['--import', 'tsx', 'bench/servers/reference-fastify.ts'], env);
    servers.push(bare);
    const create: BenchRequest = {
      method: 'POST',
      path: '/security/ticket',
      headers: { ...AUVIOUS, ...JSON_TYPE },
      body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: { conference_id: 'bench', customer_id: 'c-1' } }),
    };
    const on = (server: Server, request: BenchRequest) => (seconds: number) => load(server, [request], seconds);
    /** From the seeded data each run: a POST run would otherwise grow the store run after run. */
    const fresh = (server: Server, request: BenchRequest) => async (seconds: number) => {
      await ok(`${server.url}/__mock/reset`, { method: 'POST' });
      return load(server, [request], seconds);
    };
    const rows = await interleaved([
      { name: ADAPTERS.rawGet, run: on(raw, getTicket) },
      { name: ADAPTERS.rawPost, run: on(raw, create) },
      { name: ADAPTERS.bareGet, run: on(bare, getTicket) },
      { name: ADAPTERS.barePost, run: on(bare, create) },
      { name: ADAPTERS.fastifyGet, run: fresh(fastify, getTicket) },
      { name: ADAPTERS.fastifyPost, run: fresh(fastify, create) },
      { name: ADAPTERS.nodeGet, run: fresh(node, getTicket) },
      { name: ADAPTERS.nodePost, run: fresh(node, create) },
    ]);
    adaptersTable(rows);
  } finally {
    await Promise.all(servers.map((server) => stop(server.child)));
  }
}

function adaptersTable(rows: readonly Row[]): void {
  const rps = (name: string) => summarise(rowOf(rows, name)).rps;
  const cpu = (name: string) => median(rowOf(rows, name).runs.map((run) => run.cpuUs));
  const reference = { GET: ADAPTERS.rawGet, POST: ADAPTERS.rawPost };
  out(
    '| what | requests/s, median (min–max) | ratio to raw node:http, same method | CPU µs per request, median (min–max) | p99 ms |',
  );
  out('| --- | --- | --- | --- | --- |');
  for (const row of rows) {
    const base = row.name.includes('POST') ? reference.POST : reference.GET;
    const all = row.runs.map((run) => run.rps);
    const cpus = row.runs.map((run) => run.cpuUs);
    out(
      `| ${row.name} | ${fmt(rps(row.name))} (${fmt(Math.min(...all))}–${fmt(Math.max(...all))}) | ` +
        `${fmt((rps(row.name) / rps(base)) * 100, 1)}% | ${fmt(cpu(row.name), 1)} (${fmt(Math.min(...cpus), 1)}–` +
        `${fmt(Math.max(...cpus), 1)}) | ${fmt(summarise(row).p99, 1)} |`,
    );
  }
  out();
  for (const method of ['GET', 'POST'] as const) {
    const [fastify, node] =
      method === 'GET' ? [ADAPTERS.fastifyGet, ADAPTERS.nodeGet] : [ADAPTERS.fastifyPost, ADAPTERS.nodePost];
    const bare = method === 'GET' ? ADAPTERS.bareGet : ADAPTERS.barePost;
    out(
      `${method}: node:http adapter ${fmt(rps(node) / rps(fastify), 2)}× the Fastify adapter's throughput, ` +
        `${fmt(cpu(fastify) - cpu(node), 1)} µs less CPU per request; Fastify alone costs ` +
        `${fmt(cpu(bare) - cpu(method === 'GET' ? ADAPTERS.rawGet : ADAPTERS.rawPost), 1)} µs per request more than raw node:http`,
    );
  }
  const nodeLines = linesOf(['src/server/server.ts', 'src/server/http-adapter.ts']);
  const fastifyLines = linesOf(['bench/servers/fastify-adapter.ts']);
  out(
    `\nLines (all / code without blanks and comments): node:http adapter (server.ts + http-adapter.ts) ` +
      `${nodeLines.all} / ${nodeLines.code}; Fastify adapter ${fastifyLines.all} / ${fastifyLines.code}\n`,
  );
}

// ---------------------------------------------------------------------------------------
// phase 2 and 3: scale and start-up

const SIZES = [1_000, 10_000, 100_000] as const;

/** 6 characters of [a-z0-9] from a counter: distinct for distinct counters below 36^6. */
const auviousId = (index: number): string => index.toString(36).padStart(6, '0').slice(-6);

/** The demo data as `serve` seeds it, read once. */
let demoState: DemoState | undefined;
async function seededState(): Promise<DemoState> {
  if (demoState === undefined) {
    const server = await serveTicketmock();
    try {
      demoState = await stateOf(server);
    } finally {
      await stop(server.child);
    }
  }
  return structuredClone(demoState);
}

/**
 * The demo state with `count` tickets in each of Auvious and Octopus, half of them the demo
 * tenant's (demo-org; Location 28XXX004), the rest the other tenant's; and the demo
 * organisation's ticket ids.
 */
async function stateWith(count: number): Promise<{ text: string; ids: string[] }> {
  const state = await seededState();
  const [auvious] = state.apis.auvious.tickets;
  const octopus = state.apis.octopus.tickets.find((ticket) => ticket.LocationId === '28XXX004');
  const otherService = state.apis.octopus.services.find((service) => service.LocationId === '28XXX099');
  if (auvious === undefined || octopus === undefined || otherService === undefined) {
    throw new Error('the demo data lacks a ticket or a service to copy');
  }
  state.apis.auvious.tickets = Array.from({ length: count }, (_, index) => {
    const id = auviousId(index + 1);
    return { ...auvious, id, userId: `ticket-${id}`, organizationId: index % 2 === 0 ? 'demo-org' : 'other-org' };
  });
  state.apis.octopus.tickets = Array.from({ length: count }, (_, index) => ({
    ...octopus,
    id: 2_000_000 + index,
    username: `u${index.toString(36).padStart(5, '0')}`,
    ...(index % 2 === 0 ? {} : { LocationId: '28XXX099', serviceId: otherService.id }),
  }));
  return { text: JSON.stringify(state), ids: demoTicketIds(state) };
}

async function scalePhase(folder: string, largest: { text: string; ids: string[] }): Promise<void> {
  out(`## Scale: tickets per API, ${CONNECTIONS} connections, ${DURATION} s per run, ${ROUNDS} interleaved rounds\n`);
  const scenarios: Scenario[] = [];
  const servers: Server[] = [];
  for (const size of SIZES) {
    const { text, ids } = size === 100_000 ? largest : await stateWith(size);
    const file = join(folder, `state-${size}.json`);
    await writeFile(file, text);
    const server = await serveTicketmock('--state', file);
    servers.push(server);
    const page = (offset: number): BenchRequest[] => [
      { method: 'GET', path: `${OCTOPUS_TICKETS}?limit=50&offset=${offset}`, headers: OCTOPUS },
    ];
    const byId = ids
      .slice(0, 100)
      .map((id): BenchRequest => ({ method: 'GET', path: `/security/ticket/${id}`, headers: AUVIOUS }));
    scenarios.push(
      { name: `${fmt(size)} tickets: Auvious GET by id (100 ids)`, run: (seconds) => load(server, byId, seconds) },
      { name: `${fmt(size)} tickets: Octopus first page of 50`, run: (seconds) => load(server, page(0), seconds) },
      {
        // the Location holds half the tickets: a quarter of all is the middle of its list
        name: `${fmt(size)} tickets: Octopus page of 50 in the middle of the Location's`,
        run: (seconds) => load(server, page(size / 4), seconds),
      },
    );
  }
  try {
    const rows = await interleaved(scenarios);
    const getRow = (size: number) => rowOf(rows, `${fmt(size)} tickets: Auvious GET by id (100 ids)`);
    table(rows, getRow(1_000), '1,000-ticket GET by id');
    const get1k = summarise(getRow(1_000)).rps;
    const get100k = summarise(getRow(100_000)).rps;
    goal('GET by id at 100,000 tickets ≥ 90% of 1,000', get100k >= 0.9 * get1k, `${fmt((get100k / get1k) * 100, 1)}%`);
    const pid100k = servers[SIZES.indexOf(100_000)]?.child.pid as number;
    const rss100k = rssMb(pid100k);
    goal('RSS ≤ 300 MB with 100,000 tickets right after the load', rss100k <= 300, `${fmt(rss100k)} MB`);
    // the server collects once it has been idle 5 s after a load (src/server/memory.ts)
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const settled = rssMb(pid100k);
    goal('RSS ≤ 300 MB with 100,000 tickets 10 s after the load', settled <= 300, `${fmt(settled)} MB`);
  } finally {
    for (const server of servers) await stop(server.child);
  }
}

/** Spawn to the first 200 of the Octopus services list; the median of 5 starts. */
async function startupPhase(folder: string, largest: { text: string }): Promise<void> {
  out('## Start-up: spawn to the first 200 (median of 5 starts)\n');
  const file = join(folder, 'startup-100000.json');
  const timeToFirst = (...extra: string[]): Promise<number> =>
    timeToFirst200(
      process.execPath,
      ['dist/server/cli.js', 'serve', '--port', '0', '--quiet', ...extra],
      '/rest/v1/Location/28XXX004/services',
      OCTOPUS,
    );
  const demo: number[] = [];
  const loaded: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    demo.push(await timeToFirst());
    await writeFile(file, largest.text); // `--state` may rewrite the file; each start reads the same one
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

/** Mixed reads and writes with `--state`; RSS and open descriptors every 5 s, and once the load has gone. */
async function soakPhase(folder: string): Promise<void> {
  out(`## Soak: ${SOAK_SECONDS} s of mixed load with --state, ${CONNECTIONS} connections\n`);
  const server = await serveTicketmock('--state', join(folder, 'soak.json'));
  const pid = server.child.pid as number;
  try {
    const seeded = await stateOf(server);
    const requests: BenchRequest[] = [
      ...demoTicketIds(seeded)
        .slice(0, 4)
        .map((id): BenchRequest => ({ method: 'GET', path: `/security/ticket/${id}`, headers: AUVIOUS })),
      { method: 'GET', path: `${OCTOPUS_TICKETS}?limit=50`, headers: OCTOPUS },
      {
        method: 'POST',
        path: '/security/ticket',
        headers: { ...AUVIOUS, ...JSON_TYPE },
        body: JSON.stringify({ type: 'SINGLE_USE_TICKET', properties: { soak: true } }),
      },
    ];
    const samples: { when: string; rss: number; fds: number }[] = [];
    const started = performance.now();
    const sample = (when = `${Math.round((performance.now() - started) / 1000)} s`) =>
      samples.push({ when, rss: rssMb(pid), fds: openFds(pid) });
    sample('at rest');
    const timer = setInterval(sample, 5000);
    const run = await load(server, requests, SOAK_SECONDS);
    clearInterval(timer);
    // the client's sockets close after the run: wait until the count stops falling
    for (let previous = -1, settled = 0; settled < 5; settled = openFds(pid) === previous ? settled + 1 : 0) {
      previous = openFds(pid);
      await new Promise((resolveDelay) => setTimeout(resolveDelay, 100));
    }
    sample('after the load');
    const created = (await stateOf(server)).apis.auvious.tickets.length - seeded.apis.auvious.tickets.length;
    out(
      `mixed load (4 GET ticket, 1 Octopus list, 1 POST create per cycle): ${fmt(run.rps)} requests/s, p99 ${run.p99} ms;`,
    );
    out(`${fmt(created)} Auvious tickets created\n`);
    out('| when | RSS MB | open fds |');
    out('| --- | --- | --- |');
    for (const point of samples) out(`| ${point.when} | ${fmt(point.rss)} | ${point.fds} |`);
    out();
  } finally {
    await stop(server.child);
  }
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
  if (PHASES.has('adapters')) await adaptersPhase();
  const largest = PHASES.has('scale') || PHASES.has('startup') ? await stateWith(100_000) : undefined;
  if (largest !== undefined && PHASES.has('scale')) await scalePhase(folder, largest);
  if (largest !== undefined && PHASES.has('startup')) await startupPhase(folder, largest);
  if (PHASES.has('soak')) await soakPhase(folder);
} finally {
  await rm(folder, { recursive: true, force: true });
}
if (goals.length > 0) {
  out('## Goals\n');
  out('| goal | measured | |');
  out('| --- | --- | --- |');
  for (const { what, met, measured } of goals) out(`| ${what} | ${measured} | ${met ? 'met' : '**missed**'} |`);
}
