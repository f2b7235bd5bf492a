/**
 * Octopus tickets at the edges (src/handlers/octopus/rules.ts): the first instant an
 * ISO-8601 four-digit year can write, and the alphabet of the credentials a guest types.
 * Complements test/octopus/rules.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Service } from '../../src/handlers/octopus/model.ts';
import { instantMs, newTicket, UNAMBIGUOUS } from '../../src/handlers/octopus/rules.ts';
import { OCTOPUS_SERVICE } from '../seeds/seed-bodies.ts';

const HOME = '28XXX004';
const service: Service = { ...OCTOPUS_SERVICE, LocationId: HOME, type: { ...OCTOPUS_SERVICE.type } };

const make = (start_time: string, valid_until?: string) =>
  newTicket({
    id: 1_000_049,
    LocationId: HOME,
    service,
    request: { service: '59219', start_time, ...(valid_until === undefined ? {} : { valid_until }) },
    username: 'abcdef',
    password: 'ghjkmn',
    now: Date.parse('2026-05-01T10:00:00Z'),
  });

describe('the first instant of year 0000', () => {
  it('is a usable start_time and valid_until, as a date-time and as a date', () => {
    for (const [start, until] of [
      ['0000-01-01T00:00:00Z', '0000-01-01T00:00:00Z'],
      ['0000-01-01', '0000-01-01'],
    ] as const) {
      expect(make(start, until)).toMatchObject({
        ok: true,
        value: {
          start_time: '0000-01-01T00:00:00Z',
          valid_until: '0000-01-01T00:00:00Z',
          expires_at: '0000-01-01T00:00:00Z',
        },
      });
    }
  });

  it('is where instants start: a date is its midnight UTC', () => {
    // 1970 years of 365.2425 days before the epoch (Date.UTC reads a year below 100 as 19xx)
    expect(instantMs('0000-01-01')).toBe(-62_167_219_200_000);
    expect(instantMs('0000-01-01')).toBe(instantMs('0000-01-01T00:00:00Z'));
    expect(instantMs('2026-05-01')).toBe(instantMs('2026-05-01T00:00:00+00:00'));
  });
});

describe('the credentials alphabet', () => {
  it('holds every lower-case letter and digit but the five a guest could misread (0, o, 1, l, i)', () => {
    const expected = [...'abcdefghijklmnopqrstuvwxyz0123456789'].filter((char) => !'0o1li'.includes(char));
    expect([...UNAMBIGUOUS].sort()).toEqual(expected.sort());
  });
});
