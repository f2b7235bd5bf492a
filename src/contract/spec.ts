/**
 * What the suite reads from a spec: the operations with their documented statuses and
 * compiled response validators (the engine's own operation table, so mock and suite read
 * the document one way), the base path, and which parts are `x-inferred`.
 */

import { buildOperationTable, type OperationSpec } from '../core/operation-table.js';
import { defaultBasePath } from '../spec/base-path.js';
import { isRecord } from '../spec/json.js';
import { listOperations, locate, type OperationEntry } from '../spec/openapi.js';
import { outlineOf } from '../spec/outline.js';
import { pointerSegments } from '../spec/pointer.js';
import { compiledValidators, jsonPointer, type OpenApiDocument } from '../spec/schemas.js';

export interface SpecOperation {
  readonly id: string;
  readonly method: string;
  /** Template under the base path, e.g. `/security/ticket/{ticketId}`. */
  readonly path: string;
  readonly entry: OperationEntry;
  readonly compiled: OperationSpec;
  /** Documented statuses, in spec order. */
  readonly statuses: readonly string[];
}

export interface ApiSpec {
  readonly name: string;
  readonly document: OpenApiDocument;
  /** The first server's path with its variables at their defaults (`/rest/v1`, or ``). */
  readonly basePath: string;
  readonly operations: readonly SpecOperation[];
  operation(id: string): SpecOperation;
  /** Whether the node at `pointer`, or an object holding it, is marked `x-inferred`. */
  inferredAt(pointer: string): boolean;
  /**
   * Whether the schema at `schemaPointer`, followed down `instancePath` of a value it
   * describes, passes through an `x-inferred` schema (so a violation there is our reading).
   */
  inferredAlong(schemaPointer: string, instancePath: string): boolean;
}

export function loadSpec(document: OpenApiDocument, name: string): ApiSpec {
  // Ajv at run time: the contract suite runs in JsonObject and may judge any document.
  const table = buildOperationTable(outlineOf(document), compiledValidators(document, `contract-${name}`));
  const compiled = new Map(table.operations.map((operation) => [operation.operationId, operation]));
  const operations = listOperations(document).map((entry): SpecOperation => {
    const responses = isRecord(entry.operation.responses) ? entry.operation.responses : {};
    return {
      id: entry.operationId,
      method: entry.method.toUpperCase(),
      path: entry.path,
      entry,
      compiled: compiled.get(entry.operationId) as OperationSpec,
      statuses: Object.keys(responses),
    };
  });
  const byId = new Map(operations.map((operation) => [operation.id, operation]));

  const marked = (node: unknown): boolean => isRecord(node) && node['x-inferred'] === true;

  const inferredAt = (pointer: string): boolean => {
    const segments = pointerSegments(pointer);
    for (let length = segments.length; length >= 0; length -= 1) {
      if (marked(locate(document, jsonPointer(...segments.slice(0, length))).node)) return true;
    }
    return false;
  };

  /** Every schema the value at `segments` below `node` is checked against, refs followed. */
  const walk = (node: unknown, segments: readonly string[], seen: number): boolean => {
    if (seen > 64 || !isRecord(node)) return false;
    const schema = isRecord(node) && typeof node.$ref === 'string' ? locate(document, node.$ref.slice(1)).node : node;
    if (!isRecord(schema)) return false;
    if (marked(schema) || marked(node)) return true;
    for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
      const branches = schema[keyword];
      if (Array.isArray(branches) && branches.some((branch) => walk(branch, segments, seen + 1))) return true;
    }
    const [head, ...rest] = segments;
    if (head === undefined) return false;
    const properties = isRecord(schema.properties) ? schema.properties : {};
    if (Object.hasOwn(properties, head)) return walk(properties[head], rest, seen + 1);
    if (isRecord(schema.items)) return walk(schema.items, rest, seen + 1);
    if (isRecord(schema.additionalProperties)) return walk(schema.additionalProperties, rest, seen + 1);
    return false;
  };

  return {
    name,
    document,
    basePath: defaultBasePath(document),
    operations,
    operation(id) {
      const operation = byId.get(id);
      if (operation === undefined) throw new Error(`${name} has no operation ${id}`);
      return operation;
    },
    inferredAt,
    inferredAlong: (schemaPointer, instancePath) =>
      walk(locate(document, schemaPointer).node, pointerSegments(instancePath), 0),
  };
}

/** Fills a path template: `/security/ticket/{ticketId}` with `{ticketId: 'a b'}` → `/security/ticket/a%20b`. */
export function fillPath(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
