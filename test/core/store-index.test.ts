/**
 * More of the store's contract (src/core/store.ts), as the engine and a test holding
 * `mocks.db` meet it: clearing, updates that drop a field, what a refusal says, and the
 * collection a table hands out staying the one. Complements test/core/store.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { type RecordSchema, StoreError, Table } from '../../src/core/store.ts';

interface Note {
  id: string;
  tenant: string;
  text?: string;
}

const noteSchema: RecordSchema<Note> = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate(value) {
      const note = value as Partial<Note> | null;
      const valid =
        typeof note === 'object' &&
        note !== null &&
        typeof note.id === 'string' &&
        typeof note.tenant === 'string' &&
        (note.text === undefined || typeof note.text === 'string') &&
        Object.keys(note).every((key) => ['id', 'tenant', 'text'].includes(key));
      return valid ? { value: note as Note } : { issues: [{ message: 'not a note' }, { message: 'see the schema' }] };
    },
  },
};

const notes = () =>
  new Table<Note>({ name: 'notes', schema: noteSchema, key: (note) => note.id, tenant: (note) => note.tenant });
const attachedNotes = async () => {
  const table = notes();
  await table.attach();
  return table;
};
const quietly = async <T>(run: () => Promise<T>): Promise<T> => {
  // @msw/data reports a schema's issues on the console before it throws
  const error = console.error;
  console.error = () => undefined;
  try {
    return await run();
  } finally {
    console.error = error;
  }
};

describe.each([
  ['on its index alone', notes],
  ['on its @msw/data collection', attachedNotes],
])('Table %s', (_, make) => {
  it('forgets every record on clear, and takes their keys again', async () => {
    const table = await make();
    for (const [index, tenant] of ['a', 'b', 'a'].entries()) await table.insert({ id: `n${index}`, tenant });
    table.clear();
    expect(['n0', 'n1', 'n2'].map((id) => table.has(id))).toEqual([false, false, false]);
    expect([table.count(), table.countFor('a'), table.all().length]).toEqual([0, 0, 0]);
    expect(table.page('a', 0, 10)).toEqual([]);
    await table.insert({ id: 'n1', tenant: 'b', text: 'again' });
    expect(table.get('n1')?.text).toBe('again');
    expect(table.countFor('b')).toBe(1);
  });

  it('says what is wrong: an invalid record, a taken key (first, even for an invalid record), a move', async () => {
    const table = await make();
    await expect(table.insert({ id: 'x', tenant: 'a', text: 5 } as unknown as Note)).rejects.toThrow(
      new StoreError('notes: invalid record: not a note; see the schema'),
    );
    await table.insert({ id: 'x', tenant: 'a' });
    await expect(table.insert({ id: 'x', tenant: 'a' })).rejects.toThrow(new StoreError('notes: duplicate key x'));
    await expect(table.insert({ id: 'x', tenant: 'a', text: 5 } as unknown as Note)).rejects.toThrow(
      'notes: duplicate key x',
    );
    const moved = "notes: an update may not change a record's key or tenant";
    expect(() => table.update('x', (note) => ({ ...note, id: 'y' }))).toThrow(new StoreError(moved));
    expect(() => table.update('x', (note) => ({ ...note, tenant: 'b' }))).toThrow(moved);
    expect([table.has('y'), table.get('x')?.tenant]).toEqual([false, 'a']);
  });

  it('drops a field an update leaves out, and the record stays a plain, writable object', async () => {
    const table = await make();
    const inserted = await table.insert({ id: 'x', tenant: 'a' });
    table.update('x', (note) => ({ ...note, text: 'hello' }));
    expect(table.get('x')).toEqual({ id: 'x', tenant: 'a', text: 'hello' });
    const { text: _, ...withoutText } = inserted;
    table.update('x', () => withoutText);
    expect(table.get('x')).toEqual({ id: 'x', tenant: 'a' });
    expect(Object.keys(table.get('x') ?? {})).toEqual(['id', 'tenant']);
    table.update('x', (note) => ({ ...note, text: 'again' }));
    const record = table.get('x') as Note;
    record.text = 'by hand';
    expect(table.get('x')?.text).toBe('by hand');
    table.update('x', ({ text: _text, ...rest }) => rest);
    expect(table.get('x')).toEqual({ id: 'x', tenant: 'a' });
  });

  it('updates in place: the record keeps its fields in their order, whatever order the change lists them in', async () => {
    const table = await make();
    await table.insert({ id: 'x', tenant: 'a', text: 'one' });
    table.update('x', (note) => ({ text: 'two', tenant: note.tenant, id: note.id }));
    expect(JSON.stringify(table.get('x'))).toBe('{"id":"x","tenant":"a","text":"two"}');
  });
});

describe('Table over its @msw/data collection', () => {
  it('checks a record created through the collection from the start, before any insert', async () => {
    const table = await attachedNotes();
    await quietly(() =>
      expect(table.collection.create({ id: 'x', tenant: 'a', text: 5 } as unknown as Note)).rejects.toThrow(
        /does not match the schema/,
      ),
    );
    expect(table.has('x')).toBe(false);
    expect(table.collection.count()).toBe(0);
  });

  it('answers an update that matches nothing with nothing, and keeps its index', async () => {
    const table = await attachedNotes();
    await table.insert({ id: 'x', tenant: 'a' });
    const updated = await table.collection.update((q) => q.where({ id: 'nope' }), {
      data(note) {
        note.text = 'never';
      },
    });
    expect(updated).toBeUndefined();
    expect(table.get('x')).toEqual({ id: 'x', tenant: 'a' });
  });

  it('forgets every record when the collection is cleared', async () => {
    const table = await attachedNotes();
    for (const index of [0, 1, 2, 3]) await table.insert({ id: `n${index}`, tenant: 'a' });
    table.collection.clear();
    expect([0, 1, 2, 3].map((index) => table.has(`n${index}`))).toEqual([false, false, false, false]);
    expect(table.countFor('a')).toBe(0);
  });

  it('keeps handing out the same collection when attached again', async () => {
    const table = notes();
    await table.insert({ id: 'x', tenant: 'a' });
    await table.attach();
    const collection = table.collection;
    await table.attach();
    expect(table.collection).toBe(collection);
    await collection.create({ id: 'y', tenant: 'a' });
    expect(table.has('y')).toBe(true);
    expect(collection.count()).toBe(2);
  });
});
