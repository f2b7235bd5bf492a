/**
 * The string formats the specs use, as plain functions and patterns: ajv-formats' full set,
 * with `date-time` narrowed. Both Ajv at run time (the contract suite) and the validators
 * precompiled by `npm run generate` (the engine) read them from here, so both judge a
 * format the same way. No Ajv compiler is imported: this module runs in the browser.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';

const rfc3339 = fullFormats['date-time'] as { validate: (value: string) => boolean; compare: unknown };

/**
 * ajv-formats, with `date-time` narrowed to instants the engine can compute with: RFC 3339
 * allows a leap second (`23:59:60Z`), which `Date.parse` cannot read, so a mock would
 * store a time it can neither compare nor echo. Every API refuses it at validation (400).
 */
export const specFormats: Readonly<Record<string, unknown>> = {
  ...fullFormats,
  'date-time': {
    type: 'string',
    validate: (value: string) => rfc3339.validate(value) && Number.isFinite(Date.parse(value)),
  },
};
