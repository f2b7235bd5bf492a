/**
 * Values nobody means to send, for every place of a request: text (numbers past every
 * limit, other digits, escapes, prototype keys, any unicode), path segments (bad escapes,
 * dot segments), header bytes, and credentials that are almost right.
 */
import fc from 'fast-check';

/** `fc.oneof` weights, briefly. */
export type Weighted<T> = { readonly arbitrary: fc.Arbitrary<T>; readonly weight: number };
export const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>): Weighted<T> => ({ arbitrary, weight });

/** Text nobody means to send: numbers past every limit, signs, other digits, escapes, prototype keys. */
const ODD_TEXTS = [
  ...['', ' ', '0', '-1', '-0', '1.5', '1e3', '0x10', '9'.repeat(400), '9007199254740993', '1e400'],
  ...['NaN', 'Infinity', 'null', 'true', '[]', '{}', '__proto__', 'constructor', 'prototype', 'toString'],
  ...['١٢٣', '𝟙𝟚', 'ǅ', '\u0000', '\u202eabc', 'a/b', '..', '.', ' 28XXX004', 'x'.repeat(3000), '😀👩‍👩‍👧'],
];

/** Odd text, any unicode (well-formed, for URLs). */
export const oddText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...ODD_TEXTS),
  fc.string({ unit: 'grapheme', maxLength: 24 }),
);

/** Path segments sent as they are: bad escapes, an overlong UTF-8 dot, an encoded slash. */
const RAW_SEGMENTS = ['%ZZ', '%', '%C0%AE', '%E2%82', '%00', '%2F', '%2e%2e', '..', '.', '%20'];

/** A path segment: odd text encoded, or a raw one. */
export const oddSegment: fc.Arbitrary<string> = fc.oneof(
  w(4, oddText.map(encodeURIComponent)),
  w(1, fc.constantFrom(...RAW_SEGMENTS)),
);

/** A header value as bytes allow it: printable Latin-1, no control characters. */
export const headerValue: fc.Arbitrary<string> = fc.string({
  unit: fc
    .integer({ min: 0x20, max: 0xff })
    .filter((code) => code < 0x7f || code > 0x9f)
    .map((code) => String.fromCharCode(code)),
  maxLength: 40,
});

/** Authorization values that are almost right, or nothing like it. */
export function oddAuthorization(token: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      ...['Bearer', 'Bearer ', `bearer ${token}`, `BEARER ${token}`, `Bearer  ${token}  `, `Bearer ${token} x`],
      ...[`Token ${token}`, token, `Basic ${btoa(`${token}:`)}`, 'Basic !!!', `Bearer ${'x'.repeat(4000)}`],
      ...['Bearer __proto__', 'Bearer constructor', 'Bearer toString', 'Bearer hasOwnProperty', 'Bearer null'],
    ),
    headerValue.map((value) => `Bearer ${value}`),
    headerValue,
  );
}

/** A value as text: strings as they are, anything else as JSON. */
export const textOf = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
