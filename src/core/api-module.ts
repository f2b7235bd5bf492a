/**
 * What an API brings to the engine: its spec, its error shapes, its seeded state and one
 * transport-free function per operationId. Adding an API adds one of these; nothing in
 * `src/core` changes (DESIGN.md, Layout).
 */

import type { ApiOutline } from '../spec/outline.js';
import type { Result } from '../spec/result.js';
import type { Clock } from './clock.js';
import type { MockRequest, MockResponse } from './http.js';
import type { OperationSpec } from './operation-table.js';
import type { ValidatorFactory } from './precompiled.js';
import type { ValidInput } from './validate-request.js';

/** One recorded request of an API, routed to its operation (src/core/recording-import.ts). */
export interface RecordedCall {
  /** The API's own operationId (`getTicket`). */
  readonly operationId: string;
  /** When it was made (ms since the epoch; the import's clock when the recording does not say). */
  readonly atMs: number;
  readonly pathParams: Readonly<Record<string, string>>;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The request body parsed (JSON, or a form as an object of strings), or undefined. */
  readonly requestBody: unknown;
  readonly status: number;
  /** The response body parsed as JSON, or undefined. */
  readonly responseBody: unknown;
}

/** What an API took from a recording. */
export interface RecordingReport {
  /** Resources the recording showed that the state now holds at their recorded version, by kind (`tickets`). */
  readonly stored: Readonly<Record<string, number>>;
  /** Resources a recorded delete (or a 404) removed. */
  readonly removed: number;
  /** Every tenant (organisation, Location, network) the stored resources belong to. */
  readonly tenants: readonly string[];
  /** Those of {@link tenants} no demo credential reaches. */
  readonly unreachable: readonly string[];
  /** Calls that showed a resource the state could not take, and why. */
  readonly skipped: readonly string[];
  /**
   * For each of {@link unreachable}: the credential the import made that reaches it (and
   * only it), stored in the API's state like the demo ones. Empty when every tenant was
   * reachable. docs/decisions/022-recording-and-har.md, "Credentials for the tenants".
   */
  readonly credentials: readonly ImportedCredential[];
}

/** A credential an import made for a tenant no demo credential reaches. */
export interface ImportedCredential {
  /** The tenant it reaches: an Octopus Location, an Auvious organisation, an Adminserver network. */
  readonly tenant: string;
  /**
   * Its parts under the names `runContract`'s `credentials` (and `ticketmock verify`'s
   * flags) use: `{ token, location }`, `{ token }`, `{ email, password, network }`.
   */
  readonly credential: Readonly<Record<string, string>>;
  /** How to present it, as the banner says it: `API key octopus-import-28XXX123`. */
  readonly says: string;
}

export interface StateContext {
  readonly seed: number;
  readonly clock: Clock;
}

/**
 * Adds to `state` every resource `calls` show (an API module's `importRecording`, or a
 * shipped API's in src/recording.ts).
 */
// biome-ignore lint/suspicious/noExplicitAny: the engine hands each API's import only that API's own state
export type ImportHook<State = any> = (
  state: State,
  calls: readonly RecordedCall[],
  context: StateContext,
) => Promise<RecordingReport>;

/**
 * An operation as openapi-typescript generates it (`operations['getTicket']`): the shape
 * the typed call and answer below are read from.
 */
export interface GeneratedOperation {
  parameters: { query?: unknown; header?: unknown; path?: unknown; cookie?: unknown };
  requestBody?: unknown;
  responses: object;
}

/** A parameter group, `{}` where the operation has none (openapi-typescript writes `never`). */
type Params<T> = [T] extends [never]
  ? Record<string, never>
  : [T] extends [undefined]
    ? Record<string, never>
    : NonNullable<T>;
type BodyOf<R> = R extends { content: infer C } ? C[keyof C] : undefined;

/** What an operation receives, typed from its generated `operations[id]`: every input already valid against the spec. */
export interface TypedInput<Op extends GeneratedOperation> extends ValidInput {
  readonly path: Params<Op['parameters']['path']>;
  readonly query: Params<Op['parameters']['query']>;
  readonly headers: Params<Op['parameters']['header']>;
  /** The parsed, validated body (defaults filled in); `undefined` where the request may have none. */
  readonly body: undefined extends Op['requestBody']
    ? BodyOf<NonNullable<Op['requestBody']>> | undefined
    : BodyOf<Op['requestBody']>;
}

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type OneAnswer<S, R> = R extends { content: { 'application/json': unknown } }
  ? { status: S; headers?: Record<string, string | string[]>; json: JsonOf<R> }
  : R extends { content: object }
    ? { status: S; headers?: Record<string, string | string[]>; text: string }
    : { status: S; headers?: Record<string, string | string[]> };

/**
 * An answer the spec documents for the operation: a status it lists, with the body its
 * JSON schema types (a renamed field in the spec breaks the build).
 */
export type TypedResponse<Op extends GeneratedOperation> = {
  [S in keyof Op['responses']]: S extends number ? OneAnswer<S, Op['responses'][S]> : never;
}[keyof Op['responses']];

/**
 * An error answer made by an API's own error helper (its documented error shape); the
 * brand keeps a handler from returning an arbitrary, untyped body as a success.
 */
export type ErrorAnswer = MockResponse & { readonly [errorBrand]: true };
declare const errorBrand: unique symbol;

/** Marks an API's error body as such (used by each API's error helpers only). */
export const errorAnswer = (response: MockResponse): ErrorAnswer => response as ErrorAnswer;

/** Everything one operation call sees. */
export interface OperationCall<State, Principal, Op extends GeneratedOperation = GeneratedOperation> {
  readonly input: TypedInput<Op>;
  readonly request: MockRequest;
  readonly operation: OperationSpec;
  readonly principal: Principal;
  readonly state: State;
  readonly clock: Clock;
}

/** One operation: a documented answer typed from the spec, or the API's error shape. */
export type OperationHandler<State, Principal, Op extends GeneratedOperation = GeneratedOperation> = (
  call: OperationCall<State, Principal, Op>,
) => TypedResponse<Op> | ErrorAnswer | Promise<TypedResponse<Op> | ErrorAnswer>;

/** Every operationId of a generated `operations` interface, each with its typed handler. */
export type OperationHandlers<State, Principal, Ops> = {
  readonly [K in keyof Ops]: Ops[K] extends GeneratedOperation ? OperationHandler<State, Principal, Ops[K]> : never;
};

/** The outcome of authentication: who calls, or the API's own refusal. */
export type Authentication<Principal> = Result<Principal, MockResponse>;

export interface ApiModule<State = unknown, Principal = unknown> {
  readonly name: string;
  /**
   * What the engine reads of the API's spec, written by `npm run generate`
   * (`src/generated/<api>.outline.ts`): routes, parameters, media types, statuses, examples.
   */
  readonly outline: ApiOutline;
  /**
   * The document's validators, precompiled by `npm run generate`
   * (`src/generated/<api>.validators.ts`): the engine compiles nothing at start.
   */
  readonly validators: ValidatorFactory;
  /** The API's own error body for `status` (400, 401, 404, 405, 413, 415, 500 …). */
  error(status: number, message: string, request: MockRequest, clock: Clock): MockResponse;
  /** A fresh, seeded dataset: the same seed and clock give the same state, byte for byte. */
  createState(context: StateContext): Promise<State>;
  /** The state as JSON (for `GET /__mock/state`). */
  exportState(state: State): unknown;
  /** State from `exportState`'s JSON; throws an Error whose message says what is wrong. */
  importState(json: unknown, context: StateContext): Promise<State>;
  /**
   * Adds to `state` (a copy the engine swaps in once every API has taken its share) every
   * resource `calls` show, oldest call first: its last recorded version stored, a recorded
   * delete removing it (src/core/recording-import.ts). Without it the API imports nothing.
   */
  importRecording?: ImportHook<State>;
  /**
   * The request as the vendor's framework reads it, before authentication and validation:
   * where one input may come from several places (Spring reads the OAuth parameters from
   * the query string and the form body alike), the API folds them into one. Without it
   * the request goes on as it came.
   */
  prepare?(request: MockRequest, operation: OperationSpec): MockRequest;
  /**
   * Who is calling. Runs before validation, for every operation (the spec's `security`
   * is in `operation.secured`), so an API can refuse missing credentials first.
   */
  authenticate(
    request: MockRequest,
    operation: OperationSpec,
    state: State,
    clock: Clock,
  ): Authentication<Principal> | Promise<Authentication<Principal>>;
  /**
   * Who a rate limit (`rateLimitPerSecond` in `PUT /__mock/faults`) counts calls for,
   * e.g. the session; without it, all callers of the API share one count.
   */
  rateLimitKey?(principal: Principal): string | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: the engine calls every handler with a call it validated against that handler's own operation
  readonly operations: Readonly<Record<string, OperationHandler<State, Principal, any>>>;
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
