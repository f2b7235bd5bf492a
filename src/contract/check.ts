/**
 * How a check is written: a named unit with its tags and a `run` that sends requests
 * through the context and records findings. The runner turns every unit into one
 * {@link CheckResult}.
 */

import type fc from 'fast-check';
import type { Result } from '../spec/result.js';
import type { OutgoingRequest } from './client.js';
import type { ApiSpec } from './spec.js';
import type { Basis, CaseCheck, Effect, Exchange } from './types.js';

/** Which credential a request carries. */
export type AuthMode = 'valid' | 'none' | 'invalid' | 'other';

/** A request to one operation, before the API's credentials and the base path are added. */
export interface CallOptions {
  readonly path?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string | readonly string[]>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** A value to send as JSON, or as a form when `form` is set. */
  readonly json?: unknown;
  readonly form?: Readonly<Record<string, string>> | undefined;
  /** A body sent exactly as given, with `contentType` (malformed JSON, a wrong media type). */
  readonly raw?: { readonly body: string; readonly contentType?: string } | undefined;
  readonly auth?: AuthMode;
}

export class Skip extends Error {
  override readonly name = 'Skip';
}

export interface CheckContext {
  readonly spec: ApiSpec;
  readonly seed: number;
  /** How many generated inputs a property tries. */
  readonly runs: number;
  /** Whether the run may write. */
  readonly mutating: boolean;
  /** A short token unique to this run, for names the suite creates (`tm-7f3a`). */
  readonly runId: string;
  /**
   * A name unique to this run, for what the check creates: `<runId>-<check>-<tag><n>`, the
   * same on every target the same plan runs against (the drift report pairs them).
   */
  name(tag?: string): string;
  /** Sends a request to `operationId` and records it (response checks judge every answer). */
  call(operationId: string, options?: CallOptions): Promise<Exchange>;
  /** Sends a request as given (for headers the context would add itself). */
  send(request: OutgoingRequest): Promise<Exchange>;
  /** Records a finding; `inferred` when the expectation rests on an `x-inferred` item. */
  fail(message: string, exchange?: Exchange, inferred?: boolean): void;
  /** Stops the check as skipped. */
  skip(reason: string): never;
  /** Runs after the check, pass or fail (deleting what it created). */
  defer(cleanup: () => Promise<unknown>): void;
  /** Something created that the API gives no way to delete. */
  leftover(description: string): void;
  /**
   * Runs `property` over `arbitrary` with the run's seed; on a failure, fast-check shrinks
   * the input to a minimal one, and the finding is reported for that input only.
   */
  property<T>(arbitrary: fc.Arbitrary<T>, property: (value: T) => Promise<PropertyVerdict>): Promise<void>;
}

/** What one generated input showed: nothing wrong, or a finding on this exchange. */
export type PropertyVerdict = Result<void, PropertyFinding>;

/** A finding one generated input showed: what is wrong, on which exchange, and whether our reading of the spec is at stake. */
export interface PropertyFinding {
  readonly message: string;
  readonly exchange: Exchange;
  readonly inferred?: boolean;
}

export interface CheckDefinition {
  readonly check: CaseCheck;
  /** The operation it is about. */
  readonly operationId: string;
  readonly effect: Effect;
  readonly basis: Basis;
  /**
   * Needs a target that keeps state: skipped only when the target is declared stateless
   * (`--stateless`) or recognised as Prism, never because of how it answered (docs/decisions/015).
   */
  readonly stateful: boolean;
  readonly run: (context: CheckContext) => Promise<void>;
}

/** What an API contributes to the suite. */
export interface ApiContract {
  readonly name: string;
  readonly spec: ApiSpec;
  /** Headers that carry a credential of the given kind; may log in (and defer the logout). */
  authHeaders(context: CheckContext, mode: AuthMode, operationId: string): Promise<Record<string, string>>;
  readonly checks: readonly CheckDefinition[];
  /** The operations that only read (their plans say so): the drift report tells state changes by them. */
  readonly reads?: ReadonlySet<string>;
}

/**
 * How much of an expectation is our reading (an `x-inferred` item): none of it; only the
 * status (the refusal itself is documented, so a success, a server error or no answer
 * breaks the contract on any reading); or all of it (whether to refuse at all).
 */
export type Reading = 'documented' | 'status' | 'inferred';

/** Records a finding unless `exchange` has one of the `wanted` statuses. */
export function expectStatus(
  context: CheckContext,
  exchange: Exchange,
  wanted: readonly number[],
  what: string,
  reading: Reading = 'documented',
): boolean {
  const status = exchange.status;
  if (status !== undefined && wanted.includes(status)) return true;
  const refusal = wanted.every((code) => code >= 400);
  const certain = status === undefined || status >= 500 || (refusal && status < 400);
  context.fail(
    `${what}: expected ${wanted.join(' or ')}, got ${status ?? exchange.error} ${exchange.responseText.slice(0, 160)}`,
    exchange,
    reading === 'inferred' || (reading === 'status' && !certain),
  );
  return false;
}

/**
 * `Authorization: Bearer …` for each kind of credential (Octopus keys, Auvious tokens); a
 * check that needs a second tenant is skipped when none was given.
 */
export function bearerHeaders(
  context: CheckContext,
  mode: AuthMode,
  credentials: { readonly token: string; readonly otherToken: string | undefined },
): Record<string, string> {
  if (mode === 'none') return {};
  if (mode === 'invalid') return { authorization: `Bearer not-a-credential-${context.runId}` };
  if (mode === 'other') {
    if (credentials.otherToken === undefined) return context.skip('no second tenant: pass --other-token');
    return { authorization: `Bearer ${credentials.otherToken}` };
  }
  return { authorization: `Bearer ${credentials.token}` };
}
