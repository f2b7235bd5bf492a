/**
 * The engine's validators: code `npm run generate` wrote with Ajv's standalone output,
 * from each spec (`src/generated/<api>.validators.ts`, looked up by the keys of
 * validator-plan.ts) and from the engine's own schemas (fault configurations, stored
 * records: `src/generated/engine.validators.ts`, looked up by a hash of the schema). Nothing is compiled at start and nothing needs `new Function` or
 * `eval`, so the mocks start fast and run under a strict Content-Security-Policy.
 *
 * The generated modules import nothing; what Ajv's code needs at run time (the formats,
 * two helpers from Ajv's runtime folder, none of its compiler) is handed to them here.
 */
import type { ValidateFunction } from 'ajv/dist/2020.js';
import * as equalModule from 'ajv/dist/runtime/equal.js';
import * as ucs2lengthModule from 'ajv/dist/runtime/ucs2length.js';
import { engineValidators } from '../generated/engine.validators.js';
import { specFormats } from '../spec/formats.js';
import type { ValidatorSource } from '../spec/validator-plan.js';

/** What the generated validators call: formats by name, Ajv's `ucs2length` (maxLength) and `equal` (uniqueItems, enum). */
export interface ValidatorRuntime {
  readonly formats: Readonly<Record<string, unknown>>;
  readonly ucs2length: (value: string) => number;
  readonly equal: (a: unknown, b: unknown) => boolean;
}

/** A generated validators module's export: every validator of one API, by key. */
export type ValidatorFactory = (runtime: ValidatorRuntime) => Readonly<Record<string, ValidateFunction>>;

/**
 * A CommonJS module's `exports.default`, whether the loader hands over `module.exports` as
 * the default (Node) or honours `__esModule` (bundlers).
 */
function defaultExport<T>(namespace: unknown): T {
  const outer = (namespace as { default: unknown }).default;
  return (typeof outer === 'function' ? outer : (outer as { default: unknown }).default) as T;
}

const runtime: ValidatorRuntime = {
  formats: specFormats,
  ucs2length: defaultExport(ucs2lengthModule),
  equal: defaultExport(equalModule),
};

/** One set of functions per API module: every engine (session, test) shares them. */
const made = new WeakMap<ValidatorFactory, Readonly<Record<string, ValidateFunction>>>();

/** The precompiled validators `factory` makes, as a source for the operation table. */
export function precompiledValidators(factory: ValidatorFactory, api: string): ValidatorSource {
  let validators = made.get(factory);
  if (validators === undefined) {
    validators = factory(runtime);
    made.set(factory, validators);
  }
  const all = validators;
  return {
    get(key) {
      const validate = Object.hasOwn(all, key) ? all[key] : undefined;
      if (validate === undefined) {
        throw new Error(`${api}: no precompiled validator "${key}"; run \`npm run generate\` after changing the spec`);
      }
      return validate;
    },
  };
}

/**
 * The key of one of the engine's own schemas in `src/generated/engine.validators.ts`: a
 * 32-bit FNV-1a hash of its JSON, as 8 hex digits (the generator refuses a collision).
 */
export function schemaKey(schema: unknown): string {
  const text = JSON.stringify(schema);
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

let engineMade: Readonly<Record<string, ValidateFunction>> | undefined;

/**
 * The precompiled validator of one of the engine's own schemas (`what` names it in the
 * error). Looked up on its first call, so a module can declare a schema that `npm run
 * generate` has yet to compile (the generator imports those modules to find them).
 */
export function precompiledSchema(schema: Record<string, unknown>, what: string): ValidateFunction {
  const key = schemaKey(schema);
  let found: ValidateFunction | undefined;
  const validate = ((data: unknown) => {
    if (found === undefined) {
      engineMade ??= engineValidators(runtime);
      found = Object.hasOwn(engineMade, key) ? engineMade[key] : undefined;
      if (found === undefined) {
        throw new Error(
          `no precompiled validator for ${what} (schema ${key}): export it from an API's model.ts (or src/core/faults.ts) and run \`npm run generate\``,
        );
      }
    }
    const valid = found(data);
    validate.errors = found.errors ?? null;
    return valid;
  }) as ValidateFunction;
  validate.errors = null;
  return validate;
}
