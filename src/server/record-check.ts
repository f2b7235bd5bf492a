/**
 * `ticketmock record`'s check of each exchange against the spec (issue 18): the request
 * routed as the engine routes it, held to the operation's parameters and body with the
 * engine's own validator (`validateRequest`, after the API's `prepare`), the answer to its
 * documented statuses and bodies (`checkResponse`). What a recording shows that the spec
 * does not say is a finding about the spec or the server, listed, never a reason to stop.
 */
import type { AnyApiModule } from '../core/api-module.js';
import type { Exchange } from '../core/har.js';
import { type MockRequest, type MockResponse, mediaTypeOf } from '../core/http.js';
import { buildOperationTable, type OperationSpec, type OperationTable, routeOf } from '../core/operation-table.js';
import { precompiledValidators } from '../core/precompiled.js';
import { checkResponse } from '../core/response-check.js';
import { createRouter, type Router } from '../core/router.js';
import { validateRequest } from '../core/validate-request.js';

interface Checked {
  readonly module: AnyApiModule;
  readonly table: OperationTable;
}

/** What one exchange was: its `<api>.<operationId>` (null: no operation), and what breaks the spec. */
export interface ExchangeFinding {
  readonly operationId: string | null;
  readonly violations: string[];
}

function headerRecord(pairs: readonly (readonly [string, string])[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of pairs) {
    const lower = name.toLowerCase();
    headers[lower] = headers[lower] === undefined ? value : `${headers[lower]}, ${value}`;
  }
  return headers;
}

/** The answer as the engine's response check reads it: JSON parsed, other text as it is. */
function responseOf(exchange: Exchange): MockResponse {
  const headers = headerRecord(exchange.response.headers);
  const { body } = exchange.response;
  if (body === undefined || body === '' || exchange.response.encoding === 'base64')
    return { status: exchange.response.status, headers };
  const media = mediaTypeOf(headers['content-type']);
  if (media === 'application/json' || media.endsWith('+json')) {
    try {
      return { status: exchange.response.status, headers, json: JSON.parse(body) };
    } catch {
      return { status: exchange.response.status, headers, text: body };
    }
  }
  return { status: exchange.response.status, headers, text: body };
}

export interface ExchangeChecker {
  /** First path segments the APIs answer under (`security`, `rest` …). */
  readonly prefixes: ReadonlySet<string>;
  check(exchange: Exchange): ExchangeFinding;
}

/** A checker over the given APIs' specs (their operation tables, built once). */
export function exchangeChecker(modules: readonly AnyApiModule[]): ExchangeChecker {
  const apis: Checked[] = modules.map((module) => ({
    module,
    table: buildOperationTable(module.outline, precompiledValidators(module.validators, module.name)),
  }));
  // one router of every API's whole templates, as the engine routes (two APIs may share a prefix)
  const router = createRouter(
    apis.flatMap((api) => api.table.operations.map((operation) => routeOf(operation, api))),
    (api, operation) => `${api.module.name}.${operation.operationId}`,
  );
  return {
    prefixes: router.prefixes,
    check: (exchange) => check(router, exchange),
  };
}

function check(router: Router<OperationSpec, Checked>, exchange: Exchange): ExchangeFinding {
  {
    const url = new URL(exchange.request.url);
    const { method } = exchange.request;
    const found = router.lookup(method, url.pathname);
    const api = found.owner;
    if (api === undefined) return { operationId: null, violations: [] };
    const route = api.table.match(method, url.pathname);
    const status = exchange.response.status;
    if (route.kind !== 'operation') {
      // the spec's own answer to an unknown route is a 404 or 405: anything else is news
      const expected = route.kind === 'not-found' ? 404 : 405;
      return {
        operationId: null,
        violations:
          status === expected || status === 0
            ? []
            : [
                `${method} ${url.pathname}: no operation of ${api.module.name} matches, yet the server answered ${status}`,
              ],
      };
    }
    const { operation } = route;
    const operationId = `${api.module.name}.${operation.operationId}`;
    const violations: string[] = [];
    const request: MockRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: headerRecord(exchange.request.headers),
      body: exchange.request.body,
      origin: url.origin,
    };
    const input = validateRequest(operation, api.module.prepare?.(request, operation) ?? request, route.pathParams);
    // a body still coded (its Content-Encoding could not be undone) cannot be held to the spec
    if (!input.ok && status >= 200 && status < 400 && exchange.request.undecoded === undefined) {
      violations.push(`request: ${input.error.message}, which the spec refuses, yet the server answered ${status}`);
    }
    if (status !== 0 && exchange.response.undecoded !== undefined) {
      // bytes still coded (a coding the recorder cannot undo) are no body the spec describes: the status alone
      if (!operation.responses.has(String(status)))
        violations.push(`response: ${operationId} answered ${status}, which the spec does not document for it`);
    } else if (status !== 0) {
      try {
        checkResponse(api.module.name, operation, responseOf(exchange));
      } catch (error) {
        violations.push(`response: ${(error as Error).message}`);
      }
    }
    return { operationId, violations };
  }
}
