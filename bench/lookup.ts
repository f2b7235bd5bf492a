/**
 * Lookup by id and one tenant's first page of 50: ticketmock's indexed store against a scan of the
 * same `@msw/data` collection (`findFirst`), at 1,000 and 100,000 Auvious tickets.
 * Run: `npm run bench:lookup`. Prints medians of 7 runs; compare ratios, not absolutes.
 */
import { Collection } from '@msw/data';
import { Table } from '../src/core/store.ts';
import { type TicketRecord, ticketRecordSchema } from '../src/handlers/auvious/model.ts';
import { record } from './records.ts';
import { median } from './stats.ts';

const RUNS = 7;
const LOOKUPS = 2_000;

async function measure(size: number): Promise<string[]> {
  const table = new Table<TicketRecord>({
    name: 'bench',
    schema: ticketRecordSchema,
    key: (t) => t.id,
    tenant: (t) => t.organizationId,
  });
  const scan = new Collection({ schema: ticketRecordSchema });
  for (let index = 0; index < size; index += 1) {
    await table.insert(record(index));
    await scan.create(record(index));
  }
  const ids = Array.from({ length: LOOKUPS }, (_, index) => record((index * 7919) % size).id);
  const indexed: number[] = [];
  const scanned: number[] = [];
  const page: number[] = [];
  const updateIndexed: number[] = [];
  const updateCollection: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    let started = performance.now();
    for (const id of ids) if (table.get(id) === undefined) throw new Error('missing');
    indexed.push(((performance.now() - started) * 1000) / ids.length);
    started = performance.now();
    for (const id of ids.slice(0, 50))
      if (scan.findFirst((q) => q.where({ id })) === undefined) throw new Error('missing');
    scanned.push(((performance.now() - started) * 1000) / 50);
    started = performance.now();
    for (let repeat = 0; repeat < 20; repeat += 1) table.page('demo-org', 0, 50);
    page.push(((performance.now() - started) * 1000) / 20);
    started = performance.now();
    for (const id of ids.slice(0, 200)) table.update(id, (ticket) => ({ ...ticket, version: ticket.version + 1 }));
    updateIndexed.push(((performance.now() - started) * 1000) / 200);
    const targets = ids.slice(0, 10).map((id) => scan.findFirst((q) => q.where({ id })));
    started = performance.now();
    for (const target of targets) {
      await scan.update(target as never, {
        data(ticket: TicketRecord) {
          ticket.version += 1;
        },
      });
    }
    updateCollection.push(((performance.now() - started) * 1000) / 10);
  }
  const i = median(indexed);
  const s = median(scanned);
  const u = median(updateIndexed);
  const c = median(updateCollection);
  return [
    `| ${size.toLocaleString('en')} | ${i.toFixed(3)} µs | ${s.toFixed(1)} µs | ${(s / i).toFixed(0)}× | ${median(page).toFixed(1)} µs | ${u.toFixed(1)} µs | ${c.toFixed(0)} µs | ${(c / u).toFixed(0)}× |`,
  ];
}

console.log(`node ${process.version}, ${RUNS} runs, medians`);
console.log(
  '| tickets | get by id (indexed) | findFirst (scan) | scan / indexed | one tenant, first 50 | update (store) | collection.update | ratio |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const size of [1_000, 100_000]) for (const line of await measure(size)) console.log(line);
