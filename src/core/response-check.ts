/**
 * The response self-check (DESIGN.md, "the spec is the source of truth"): with
 * `validateResponses` on, every answer must be documented for its operation and valid
 * against the spec, or the engine throws a loud error naming the operation, status and
 * JSON pointer. The mock cannot drift from its spec unnoticed.
 */
import { type MockResponse, mediaTypeOf } from './http.js';
import type { OperationSpec } from './operation-table.js';

export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

function contentType(response: MockResponse): string {
  const header = response.headers?.['content-type'];
  return mediaTypeOf(Array.isArray(header) ? header[0] : header);
}

export function checkResponse(api: string, operation: OperationSpec, response: MockResponse): void {
  const where = `${api}.${operation.operationId} answered ${response.status}`;
  const status = String(response.status);
  if (!operation.responses.has(status)) {
    throw new ContractViolation(`${where}, which the spec does not document for it`);
  }
  const media = operation.responses.get(status);
  const hasBody = response.json !== undefined || response.text !== undefined;
  if (media === null || media === undefined) {
    if (hasBody) throw new ContractViolation(`${where} with a body, but the spec documents none`);
    return;
  }
  const mediaType = response.json !== undefined ? 'application/json' : contentType(response);
  const validate = media.get(mediaType);
  if (validate === undefined) {
    throw new ContractViolation(
      `${where} as ${mediaType || 'no body'}; the spec documents ${[...media.keys()].join(', ')}`,
    );
  }
  const body = response.json !== undefined ? response.json : response.text;
  if (!validate(body)) {
    const first = validate.errors?.[0];
    throw new ContractViolation(
      `${where}: body at ${first?.instancePath || '/'} ${first?.message ?? 'is invalid'} (${JSON.stringify(first?.params)})`,
    );
  }
}
