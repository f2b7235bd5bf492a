/**
 * The operation tables of the three specs: the engine's validators are precompiled by
 * `npm run generate`; this runs every one of them, holds each against the same schema
 * compiled by Ajv at run time (the contract suite's validators; same verdict, same errors,
 * same coercions and defaults), and checks the routing rules a spec does not spell out.
 */
import { describe, expect, it } from 'vitest';
import { API_NAMES } from '../../src/apis.ts';
import { buildOperationTable, type OperationSpec } from '../../src/core/operation-table.ts';
import { precompiledValidators } from '../../src/core/precompiled.ts';
import { adminserverDocument } from '../../src/generated/adminserver.document.ts';
import { auviousDocument } from '../../src/generated/auvious.document.ts';
import { octopusDocument } from '../../src/generated/octopus.document.ts';
import { modulesFor } from '../../src/handlers/index.ts';
import { type OpenApiDocument, specId } from '../../src/spec/openapi.ts';
import { compiledValidators } from '../../src/spec/schemas.ts';
import { planValidators } from '../../src/spec/validator-plan.ts';

const DOCUMENTS: Record<string, OpenApiDocument> = {
  octopus: octopusDocument,
  auvious: auviousDocument,
  adminserver: adminserverDocument,
};

const validatorsOf = (operation: OperationSpec) => [
  ...Object.values(operation.paramValidators),
  ...(operation.body?.media.values() ?? []),
  ...[...operation.responses.values()].flatMap((media) => [...(media?.values() ?? [])]),
];

describe.each(API_NAMES)('the %s operation table', (name) => {
  const [module] = modulesFor([name]);
  if (module === undefined) throw new Error(`no module ${name}`);
  const document = DOCUMENTS[name] as OpenApiDocument;
  const table = buildOperationTable(module.outline, precompiledValidators(module.validators, name));

  it('has a precompiled validator for every operation, each judging a value with its errors', () => {
    const validators = table.operations.flatMap(validatorsOf);
    expect(validators.length).toBeGreaterThan(table.operations.length);
    for (const validate of validators) {
      // a symbol is no JSON value: every schema of these specs refuses it, with a reason
      expect(validate(Symbol('not JSON'))).toBe(false);
      expect(validate.errors?.length).toBeGreaterThan(0);
    }
  });

  it('judges as Ajv at run time does: the same verdict, errors, coercions and defaults for every key', () => {
    const precompiled = precompiledValidators(module.validators, name);
    const compiled = compiledValidators(document, name);
    const examples = document.components as { schemas?: Record<string, { example?: unknown }> };
    const values: unknown[] = [
      undefined,
      null,
      '',
      'x',
      '2024-02-30T10:00:00Z',
      '2024-06-30T23:59:60Z',
      0,
      1.5,
      -1,
      true,
      [],
      ['1', '1'],
      {},
      { id: 1, type: 'nope', name: '' },
      ...Object.values(examples.schemas ?? {}).flatMap((schema) =>
        schema.example === undefined ? [] : [schema.example],
      ),
    ];
    const plan = planValidators(document, specId(name));
    expect(plan.length).toBeGreaterThan(0);
    for (const { key } of plan) {
      for (const value of values) {
        const [mine, theirs] = [structuredClone(value), structuredClone(value)];
        const a = precompiled.get(key);
        const b = compiled.get(key);
        const verdicts = [a(mine), b(theirs)];
        // the generated code leaves out each error's schemaPath, which nothing reads (decision 013)
        const theirErrors = b.errors?.map(({ schemaPath: _, ...error }) => error) ?? b.errors;
        expect(a.errors?.every((error) => !('schemaPath' in error)) ?? true).toBe(true);
        expect({ key, value, verdict: verdicts[0], errors: a.errors, data: mine }).toEqual({
          key,
          value,
          verdict: verdicts[1],
          errors: theirErrors,
          data: theirs,
        });
      }
    }
  });
});

describe('routing', () => {
  const [auvious] = modulesFor(['auvious']);
  if (auvious === undefined) throw new Error('no auvious module');
  const table = buildOperationTable(auvious.outline, precompiledValidators(auvious.validators, 'auvious'));

  it('routes HEAD to GET where the spec has no HEAD, and lists HEAD in Allow', () => {
    const head = table.match('HEAD', '/security/ticket/abc123');
    expect(head.kind === 'operation' && [head.operation.operationId, head.pathParams]).toEqual([
      'getTicket',
      { ticketId: 'abc123' },
    ]);
    expect(table.match('PATCH', '/security/ticket/abc123')).toEqual({
      kind: 'method-not-allowed',
      allow: ['GET', 'HEAD', 'PUT', 'DELETE'],
    });
    expect(table.match('HEAD', '/security/ticket')).toEqual({ kind: 'method-not-allowed', allow: ['POST'] });
  });
});
