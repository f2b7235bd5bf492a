/**
 * What the spec documents for one answer, worked out once for the response checks: the
 * documented response its status falls under, that response's node, and whether it is our
 * reading (`x-inferred`). Pure: the spec, an operation and an exchange in.
 */
import { mediaTypeOf } from '../../core/http.js';
import { isRecord, type JsonObject } from '../../spec/json.js';
import { locate } from '../../spec/openapi.js';
import { jsonPointer } from '../../spec/schemas.js';
import type { ApiSpec, SpecOperation } from '../spec.js';
import type { Exchange, Finding } from '../types.js';

/** An answer as the response checks see it. */
export interface Answer {
  readonly spec: ApiSpec;
  readonly operation: SpecOperation;
  readonly exchange: Exchange;
  /** `GET /security/ticket/{ticketId}`, for messages. */
  readonly where: string;
  readonly operationInferred: boolean;
  /** The answer's status, or `undefined` when there was no answer. */
  readonly status: string | undefined;
  /** The documented response the status falls under (the status itself or `default`), if any. */
  readonly documented: string | undefined;
  /** That response (its `$ref` followed), when documented. */
  readonly response: { readonly node: JsonObject; readonly pointer: string } | undefined;
  /** The operation or the response is marked `x-inferred`. */
  readonly responseInferred: boolean;
  /** The answer's media type, lower case without parameters ('' when none). */
  readonly mediaType: string;
}

/** A finding of a response check, before the runner adds the curl that reproduces it. */
export type ResponseFindingDraft = Omit<Finding, 'curl'>;

/** A response check: prepared once per API (it may compile validators), then applied to every answer. */
export interface ResponseCheckDefinition {
  prepare(spec: ApiSpec): (answer: Answer) => ResponseFindingDraft[];
}

export function answerOf(spec: ApiSpec, operation: SpecOperation, exchange: Exchange): Answer {
  const where = `${operation.method} ${operation.path}`;
  const operationInferred = spec.inferredAt(operation.entry.pointer);
  const status = exchange.status === undefined ? undefined : String(exchange.status);
  const documented =
    status === undefined
      ? undefined
      : operation.statuses.includes(status)
        ? status
        : operation.statuses.includes('default')
          ? 'default'
          : undefined;
  const response =
    documented === undefined
      ? undefined
      : locate<JsonObject>(spec.document, `${operation.entry.pointer}${jsonPointer('responses', documented)}`);
  return {
    spec,
    operation,
    exchange,
    where,
    operationInferred,
    status,
    documented,
    response,
    responseInferred: operationInferred || (response !== undefined && spec.inferredAt(response.pointer)),
    mediaType: mediaTypeOf(exchange.responseHeaders['content-type']),
  };
}

/** The documented media type the answer's matches (case-insensitive), when the response documents a body. */
export function matchedMediaType(answer: Answer): string | undefined {
  const content =
    answer.response !== undefined && isRecord(answer.response.node.content) ? answer.response.node.content : undefined;
  if (content === undefined) return undefined;
  return Object.keys(content).find((candidate) => candidate.toLowerCase() === answer.mediaType);
}
