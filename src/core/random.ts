/** A small seeded PRNG (mulberry32) for the engine's own choices: fault rolls, latency. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The first value `draw` gives that `taken` does not hold (fresh ids, codes, sessions). */
export function untaken<T>(draw: () => T, taken: (value: T) => boolean): T {
  for (;;) {
    const value = draw();
    if (!taken(value)) return value;
  }
}
