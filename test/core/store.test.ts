import { describe, expect, it } from 'vitest';
import { jsonRecordSchema } from '../../src/core/record-schema.ts';
import { StoreError, Table } from '../../src/core/store.ts';

interface Row {
  id: string;
  tenant: string;
  n: number;
}

const table = () =>
  new Table<Row>({
    name: 'rows',
    schema: jsonRecordSchema<Row>({
      type: 'object',
      additionalProperties: false,
      required: ['id', 'tenant', 'n'],
      properties: { id: { type: 'string' }, tenant: { type: 'string' }, n: { type: 'integer' } },
    }),
    key: (row) => row.id,
    tenant: (row) => row.tenant,
  });

describe('Table', () => {
  it('finds by key and lists one tenant in insertion order', async () => {
    const rows = table();
    for (const [index, tenant] of ['a', 'b', 'a', 'a'].entries())
      await rows.insert({ id: `r${index}`, tenant, n: index });
    expect(rows.get('r2')).toEqual({ id: 'r2', tenant: 'a', n: 2 });
    expect(rows.page('a', 0, 10).map((row) => row.id)).toEqual(['r0', 'r2', 'r3']);
    expect(rows.countFor('b')).toBe(1);
    expect(rows.page('a', 1, 5).map((row) => row.id)).toEqual(['r2', 'r3']);
    expect(rows.page('a', 0, 1).map((row) => row.id)).toEqual(['r0']);
    expect(rows.page('a', 0, 0)).toEqual([]);
    expect(rows.count()).toBe(4);
  });

  it('refuses a duplicate key, also when two inserts race', async () => {
    const rows = table();
    const results = await Promise.allSettled([
      rows.insert({ id: 'x', tenant: 'a', n: 1 }),
      rows.insert({ id: 'x', tenant: 'a', n: 2 }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(rows.count()).toBe(1);
  });

  it('refuses a record its schema rejects, and leaves nothing behind', async () => {
    const rows = table();
    await expect(rows.insert({ id: 'x', tenant: 'a', n: 1.5 })).rejects.toBeInstanceOf(StoreError);
    expect(rows.has('x')).toBe(false);
  });

  it('updates in place after validating, and refuses to move a record', async () => {
    const rows = table();
    const inserted = await rows.insert({ id: 'x', tenant: 'a', n: 1 });
    expect(rows.update('x', (row) => ({ ...row, n: 2 }))).toBe(inserted);
    expect(rows.get('x')?.n).toBe(2);
    expect(() => rows.update('x', (row) => ({ ...row, n: 'two' as unknown as number }))).toThrow(StoreError);
    expect(() => rows.update('x', (row) => ({ ...row, tenant: 'b' }))).toThrow(/key or tenant/);
    expect(rows.get('x')?.n).toBe(2);
    expect(rows.update('nope', (row) => row)).toBeUndefined();
  });

  it('deletes from every index', async () => {
    const rows = table();
    await rows.insert({ id: 'x', tenant: 'a', n: 1 });
    expect(rows.delete('x')?.id).toBe('x');
    expect(rows.get('x')).toBeUndefined();
    expect(rows.page('a', 0, 10)).toEqual([]);
    expect(rows.delete('x')).toBeUndefined();
  });
});
