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

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The two decimal digits at `index`, or a negative number where either is no digit. */
function twoDigits(value: string, index: number): number {
  const tens = value.charCodeAt(index) - 48;
  const units = value.charCodeAt(index + 1) - 48;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : -1;
}

/**
 * The verdict on `value` when it has the form `Date.prototype.toISOString` writes
 * (`2026-12-02T03:04:05Z`, up to three fraction digits), the one every stored record holds;
 * undefined for any other form. Read character by character: a pattern with captures cost
 * ≈0.4 s of a 100,000-ticket start-up, this ≈0.06 s.
 */
function canonicalInstant(value: string): boolean | undefined {
  const length = value.length;
  if (length !== 20 && (length < 22 || length > 24)) return undefined;
  if (
    value.charCodeAt(4) !== 0x2d || // -
    value.charCodeAt(7) !== 0x2d ||
    value.charCodeAt(10) !== 0x54 || // T
    value.charCodeAt(13) !== 0x3a || // :
    value.charCodeAt(16) !== 0x3a ||
    value.charCodeAt(length - 1) !== 0x5a // Z
  ) {
    return undefined;
  }
  if (length > 20) {
    if (value.charCodeAt(19) !== 0x2e) return undefined; // .
    for (let index = 20; index < length - 1; index += 1) {
      const code = value.charCodeAt(index);
      if (code < 0x30 || code > 0x39) return undefined;
    }
  }
  const century = twoDigits(value, 0);
  const yearOf = twoDigits(value, 2);
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  const hour = twoDigits(value, 11);
  const minute = twoDigits(value, 14);
  const second = twoDigits(value, 17);
  if (century < 0 || yearOf < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  const year = century * 100 + yearOf;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month] as number)) &&
    hour <= 23 &&
    minute <= 59 &&
    // 60 is a leap second, which RFC 3339 allows and `Date.parse` cannot read
    second <= 59
  );
}

/**
 * {@link instant}, answered by {@link canonicalInstant} for the canonical form (a
 * 100,000-ticket state holds hundreds of thousands of them: ajv-formats' split, two patterns
 * and `Date.parse` took ≈0.7 s of its start-up); any other form goes the long way.
 * test/core/formats.test.ts holds the two to the same verdicts.
 */
export function isInstant(value: string): boolean {
  return canonicalInstant(value) ?? instant(value);
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
