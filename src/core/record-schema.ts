/**
 * Standard Schema (standardschema.dev) objects backed by JSON Schema and Ajv, so the
 * store's `@msw/data` collections check records with the same dialect the specs use and
 * the project needs no second schema library. The validators are Ajv's code, precompiled
 * by `npm run generate` from every record schema the handlers' `model.ts` files export
 * (src/generated/engine.validators.ts): nothing compiles at start, nothing needs `eval`.
 */

import { describeErrors } from '../spec/validator-plan.js';
import { precompiledSchema } from './precompiled.js';
import type { RecordSchema } from './store.js';

/** A record schema with the JSON Schema it checks (what `npm run generate` compiles). */
export type JsonRecordSchema<T> = RecordSchema<T> & { readonly jsonSchema: Record<string, unknown> };

/**
 * A record schema that accepts exactly what the JSON Schema `schema` accepts; export it
 * from the API's `model.ts` so `npm run generate` compiles it.
 */
export function jsonRecordSchema<T>(schema: Record<string, unknown>, vendor = 'ticketmock'): JsonRecordSchema<T> {
  const validate = precompiledSchema(schema, 'a record schema');
  return {
    jsonSchema: schema,
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
export function closedRecordSchema<T>(properties: Record<string, unknown>): JsonRecordSchema<T> {
  return jsonRecordSchema<T>(closedObject(properties));
}

/** An RFC 3339 instant, as records store times. */
export const INSTANT = { type: 'string', format: 'date-time' } as const;
