/**
 * The string formats the specs use, as plain functions and patterns: ajv-formats' full set,
 * with `date-time` narrowed. Both Ajv at run time (the contract suite) and the validators
 * precompiled by `npm run generate` (the engine) read them from here, so both judge a
 * format the same way. No Ajv compiler is imported: this module runs in the browser.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';

const rfc3339 = fullFormats['date-time'] as { validate: (value: string) => boolean; compare: unknown };

/** RFC 3339 by ajv-formats, and an instant `Date.parse` reads. */
const instant = (value: string): boolean => rfc3339.validate(value) && Number.isFinite(Date.parse(value));

/** The form `Date.prototype.toISOString` writes, the one every stored record holds. */
const CANONICAL = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d{1,3})?Z$/;
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * {@link instant}, answered by one pattern and arithmetic for the canonical form (a 100,000
 * ticket state holds hundreds of thousands of them: ajv-formats' split and two patterns
 * and `Date.parse` took ≈0.7 s of a 100,000-ticket start-up); any other form goes the long
 * way. test/core/formats.test.ts holds the two to the same verdicts.
 */
export function isInstant(value: string): boolean {
  const parts = CANONICAL.exec(value);
  if (parts === null) return instant(value);
  const year = Number(parts[1]);
  const month = Number(parts[2]);
  const day = Number(parts[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month] as number)) &&
    Number(parts[4]) <= 23 &&
    Number(parts[5]) <= 59 &&
    // 60 is a leap second, which RFC 3339 allows and `Date.parse` cannot read
    Number(parts[6]) <= 59
  );
}

/** The long way, for the test that holds {@link isInstant} to it. */
export const instantByParsing = instant;

/**
 * ajv-formats, with `date-time` narrowed to instants the engine can compute with: RFC 3339
 * allows a leap second (`23:59:60Z`), which `Date.parse` cannot read, so a mock would
 * store a time it can neither compare nor echo. Every API refuses it at validation (400).
 */
export const specFormats: Readonly<Record<string, unknown>> = {
  ...fullFormats,
  'date-time': { type: 'string', validate: isInstant },
};
