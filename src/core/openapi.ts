/**
 * Reading an OpenAPI 3.1 document: local `$ref` resolution that keeps track of where
 * the target lives (so validators can be compiled by JSON pointer), and the list of
 * operations. API-agnostic; no runtime imports.
 */
import { jsonPointer, type OpenApiDocument } from './spec-schemas.js';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A node of the document and the JSON pointer it lives at. */
export interface Located<T = unknown> {
  readonly node: T;
  readonly pointer: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a JSON pointer, or `undefined`. */
export function valueAt(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  let current: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(current)) current = current[Number(key)];
    else if (isRecord(current)) current = current[key];
    else return undefined;
  }
  return current;
}

/**
 * Follows local `$ref`s from `located` until a node without one; throws on a remote or
 * dangling reference, or on a cycle of references.
 */
export function resolve<T = unknown>(document: OpenApiDocument, located: Located): Located<T> {
  let current = located;
  const seen = new Set<string>();
  while (isRecord(current.node) && typeof current.node.$ref === 'string') {
    const ref = current.node.$ref;
    if (!ref.startsWith('#')) throw new Error(`${current.pointer}: only local references are supported, not ${ref}`);
    const pointer = decodeURIComponent(ref.slice(1));
    if (seen.has(pointer)) throw new Error(`${current.pointer}: reference cycle through ${ref}`);
    seen.add(pointer);
    const node = valueAt(document, pointer);
    if (node === undefined) throw new Error(`${current.pointer}: dangling reference ${ref}`);
    current = { node, pointer };
  }
  return current as Located<T>;
}

/** What the engine and the tests need to know of one operation. */
export interface OperationEntry {
  readonly method: HttpMethod;
  /** The path template as the spec writes it, e.g. `/security/ticket/{ticketId}`. */
  readonly path: string;
  readonly operationId: string;
  /** Pointer of the Operation Object, e.g. `/paths/~1security~1ticket/post`. */
  readonly pointer: string;
  readonly operation: Record<string, unknown>;
}

/** Every operation of the document, in document order; each must have an operationId. */
export function listOperations(document: OpenApiDocument): OperationEntry[] {
  const paths = document.paths;
  if (!isRecord(paths)) return [];
  const entries: OperationEntry[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isRecord(item)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isRecord(operation)) continue;
      const pointer = jsonPointer('paths', path, method);
      if (typeof operation.operationId !== 'string') throw new Error(`${pointer}: no operationId`);
      entries.push({ method, path, operationId: operation.operationId, pointer, operation });
    }
  }
  return entries;
}

/**
 * Where the schema of one response lives: the resolved pointer of
 * `responses[status].content[mediaType].schema`, or `undefined` when that response has
 * no body of that media type.
 */
export function responseSchemaPointer(
  document: OpenApiDocument,
  entry: OperationEntry,
  status: string,
  mediaType: string,
): string | undefined {
  const response = resolve<Record<string, unknown>>(document, {
    node: valueAt(document, `${entry.pointer}${jsonPointer('responses', status)}`),
    pointer: `${entry.pointer}${jsonPointer('responses', status)}`,
  });
  const content = response.node?.content;
  if (!isRecord(content) || !isRecord(content[mediaType])) return undefined;
  return resolve(document, {
    node: (content[mediaType] as Record<string, unknown>).schema,
    pointer: `${response.pointer}${jsonPointer('content', mediaType, 'schema')}`,
  }).pointer;
}
