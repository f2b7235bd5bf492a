/**
 * The operation tables of the three specs: validators are compiled on first use (a server
 * starts without compiling what nobody calls), so this compiles every one of them — a
 * schema Ajv cannot compile fails here, not at some client's first request — and checks
 * the routing rules a spec does not spell out.
 */
import { describe, expect, it } from 'vitest';
import { API_NAMES } from '../../src/apis.ts';
import { buildOperationTable, type OperationSpec } from '../../src/core/operation-table.ts';
import { modulesFor } from '../../src/handlers/index.ts';

const validatorsOf = (operation: OperationSpec) => [
  ...Object.values(operation.paramValidators),
  ...(operation.body?.media.values() ?? []),
  ...[...operation.responses.values()].flatMap((media) => [...(media?.values() ?? [])]),
];

describe.each(API_NAMES)('the %s operation table', (name) => {
  const [module] = modulesFor([name]);
  if (module === undefined) throw new Error(`no module ${name}`);
  const table = buildOperationTable(module.document, name);

  it('compiles every validator of every operation, each judging a value with its errors', () => {
    const validators = table.operations.flatMap(validatorsOf);
    expect(validators.length).toBeGreaterThan(table.operations.length);
    for (const validate of validators) {
      // a symbol is no JSON value: every schema of these specs refuses it, with a reason
      expect(validate(Symbol('not JSON'))).toBe(false);
      expect(validate.errors?.length).toBeGreaterThan(0);
    }
  });
});

describe('routing', () => {
  const [auvious] = modulesFor(['auvious']);
  if (auvious === undefined) throw new Error('no auvious module');
  const table = buildOperationTable(auvious.document, 'auvious');

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
