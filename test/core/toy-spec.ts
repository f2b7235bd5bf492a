/**
 * A small OpenAPI document of an imaginary fourth API, for the core's unit tests: what the
 * three real specs do not exercise (array query parameters, number parameters without a
 * bound, a literal path beside a templated sibling, a HEAD of its own, a 204 with a
 * required header), judged by Ajv at run time as the contract suite does.
 */

import { buildOperationTable, type OperationTable } from '../../src/core/operation-table.ts';
import type { OpenApiDocument } from '../../src/spec/openapi.ts';
import { outlineOf } from '../../src/spec/outline.ts';
import { compiledValidators } from '../../src/spec/schemas.ts';

const ok = {
  description: 'OK',
  content: { 'application/json': { schema: { type: 'object' }, example: { ok: true } } },
};

const item = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1 },
    size: { type: 'number' },
    tags: { type: 'array', items: { type: 'string' } },
    meta: { type: 'object' },
    // branches that overlap: a whole number matches both, and oneOf wants exactly one
    either: { oneOf: [{ type: 'number' }, { type: 'integer' }] },
  },
};

export const TOY_SPEC: OpenApiDocument = {
  openapi: '3.1.0',
  info: { title: 'toy', version: '1' },
  servers: [
    { url: 'https://{host}/toy/{version}', variables: { version: { default: 'v1', 'x-pattern': '^v[0-9]+$' } } },
  ],
  security: [{ key: [] }],
  components: {
    securitySchemes: { key: { type: 'http', scheme: 'bearer' } },
    headers: {
      Trace: { required: true, schema: { type: 'string' }, example: 'trace-1' },
    },
    examples: {
      Gone: { value: { gone: true } },
    },
  },
  paths: {
    '/items': {
      get: {
        operationId: 'listItems',
        security: [],
        parameters: [
          { name: 'tag', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
          { name: 'size', in: 'query', schema: { type: 'number' } },
          { name: 'X-Trace', in: 'header', schema: { type: 'string', minLength: 2 } },
        ],
        responses: { '200': ok },
      },
      post: {
        operationId: 'createItem',
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: item },
            'application/x-www-form-urlencoded': { schema: item },
          },
        },
        responses: {
          '201': ok,
          '400': { description: 'Bad', content: { 'application/json': { schema: { type: 'object' } } } },
        },
      },
    },
    '/items/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: { operationId: 'getItem', responses: { '200': ok, '410': gone() } },
      put: {
        operationId: 'putItem',
        parameters: [{ name: 'revision', in: 'query', schema: { type: 'integer' } }],
        requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
        responses: {
          '200': ok,
          '415': { description: 'Unsupported', content: { 'application/json': { schema: { type: 'object' } } } },
        },
      },
      delete: {
        operationId: 'deleteItem',
        responses: {
          '204': { description: 'Deleted', headers: { Trace: { $ref: '#/components/headers/Trace' } } },
          '202': {
            description: 'Accepted, a header without an example',
            headers: { Queue: { required: true, schema: { type: 'string' } } },
          },
          '409': {
            description: 'A body with an example, a required header without one',
            headers: { Queue: { required: true, schema: { type: 'string' } } },
            content: { 'application/json': { schema: { type: 'object' }, example: { busy: true } } },
          },
          '200': {
            description: 'An optional header needs no example; the schema example counts',
            headers: {
              Optional: { schema: { type: 'string' } },
              Where: { required: true, schema: { type: 'string', example: 'here' } },
            },
            content: {
              'text/plain': {
                schema: { type: 'string' },
                examples: { ext: { externalValue: 'https://toy.example/deleted.txt' } },
              },
              // JSON Schema's list of examples, where a Media Type Object wants a map: not read
              'text/csv': { schema: { type: 'string' }, examples: [{ value: 'id\nx' }] },
              'application/json': { schema: { type: 'object' }, examples: { first: { value: { deleted: 1 } } } },
            },
          },
        },
      },
    },
    '/items/special': {
      get: { operationId: 'special', security: [{}, { key: [] }], responses: { '200': ok } },
    },
    '/items/{id}/parts/{part}': {
      get: {
        operationId: 'getPart',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'part', in: 'path', required: true, schema: { type: 'integer' } },
        ],
        responses: {
          '200': { description: 'OK, no example', content: { 'application/json': { schema: { type: 'object' } } } },
        },
      },
    },
    '/things/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      head: { operationId: 'headThing', responses: { '200': { description: 'OK' } } },
      get: { operationId: 'getThing', responses: { '200': ok } },
    },
  },
};

function gone() {
  return {
    description: 'Gone',
    content: {
      'application/json': {
        schema: { type: 'object' },
        examples: { gone: { $ref: '#/components/examples/Gone' }, other: { value: { gone: false } } },
      },
    },
  };
}

/** The toy spec's validators, compiled by Ajv on first use (and then kept: compiling is the slow part). */
const TOY_VALIDATORS = compiledValidators(TOY_SPEC, 'toy');

/**
 * A new operation table of `document` (by default the toy spec), its validators compiled by
 * Ajv. Tests build their tables inside the test, never at import: code that runs outside a
 * test is "static" to Stryker, and every static mutant costs a run of the whole unit suite.
 */
export function toyTable(document: OpenApiDocument = TOY_SPEC): OperationTable {
  return buildOperationTable(
    outlineOf(document),
    document === TOY_SPEC ? TOY_VALIDATORS : compiledValidators(document, 'toy'),
  );
}
