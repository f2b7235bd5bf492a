/**
 * Opt-in faults (DESIGN.md, "Faults are opt-in"): latency, a rate of injected errors, a
 * rate of dropped connections, a rate limit, and Prism's `Prefer: code=<status>` header.
 * Set through `PUT /__mock/faults`.
 */
import { fail, ok, type Result } from '../spec/result.js';
import { precompiledSchema } from './precompiled.js';

export interface FaultRule {
  /** Fixed milliseconds, or a uniform range `[min, max]`. */
  readonly latencyMs?: number | readonly [number, number];
  /** Share of requests (0 to 1) answered with `errorStatus` instead of running. */
  readonly errorRate?: number;
  /** The status of injected errors (default 500). */
  readonly errorStatus?: number;
  /**
   * Share of requests (0 to 1) whose connection is closed without an answer, before the
   * operation runs (nothing changes): the standalone server destroys the socket, msw
   * answers a network error (`fetch` rejects with a TypeError).
   */
  readonly dropRate?: number;
  /**
   * At most this many calls per second of the engine's clock per caller (the API's
   * `rateLimitKey`, e.g. its session), on operations whose spec documents a 429; the
   * next call answers the API's own 429.
   */
  readonly rateLimitPerSecond?: number;
}

export interface FaultConfig extends FaultRule {
  /** Rules for single operations, by `<api>.<operationId>` or `<operationId>`; they replace the global rule. */
  readonly routes?: Readonly<Record<string, FaultRule>>;
}

const RULE = {
  type: 'object',
  additionalProperties: false,
  properties: {
    latencyMs: {
      oneOf: [
        { type: 'number', minimum: 0, maximum: 60000 },
        {
          type: 'array',
          prefixItems: [
            { type: 'number', minimum: 0, maximum: 60000 },
            { type: 'number', minimum: 0, maximum: 60000 },
          ],
          minItems: 2,
          maxItems: 2,
        },
      ],
    },
    errorRate: { type: 'number', minimum: 0, maximum: 1 },
    errorStatus: { type: 'integer', minimum: 400, maximum: 599 },
    dropRate: { type: 'number', minimum: 0, maximum: 1 },
    rateLimitPerSecond: { type: 'integer', minimum: 1, maximum: 1_000_000 },
  },
} as const;

/** The JSON Schema of `PUT /__mock/faults`; `npm run generate` precompiles it (src/generated/engine.validators.ts). */
export const FAULT_CONFIG_SCHEMA: Record<string, unknown> = {
  ...RULE,
  properties: { ...RULE.properties, routes: { type: 'object', additionalProperties: RULE } },
};

// Stryker disable next-line StringLiteral: names the schema only when it was not precompiled, which a test run cannot be
const validateConfig = precompiledSchema(FAULT_CONFIG_SCHEMA, 'the fault configuration');

/** Checks a fault configuration from a client; the message says what is wrong. */
export function parseFaultConfig(value: unknown): Result<FaultConfig> {
  if (!validateConfig(value)) {
    // Ajv sets `errors` whenever it answers false: the fallbacks only satisfy the types
    // Stryker disable next-line OptionalChaining: Ajv's errors are never empty here
    const error = validateConfig.errors?.[0];
    // Stryker disable next-line OptionalChaining,StringLiteral: Ajv's errors are never empty here
    const where = error?.instancePath ?? '';
    // Stryker disable next-line OptionalChaining,StringLiteral: Ajv's errors are never empty here
    const why = error?.message ?? 'invalid';
    return fail(`faults${where}: ${why}`);
  }
  const config = value as FaultConfig;
  const ranges = [config.latencyMs, ...Object.values(config.routes ?? {}).map((rule) => rule.latencyMs)];
  for (const range of ranges) {
    if (Array.isArray(range) && (range[0] as number) > (range[1] as number)) {
      return fail('faults: a latency range must be [min, max] with min <= max');
    }
  }
  return ok(config);
}

/** The rule for one operation: its own, else the global one. */
export function ruleFor(config: FaultConfig, api: string, operationId: string): FaultRule {
  return config.routes?.[`${api}.${operationId}`] ?? config.routes?.[operationId] ?? config;
}

/** Milliseconds of latency the rule asks for, drawn with `random` for a range. */
export function latencyOf(rule: FaultRule, random: () => number): number {
  const latency = rule.latencyMs;
  if (latency === undefined) return 0;
  if (typeof latency === 'number') return latency;
  const [min, max] = latency as readonly [number, number];
  return min + (max - min) * random();
}

/** The status `Prefer: code=<status>` asks for (Prism's convention), if any. */
export function preferredStatus(prefer: string | undefined): string | undefined {
  // Stryker disable next-line StringLiteral: any text without `code=` reads as no header
  return /(?:^|[;,\s])code=(\d{3})\b/.exec(prefer ?? '')?.[1];
}

/**
 * Counts calls per caller in windows of one second of the engine's clock: deterministic
 * under a frozen clock (N calls pass, the next is limited, advancing a second clears it).
 */
export class RateCounter {
  readonly #windows = new Map<string, { second: number; count: number }>();

  /** Counts one call of `key` at `nowMs`; false when it goes over `perSecond`. */
  allow(key: string, nowMs: number, perSecond: number): boolean {
    const second = Math.floor(nowMs / 1000);
    let window = this.#windows.get(key);
    if (window === undefined || window.second !== second) {
      // A bound on memory for many callers: windows of past seconds count for nothing, so
      // dropping them changes no answer (which is why no test can tell whether they go).
      // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: a memory bound, invisible in answers
      if (window === undefined && this.#windows.size >= 10_000) {
        for (const [other, old] of this.#windows) if (old.second !== second) this.#windows.delete(other);
      }
      window = { second, count: 0 };
      this.#windows.set(key, window);
    }
    window.count += 1;
    return window.count <= perSecond;
  }

  clear(): void {
    this.#windows.clear();
  }
}
