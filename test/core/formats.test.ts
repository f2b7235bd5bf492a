/**
 * `date-time`: the canonical form's short way (`isInstant`) gives the same verdict as the
 * long way it stands in for (ajv-formats' RFC 3339 and `Date.parse`), on every edge of the
 * calendar and clock and on strings drawn near the grammar.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantByParsing, isInstant } from '../../src/spec/formats.ts';

const two = (n: number) => String(n).padStart(2, '0');

describe('date-time', () => {
  it('agrees with RFC 3339 + Date.parse on every day-of-month, clock and leap-year edge', () => {
    const checked: string[] = [];
    for (const year of ['0000', '1900', '1999', '2000', '2004', '2023', '2024', '2100', '9999']) {
      for (let month = 0; month <= 13; month += 1) {
        for (const day of [0, 1, 27, 28, 29, 30, 31, 32]) {
          for (const clock of ['00:00:00', '23:59:59', '24:00:00', '23:60:00', '23:59:60', '12:30:45']) {
            for (const fraction of ['', '.5', '.123', '.1234']) {
              checked.push(`${year}-${two(month)}-${two(day)}T${clock}${fraction}Z`);
            }
          }
        }
      }
    }
    checked.push('2024-02-29t10:00:00z', '2024-02-29 10:00:00Z', '2024-02-29T10:00:00+05:30', '2024-02-29T10:00:00');
    const disagreements = checked.filter((value) => isInstant(value) !== instantByParsing(value));
    expect(disagreements).toEqual([]);
    // the grid is not all one verdict: both answers occur
    expect(checked.filter(isInstant).length).toBeGreaterThan(1000);
    expect(checked.filter((value) => !isInstant(value)).length).toBeGreaterThan(1000);
  });

  it('agrees on strings drawn near the grammar', () => {
    // each part mostly in range or one past it, so valid instants are common, not rare
    const part = (max: number) => fc.integer({ min: 0, max: max + 1 }).map(two);
    const near = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }).map((year) => String(year).padStart(4, '0')),
        part(12),
        part(31),
        fc.constantFrom('T', 'T', 'T', 't', ' ', 'X'),
        part(23),
        part(59),
        part(59),
        fc.constantFrom('', '', '.0', '.999', '.9999999', '.', '.a', '.1:', '.9z', ':5'),
        fc.constantFrom('Z', 'Z', 'Z', 'z', '', '+00:00', '-23:59', '+24:00', '+0530'),
      )
      .map(([y, mo, d, t, h, mi, s, f, z]) => `${y}-${mo}-${d}${t}${h}:${mi}:${s}${f}${z}`);
    // and one character of such a string replaced: a letter or sign where a digit belongs
    const mangled = near.chain((value) =>
      fc
        .tuple(fc.nat({ max: value.length - 1 }), fc.constantFrom('a', '/', ':', '-', 'T', '9', ' '))
        .map(([index, character]) => `${value.slice(0, index)}${character}${value.slice(index + 1)}`),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          near,
          mangled,
          fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
          fc.string(),
        ),
        (value) => {
          expect(isInstant(value)).toBe(instantByParsing(value));
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
