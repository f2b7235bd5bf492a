import { describe, expect, it } from 'vitest';
import { API_NAMES } from '../../src/apis.ts';
import { loadSpec } from '../../src/server/specs.ts';
import { createSpecSchemas, describeErrors } from '../../src/spec/schemas.ts';
import { collectExamples } from '../helpers/examples.ts';

describe.each(API_NAMES)('examples of %s.openapi.yaml', (api) => {
  const document = loadSpec(api);
  const schemas = createSpecSchemas(document, api);
  const { cases, bodiesWithoutExample, bodies } = collectExamples(document);

  it('has at least one example for every request body and every response body', () => {
    expect(bodies).toBeGreaterThan(0);
    expect(bodiesWithoutExample).toEqual([]);
  });

  it.each(cases.map((example) => [example.where, example] as const))('%s is valid against its schema', (_, example) => {
    const validate = schemas.validator(example.schemaPointer);
    const valid = validate(example.value);
    expect(describeErrors(validate.errors)).toEqual([]);
    expect(valid).toBe(true);
  });
});

describe('the example check', () => {
  it('rejects an example that breaks its schema', () => {
    const document = loadSpec('auvious');
    const { cases } = collectExamples(document);
    const example = cases.find(
      (example) =>
        example.where === '/paths/~1security~1ticket/post/responses/200/content/application~1json/examples/seed',
    );
    expect(example).toBeDefined();
    if (example === undefined) return;
    const validate = createSpecSchemas(document, 'auvious').validator(example.schemaPointer);
    expect(validate({ ...(example.value as object), type: 'NOT_A_TICKET_TYPE', version: '0' })).toBe(false);
    expect(describeErrors(validate.errors).join('\n')).toMatch(/\/type must be equal to one of the allowed values/);
  });

  it('finds the seed examples of every spec', () => {
    const found = API_NAMES.map((api) => collectExamples(loadSpec(api)).cases.length);
    for (const count of found) expect(count).toBeGreaterThan(10);
  });
});
