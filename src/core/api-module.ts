/**
 * What an API brings to the engine: its spec, its error shapes, its seeded state and one
 * transport-free function per operationId. Adding an API adds one of these; nothing in
 * `src/core` changes (DESIGN.md, Layout).
 */
import type { Clock } from './clock.js';
import type { MockRequest, MockResponse } from './http.js';
import type { OperationSpec } from './operation-table.js';
import type { OpenApiDocument } from './spec-schemas.js';
import type { ValidInput } from './validate-request.js';

export interface StateContext {
  readonly seed: number;
  readonly clock: Clock;
}

/** Everything one operation call sees. */
export interface OperationCall<State, Principal> {
  readonly input: ValidInput;
  readonly request: MockRequest;
  readonly operation: OperationSpec;
  readonly principal: Principal;
  readonly state: State;
  readonly clock: Clock;
}

export type OperationHandler<State, Principal> = (
  call: OperationCall<State, Principal>,
) => MockResponse | Promise<MockResponse>;

/** The outcome of authentication: who calls, or the API's own refusal. */
export type Authentication<Principal> =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly response: MockResponse };

export interface ApiModule<State = unknown, Principal = unknown> {
  readonly name: string;
  readonly document: OpenApiDocument;
  /** The API's own error body for `status` (400, 401, 404, 405, 413, 415, 500 …). */
  error(status: number, message: string, request: MockRequest, clock: Clock): MockResponse;
  /** A fresh, seeded dataset: the same seed and clock give the same state, byte for byte. */
  createState(context: StateContext): Promise<State>;
  /** The state as JSON (for `GET /__mock/state`). */
  exportState(state: State): unknown;
  /** State from `exportState`'s JSON; throws an Error whose message says what is wrong. */
  importState(json: unknown, context: StateContext): Promise<State>;
  /**
   * Who is calling. Runs before validation, for every operation (the spec's `security`
   * is in `operation.secured`), so an API can refuse missing credentials first.
   */
  authenticate(request: MockRequest, operation: OperationSpec, state: State, clock: Clock): Authentication<Principal>;
  /**
   * Who a rate limit (`rateLimitPerSecond` in `PUT /__mock/faults`) counts calls for,
   * e.g. the session; without it, all callers of the API share one count.
   */
  rateLimitKey?(principal: Principal): string | undefined;
  readonly operations: Readonly<Record<string, OperationHandler<State, Principal>>>;
}

/** An API module with its state and principal types erased, as the engine holds several. */
export type AnyApiModule = ApiModule<unknown, unknown>;

/**
 * Erases a module's types for the engine. Sound because the engine only ever hands a
 * module the state that module itself created and the principal it authenticated.
 */
export function defineApi<State, Principal>(module: ApiModule<State, Principal>): AnyApiModule {
  return module as unknown as AnyApiModule;
}
