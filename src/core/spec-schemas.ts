/**
 * Compiles JSON Schemas that live inside an OpenAPI 3.1 document, addressed by JSON
 * pointer, with Ajv's 2020-12 dialect (the dialect of OpenAPI 3.1) and ajv-formats.
 *
 * The whole document is registered once under a stable `$id`, so `$ref`s such as
 * `#/components/schemas/Ticket` resolve exactly as the spec writes them; nothing is
 * copied or rewritten. Validators are cached per pointer and compiled on first use.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsImport from 'ajv-formats';

/** A parsed OpenAPI document; only the shape this module relies on. */
export type OpenApiDocument = { openapi: string; [key: string]: unknown };

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
  const rfc3339 = ajv.formats['date-time'] as { validate: (value: string) => boolean };
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (value: string) => rfc3339.validate(value) && Number.isFinite(Date.parse(value)),
  });
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

/** Escapes one segment of a JSON pointer (RFC 6901). */
export function escapePointerSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Builds a JSON pointer (`/a/b~1c`) from raw segments. */
export function jsonPointer(...segments: Array<string | number>): string {
  return segments.map((segment) => `/${escapePointerSegment(String(segment))}`).join('');
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

/**
 * Registers `document` with a fresh Ajv 2020 instance.
 * @param name a short name for the document, used in its `$id` and in error messages.
 */
export function createSpecSchemas(
  document: OpenApiDocument,
  name: string,
  options: SpecSchemasOptions = {},
): SpecSchemas {
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
  });
  withFormats(ajv);
  ajv.addVocabulary([...OPENAPI_KEYWORDS, ...extensionKeys(document)]);
  const id = `https://ticketmock.local/specs/${encodeURIComponent(name)}`;
  ajv.addSchema({ ...document, $id: id });
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

/** One line per Ajv error: `<instance pointer or /> <message>`, for reports and 400 bodies. */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword}`);
}
