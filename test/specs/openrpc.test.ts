import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOpenRPCDocument, validateOpenRPCDocument } from '@open-rpc/schema-utils-js';
import { describe, expect, it } from 'vitest';
import { loadSpec, packageRoot } from '../../src/server/specs.ts';
import { listOperations, resolve, valueAt } from '../../src/spec/openapi.ts';
import type { OpenApiDocument } from '../../src/spec/schemas.ts';

type Node = Record<string, unknown>;
interface RpcParam {
  name: string;
  required?: boolean;
  schema: unknown;
}
interface RpcMethod {
  name: string;
  paramStructure?: string;
  params: RpcParam[];
  result: { schema: unknown };
  errors?: Array<{ code: number }>;
  'x-transport'?: { httpMethod: string; path: string };
}
interface RpcDocument {
  openrpc: string;
  methods: RpcMethod[];
  components?: { schemas?: Record<string, unknown> };
}

const readOpenRpc = (): RpcDocument =>
  JSON.parse(readFileSync(join(packageRoot, 'specs', 'adminserver.openrpc.json'), 'utf8')) as RpcDocument;

/** Local schema names a value refers to (`#/components/schemas/<name>`), transitively. */
function referencedSchemas(value: unknown, schemas: Record<string, unknown>, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) referencedSchemas(item, schemas, into);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith('#/components/schemas/')) {
        const name = child.slice('#/components/schemas/'.length);
        if (!into.has(name)) {
          into.add(name);
          referencedSchemas(schemas[name], schemas, into);
        }
      } else referencedSchemas(child, schemas, into);
    }
  }
  return into;
}

/**
 * Every way the OpenRPC document disagrees with the OpenAPI one, as sentences.
 * An empty list means: the same methods, each with the request body's members as its
 * by-name params (same names, required flags and schemas), the 200 response's `data`
 * schema as its result, the same error statuses, and every schema either refers to
 * identical in both documents.
 */
function disagreements(openapi: OpenApiDocument, openrpc: RpcDocument): string[] {
  const found: string[] = [];
  const rpcOperations = listOperations(openapi).filter(
    (entry) => entry.path.startsWith('/jsonRpc/') && entry.operationId !== 'rpc.discover',
  );
  const expectedNames = rpcOperations.map((entry) => entry.operationId).sort();
  const actualNames = openrpc.methods.map((method) => method.name).sort();
  if (JSON.stringify(expectedNames) !== JSON.stringify(actualNames)) {
    found.push(`methods differ: OpenAPI has ${expectedNames.join(', ')}; OpenRPC has ${actualNames.join(', ')}`);
  }

  for (const entry of rpcOperations) {
    const method = openrpc.methods.find((candidate) => candidate.name === entry.operationId);
    if (method === undefined) continue;
    const where = `method ${method.name}`;
    if (entry.method !== 'post') found.push(`${where}: the OpenAPI operation is not a POST`);
    if (method.paramStructure !== 'by-name') found.push(`${where}: paramStructure is not by-name`);
    if (method['x-transport']?.path !== entry.path) found.push(`${where}: x-transport.path is not ${entry.path}`);

    const body = resolve<Node>(openapi, { node: entry.operation.requestBody, pointer: `${entry.pointer}/requestBody` });
    const bodySchema = resolve<Node>(openapi, {
      node: valueAt(body.node, '/content/application~1json/schema'),
      pointer: '',
    }).node;
    const properties = (bodySchema.properties ?? {}) as Record<string, unknown>;
    const required = new Set((bodySchema.required ?? []) as string[]);
    const paramNames = method.params.map((param) => param.name).sort();
    if (JSON.stringify(paramNames) !== JSON.stringify(Object.keys(properties).sort())) {
      found.push(
        `${where}: params ${paramNames.join(', ')} are not the body members ${Object.keys(properties).join(', ')}`,
      );
    }
    for (const param of method.params) {
      if (JSON.stringify(param.schema) !== JSON.stringify(properties[param.name])) {
        found.push(`${where}: param ${param.name} has another schema than the body member`);
      }
      if ((param.required ?? false) !== required.has(param.name)) {
        found.push(
          `${where}: param ${param.name} required=${param.required} but the body says ${required.has(param.name)}`,
        );
      }
    }

    const ok = resolve<Node>(openapi, { node: valueAt(entry.operation, '/responses/200'), pointer: '' }).node;
    const okSchema = resolve<Node>(openapi, {
      node: valueAt(ok, '/content/application~1json/schema'),
      pointer: '',
    }).node;
    const data = valueAt(okSchema, '/properties/data');
    if (JSON.stringify(method.result.schema) !== JSON.stringify(data)) {
      found.push(`${where}: result schema is not the 200 response's data schema`);
    }

    const statuses = Object.keys(entry.operation.responses as Node).filter((status) => status !== '200');
    const codes = (method.errors ?? []).map((error) => error.code);
    const expectedCodes = statuses.map((status) => (status === '429' ? 705 : Number(status)));
    if (JSON.stringify([...codes].sort()) !== JSON.stringify([...expectedCodes].sort())) {
      found.push(`${where}: error codes ${codes.join(', ')} are not ${expectedCodes.join(', ')}`);
    }
  }

  const apiSchemas = (valueAt(openapi, '/components/schemas') ?? {}) as Record<string, unknown>;
  const rpcSchemas = openrpc.components?.schemas ?? {};
  for (const name of referencedSchemas(openrpc.methods, rpcSchemas)) {
    if (JSON.stringify(rpcSchemas[name]) !== JSON.stringify(apiSchemas[name])) {
      found.push(`schema ${name} differs between the documents`);
    }
  }
  return found;
}

describe('specs/adminserver.openrpc.json', () => {
  it('is a valid OpenRPC 1.x document', async () => {
    const document = readOpenRpc();
    expect(document.openrpc).toMatch(/^1\.\d+\.\d+$/);
    const result = validateOpenRPCDocument(document as never);
    expect(result === true ? true : (result as Error).message).toBe(true);
    // parse also dereferences every $ref, so a dangling one fails here
    await expect(parseOpenRPCDocument(document as never)).resolves.toBeTruthy();
  });

  it('describes the four ticket methods by name', () => {
    expect(readOpenRpc().methods.map((method) => method.name)).toEqual([
      'ticket.createPurchasableTicket',
      'ticket.deletePurchasableTicket',
      'ticket.updatePurchasableTicket',
      'ticket.getPurchasableTickets',
    ]);
  });

  it('agrees with adminserver.openapi.yaml: methods, params, results, errors and schemas', () => {
    expect(disagreements(loadSpec('adminserver'), readOpenRpc())).toEqual([]);
  });

  it.each([
    [
      'a param dropped',
      (doc: RpcDocument) => {
        doc.methods[0]?.params.pop();
      },
      /params/,
    ],
    [
      'a result schema changed',
      (doc: RpcDocument) => {
        if (doc.methods[3]) doc.methods[3].result.schema = { type: 'object' };
      },
      /result schema/,
    ],
    [
      'a shared schema changed',
      (doc: RpcDocument) => {
        const fields = doc.components?.schemas?.PurchasableTicket as Node;
        (fields.properties as Node).price = { type: 'string' };
      },
      /schema PurchasableTicket differs/,
    ],
    [
      'a method missing',
      (doc: RpcDocument) => {
        doc.methods.splice(1, 1);
      },
      /methods differ/,
    ],
  ])('reports the documents apart when %s', (_, mutate, message) => {
    const document = readOpenRpc();
    mutate(document);
    expect(disagreements(loadSpec('adminserver'), document).join('\n')).toMatch(message);
  });
});
