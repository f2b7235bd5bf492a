/** Turns a check's {@link CallOptions} into the request the client sends. */
import type { ApiContract, CallOptions } from './check.js';
import type { OutgoingRequest } from './client.js';
import { fillPath, type SpecOperation } from './spec.js';

export function buildRequest(
  contract: ApiContract,
  operation: SpecOperation,
  options: CallOptions,
  auth: Readonly<Record<string, string>>,
): OutgoingRequest {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(options.query ?? {})) {
    for (const item of typeof value === 'string' ? [value] : value) query.append(name, item);
  }
  const search = query.size > 0 ? `?${query}` : '';
  const headers: Record<string, string> = { accept: '*/*', ...auth, ...(options.headers ?? {}) };
  let body: string | undefined;
  if (options.raw !== undefined) {
    body = options.raw.body;
    if (options.raw.contentType !== undefined) headers['content-type'] = options.raw.contentType;
  } else if (options.form !== undefined) {
    body = new URLSearchParams(options.form as Record<string, string>).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  }
  return {
    operationId: `${contract.name}.${operation.id}`,
    method: operation.method,
    path: `${contract.spec.basePath}${fillPath(operation.path, options.path ?? {})}${search}`,
    headers,
    ...(body === undefined ? {} : { body }),
  };
}
