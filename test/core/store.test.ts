import { describe, expect, it } from 'vitest';
import { type RecordSchema, StoreError, Table } from '../../src/core/store.ts';

interface Row {
  id: string;
  tenant: string;
  n: number;
}

/** A hand-written Standard Schema: the store needs nothing more than `validate`. */
const rowSchema: RecordSchema<Row> = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate(value) {
      const row = value as Partial<Row> | null;
      const valid =
        typeof row === 'object' &&
        row !== null &&
        Object.keys(row).length === 3 &&
        typeof row.id === 'string' &&
        typeof row.tenant === 'string' &&
        Number.isInteger(row.n);
      return valid ? { value: row as Row } : { issues: [{ message: 'not a row' }] };
    },
  },
};

const table = (onAdd?: (row: Row) => void) =>
  new Table<Row>({
    name: 'rows',
    schema: rowSchema,
    key: (row) => row.id,
    tenant: (row) => row.tenant,
    ...(onAdd === undefined ? {} : { onAdd }),
  });

/** A table whose records `@msw/data`'s collection holds (what `mocks.db` hands out). */
const attachedTable = async () => {
  const rows = table();
  await rows.attach();
  return rows;
};

/** The records where the table keeps them: its collection once attached, else its index. */
const held = (rows: Table<Row>): number => (rows.attached ? rows.collection.count() : rows.all().length);

const ids = (rows: readonly Row[]) => rows.map((row) => row.id);

describe.each([
  ['on its index alone', table],
  ['on its @msw/data collection', attachedTable],
])('Table %s', (_, make) => {
  it('finds by key and lists one tenant in insertion order', async () => {
    const rows = await make();
    for (const [index, tenant] of ['a', 'b', 'a', 'a'].entries())
      await rows.insert({ id: `r${index}`, tenant, n: index });
    expect(rows.get('r2')).toEqual({ id: 'r2', tenant: 'a', n: 2 });
    expect(ids(rows.page('a', 0, 10))).toEqual(['r0', 'r2', 'r3']);
    expect(rows.countFor('b')).toBe(1);
    expect(ids(rows.page('a', 1, 5))).toEqual(['r2', 'r3']);
    expect(ids(rows.page('a', 0, 1))).toEqual(['r0']);
    expect(rows.page('a', 0, 0)).toEqual([]);
    expect(rows.count()).toBe(4);
  });

  it('refuses a duplicate key, also when two inserts race', async () => {
    const rows = await make();
    const results = await Promise.allSettled([
      rows.insert({ id: 'x', tenant: 'a', n: 1 }),
      rows.insert({ id: 'x', tenant: 'a', n: 2 }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(rows.count()).toBe(1);
    expect(held(rows)).toBe(1);
  });

  it('refuses a record its schema rejects, and leaves nothing behind', async () => {
    const rows = await make();
    await expect(rows.insert({ id: 'x', tenant: 'a', n: 1.5 })).rejects.toBeInstanceOf(StoreError);
    expect(rows.has('x')).toBe(false);
    expect(held(rows)).toBe(0);
  });

  it('updates in place after validating, and refuses to move a record', async () => {
    const rows = await make();
    const inserted = await rows.insert({ id: 'x', tenant: 'a', n: 1 });
    expect(rows.update('x', (row) => ({ ...row, n: 2 }))).toBe(inserted);
    expect(rows.get('x')?.n).toBe(2);
    expect(rows.all()[0]?.n).toBe(2);
    if (rows.attached) expect(rows.collection.findFirst((q) => q.where({ id: 'x' }))?.n).toBe(2);
    expect(() => rows.update('x', (row) => ({ ...row, n: 'two' as unknown as number }))).toThrow(StoreError);
    expect(() => rows.update('x', (row) => ({ ...row, tenant: 'b' }))).toThrow(/key or tenant/);
    expect(rows.get('x')?.n).toBe(2);
    expect(rows.update('nope', (row) => row)).toBeUndefined();
  });

  it('deletes from every index', async () => {
    const rows = await make();
    await rows.insert({ id: 'x', tenant: 'a', n: 1 });
    expect(rows.delete('x')?.id).toBe('x');
    expect(rows.get('x')).toBeUndefined();
    expect(rows.page('a', 0, 10)).toEqual([]);
    expect(held(rows)).toBe(0);
    expect(rows.delete('x')).toBeUndefined();
  });
});

describe('Table over its @msw/data collection', () => {
  it('indexes a record created through the collection, and checks it with the table schema', async () => {
    const rows = await attachedTable();
    await rows.insert({ id: 'r0', tenant: 'a', n: 0 });
    await rows.collection.create({ id: 'r1', tenant: 'a', n: 1 });
    await rows.collection.createMany(2, (index) => ({ id: `s${index}`, tenant: 'b', n: index }));
    expect(rows.get('r1')).toEqual({ id: 'r1', tenant: 'a', n: 1 });
    expect(ids(rows.page('a', 0, 10))).toEqual(['r0', 'r1']);
    expect(ids(rows.page('b', 0, 10))).toEqual(['s0', 's1']);
    expect(ids(rows.page('a', 0, 10))).toEqual(ids(rows.collection.findMany((q) => q.where({ tenant: 'a' }))));
    await expect(rows.collection.create({ id: 'r1', tenant: 'b', n: 9 })).rejects.toThrow(/duplicate key r1/);
    // @msw/data reports the schema's issues on the console before it throws
    const error = console.error;
    console.error = () => undefined;
    try {
      await expect(rows.collection.create({ id: 'r2', tenant: 'a', n: 0.5 })).rejects.toThrow(
        /does not match the schema/,
      );
    } finally {
      console.error = error;
    }
    expect(rows.count()).toBe(4);
    expect(rows.has('r2')).toBe(false);
  });

  it('follows collection.update: a new value, a move to another tenant, a new key', async () => {
    const rows = await attachedTable();
    for (const [index, tenant] of ['a', 'a', 'b'].entries()) await rows.insert({ id: `r${index}`, tenant, n: index });
    await rows.collection.update((q) => q.where({ id: 'r0' }), {
      data(row) {
        row.n = 10;
      },
    });
    expect(rows.get('r0')?.n).toBe(10);
    expect(rows.page('a', 0, 1)[0]?.n).toBe(10);
    // the engine's own in-place update now writes onto the record the collection keeps
    rows.update('r0', (row) => ({ ...row, n: 11 }));
    expect(rows.collection.findFirst((q) => q.where({ id: 'r0' }))?.n).toBe(11);

    await rows.collection.update((q) => q.where({ id: 'r1' }), {
      data(row) {
        row.tenant = 'b';
      },
    });
    expect(ids(rows.page('a', 0, 10))).toEqual(['r0']);
    expect(ids(rows.page('b', 0, 10))).toEqual(['r1', 'r2']);

    await rows.collection.update((q) => q.where({ id: 'r2' }), {
      data(row) {
        row.id = 'r9';
      },
    });
    expect(rows.get('r2')).toBeUndefined();
    expect(rows.get('r9')?.tenant).toBe('b');

    await expect(
      rows.collection.update((q) => q.where({ id: 'r9' }), {
        data(row) {
          row.id = 'r0';
        },
      }),
    ).rejects.toThrow(/duplicate key r0/);
    expect(rows.get('r9')?.id).toBe('r9');
    expect(rows.get('r0')?.n).toBe(11);

    await rows.collection.updateMany((q) => q.where({ tenant: 'b' }), {
      data(row) {
        row.n += 100;
      },
    });
    expect(rows.page('b', 0, 10).map((row) => row.n)).toEqual([101, 102]);
  });

  it('follows collection.delete, deleteMany and clear', async () => {
    const rows = await attachedTable();
    for (const [index, tenant] of ['a', 'a', 'b', 'b', 'b'].entries())
      await rows.insert({ id: `r${index}`, tenant, n: index });
    rows.collection.delete((q) => q.where({ id: 'r0' }));
    expect(rows.has('r0')).toBe(false);
    expect(ids(rows.page('a', 0, 10))).toEqual(['r1']);
    rows.collection.deleteMany((q) => q.where({ tenant: 'b' }));
    expect(rows.countFor('b')).toBe(0);
    expect(rows.has('r3')).toBe(false);
    rows.collection.clear();
    expect(rows.has('r1')).toBe(false);
    expect(rows.count()).toBe(0);
    await rows.insert({ id: 'r1', tenant: 'a', n: 1 });
    expect(rows.get('r1')?.n).toBe(1);
  });
});

describe('Table.attach', () => {
  it('moves the records it holds into a new collection, in order, and follows it from then on', async () => {
    const added: string[] = [];
    const rows = table((row) => added.push(row.id));
    expect(() => rows.collection).toThrow(/rows has no @msw\/data collection/);
    for (const [index, tenant] of ['a', 'b', 'a'].entries()) await rows.insert({ id: `r${index}`, tenant, n: index });
    await rows.attach();
    expect(rows.attached).toBe(true);
    expect(ids(rows.collection.all())).toEqual(['r0', 'r1', 'r2']);
    // the index holds the collection's own objects: a change through @msw/data is seen
    await rows.collection.update((q) => q.where({ id: 'r2' }), {
      data(row) {
        row.n = 20;
      },
    });
    expect(rows.get('r2')?.n).toBe(20);
    expect(rows.page('a', 0, 10).map((row) => row.n)).toEqual([0, 20]);
    await rows.collection.create({ id: 'r3', tenant: 'b', n: 3 });
    expect(ids(rows.page('b', 0, 10))).toEqual(['r1', 'r3']);
    // every record the table gained told `onAdd` once: attaching is not gaining
    expect(added).toEqual(['r0', 'r1', 'r2', 'r3']);
    await rows.attach();
    expect(rows.collection.count()).toBe(4);
  });

  it('a refusal from onAdd keeps the record out, on either side of attach', async () => {
    const rows = table((row) => {
      if (row.n < 0) throw new StoreError(`negative ${row.id}`);
    });
    await expect(rows.insert({ id: 'x', tenant: 'a', n: -1 })).rejects.toThrow(/negative x/);
    expect(rows.count()).toBe(0);
    await rows.attach();
    await expect(rows.collection.create({ id: 'y', tenant: 'a', n: -1 })).rejects.toThrow(/negative y/);
    expect(rows.has('y')).toBe(false);
    expect(rows.collection.count()).toBe(0);
  });
});
