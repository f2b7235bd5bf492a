/**
 * Reads the specs shipped in the package's `specs/` folder (Node only).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { ApiName } from '../apis.js';
import type { OpenApiDocument } from '../spec/schemas.js';

/** The package root: two levels above this file, in `src/server/` and in `dist/server/` alike. */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of `specs/<api>.openapi.yaml`. */
export function specFile(api: ApiName): string {
  return join(packageRoot, 'specs', `${api}.openapi.yaml`);
}

/** Parses `specs/<api>.openapi.yaml`; each call returns a fresh object the caller may change. */
export function loadSpec(api: ApiName): OpenApiDocument {
  const document: unknown = parse(readFileSync(specFile(api), 'utf8'));
  if (typeof document !== 'object' || document === null || !('openapi' in document)) {
    throw new Error(`${specFile(api)} is not an OpenAPI document`);
  }
  return document as OpenApiDocument;
}
