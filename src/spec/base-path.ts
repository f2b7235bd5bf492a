/**
 * Where an API lives below its origin: the path part of the spec's first server URL
 * (OpenAPI 3.1 §4.8.5, Server Object). The one rule the engine's router, the contract
 * suite and the Prism launcher share, so a mock, a check and Prism agree on every URL.
 *
 * - The first server counts; none, or one without a string `url`, is the root.
 * - `scheme://authority`, `//authority` and a leading variable standing for the origin
 *   (`{origin}/api`, `{scheme}://{host}/api`) are not part of the path; neither are a
 *   query or a fragment.
 * - Empty segments are dropped (`/api/` and `/api//v1` read `/api` and `/api/v1`); the
 *   root is ``.
 */
import { isRecord, type JsonObject } from './json.js';
import type { OpenApiDocument } from './openapi.js';
import { jsonPointer, valueAt } from './pointer.js';

/** The first server of a document, when it has a string `url`. */
function firstServer(document: OpenApiDocument): JsonObject | undefined {
  const servers = document.servers;
  const server = Array.isArray(servers) ? servers[0] : undefined;
  return isRecord(server) && typeof server.url === 'string' ? server : undefined;
}

/** The base path as a template, its variables kept (`/rest/{version}`), or `` for the root. */
export function basePathTemplate(document: OpenApiDocument): string {
  const url = firstServer(document)?.url as string | undefined;
  if (url === undefined) return '';
  const path = url
    .replace(/[?#].*$/, '')
    .replace(/^(?:[a-z][a-z0-9+.-]*:|\{[^}]*\}:)?\/\/[^/]*/i, '')
    .replace(/^\{[^}]*\}/, '');
  const segments = path.split('/').filter((segment) => segment !== '');
  return segments.length === 0 ? '' : `/${segments.join('/')}`;
}

/** Each base path variable's `x-pattern` (a regular expression its value must match), where it has one. */
export function basePathPatterns(document: OpenApiDocument): Record<string, string> {
  const server = firstServer(document);
  const patterns: Record<string, string> = {};
  for (const name of basePathTemplate(document).match(/\{[^}]+\}/g) ?? []) {
    const pattern = valueAt(server, jsonPointer('variables', name.slice(1, -1), 'x-pattern'));
    if (typeof pattern === 'string') patterns[name.slice(1, -1)] = pattern;
  }
  return patterns;
}

/** The base path with each variable at its default (`/rest/v1`): where a client sends its requests. */
export function defaultBasePath(document: OpenApiDocument): string {
  const server = firstServer(document);
  const filled = basePathTemplate(document).replace(/\{([^}]+)\}/g, (_, name: string) => {
    const fallback = valueAt(server, jsonPointer('variables', name, 'default'));
    return typeof fallback === 'string' ? fallback : '';
  });
  const segments = filled.split('/').filter((segment) => segment !== '');
  return segments.length === 0 ? '' : `/${segments.join('/')}`;
}
