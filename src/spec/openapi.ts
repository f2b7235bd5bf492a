/**
 * Reading an OpenAPI 3.1 document: local `$ref` resolution that keeps track of where
 * the target lives (so validators can be compiled by JSON pointer), and the list of
 * operations. API-agnostic; no runtime imports (and no Ajv: the engine's path never compiles).
 */
import { isRecord } from './json.js';
import { jsonPointer, valueAt } from './pointer.js';

export { escapePointerSegment, jsonPointer, valueAt } from './pointer.js';

/** A parsed OpenAPI document; only the shape the engine relies on. */
export type OpenApiDocument = { openapi: string; [key: string]: unknown };

/** The `$id` a document named `name` is registered under, in Ajv and in precompiled validators. */
export function specId(name: string): string {
  return `https://ticketmock.local/specs/${encodeURIComponent(name)}`;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A node of the document and the JSON pointer it lives at. */
export interface Located<T = unknown> {
  readonly node: T;
  readonly pointer: string;
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

/** Resolves `$ref`s starting from the node at `pointer`. */
export function locate<T = unknown>(document: OpenApiDocument, pointer: string): Located<T> {
  return resolve<T>(document, { node: valueAt(document, pointer), pointer });
}

/**
 * The resolved pointer of `content[mediaType].schema` in the Request Body or Response at
 * `holder` (itself resolved first), or `undefined` when it has no body of that media type.
 */
export function mediaSchemaPointer(document: OpenApiDocument, holder: string, mediaType: string): string | undefined {
  const located = locate<Record<string, unknown> | undefined>(document, holder);
  const content = located.node?.content;
  if (!isRecord(content) || !isRecord(content[mediaType])) return undefined;
  return locate(document, `${located.pointer}${jsonPointer('content', mediaType, 'schema')}`).pointer;
}

/** The media types the Request Body or Response at `holder` documents, in spec order. */
export function mediaTypes(document: OpenApiDocument, holder: string): string[] {
  const content = locate<Record<string, unknown> | undefined>(document, holder).node?.content;
  return isRecord(content) ? Object.keys(content) : [];
}

/** Where the schema of one response lives (`undefined`: no body of that media type). */
export function responseSchemaPointer(
  document: OpenApiDocument,
  entry: OperationEntry,
  status: string,
  mediaType: string,
): string | undefined {
  return mediaSchemaPointer(document, `${entry.pointer}${jsonPointer('responses', status)}`, mediaType);
}

/**
 * The parameters that apply to an operation, resolved, with their pointers: the path
 * item's, overridden by the operation's own of the same name and location.
 */
export function parametersOf(
  document: OpenApiDocument,
  entry: OperationEntry,
): Array<Located<Record<string, unknown>>> {
  const merged = new Map<string, Located<Record<string, unknown>>>();
  const itemPointer = jsonPointer('paths', entry.path);
  for (const listPointer of [`${itemPointer}/parameters`, `${entry.pointer}/parameters`]) {
    const list = valueAt(document, listPointer);
    if (!Array.isArray(list)) continue;
    for (const index of list.keys()) {
      const located = locate<Record<string, unknown>>(document, `${listPointer}/${index}`);
      merged.set(`${String(located.node.in)} ${String(located.node.name)}`, located);
    }
  }
  return [...merged.values()];
}
