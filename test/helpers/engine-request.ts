/**
 * One request straight into an engine (no adapter): a path with its query string, JSON or
 * form body with its content type, and headers. For tests that drive the engine in process.
 */
import type { MockRequest, MockResponse } from '../../src/core/http.ts';

export interface RequestOptions {
  readonly headers?: Record<string, string>;
  readonly json?: unknown;
  readonly form?: string;
}

export function sendTo(
  engine: { handle(request: MockRequest): Promise<MockResponse> },
  method: string,
  target: string,
  options: RequestOptions = {},
): Promise<MockResponse> {
  const [path = '/', query = ''] = target.split('?');
  const type =
    options.json !== undefined
      ? { 'content-type': 'application/json' }
      : options.form === undefined
        ? {}
        : { 'content-type': 'application/x-www-form-urlencoded' };
  return engine.handle({
    method,
    path,
    query: new URLSearchParams(query),
    headers: { ...type, ...options.headers },
    body: options.json !== undefined ? JSON.stringify(options.json) : options.form,
    origin: 'http://127.0.0.1:4010',
  });
}
