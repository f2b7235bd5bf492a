/**
 * Every validator an API's operation table needs, each under a stable key: the parameters
 * of each operation per location (read from text), each request body per media type and
 * each response per status and media type. `npm run generate` compiles this plan to code
 * (Ajv's standalone output, `src/generated/<api>.validators.ts`) and the engine looks the
 * validators up by key; the contract suite compiles the same plan with Ajv at run time.
 * One plan, so both judge the same schemas with the same options.
 */

import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { basePathTemplate } from './base-path.js';
import { isRecord, type JsonObject } from './json.js';
import {
  jsonPointer,
  listOperations,
  mediaSchemaPointer,
  mediaTypes,
  type OpenApiDocument,
  parametersOf,
} from './openapi.js';
import { templateParams } from './path-template.js';

export type ParamLocation = 'path' | 'query' | 'header' | 'cookie';

/** The locations whose parameters are validated (cookies are not read). */
export const VALIDATED_LOCATIONS = ['path', 'query', 'header'] as const;

/**
 * How a validator reads its value, i.e. which Ajv options compile it:
 * - `text`: values that arrive as text (path, query, header, form fields): `"2"` coerced to
 *   2 as the schema's type asks (`coerceTypes: 'array'`), defaults filled in;
 * - `json`: a parsed JSON body, defaults filled in;
 * - `response`: an answer, checked as it is (nothing filled in).
 */
export type ValidatorKind = 'text' | 'json' | 'response';

export const VALIDATOR_KINDS: readonly ValidatorKind[] = ['text', 'json', 'response'];

/** The keys the operation table looks validators up by (stable while the spec is). */
export const validatorKey = {
  params: (operationId: string, location: ParamLocation) => `${operationId} params ${location}`,
  body: (operationId: string, mediaType: string) => `${operationId} body ${mediaType}`,
  response: (operationId: string, status: string, mediaType: string) =>
    `${operationId} response ${status} ${mediaType}`,
};

/** One planned validator: its key, how it reads values, and its schema (`$ref`s into the document's `$id`). */
export interface PlannedValidator {
  readonly key: string;
  readonly kind: ValidatorKind;
  readonly schema: Record<string, unknown>;
}

/** Where validators come from: precompiled code (the engine) or Ajv at run time (the contract suite). */
export interface ValidatorSource {
  /** The validator planned under `key`; throws when there is none (the plan and the source disagree). */
  get(key: string): ValidateFunction;
}

/** The first server's base path variables (`/rest/{version}`): each a non-empty string in the path validator. */
export function basePathParams(document: OpenApiDocument): string[] {
  return templateParams(basePathTemplate(document));
}

/** Whether an operation with these parameters (and base path variables) has a validator for `location`. */
export function hasParams(
  located: ReadonlyArray<{ readonly node: JsonObject }>,
  location: ParamLocation,
  base: readonly string[],
): boolean {
  return located.some(({ node }) => node.in === location) || (location === 'path' && base.length > 0);
}

/**
 * The plan of `document`, whose `$id` is `id` (see `specId`). Validators of the same schema
 * read the same way share a key's function in the generated code.
 */
export function planValidators(document: OpenApiDocument, id: string): PlannedValidator[] {
  const plan: PlannedValidator[] = [];
  const base = basePathParams(document);
  for (const entry of listOperations(document)) {
    const located = parametersOf(document, entry);
    for (const location of VALIDATED_LOCATIONS) {
      if (!hasParams(located, location, base)) continue;
      const mine = located.filter(({ node }) => node.in === location);
      const extra = location === 'path' ? base : [];
      const properties: Record<string, unknown> = {};
      for (const name of extra) properties[name] = { type: 'string', minLength: 1 };
      const required = [...extra];
      for (const { node, pointer } of mine) {
        properties[String(node.name)] = { $ref: `${id}#${pointer}/schema` };
        if (node.required === true) required.push(String(node.name));
      }
      plan.push({
        key: validatorKey.params(entry.operationId, location),
        kind: 'text',
        schema: { type: 'object', properties, required },
      });
    }
    if (entry.operation.requestBody !== undefined) {
      const holder = `${entry.pointer}/requestBody`;
      for (const mediaType of mediaTypes(document, holder)) {
        const pointer = mediaSchemaPointer(document, holder, mediaType) as string;
        plan.push({
          key: validatorKey.body(entry.operationId, mediaType),
          // Form fields arrive as text: that validator coerces them to the schema's types.
          kind: mediaType === 'application/x-www-form-urlencoded' ? 'text' : 'json',
          schema: { $ref: `${id}#${pointer}` },
        });
      }
    }
    const responses = isRecord(entry.operation.responses) ? entry.operation.responses : {};
    for (const status of Object.keys(responses)) {
      const holder = `${entry.pointer}${jsonPointer('responses', status)}`;
      for (const mediaType of mediaTypes(document, holder)) {
        const pointer = mediaSchemaPointer(document, holder, mediaType) as string;
        plan.push({
          key: validatorKey.response(entry.operationId, status, mediaType),
          kind: 'response',
          schema: { $ref: `${id}#${pointer}` },
        });
      }
    }
  }
  return plan;
}

/** One line per Ajv error: `<instance pointer or /> <message>`, for reports and 400 bodies. */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword}`);
}
