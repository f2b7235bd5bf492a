/**
 * The request journal (src/core/journal.ts, `GET /__mock/journal`): the last N requests,
 * oldest first, whatever number came before.
 */
import { describe, expect, it } from 'vitest';
import { Journal, type JournalEntry } from '../../src/core/journal.ts';

const entry = (n: number): JournalEntry => ({
  method: 'GET',
  path: `/security/ticket/t-${n}`,
  operationId: 'auvious.getTicket',
  status: 200,
  durationMs: n / 10,
  time: new Date(Date.UTC(2026, 4, 1, 10, 0, n)).toISOString(),
});
const paths = (journal: Journal) => journal.entries().map((item) => item.path);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe('Journal', () => {
  it('keeps 1000 requests unless told otherwise', () => {
    const journal = new Journal();
    expect(journal.capacity).toBe(1000);
    for (const n of range(1, 1001)) journal.record(entry(n));
    const entries = journal.entries();
    expect(entries).toHaveLength(1000);
    expect(entries[0]).toEqual(entry(2));
    expect(entries.at(-1)).toEqual(entry(1001));
  });

  it.each([
    [1, 0],
    [3, 2],
    [3, 3],
    [3, 4],
    [3, 7],
    [5, 12],
  ])('with room for %d, after %d requests, lists the last ones oldest first', (capacity, count) => {
    const journal = new Journal(capacity);
    for (const n of range(1, count)) journal.record(entry(n));
    const kept = range(Math.max(1, count - capacity + 1), count);
    expect(paths(journal)).toEqual(kept.map((n) => `/security/ticket/t-${n}`));
  });

  it('hands out a copy: changing the list changes nothing it keeps', () => {
    for (const capacity of [2, 10]) {
      const journal = new Journal(capacity);
      journal.record(entry(1));
      journal.record(entry(2));
      journal.entries().length = 0;
      expect(paths(journal)).toEqual(['/security/ticket/t-1', '/security/ticket/t-2']);
    }
  });

  it('starts afresh after clear, a full ring too', () => {
    const journal = new Journal(3);
    for (const n of range(1, 5)) journal.record(entry(n));
    journal.clear();
    expect(journal.entries()).toEqual([]);
    for (const n of range(6, 7)) journal.record(entry(n));
    expect(paths(journal)).toEqual(['/security/ticket/t-6', '/security/ticket/t-7']);
    for (const n of range(8, 9)) journal.record(entry(n));
    expect(paths(journal)).toEqual(['/security/ticket/t-7', '/security/ticket/t-8', '/security/ticket/t-9']);
  });

  it.each([0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a capacity of %d', (capacity) => {
    expect(() => new Journal(capacity)).toThrow(new RangeError('journal capacity must be a positive integer'));
  });
});
