/**
 * Standard Schema (standardschema.dev) objects backed by JSON Schema and Ajv, so the
 * store's `@msw/data` collections check records with the same dialect the specs use and
 * the project needs no second schema library.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describeErrors, withFormats } from './spec-schemas.js';
import type { RecordSchema } from './store.js';

const ajv = withFormats(new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false }));

/** A record schema that accepts exactly what the JSON Schema `schema` accepts. */
export function jsonRecordSchema<T>(schema: Record<string, unknown>, vendor = 'ticketmock'): RecordSchema<T> {
  const validate = ajv.compile(schema);
  return {
    '~standard': {
      version: 1,
      vendor,
      validate(value: unknown) {
        if (validate(value)) return { value: value as T };
        return { issues: describeErrors(validate.errors).map((message) => ({ message })) };
      },
    },
  };
}

/** An object of exactly these properties, every one required (the shape of a stored record). */
export function closedObject(properties: Record<string, unknown>): Record<string, unknown> {
  return { type: 'object', additionalProperties: false, required: Object.keys(properties), properties };
}

/** A record schema for {@link closedObject}`(properties)`. */
export function closedRecordSchema<T>(properties: Record<string, unknown>): RecordSchema<T> {
  return jsonRecordSchema<T>(closedObject(properties));
}

/** An RFC 3339 instant, as records store times. */
export const INSTANT = { type: 'string', format: 'date-time' } as const;
