/**
 * Compiles JSON Schemas that live inside an OpenAPI 3.1 document, addressed by JSON
 * pointer, with Ajv's 2020-12 dialect (the dialect of OpenAPI 3.1) and ajv-formats.
 *
 * The whole document is registered once under a stable `$id`, so `$ref`s such as
 * `#/components/schemas/Ticket` resolve exactly as the spec writes them; nothing is
 * copied or rewritten. Validators are cached per pointer and compiled on first use.
 *
 * Ajv compiles with `new Function`: this module serves Node-only code (the contract suite,
 * tests, `npm run generate`). The engine's validators are precompiled by `npm run generate`
 * (see validator-plan.ts) and never come through here.
 */
import { Ajv2020, type Options, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsImport from 'ajv-formats';
import { specFormats } from './formats.js';
import { type OpenApiDocument, specId } from './openapi.js';
import { planValidators, type ValidatorKind, type ValidatorSource } from './validator-plan.js';

export { escapePointerSegment, jsonPointer, type OpenApiDocument } from './openapi.js';
export { describeErrors } from './validator-plan.js';

/** Keywords an OpenAPI 3.1 document may hold where Ajv expects only JSON Schema. */
const OPENAPI_KEYWORDS = [
  // top level of the document
  'openapi',
  'info',
  'servers',
  'paths',
  'components',
  'tags',
  'security',
  'webhooks',
  'jsonSchemaDialect',
  // OpenAPI's additions to the Schema Object
  'example',
  'discriminator',
  'xml',
  'externalDocs',
];

// ajv-formats is CommonJS with a default export; under NodeNext its namespace is what we get.
const addFormats = addFormatsImport as unknown as (ajv: Ajv2020) => Ajv2020;

/**
 * ajv-formats, with `date-time` narrowed to instants the engine can compute with: RFC 3339
 * allows a leap second (`23:59:60Z`), which `Date.parse` cannot read, so a mock would
 * store a time it can neither compare nor echo. Every API refuses it at validation (400).
 */
export function withFormats<T extends Ajv2020>(ajv: T): T {
  addFormats(ajv);
  ajv.addFormat('date-time', specFormats['date-time'] as { type: 'string'; validate: (value: string) => boolean });
  return ajv;
}

/** Every `x-…` key used anywhere in `value`, so Ajv's strict mode knows them as annotations. */
function extensionKeys(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) extensionKeys(item, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key.startsWith('x-')) into.add(key);
      extensionKeys(child, into);
    }
  }
  return into;
}

export interface SpecSchemas {
  /** The `$id` the document is registered under. */
  readonly id: string;
  /** The validator for the schema at `pointer` (e.g. `/components/schemas/Ticket`), compiled once. */
  validator(pointer: string): ValidateFunction;
  /** Compiles a schema of its own whose `$ref`s may point into the document (`<id>#/…`). */
  compile(schema: Record<string, unknown>): ValidateFunction;
}

export interface SpecSchemasOptions {
  /**
   * For values that arrive as text (path, query, header, form fields): coerce `"2"` to
   * 2 and `"true"` to true as the schema's type asks, and fill in schema defaults.
   */
  fromText?: boolean;
  /** Fill in schema `default`s in validated data (request bodies). */
  useDefaults?: boolean;
}

/** The options each kind of planned validator is compiled with (at generate time and here alike). */
export const KIND_OPTIONS: Readonly<Record<ValidatorKind, SpecSchemasOptions>> = {
  text: { fromText: true },
  json: { useDefaults: true },
  response: {},
};

/**
 * A fresh Ajv 2020 instance with `document` registered under `specId(name)`; `code` is
 * Ajv's code option (`npm run generate` asks for source code to write out).
 */
export function createSpecAjv(
  document: OpenApiDocument,
  name: string,
  options: SpecSchemasOptions = {},
  code?: Options['code'],
): { ajv: Ajv2020; id: string } {
  const ajv = new Ajv2020({
    allErrors: true,
    // Unknown keywords are errors (a typo in a spec must not pass silently), but
    // type-less keywords and `required` without `properties` are legal JSON Schema.
    strict: true,
    // NaN and Infinity are not numbers (a JSON body's `1e400` parses to Infinity)
    strictNumbers: true,
    strictTypes: false,
    strictRequired: false,
    validateSchema: false,
    ...(options.fromText === true ? { coerceTypes: 'array' as const, useDefaults: true } : {}),
    ...(options.useDefaults === true ? { useDefaults: true } : {}),
    ...(code === undefined ? {} : { code }),
  });
  withFormats(ajv);
  ajv.addVocabulary([...OPENAPI_KEYWORDS, ...extensionKeys(document)]);
  const id = specId(name);
  ajv.addSchema({ ...document, $id: id });
  return { ajv, id };
}

/**
 * Registers `document` with a fresh Ajv 2020 instance.
 * @param name a short name for the document, used in its `$id` and in error messages.
 */
export function createSpecSchemas(
  document: OpenApiDocument,
  name: string,
  options: SpecSchemasOptions = {},
): SpecSchemas {
  const { ajv, id } = createSpecAjv(document, name, options);
  const cache = new Map<string, ValidateFunction>();
  return {
    id,
    validator(pointer: string): ValidateFunction {
      let validate = cache.get(pointer);
      if (validate === undefined) {
        validate = lazily(() => ajv.compile({ $ref: `${id}#${pointer}` }));
        cache.set(pointer, validate);
      }
      return validate;
    },
    compile: (schema) => lazily(() => ajv.compile(schema)),
  };
}

/**
 * The validators of `planValidators(document)`, compiled by Ajv at run time on first use:
 * the same schemas with the same options as the precompiled ones, for code that may judge
 * any document (the contract suite) and for tests that hold the two side by side.
 */
export function compiledValidators(document: OpenApiDocument, name: string): ValidatorSource {
  const schemas = {
    text: createSpecSchemas(document, name, KIND_OPTIONS.text),
    json: createSpecSchemas(document, name, KIND_OPTIONS.json),
    response: createSpecSchemas(document, name, KIND_OPTIONS.response),
  };
  const validators = new Map<string, ValidateFunction>();
  for (const planned of planValidators(document, specId(name))) {
    const ref = planned.schema.$ref;
    // a `$ref` alone goes by its pointer: one validator per schema and kind, cached
    const validate =
      typeof ref === 'string' && Object.keys(planned.schema).length === 1
        ? schemas[planned.kind].validator(ref.slice(ref.indexOf('#') + 1))
        : schemas[planned.kind].compile(planned.schema);
    validators.set(planned.key, validate);
  }
  return {
    get(key) {
      const validate = validators.get(key);
      if (validate === undefined) throw new Error(`no validator planned under "${key}"`);
      return validate;
    },
  };
}

/**
 * A validator compiled on its first call: a server starts without compiling the
 * validators of operations nobody calls (compiling all of them took ≈0.5 s of a ≈1.1 s
 * start). The wrapper carries the compiled validator's `errors` after each call.
 */
function lazily(compile: () => ValidateFunction): ValidateFunction {
  let compiled: ValidateFunction | undefined;
  const validate = ((data: unknown) => {
    compiled ??= compile();
    const valid = compiled(data);
    validate.errors = compiled.errors ?? null;
    return valid;
  }) as ValidateFunction;
  validate.errors = null;
  return validate;
}
