/**
 * What the fuzz needs from each API: its requests, how to turn a credential name into
 * headers, what to learn from each answer (ids made and removed), and the state checks
 * to run once the storm is over.
 */
import fc from 'fast-check';
import type { OutgoingRequest } from '../../src/contract/client.ts';
import type { ApiSpec } from '../../src/contract/spec.ts';
import type { Exchange } from '../../src/contract/types.ts';
import type { ErrorShape } from './judge.ts';
import type { FuzzRequest, Pools } from './model.ts';

export interface Answer {
  readonly status: number;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: checks read response fields directly; the fuzz judged their shapes
  readonly json: any;
  readonly headers: Headers;
}

export interface CallOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly form?: Readonly<Record<string, string>>;
  /** A body sent as it is (give its content-type in `headers`). */
  readonly raw?: string;
}

/** The server, for setup and checks (not judged, not counted). */
export interface Runtime {
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  /** `GET /__mock/state`: every API's data. */
  // biome-ignore lint/suspicious/noExplicitAny: the exported state is read field by field
  state(): Promise<any>;
}

export interface FuzzPlan {
  readonly spec: ApiSpec;
  readonly errors: ErrorShape;
  readonly pools: Pools;
  readonly requests: fc.Arbitrary<FuzzRequest>;
  /** The headers the request's credential stands for (may log in first). */
  credentials(request: FuzzRequest): Promise<Record<string, string>>;
  /** Learns from an answer to `request` (as generated; `sent` as resolved): what it created or removed. */
  observe(request: FuzzRequest, sent: OutgoingRequest, exchange: Exchange): void;
  /** After the run: what is inconsistent in the data (nothing: an empty list). */
  consistency(): Promise<string[]>;
  /** After the run: what a normal request with the demo credentials no longer gets. */
  healthy(): Promise<string[]>;
}

/** The status an `{error: {code, message}}` body states (Octopus, Adminserver, the engine's plain errors). */
export const errorCodeOf = (body: unknown): unknown => (body as { error?: { code?: unknown } } | null)?.error?.code;

/** `{demo: 80, none: 5}` → names with those weights. */
export function credentialNames(weights: Readonly<Record<string, number>>): fc.Arbitrary<string> {
  return fc.oneof(...Object.entries(weights).map(([name, weight]) => ({ weight, arbitrary: fc.constant(name) })));
}

/** `raw:<value>`: an Authorization (or session) header sent as generated. */
export const rawCredential = (values: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  values.map((value) => `raw:${value}`);

/** The value of `raw:<value>`, or undefined for a named credential. */
export const rawValue = (auth: string): string | undefined => (auth.startsWith('raw:') ? auth.slice(4) : undefined);

/** The form or JSON object a request sent, as far as it parses (for observe). */
export function sentFields(sent: OutgoingRequest): Record<string, unknown> {
  const text = sent.body ?? '';
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return Object.fromEntries(new URLSearchParams(text));
  }
}

/** A list of differences between two sets of ids, empty when they are equal. */
export function compareIds(what: string, actual: Iterable<string>, expected: Iterable<string>): string[] {
  const have = new Set(actual);
  const want = new Set(expected);
  const missing = [...want].filter((id) => !have.has(id));
  const extra = [...have].filter((id) => !want.has(id));
  const shown = (ids: string[]) => `${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ` … (${ids.length})` : ''}`;
  return [
    ...(missing.length > 0 ? [`${what}: missing ${shown(missing)}`] : []),
    ...(extra.length > 0 ? [`${what}: unexpected ${shown(extra)}`] : []),
  ];
}

/** JSON with every object's keys sorted: equal values, equal text. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_, item: unknown) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
