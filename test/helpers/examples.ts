/**
 * Collects every example an OpenAPI document holds, each with the pointer of the schema
 * it must satisfy, and every request body or response body that has none.
 */
import { listOperations, parametersOf, resolve, valueAt } from '../../src/spec/openapi.ts';
import { jsonPointer, type OpenApiDocument } from '../../src/spec/schemas.ts';

export interface ExampleCase {
  /** Where the example is, for the test name. */
  where: string;
  schemaPointer: string;
  value: unknown;
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];
const SCHEMA_SINGLES = [
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];

/** JSON Schema `examples` arrays, in this schema and every sub-schema. */
function schemaExamples(schema: unknown, pointer: string, into: ExampleCase[]): void {
  if (!isNode(schema)) return;
  if (Array.isArray(schema.examples)) {
    schema.examples.forEach((value, index) => {
      into.push({ where: `${pointer}/examples/${index}`, schemaPointer: pointer, value });
    });
  }
  for (const key of SCHEMA_MAPS) {
    const map = schema[key];
    if (isNode(map))
      for (const name of Object.keys(map)) schemaExamples(map[name], pointer + jsonPointer(key, name), into);
  }
  for (const key of SCHEMA_SINGLES) schemaExamples(schema[key], pointer + jsonPointer(key), into);
  for (const key of SCHEMA_LISTS) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    for (const [index, item] of list.entries()) schemaExamples(item, pointer + jsonPointer(key, index), into);
  }
}

/** `example` and `examples` (a map of Example Objects) of a Media Type, Parameter or Header Object. */
function objectExamples(document: OpenApiDocument, holder: Node, pointer: string, into: ExampleCase[]): number {
  if (holder.schema === undefined) return 0;
  const schemaPointer = resolve(document, { node: holder.schema, pointer: `${pointer}/schema` }).pointer;
  let count = 0;
  if (holder.example !== undefined) {
    into.push({ where: `${pointer}/example`, schemaPointer, value: holder.example });
    count += 1;
  }
  if (isNode(holder.examples)) {
    for (const [name, example] of Object.entries(holder.examples)) {
      const resolved = resolve<Node>(document, { node: example, pointer: pointer + jsonPointer('examples', name) });
      if (resolved.node.value === undefined) continue; // an externalValue cannot be checked here
      into.push({ where: pointer + jsonPointer('examples', name), schemaPointer, value: resolved.node.value });
      count += 1;
    }
  }
  return count;
}

export interface CollectedExamples {
  cases: ExampleCase[];
  /** Request or response bodies (`<pointer> <media type>`) without a single example. */
  bodiesWithoutExample: string[];
  /** How many request and response bodies were seen. */
  bodies: number;
}

export function collectExamples(document: OpenApiDocument): CollectedExamples {
  const cases: ExampleCase[] = [];
  const bodiesWithoutExample: string[] = [];
  let bodies = 0;

  const content = (holder: Node, pointer: string): void => {
    if (!isNode(holder.content)) return;
    for (const [mediaType, media] of Object.entries(holder.content)) {
      if (!isNode(media)) continue;
      bodies += 1;
      const mediaPointer = pointer + jsonPointer('content', mediaType);
      if (objectExamples(document, media, mediaPointer, cases) === 0) bodiesWithoutExample.push(mediaPointer);
    }
  };
  for (const entry of listOperations(document)) {
    // a path-level parameter is seen once per operation; the final de-duplication keeps one
    for (const parameter of parametersOf(document, entry))
      objectExamples(document, parameter.node, parameter.pointer, cases);
    if (entry.operation.requestBody !== undefined) {
      const body = resolve<Node>(document, {
        node: entry.operation.requestBody,
        pointer: `${entry.pointer}/requestBody`,
      });
      content(body.node, body.pointer);
    }
    const responses = entry.operation.responses;
    if (!isNode(responses)) continue;
    for (const status of Object.keys(responses)) {
      const response = resolve<Node>(document, {
        node: responses[status],
        pointer: entry.pointer + jsonPointer('responses', status),
      });
      content(response.node, response.pointer);
      if (isNode(response.node.headers)) {
        for (const [name, header] of Object.entries(response.node.headers)) {
          const resolved = resolve<Node>(document, {
            node: header,
            pointer: response.pointer + jsonPointer('headers', name),
          });
          objectExamples(document, resolved.node, resolved.pointer, cases);
        }
      }
    }
  }

  const schemas = valueAt(document, '/components/schemas');
  if (isNode(schemas)) {
    for (const name of Object.keys(schemas))
      schemaExamples(schemas[name], jsonPointer('components', 'schemas', name), cases);
  }
  // The same body reached through a shared `$ref` is one body.
  const unique = new Map(cases.map((example) => [`${example.where} ${example.schemaPointer}`, example]));
  return { cases: [...unique.values()], bodiesWithoutExample: [...new Set(bodiesWithoutExample)], bodies };
}
