/**
 * The store's cost per operation, before and after `@msw/data` became the collection the
 * mock answers from (docs/decisions/009-msw-data-store.md): the `Table` of a git revision
 * (`--baseline <rev>`, default the commit before that change) against the working tree's,
 * in one process, at 1,000 and 100,000 Auvious ticket records (half per organisation).
 * The working tree's collection is also driven through `@msw/data`'s own API (what a test
 * that seeds `mocks.db` pays), its hooks keeping the index current.
 * Memory: each variant fills 100,000 records in a fresh process (`--expose-gc`).
 *
 * Run: `npx tsx bench/store.ts [--baseline <rev>] [--runs 7]`. Medians; read the ratios.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { TicketRecord } from '../src/handlers/auvious/model.ts';
import { record } from './records.ts';
import { median } from './stats.ts';

const { values: flags } = parseArgs({
  options: {
    baseline: { type: 'string', default: '23352fc' },
    runs: { type: 'string', default: '7' },
    memory: { type: 'string' },
    module: { type: 'string' },
  },
});
const RUNS = Number(flags.runs);

/** The operations both versions of the store have. */
interface AnyTable {
  insert(value: TicketRecord): Promise<TicketRecord>;
  get(key: string): TicketRecord | undefined;
  page(tenant: string, offset: number, limit: number): TicketRecord[];
  update(key: string, change: (copy: TicketRecord) => TicketRecord): TicketRecord | undefined;
  delete(key: string): TicketRecord | undefined;
  count(): number;
  // the working tree's only
  // biome-ignore lint/suspicious/noExplicitAny: @msw/data's Collection, driven as a test would
  readonly collection?: any;
}
type TableClass = new (options: {
  name: string;
  schema: unknown;
  key: (t: TicketRecord) => string;
  tenant: (t: TicketRecord) => string;
}) => AnyTable;

async function load(path: string): Promise<TableClass> {
  return ((await import(pathToFileURL(path).href)) as { Table: TableClass }).Table;
}

async function fill(Table: TableClass, size: number): Promise<AnyTable> {
  const { ticketRecordSchema } = await import('../src/handlers/auvious/model.ts');
  const table = new Table({
    name: 'bench',
    schema: ticketRecordSchema,
    key: (t) => t.id,
    tenant: (t) => t.organizationId,
  });
  for (let index = 0; index < size; index += 1) await table.insert(record(index));
  return table;
}

/** µs per call of `run` over `count` calls. */
async function time(count: number, run: (index: number) => unknown): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < count; index += 1) await run(index);
  return ((performance.now() - started) * 1000) / count;
}

type Row = Record<string, number>;

/** One run of every operation on a fresh table of `size` records; `add` collects each figure. */
async function measure(
  Table: TableClass,
  size: number,
  run: number,
  add: (name: string, value: number) => void,
): Promise<void> {
  {
    const started = performance.now();
    const table = await fill(Table, size);
    add('insert (Table)', ((performance.now() - started) * 1000) / size);
    const ids = Array.from({ length: 2_000 }, (_, index) => record((index * 7919) % size).id);
    add('get by key', await time(ids.length, (index) => table.get(ids[index] as string)));
    add('tenant page of 50', await time(200, () => table.page('demo-org', 0, 50)));
    add(
      'update (Table, in place)',
      await time(200, (index) =>
        table.update(ids[index] as string, (ticket) => ({ ...ticket, version: ticket.version + 1 })),
      ),
    );
    const doomed = ids.slice(0, 100);
    add('delete (Table)', await time(doomed.length, (index) => table.delete(doomed[index] as string)));
    const extra = Array.from({ length: 200 }, (_, index) => record(size + run * 1000 + index));
    add('insert one more (Table)', await time(extra.length, (index) => table.insert(extra[index] as TicketRecord)));
    const collection = table.collection;
    if (collection === undefined) return;
    // what a test pays through @msw/data's own API, with the index following
    const seeded = Array.from({ length: 200 }, (_, index) => record(size + 500_000 + run * 1000 + index));
    add('collection.create', await time(seeded.length, (index) => collection.create(seeded[index])));
    const targets = ids.slice(200, 210);
    add(
      'collection.update',
      await time(targets.length, (index) =>
        collection.update((q: { where: (w: object) => unknown }) => q.where({ id: targets[index] }), {
          data(ticket: TicketRecord) {
            ticket.version += 1;
          },
        }),
      ),
    );
    add(
      'collection.delete (query)',
      await time(targets.length, (index) =>
        collection.delete((q: { where: (w: object) => unknown }) => q.where({ id: targets[index] })),
      ),
    );
    add(
      'findMany one tenant',
      await time(3, () =>
        collection.findMany((q: { where: (w: object) => unknown }) => q.where({ organizationId: 'demo-org' })),
      ),
    );
    for (const id of targets) if (table.get(id) !== undefined) throw new Error('the index kept a deleted record');
    if (table.get(seeded[0]?.id as string) === undefined) throw new Error('the index missed a created record');
  }
}

/** Every variant's medians at `size`, the variants' runs alternating so that both see the same machine. */
async function compare(variants: Record<string, TableClass>, size: number): Promise<Record<string, Row>> {
  const samples: Record<string, Record<string, number[]>> = {};
  for (let run = 0; run < RUNS; run += 1) {
    for (const [variant, Table] of Object.entries(variants)) {
      samples[variant] ??= {};
      const mine = samples[variant];
      await measure(Table, size, run, (name, value) => {
        mine[name] ??= [];
        mine[name].push(value);
      });
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([variant, rows]) => [
      variant,
      Object.fromEntries(Object.entries(rows).map(([name, values]) => [name, median(values)])),
    ]),
  );
}

/** In a child process: fill 100,000 records, collect garbage, print heap and RSS in MB. */
async function memoryChild(path: string): Promise<void> {
  const before = process.memoryUsage();
  const table = await fill(await load(path), 100_000);
  (globalThis as { gc?: () => void }).gc?.();
  const after = process.memoryUsage();
  console.log(
    JSON.stringify({
      heap: (after.heapUsed - before.heapUsed) / 2 ** 20,
      rss: after.rss / 2 ** 20,
      count: table.count(),
    }),
  );
}

function memory(path: string): { heap: number; rss: number } {
  const self = fileURLToPath(import.meta.url);
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', self, '--memory', '1', '--module', path],
    {
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').pop() as string);
}

if (flags.memory !== undefined) {
  await memoryChild(flags.module as string);
} else {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const baselinePath = `${here}.store-baseline-${process.pid}.ts`;
  writeFileSync(
    baselinePath,
    execFileSync('git', ['show', `${flags.baseline}:src/core/store.ts`], { encoding: 'utf8' }),
  );
  try {
    const currentPath = fileURLToPath(new URL('../src/core/store.ts', import.meta.url));
    const variants = { before: baselinePath, after: currentPath };
    console.log(`node ${process.version}, baseline ${flags.baseline}, ${RUNS} runs, medians, µs per call`);
    for (const size of [1_000, 100_000]) {
      const rows = await compare({ before: await load(variants.before), after: await load(variants.after) }, size);
      const names = [...new Set([...Object.keys(rows.before ?? {}), ...Object.keys(rows.after ?? {})])];
      console.log(
        `\n${size.toLocaleString('en')} records\n| operation | before | after | after / before |\n| --- | --- | --- | --- |`,
      );
      for (const name of names) {
        const b = rows.before?.[name];
        const a = rows.after?.[name];
        const format = (value: number | undefined) =>
          value === undefined ? '—' : value < 10 ? value.toFixed(2) : value.toFixed(0);
        console.log(
          `| ${name} | ${format(b)} | ${format(a)} | ${b === undefined || a === undefined ? '—' : `${(a / b).toFixed(2)}×`} |`,
        );
      }
    }
    console.log(
      '\n100,000 records, fresh process each\n| variant | heap used by the table | RSS |\n| --- | --- | --- |',
    );
    for (const [name, path] of Object.entries(variants)) {
      const figures = [0, 1, 2].map(() => memory(path));
      console.log(
        `| ${name} | ${median(figures.map((f) => f.heap)).toFixed(1)} MB | ${median(figures.map((f) => f.rss)).toFixed(0)} MB |`,
      );
    }
  } finally {
    rmSync(baselinePath, { force: true });
  }
}
