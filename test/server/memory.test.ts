/**
 * Memory back to the system: `collectGarbage` runs a full collection (garbage that only a
 * full collection frees — large arrays live in V8's large-object space, which no scavenge
 * touches — is gone after it), and `IdleCollector` runs one when the requests have stopped
 * and the heap has grown, never while they come.
 */
import { getHeapStatistics } from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collectGarbage, IdleCollector } from '../../src/server/memory.ts';

it('collectGarbage frees what only a full collection frees', () => {
  // 8 arrays of 1 Mi doubles (8 MiB each): V8 keeps them in its large-object space
  let garbage: number[][] | undefined = Array.from({ length: 8 }, (_, index) =>
    new Array(1024 * 1024).fill(index + 0.5),
  );
  const held = garbage.reduce((bytes, array) => bytes + array.length * 8, 0);
  const before = getHeapStatistics().used_heap_size;
  garbage = undefined;
  expect(collectGarbage()).toBe(true);
  expect(before - getHeapStatistics().used_heap_size).toBeGreaterThan(held * 0.75);
});

describe('IdleCollector', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const MiB = 1024 * 1024;
  function collector(heap: { used: number }) {
    const collections: number[] = [];
    const idle = new IdleCollector({
      idleMs: 5000,
      growthBytes: 64 * MiB,
      heapUsed: () => heap.used,
      collect: () => {
        collections.push(Date.now());
        heap.used = 100 * MiB;
        return true;
      },
    });
    return { idle, collections };
  }

  it('collects once the requests have stopped for idleMs and the heap grew, then waits for the next load', () => {
    vi.useFakeTimers({ now: 0 });
    const heap = { used: 100 * MiB };
    const { idle, collections } = collector(heap);
    idle.start();
    // a load: requests every 100 ms for 20 s, the heap growing
    for (let ms = 0; ms < 20_000; ms += 100) {
      idle.touch();
      heap.used += MiB;
      vi.advanceTimersByTime(100);
    }
    expect(collections).toEqual([]);
    vi.advanceTimersByTime(6000);
    expect(collections).toHaveLength(1);
    expect(collections[0]).toBeGreaterThanOrEqual(20_000 + 5000 - 100);
    // idle on: nothing more to do
    vi.advanceTimersByTime(60_000);
    expect(collections).toHaveLength(1);
    idle.stop();
  });

  it('leaves a heap that did not grow enough alone', () => {
    vi.useFakeTimers({ now: 0 });
    const heap = { used: 100 * MiB };
    const { idle, collections } = collector(heap);
    idle.touch();
    heap.used += 63 * MiB;
    vi.advanceTimersByTime(5000);
    expect(idle.check()).toBe(false);
    expect(collections).toEqual([]);
  });

  it('collects soon after a large state file whatever the traffic', () => {
    vi.useFakeTimers({ now: 0 });
    const heap = { used: 100 * MiB };
    const { idle, collections } = collector(heap);
    idle.collectSoon(1000);
    for (let ms = 0; ms < 2000; ms += 100) {
      idle.touch();
      vi.advanceTimersByTime(100);
    }
    expect(collections).toEqual([1000]);
  });
});
