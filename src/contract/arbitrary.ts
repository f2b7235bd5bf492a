/**
 * Inputs generated from the spec's JSON Schemas with fast-check: values a schema accepts,
 * and values it refuses, made by breaking one constraint of a valid value (a missing
 * required property, a wrong type, an unknown property, a value out of range, off its
 * enum, pattern or format). Every value is checked with the spec's own validator, so a
 * "valid" input is valid and an "invalid" one invalid, whatever the generator did.
 */
import fc from 'fast-check';
import { isRecord, type JsonObject } from '../spec/json.js';
import { locate } from '../spec/openapi.js';
import type { OpenApiDocument } from '../spec/schemas.js';

/** Values a JSON Schema describes are validated by this (a copy is passed: Ajv may fill defaults). */
export type Validate = (value: unknown) => boolean;

const MAX_DEPTH = 8;

function resolveSchema(document: OpenApiDocument, schema: unknown): JsonObject {
  if (isRecord(schema) && typeof schema.$ref === 'string') {
    return resolveSchema(document, locate(document, decodeURIComponent(schema.$ref.slice(1))).node);
  }
  return isRecord(schema) ? schema : {};
}

/** `allOf` folded into one schema (properties and required merged): enough for request bodies. */
function flatten(document: OpenApiDocument, schema: unknown): JsonObject {
  const node = resolveSchema(document, schema);
  if (!Array.isArray(node.allOf)) return node;
  const merged: JsonObject = { ...node, allOf: undefined };
  for (const part of node.allOf.map((branch) => flatten(document, branch))) {
    merged.properties = {
      ...(isRecord(merged.properties) ? merged.properties : {}),
      ...(isRecord(part.properties) ? part.properties : {}),
    };
    merged.required = [
      ...(Array.isArray(merged.required) ? merged.required : []),
      ...(Array.isArray(part.required) ? part.required : []),
    ];
    for (const [key, value] of Object.entries(part))
      if (!(key in merged) || merged[key] === undefined) merged[key] = value;
  }
  return merged;
}

function typeOf(schema: JsonObject): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return schema.type.find((type) => type !== 'null') as string | undefined;
  if (isRecord(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

// Dates between 2020 and 2035, whole seconds: what a person would type.
const dateArbitrary = fc
  .integer({ min: Date.UTC(2020, 0, 1) / 1000, max: Date.UTC(2035, 0, 1) / 1000 })
  .map((seconds) => new Date(seconds * 1000));

function stringArbitrary(schema: JsonObject): fc.Arbitrary<string> {
  const minLength = num(schema.minLength) ?? 0;
  const maxLength = Math.min(num(schema.maxLength) ?? 24, minLength + 40);
  switch (schema.format) {
    case 'date-time':
      return dateArbitrary.map((date) => date.toISOString().replace('.000Z', 'Z'));
    case 'date':
      return dateArbitrary.map((date) => date.toISOString().slice(0, 10));
    case 'email':
      return fc.emailAddress();
    case 'uri':
    case 'url':
      return fc.webUrl();
    case 'uuid':
      return fc.uuid();
  }
  if (typeof schema.pattern === 'string') {
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((value) => value.length >= minLength && value.length <= maxLength);
  }
  return fc.string({ minLength, maxLength, unit: 'grapheme-ascii' });
}

function numberArbitrary(schema: JsonObject, integer: boolean): fc.Arbitrary<number> {
  const exclusiveMin = num(schema.exclusiveMinimum);
  const exclusiveMax = num(schema.exclusiveMaximum);
  const min = num(schema.minimum) ?? (exclusiveMin === undefined ? -1_000_000 : exclusiveMin + (integer ? 1 : 0.01));
  const max = num(schema.maximum) ?? (exclusiveMax === undefined ? 1_000_000 : exclusiveMax - (integer ? 1 : 0.01));
  if (integer) return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  // two decimals: prices and amounts as people write them
  return fc.integer({ min: Math.ceil(min * 100), max: Math.floor(max * 100) }).map((cents) => cents / 100);
}

/** An arbitrary of values the schema (with `$ref`s into `document`) describes; not yet validated. */
export function valueArbitrary(document: OpenApiDocument, schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  const node = flatten(document, schema);
  if (node.const !== undefined) return fc.constant(node.const);
  if (Array.isArray(node.enum)) return fc.constantFrom(...node.enum);
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = node[keyword];
    if (Array.isArray(branches) && branches.length > 0) {
      return fc.oneof(
        ...branches.map((branch) =>
          valueArbitrary(document, { ...node, [keyword]: undefined, ...flatten(document, branch) }, depth + 1),
        ),
      );
    }
  }
  switch (typeOf(node)) {
    case 'string':
      return stringArbitrary(node);
    case 'integer':
      return numberArbitrary(node, true);
    case 'number':
      return numberArbitrary(node, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (depth > MAX_DEPTH) return fc.constant([]);
      const minItems = num(node.minItems) ?? 0;
      const maxItems = Math.min(num(node.maxItems) ?? 3, minItems + 3);
      return fc.array(valueArbitrary(document, node.items, depth + 1), { minLength: minItems, maxLength: maxItems });
    }
    case 'object': {
      if (depth > MAX_DEPTH) return fc.constant({});
      const properties = isRecord(node.properties) ? node.properties : {};
      const required = Array.isArray(node.required) ? (node.required as string[]) : [];
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, child] of Object.entries(properties)) model[name] = valueArbitrary(document, child, depth + 1);
      for (const name of required) model[name] ??= fc.string({ maxLength: 8 });
      return fc.record(model, { requiredKeys: required });
    }
    default:
      return fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean());
  }
}

/** One way to break a value: what to do at which place. */
export interface Mutation {
  readonly path: readonly string[];
  readonly kind: 'remove' | 'replace' | 'add-unknown';
  /** The value put in place (for `replace`). */
  readonly value?: unknown;
  /** For reports: `/ticket/price: not a number`. */
  readonly description: string;
}

const pointerOf = (path: readonly string[]): string => (path.length === 0 ? '/' : `/${path.join('/')}`);

/** Values of another JSON type than the schema's. */
function wrongTypes(schema: JsonObject): unknown[] {
  const type = typeOf(schema);
  const all: Array<[string, unknown]> = [
    ['string', 'not-a-number'],
    ['number', 12.5],
    ['integer', 7],
    ['boolean', true],
    ['array', []],
    ['object', {}],
    ['null', null],
  ];
  return all.filter(([name]) => name !== type && !(type === 'number' && name === 'integer')).map(([, value]) => value);
}

/** Every single-constraint break the schema allows, starting at `path`. */
export function mutationsOf(
  document: OpenApiDocument,
  schema: unknown,
  path: readonly string[] = [],
  depth = 0,
): Mutation[] {
  const node = flatten(document, schema);
  const at = pointerOf(path);
  const found: Mutation[] = [];
  const replace = (value: unknown, why: string) =>
    found.push({ path, kind: 'replace', value, description: `${at}: ${why} (${JSON.stringify(value)})` });
  for (const value of wrongTypes(node).slice(0, 3)) replace(value, 'wrong type');
  if (Array.isArray(node.enum)) replace('not-in-the-enum', 'not one of the enum');
  if (node.const !== undefined) replace(`${String(node.const)}-other`, 'not the constant');
  const minimum = num(node.minimum);
  const maximum = num(node.maximum);
  if (minimum !== undefined) replace(minimum - 1, `below the minimum ${minimum}`);
  if (maximum !== undefined) replace(maximum + 1, `above the maximum ${maximum}`);
  const minLength = num(node.minLength);
  const maxLength = num(node.maxLength);
  if (minLength !== undefined && minLength > 0) replace('', `shorter than ${minLength}`);
  if (maxLength !== undefined) replace('x'.repeat(maxLength + 1), `longer than ${maxLength}`);
  if (typeof node.pattern === 'string') replace('~ not matching ~', `not matching ${node.pattern}`);
  if (node.format === 'date-time' || node.format === 'date') replace('yesterday', `not a ${node.format}`);
  if (node.format === 'email') replace('not-an-email', 'not an email');
  if (depth > MAX_DEPTH) return found;
  if (typeOf(node) === 'object') {
    const properties = isRecord(node.properties) ? node.properties : {};
    const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
    for (const name of required) {
      found.push({
        path: [...path, name],
        kind: 'remove',
        description: `${pointerOf([...path, name])}: required, left out`,
      });
    }
    if (node.additionalProperties === false) {
      found.push({ path, kind: 'add-unknown', description: `${at}: an unknown property` });
    }
    for (const [name, child] of Object.entries(properties)) {
      found.push(...mutationsOf(document, child, [...path, name], depth + 1));
    }
  }
  if (typeOf(node) === 'array' && node.items !== undefined) {
    found.push(...mutationsOf(document, node.items, [...path, '0'], depth + 1));
  }
  return found;
}

/** `value` with `mutation` applied (a copy; `value` is left alone). */
export function applyMutation(value: unknown, mutation: Mutation): unknown {
  if (mutation.path.length === 0) {
    if (mutation.kind === 'replace') return structuredClone(mutation.value);
    if (mutation.kind === 'add-unknown' && isRecord(value))
      return { ...structuredClone(value), 'x-unknown-property': 1 };
    return value;
  }
  const copy = structuredClone(value) as unknown;
  let parent: unknown = copy;
  for (const segment of mutation.path.slice(0, -1)) {
    const next = Array.isArray(parent) ? parent[Number(segment)] : isRecord(parent) ? parent[segment] : undefined;
    if (!isRecord(next) && !Array.isArray(next)) return copy; // nothing there to break: stays valid, filtered out
    parent = next;
  }
  const last = mutation.path[mutation.path.length - 1] as string;
  const container = parent as Record<string, unknown>;
  if (mutation.kind === 'remove') delete container[last];
  else if (mutation.kind === 'replace') container[last] = structuredClone(mutation.value);
  else if (isRecord(container[last])) (container[last] as JsonObject)['x-unknown-property'] = 1;
  return copy;
}

/** Valid values: generated from the schema, adapted by `realize` (domain rules a schema cannot say), then validated. */
export function validValues(
  document: OpenApiDocument,
  schema: unknown,
  validate: Validate,
  realize: (value: unknown) => unknown = (value) => value,
): fc.Arbitrary<unknown> {
  return valueArbitrary(document, schema)
    .map(realize)
    .filter((value) => validate(structuredClone(value)));
}

/** Invalid values: a valid one with one constraint broken, kept only when the validator refuses it. */
export function invalidValues(
  valid: fc.Arbitrary<unknown>,
  mutations: readonly Mutation[],
  validate: Validate,
): fc.Arbitrary<{ value: unknown; mutation: Mutation }> {
  if (mutations.length === 0) throw new Error('no way to break this schema');
  return fc
    .tuple(valid, fc.constantFrom(...mutations))
    .map(([value, mutation]) => ({ value: applyMutation(value, mutation), mutation }))
    .filter(({ value }) => !validate(structuredClone(value)));
}
