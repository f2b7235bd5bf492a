/**
 * `npx tsx bench/state-write.ts`: what `--state` costs per write, the whole file rewritten at
 * every write (the strategy before decision 014: temporary file, fsync, rename, folder fsync;
 * `StateFile` with `log: false`) against the change log (one line per group commit,
 * fdatasync; the default), measured in the same run, each in a fresh process.
 *
 * 1. Sequential: one Auvious create through the engine, then the state file's flush, timed
 *    (the write alone, what a client's 2xx waits for beyond the operation); `--writes` of them.
 * 2. Concurrent: 50 creates in flight through `StateFile.answer` for `--seconds`: creates
 *    acknowledged per second, latency p50/p99, the largest RSS sampled every 100 ms.
 *
 * 3. Rollback (`--only rollback`): where a failed write's rollback reads the last durable
 *    state from, at 100,000 tickets per API: the file (read, parse, import: what StateFile
 *    does), or a copy kept in memory, as text (parse, import) or as parsed JSON (clone,
 *    import); the time of each (median of 3) and what the copy adds to the heap after a
 *    full GC, in one process run with `--expose-gc`.
 *
 * At the demo data and with 100,000 tickets in each of Auvious and Octopus (the state
 * bench/load.ts builds, ≈67 MB). Rounds alternate the order of the two strategies; each
 * figure is the median of the rounds. Flags: `--rounds` (3), `--writes` (200),
 * `--seconds` (5), `--sizes demo,100000`, `--only writes,rollback`, `--folder` (where the
 * files go; default the OS temporary folder).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../src/core/engine.ts';
import type { MockRequest } from '../src/core/http.ts';
import { modulesFor } from '../src/handlers/index.ts';
import { readStateFile, StateFile } from '../src/server/state-file.ts';
import { median } from './stats.ts';

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    writes: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '5' },
    sizes: { type: 'string', default: 'demo,100000' },
    only: { type: 'string', default: 'writes,rollback' },
    folder: { type: 'string' },
    // internal: one measurement, in a child process
    child: { type: 'string' },
  },
});

interface Measured {
  /** ms per write, median, and the whole list's p90. */
  writeMs: number;
  writeP90: number;
  acksPerSecond: number;
  p50: number;
  p99: number;
  rssMb: number;
  fileMb: number;
}

const createRequest = (index: number): MockRequest => ({
  method: 'POST',
  path: '/security/ticket',
  query: new URLSearchParams(),
  headers: { authorization: 'Bearer auvious-demo-token', 'content-type': 'application/json', host: 'localhost' },
  body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: { bench: index } }),
  origin: 'http://localhost',
});

const auviousId = (index: number): string => index.toString(36).padStart(6, '0').slice(-6);

type Exported = {
  seed: number;
  apis: Record<string, Record<string, Record<string, unknown>[]>>;
};

/** The demo state with `count` tickets in each of Auvious and Octopus (as bench/load.ts's `stateWith`). */
function scaled(state: Exported, count: number): Exported {
  const { auvious, octopus } = state.apis as Record<string, Record<string, Record<string, unknown>[]>>;
  const [ticket] = auvious?.tickets ?? [];
  const local = octopus?.tickets?.find((entry) => entry.LocationId === '28XXX004');
  const service = octopus?.services?.find((entry) => entry.LocationId === '28XXX099');
  if (auvious === undefined || octopus === undefined || ticket === undefined || local === undefined || !service) {
    throw new Error('the demo data lacks a ticket or a service to copy');
  }
  auvious.tickets = Array.from({ length: count }, (_, index) => {
    const id = auviousId(index + 1);
    return { ...ticket, id, userId: `ticket-${id}`, organizationId: index % 2 === 0 ? 'demo-org' : 'other-org' };
  });
  octopus.tickets = Array.from({ length: count }, (_, index) => ({
    ...local,
    id: 2_000_000 + index,
    username: `u${index.toString(36).padStart(5, '0')}`,
    ...(index % 2 === 0 ? {} : { LocationId: '28XXX099', serviceId: service.id }),
  }));
  return state;
}

const percentile = (values: number[], share: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
};

/** One measurement: a fresh engine and state file in this process. */
async function measure(log: boolean, size: string, folder: string): Promise<Measured> {
  const engine = await Engine.create({
    apis: modulesFor(['octopus', 'auvious', 'adminserver']),
    validateResponses: false,
    collections: false,
  });
  if (size !== 'demo') await engine.importState(scaled(engine.exportState() as Exported, Number(size)));
  const path = join(folder, `state-${log ? 'log' : 'rewrite'}-${size}.json`);
  await rm(path, { force: true });
  const file = await StateFile.open(path, engine, { writtenBy: 'bench', log });
  const writes = Number(flags.writes);
  // fewer sequential rewrites at scale: each takes seconds
  const count = !log && size !== 'demo' ? Math.min(writes, 10) : writes;
  const durations: number[] = [];
  for (let index = 0; index < count + 5; index += 1) {
    const response = await engine.handle(createRequest(index));
    if (response.status !== 200) throw new Error(`create answered ${response.status}`);
    const started = performance.now();
    await file.flush();
    if (index >= 5) durations.push(performance.now() - started); // the first 5 warm up
  }
  let rss = 0;
  const sampler = setInterval(() => {
    rss = Math.max(rss, process.memoryUsage().rss);
  }, 100);
  const latencies: number[] = [];
  const until = performance.now() + Number(flags.seconds) * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (performance.now() < until) {
        next += 1;
        const call = createRequest(next);
        const started = performance.now();
        const response = await file.answer(call, () => engine.handle(call));
        if (response.status !== 200) throw new Error(`create answered ${response.status}`);
        latencies.push(performance.now() - started);
      }
    }),
  );
  clearInterval(sampler);
  const { size: bytes } = await stat(path);
  await file.close();
  await rm(path, { force: true });
  return {
    writeMs: median(durations),
    writeP90: percentile(durations, 0.9),
    acksPerSecond: latencies.length / Number(flags.seconds),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    rssMb: rss / 1e6,
    fileMb: bytes / 1e6,
  };
}

interface RollbackMeasured {
  fileMs: number;
  textMs: number;
  objectMs: number;
  textHeapMb: number;
  objectHeapMb: number;
  baseHeapMb: number;
  fileMb: number;
}

/** The rollback's sources at 100,000 tickets per API (run with --expose-gc). */
async function measureRollback(folder: string): Promise<RollbackMeasured> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed / 1e6;
  };
  const engine = await Engine.create({
    apis: modulesFor(['octopus', 'auvious', 'adminserver']),
    validateResponses: false,
    collections: false,
  });
  await engine.importState(scaled(engine.exportState() as Exported, 100_000));
  const path = join(folder, 'state-rollback.json');
  await rm(path, { force: true });
  const file = await StateFile.open(path, engine, { writtenBy: 'bench' });
  const baseHeapMb = heap();
  // what each copy keeps, measured on its own: the text last written, and the parsed JSON
  let before = heap();
  const text = JSON.stringify(engine.exportState());
  const textHeapMb = heap() - before;
  before = heap();
  const kept: unknown = engine.exportState();
  const objectHeapMb = heap() - before;
  const sources: Record<'file' | 'text' | 'object', () => Promise<void>> = {
    // what StateFile's rollback does: read the durable bytes, apply the lines, import
    file: async () => engine.importState(await readStateFile(path, engine)),
    text: async () => engine.importState(JSON.parse(text)),
    // cloned before each import, which keeps the records it is given
    object: async () => engine.importState(structuredClone(kept)),
  };
  await sources.file(); // warm-up
  const runs: Record<keyof typeof sources, number[]> = { file: [], text: [], object: [] };
  for (let index = 0; index < 3; index += 1) {
    for (const [name, run] of Object.entries(sources) as [keyof typeof sources, () => Promise<void>][]) {
      const started = performance.now();
      await run();
      runs[name].push(performance.now() - started);
    }
  }
  const [fileMs, textMs, objectMs] = [median(runs.file), median(runs.text), median(runs.object)];
  const { size: bytes } = await stat(path);
  await file.close();
  await rm(path, { force: true });
  return { fileMs, textMs, objectMs, textHeapMb, objectHeapMb, baseHeapMb, fileMb: bytes / 1e6 };
}

function inChild<T>(job: Record<string, unknown>): Promise<T> {
  const args = [
    ...(job.rollback === true ? ['--expose-gc'] : []),
    '--import',
    'tsx',
    process.argv[1] as string,
    '--child',
    JSON.stringify(job),
    '--writes',
    flags.writes,
    '--seconds',
    flags.seconds,
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('close', (code) => {
      if (code !== 0) reject(new Error(`measurement exited ${code}`));
      else resolve(JSON.parse(out) as T);
    });
  });
}

if (flags.child !== undefined) {
  const job = JSON.parse(flags.child) as { log: boolean; size: string; folder: string; rollback?: boolean };
  const result =
    job.rollback === true ? await measureRollback(job.folder) : await measure(job.log, job.size, job.folder);
  process.stdout.write(JSON.stringify(result));
} else {
  const folder = flags.folder ?? (await mkdtemp(join(tmpdir(), 'ticketmock-state-write-')));
  const fmt = (value: number, digits = 2) => value.toLocaleString('en-US', { maximumFractionDigits: digits });
  process.stdout.write(
    `# --state write cost, ${new Date().toISOString()}\n\n${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, ` +
      `files in ${folder}; ${flags.rounds} rounds, ${flags.writes} sequential writes (10 rewrites at scale), ` +
      `${flags.seconds} s of 50 concurrent creates\n\n`,
  );
  const phases = new Set(flags.only.split(','));
  const results = new Map<string, Measured[]>();
  const rollbacks: RollbackMeasured[] = [];
  try {
    for (let round = 0; phases.has('writes') && round < Number(flags.rounds); round += 1) {
      for (const size of flags.sizes.split(',')) {
        const order = round % 2 === 0 ? [false, true] : [true, false];
        for (const log of order) {
          const key = `${size} ${log ? 'log' : 'rewrite'}`;
          const measured = await inChild<Measured>({ log, size, folder });
          process.stderr.write(`round ${round + 1}, ${key}: ${JSON.stringify(measured)}\n`);
          results.set(key, [...(results.get(key) ?? []), measured]);
        }
      }
    }
    for (let round = 0; phases.has('rollback') && round < Number(flags.rounds); round += 1) {
      const measured = await inChild<RollbackMeasured>({ rollback: true, folder });
      process.stderr.write(`round ${round + 1}, rollback: ${JSON.stringify(measured)}\n`);
      rollbacks.push(measured);
    }
  } finally {
    if (flags.folder === undefined) await rm(folder, { recursive: true, force: true });
  }
  if (rollbacks.length > 0) {
    const of = (field: keyof RollbackMeasured) => median(rollbacks.map((entry) => entry[field]));
    process.stdout.write(
      `Rollback at 100,000 tickets per API (file ${fmt(of('fileMb'), 1)} MB; heap ${fmt(of('baseHeapMb'), 0)} MB without a copy):\n\n` +
        '| source of the last durable state | rollback, ms (median) | heap the copy keeps, MB |\n| --- | --- | --- |\n' +
        `| the file (read, parse, import) | ${fmt(of('fileMs'), 0)} | 0 |\n` +
        `| a copy kept as text (parse, import) | ${fmt(of('textMs'), 0)} | ${fmt(of('textHeapMb'), 0)} |\n` +
        `| a copy kept as parsed JSON (clone, import) | ${fmt(of('objectMs'), 0)} | ${fmt(of('objectHeapMb'), 0)} |\n\n`,
    );
  }
  if (results.size > 0) {
    const of = (key: string, field: keyof Measured) => median((results.get(key) ?? []).map((entry) => entry[field]));
    process.stdout.write(
      '| data | strategy | write, ms (median; p90) | 50 concurrent: creates/s | p50 ms | p99 ms | RSS max MB | file MB at the end |\n',
    );
    process.stdout.write('| --- | --- | --- | --- | --- | --- | --- | --- |\n');
    for (const size of flags.sizes.split(',')) {
      for (const strategy of ['rewrite', 'log']) {
        const key = `${size} ${strategy}`;
        process.stdout.write(
          `| ${size === 'demo' ? 'demo data' : `${fmt(Number(size))} tickets per API`} | ${strategy} | ` +
            `${fmt(of(key, 'writeMs'), 3)}; ${fmt(of(key, 'writeP90'), 3)} | ${fmt(of(key, 'acksPerSecond'), 0)} | ` +
            `${fmt(of(key, 'p50'), 1)} | ${fmt(of(key, 'p99'), 1)} | ${fmt(of(key, 'rssMb'), 0)} | ${fmt(of(key, 'fileMb'), 1)} |\n`,
        );
      }
      const ratio = of(`${size} rewrite`, 'writeMs') / of(`${size} log`, 'writeMs');
      const throughput = of(`${size} log`, 'acksPerSecond') / of(`${size} rewrite`, 'acksPerSecond');
      process.stdout.write(
        `| ${size} | rewrite / log | **${fmt(ratio, 1)}×** per write | log: **${fmt(throughput, 1)}×** the creates/s | | | | |\n`,
      );
    }
  }
}
