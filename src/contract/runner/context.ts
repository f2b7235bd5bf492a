/**
 * The context a check runs in: its requests go through the run's client (so the response
 * checks judge every answer), with the API's credentials added; it records findings,
 * cleanups and leftovers, and runs properties over generated inputs with the run's seed.
 */
import fc from 'fast-check';
import type { ApiContract, CheckContext, PropertyVerdict } from '../check.js';
import { Skip } from '../check.js';
import { type Client, toCurl } from '../client.js';
import { buildRequest } from '../request.js';
import type { Finding } from '../types.js';

/** What every check of a run shares. */
export interface RunScope {
  readonly client: Client;
  readonly seed: number;
  readonly runs: number;
  readonly mutating: boolean;
  readonly runId: string;
  /** What the run created and could not delete, and cleanups that failed. */
  readonly leftovers: string[];
}

/** What one check's run collects. */
export interface UnitRecord {
  readonly findings: Finding[];
  readonly cleanups: Array<() => Promise<unknown>>;
  /** Requests the check sent. */
  sent: number;
}

export const newUnitRecord = (): UnitRecord => ({ findings: [], cleanups: [], sent: 0 });

export function createContext(scope: RunScope, contract: ApiContract, unit: UnitRecord): CheckContext {
  const context: CheckContext = {
    spec: contract.spec,
    seed: scope.seed,
    runs: scope.runs,
    mutating: scope.mutating,
    runId: scope.runId,
    async call(operationId, callOptions = {}) {
      const operation = contract.spec.operation(operationId);
      const auth = await contract.authHeaders(context, callOptions.auth ?? 'valid', operationId);
      unit.sent += 1;
      return scope.client.send(buildRequest(contract, operation, callOptions, auth));
    },
    send(request) {
      unit.sent += 1;
      return scope.client.send(request);
    },
    fail(message, exchange, inferred = false) {
      unit.findings.push({ message, inferred, ...(exchange === undefined ? {} : { curl: toCurl(exchange) }) });
    },
    skip(reason): never {
      throw new Skip(reason);
    },
    defer(cleanup) {
      unit.cleanups.push(cleanup);
    },
    leftover(description) {
      scope.leftovers.push(`${contract.name}: ${description}`);
    },
    async property<T>(arbitrary: fc.Arbitrary<T>, property: (value: T) => Promise<PropertyVerdict>) {
      let last: PropertyVerdict | undefined;
      const outcome = await fc.check(
        fc.asyncProperty(arbitrary, async (value) => {
          const verdict = await property(value);
          if (!verdict.ok) last = verdict;
          return verdict.ok;
        }),
        { seed: scope.seed | 0, numRuns: scope.runs, interruptAfterTimeLimit: 30_000, markInterruptAsFailure: false },
      );
      if (outcome.failed && last !== undefined && !last.ok) {
        context.fail(
          `${last.message} (minimal of ${outcome.numRuns} generated inputs, ${outcome.numShrinks} shrinks)`,
          last.exchange,
          last.inferred ?? false,
        );
      } else if (outcome.failed && outcome.errorInstance !== undefined) {
        throw outcome.errorInstance;
      }
    },
  };
  return context;
}
