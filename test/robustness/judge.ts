/**
 * Judges one answer by what the spec expects of its request: for an operation, the
 * contract suite's own response checks (ResponseJudge: below 500, a documented status,
 * its media type, a schema-valid body, the documented headers); for a method the path
 * does not document, 405 with `Allow`; for a path no operation has, 404; both in the
 * API's own error shape (the schema its spec gives its errors) and stating that status.
 * Under a first segment no API answers, the engine's own 404 (control.ts `controlError`).
 */
import { isDeepStrictEqual } from 'node:util';
import { jsonOf } from '../../src/contract/client.ts';
import { ResponseJudge } from '../../src/contract/conformance.ts';
import type { ApiSpec } from '../../src/contract/spec.ts';
import type { Exchange } from '../../src/contract/types.ts';
import { controlError } from '../../src/core/control.ts';
import { BODY_LIMIT_BYTES, mediaTypeOf } from '../../src/core/http.ts';
import { createSpecSchemas } from '../../src/spec/schemas.ts';
import type { Expectation } from './model.ts';

export interface ErrorShape {
  /** Pointer of the schema of the API's error body, e.g. `/components/schemas/Error`. */
  readonly schema: string;
  /** The status an error body states (`error.code`, Spring's `status`). */
  readonly statusOf: (body: unknown) => unknown;
}

export class Judge {
  readonly #spec: ApiSpec;
  readonly #responses: ResponseJudge;
  readonly #shape: ErrorShape;
  readonly #validateError: (value: unknown) => boolean;

  constructor(spec: ApiSpec, shape: ErrorShape) {
    this.#spec = spec;
    this.#responses = new ResponseJudge(spec);
    this.#shape = shape;
    const validate = createSpecSchemas(spec.document, `fuzz-errors-${spec.name}`).validator(shape.schema);
    this.#validateError = (value) => validate(value);
  }

  /** What is wrong with the answer (nothing: an empty list). */
  judge(expectation: Expectation, exchange: Exchange): string[] {
    if (exchange.status === undefined) return [`no answer (${exchange.error ?? 'unknown error'})`];
    if (exchange.status >= 500) return [`answered ${exchange.status}: ${exchange.responseText.slice(0, 200)}`];
    switch (expectation.kind) {
      case 'operation': {
        const { operation } = expectation;
        if (!expectation.head) {
          return this.#responses.judge(operation, exchange).map(({ finding }) => finding.message);
        }
        const status = String(exchange.status);
        const documented = operation.statuses.includes(status) || operation.statuses.includes('default');
        const problems = documented ? [] : [`HEAD ${operation.path} answered ${status}, not documented for GET`];
        if (exchange.responseText !== '') problems.push('HEAD answered with a body');
        return problems;
      }
      case 'method-not-allowed': {
        const problems = this.#error(405, exchange);
        const allow = (exchange.responseHeaders.allow ?? '').split(/\s*,\s*/).filter((method) => method !== '');
        if ([...allow].sort().join(', ') !== [...expectation.allow].sort().join(', ')) {
          problems.push(`Allow: ${allow.join(', ') || '(none)'}, the spec gives ${expectation.allow.join(', ')}`);
        }
        return problems;
      }
      case 'not-found':
        return this.#error(404, exchange);
      case 'no-api': {
        // a body over the limit is refused before any routing (Engine.oversize)
        const oversize = Buffer.byteLength(exchange.requestBody ?? '') > BODY_LIMIT_BYTES;
        return this.#plain(oversize ? 413 : 404, exchange);
      }
    }
  }

  /** `status` in the API's error shape (a HEAD answer has no body to judge). */
  #error(status: number, exchange: Exchange): string[] {
    const problems = this.#jsonStatus(status, exchange);
    if (problems.length > 0 || exchange.method === 'HEAD') return problems;
    const body = jsonOf(exchange);
    if (!this.#validateError(body)) {
      problems.push(`${status} body is not ${this.#spec.name}'s error shape: ${exchange.responseText.slice(0, 160)}`);
    } else if (this.#shape.statusOf(body) !== status) {
      problems.push(`${status} body states ${JSON.stringify(this.#shape.statusOf(body))}`);
    }
    return problems;
  }

  /** `status` as the engine answers outside every API: exactly `controlError(status, message)`. */
  #plain(status: number, exchange: Exchange): string[] {
    const problems = this.#jsonStatus(status, exchange);
    if (problems.length > 0 || exchange.method === 'HEAD') return problems;
    const body = jsonOf(exchange) as { error?: { message?: unknown } } | undefined;
    const message = body?.error?.message;
    if (typeof message !== 'string' || !isDeepStrictEqual(body, controlError(status, message).json)) {
      problems.push(`${status} is not the engine's plain error: ${exchange.responseText.slice(0, 160)}`);
    }
    return problems;
  }

  /** The status, and a JSON media type where there is a body. */
  #jsonStatus(status: number, exchange: Exchange): string[] {
    if (exchange.status !== status) {
      return [`answered ${exchange.status}, expected ${status}: ${exchange.responseText.slice(0, 160)}`];
    }
    if (exchange.method === 'HEAD' || mediaTypeOf(exchange.responseHeaders['content-type']) === 'application/json') {
      return [];
    }
    return [`${status} as ${exchange.responseHeaders['content-type'] ?? 'no content type'}`];
  }
}
