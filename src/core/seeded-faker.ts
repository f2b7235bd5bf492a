/**
 * The seeded generator the fixtures draw their data from: the few methods of
 * `@faker-js/faker`'s `SimpleFaker` they call, drawing the same values as `new SimpleFaker({
 * seed })` of faker 10 does for the same seed and the same calls (test/core/seeded-faker.test.ts
 * holds the two side by side). Faker's module cannot be tree-shaken: its randomizer alone
 * brings ≈114 KB of minified code into a page (docs/decisions/013-browser-bundle.md); this is
 * under 2 KB, and every seed keeps the dataset it had.
 *
 * Randomness: MT19937 (Matsumoto and Nishimura, 1998) seeded with `init_genrand`, read as
 * 53-bit floats in [0, 1) (`genrand_res53`), which is faker's default randomizer.
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

/** MT19937: 624 words of state, regenerated in one pass every 624 outputs, each output tempered. */
function mersenneTwister(seed: number): () => number {
  const state = new Uint32Array(N);
  state[0] = seed;
  for (let index = 1; index < N; index += 1) {
    const previous = state[index - 1] as number;
    state[index] = Math.imul(1812433253, previous ^ (previous >>> 30)) + index;
  }
  let next = N;
  const regenerate = (): void => {
    for (let index = 0; index < N; index += 1) {
      const bits = ((state[index] as number) & UPPER) | ((state[(index + 1) % N] as number) & LOWER);
      state[index] = (state[(index + M) % N] as number) ^ (bits >>> 1) ^ (bits & 1 ? MATRIX_A : 0);
    }
    next = 0;
  };
  return () => {
    if (next >= N) regenerate();
    let word = state[next] as number;
    next += 1;
    word ^= word >>> 11;
    word ^= (word << 7) & 0x9d2c5680;
    word ^= (word << 15) & 0xefc60000;
    word ^= word >>> 18;
    return word >>> 0;
  };
}

const DIGITS = '0123456789';
const LOWER_CASE = 'abcdefghijklmnopqrstuvwxyz';
const UPPER_CASE = LOWER_CASE.toUpperCase();
/** Faker draws a hexadecimal digit from both cases, then applies the casing asked for. */
const HEX_DIGITS = [...`${DIGITS}abcdefABCDEF`];

type Casing = 'lower' | 'upper' | 'mixed';

export interface SeededFaker {
  readonly number: {
    /** An integer in [min, max] (min defaults to 0). */
    int(options: { readonly min?: number; readonly max: number } | number): number;
    /** A float in [min, max) (defaults 0 and 1). */
    float(options?: { readonly min?: number; readonly max?: number }): number;
  };
  readonly string: {
    /** `length` characters drawn from `characters`. */
    fromCharacters(characters: string | readonly string[], length?: number): string;
    /** `length` digits and letters of `casing` (default mixed). */
    alphanumeric(options: { readonly length: number; readonly casing?: Casing }): string;
    /** `prefix` (default `0x`) and `length` hexadecimal digits of `casing` (default mixed). */
    hexadecimal(options: { readonly length: number; readonly casing?: Casing; readonly prefix?: string }): string;
    /** A version 4 UUID. */
    uuid(): string;
  };
  readonly helpers: {
    arrayElement<T>(array: readonly T[]): T;
    /** `count` distinct elements (all of them, shuffled, when `count` is the length or more). */
    arrayElements<T>(array: readonly T[], count: number): T[];
  };
}

/** A generator seeded with `seed`: the same seed and the same calls give the same values. */
export function seededFaker(seed: number): SeededFaker {
  const word = mersenneTwister(seed);
  // 27 and 26 high bits of two words: a float in [0, 1) with 53 bits
  const next = (): number => ((word() >>> 5) * 67108864 + (word() >>> 6)) / 9007199254740992;

  const int = (options: { readonly min?: number; readonly max: number } | number): number => {
    const { min = 0, max } = typeof options === 'number' ? { max: options } : options;
    const low = Math.ceil(min);
    const high = Math.floor(max);
    if (low === high) return low;
    if (high < low) throw new RangeError(`no integer between ${min} and ${max}`);
    return Math.floor(next() * (high - low + 1) + low);
  };
  const arrayElement = <T>(array: readonly T[]): T => {
    if (array.length === 0) throw new RangeError('no element to draw from an empty array');
    return array[array.length > 1 ? int({ max: array.length - 1 }) : 0] as T;
  };
  const fromCharacters = (characters: string | readonly string[], length = 1): string => {
    if (length <= 0) return '';
    const pool = typeof characters === 'string' ? [...characters] : characters;
    return Array.from({ length }, () => arrayElement(pool)).join('');
  };
  const cased = (casing: Casing): string =>
    casing === 'lower' ? LOWER_CASE : casing === 'upper' ? UPPER_CASE : LOWER_CASE + UPPER_CASE;

  return {
    number: {
      int,
      float: ({ min = 0, max = 1 } = {}) => {
        if (max < min) throw new RangeError(`max ${max} is below min ${min}`);
        return next() * (max - min) + min;
      },
    },
    string: {
      fromCharacters,
      alphanumeric: ({ length, casing = 'mixed' }) => fromCharacters(DIGITS + cased(casing), length),
      hexadecimal: ({ length, casing = 'mixed', prefix = '0x' }) => {
        const digits = fromCharacters(HEX_DIGITS, length);
        return (
          prefix + (casing === 'lower' ? digits.toLowerCase() : casing === 'upper' ? digits.toUpperCase() : digits)
        );
      },
      uuid: () =>
        'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'
          .replaceAll('x', () => int({ min: 0, max: 15 }).toString(16))
          .replaceAll('y', () => int({ min: 8, max: 11 }).toString(16)),
    },
    helpers: {
      arrayElement,
      arrayElements: <T>(array: readonly T[], count: number): T[] => {
        // Fisher–Yates from the end, stopped once `count` elements are chosen
        const copy = [...array];
        const first = Math.max(0, copy.length - count);
        for (let index = copy.length - 1; index >= first; index -= 1) {
          const other = int(index);
          [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
        }
        return copy.slice(first);
      },
    },
  };
}
