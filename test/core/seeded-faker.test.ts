/**
 * The fixtures' generator draws what `@faker-js/faker`'s `SimpleFaker` draws (faker stays
 * the reference, as a dev dependency): the same seed and the same calls give the same
 * values, so every seed keeps its dataset (docs/decisions/013-browser-bundle.md).
 */
import { SimpleFaker } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { type SeededFaker, seededFaker } from '../../src/core/seeded-faker.ts';

/** One round of calls: the fixtures' own (src/fixtures/*.ts) and the edges of each method. */
function draws(faker: SeededFaker | SimpleFaker, round: number): unknown[] {
  const events = ['Summer Fest', 'Tech Summit', 'Jazz Nights', 'Art Expo', 'Founders Day', 'Film Week', 'Design Forum'];
  return [
    faker.number.int({ min: 60, max: 3600 }),
    faker.number.int({ min: 1, max: 1 }),
    faker.number.int(round),
    faker.number.int({ min: -3, max: 2 ** 40 }),
    faker.number.int({ min: 0, max: 36 ** 9 - 1 }),
    faker.number.float({ min: 5, max: 60 }),
    faker.number.float(),
    faker.string.alphanumeric({ length: round % 10, casing: 'lower' }),
    faker.string.alphanumeric({ length: 3 }),
    faker.string.alphanumeric({ length: 3, casing: 'upper' }),
    faker.string.uuid(),
    faker.string.hexadecimal({ length: 32, casing: 'lower', prefix: '' }),
    faker.string.hexadecimal({ length: 4 }),
    faker.string.hexadecimal({ length: 0, casing: 'upper' }),
    faker.string.fromCharacters('ACDEFHJKLMNPRTUVWXY34679', 8),
    faker.string.fromCharacters(['x']),
    faker.helpers.arrayElement(events),
    faker.helpers.arrayElement(['only']),
    faker.helpers.arrayElements(events, round % 9),
  ];
}

describe('the seeded generator', () => {
  it.each([0, 1, 2, 7, 42, 2 ** 31, 2 ** 32 + 3, -5, 123_456_789])(
    'draws what SimpleFaker draws with seed %s, call for call',
    (seed) => {
      const ours = seededFaker(seed);
      const fakers = new SimpleFaker({ seed });
      for (let round = 0; round < 300; round += 1) {
        expect(draws(ours, round), `round ${round}`).toEqual(draws(fakers, round));
      }
    },
  );

  it('differs from seed to seed', () => {
    expect(draws(seededFaker(1), 5)).not.toEqual(draws(seededFaker(2), 5));
  });

  it('refuses what has no answer, as faker does', () => {
    const faker = seededFaker(1);
    expect(() => faker.number.int({ min: 5, max: 4 })).toThrow(RangeError);
    expect(() => faker.helpers.arrayElement([])).toThrow(RangeError);
    expect(() => faker.number.float({ min: 2, max: 1 })).toThrow(RangeError);
  });
});
