/**
 * The toy APIs' specs, read from test/toy/specs/, with what `npm run generate` would write
 * for an API under src/: the outline (outlineOf, src/spec/outline.ts) and the validators.
 * A shipped API's validators are Ajv's precompiled code (src/generated/<api>.validators.ts);
 * the toys compile the same plan with Ajv at run time, which tests may do.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { ValidatorFactory } from '../../src/core/precompiled.ts';
import type { OpenApiDocument } from '../../src/spec/openapi.ts';
import { specId } from '../../src/spec/openapi.ts';
import { type ApiOutline, outlineOf } from '../../src/spec/outline.ts';
import { compiledValidators } from '../../src/spec/schemas.ts';
import { planValidators } from '../../src/spec/validator-plan.ts';

export type ToyName = 'helpdesk' | 'statuspage';

/** `test/toy/specs/<name>.openapi.yaml`, parsed (a fresh object each call). */
export function toyDocument(name: ToyName): OpenApiDocument {
  return parse(readFileSync(new URL(`./specs/${name}.openapi.yaml`, import.meta.url), 'utf8')) as OpenApiDocument;
}

/** What an API module needs of its spec: the outline and a validator factory keyed like the generated ones. */
export function toySpec(name: ToyName): { readonly outline: ApiOutline; readonly validators: ValidatorFactory } {
  return specOf(toyDocument(name), name);
}

/** The outline and validators of any document, the validators compiled by Ajv on first use. */
export function specOf(
  document: OpenApiDocument,
  name: string,
): { readonly outline: ApiOutline; readonly validators: ValidatorFactory } {
  const source = compiledValidators(document, name);
  const keys = planValidators(document, specId(name)).map((planned) => planned.key);
  return {
    outline: outlineOf(document),
    validators: () => Object.fromEntries(keys.map((key) => [key, source.get(key)])),
  };
}
