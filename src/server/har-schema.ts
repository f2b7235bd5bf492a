/**
 * The HAR 1.2 schema check (issue 18: "a HAR produced here validates against the HAR 1.2
 * schema"): the `har-schema` package's JSON Schemas (draft-06, the schemas the
 * `har-validator` family checks with), compiled by Ajv on first use. Node only: the core's
 * import reads a HAR structurally (src/core/har-read.ts) and compiles nothing, so the
 * browser build needs no `new Function`.
 */
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import { default as addFormats } from 'ajv-formats';

let validate: ValidateFunction | undefined;

function compiled(): ValidateFunction {
  if (validate === undefined) {
    const require = createRequire(import.meta.url);
    const schemas = require('har-schema') as Record<string, { $id: string }>;
    // har-schema writes `"optional": true` and `"min"`, keywords no draft has: not strict
    const ajv = new Ajv({ strict: false, allErrors: false });
    ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as object);
    addFormats.default(ajv);
    for (const schema of Object.values(schemas)) ajv.addSchema(schema);
    validate = ajv.getSchema('har.json#') ?? ajv.compile(schemas.har as object);
  }
  return validate;
}

/** Undefined for a valid HAR 1.2 log, else the first thing wrong at its JSON pointer. */
export function harProblem(har: unknown): string | undefined {
  const check = compiled();
  if (check(har)) return undefined;
  const [error] = check.errors ?? [];
  return `${error?.instancePath === '' ? '/' : error?.instancePath}: ${error?.message ?? 'invalid'}`;
}
