/**
 * `collectGarbageSoon` runs a full collection: garbage that only a full collection frees
 * (large arrays live in V8's large-object space, which no scavenge touches) is gone after
 * it, with nothing else allocating meanwhile.
 */
import { getHeapStatistics } from 'node:v8';
import { expect, it } from 'vitest';
import { collectGarbageSoon } from '../../src/server/memory.ts';

it('frees what only a full collection frees', async () => {
  // 8 arrays of 1 Mi doubles (8 MiB each): V8 keeps them in its large-object space
  let garbage: number[][] | undefined = Array.from({ length: 8 }, (_, index) =>
    new Array(1024 * 1024).fill(index + 0.5),
  );
  const held = garbage.reduce((bytes, array) => bytes + array.length * 8, 0);
  const before = getHeapStatistics().used_heap_size;
  garbage = undefined;
  collectGarbageSoon(0);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const after = getHeapStatistics().used_heap_size;
  expect(before - after).toBeGreaterThan(held * 0.75);
});
