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
import type { Exchange, Finding } from '../types.js';

/** Which check an exchange belongs to: its API, its name and operation, and its place in the API's checks. */
export interface UnitKey {
  readonly api: string;
  readonly check: string;
  /** `auvious.getTicket`. */
  readonly operationId: string;
  /** The check's index in its contract's list: tells two checks of one name and operation apart. */
  readonly ordinal: number;
}

/** One request a check sent and its answer, in the order the check sent them. */
export interface Step {
  readonly unit: UnitKey;
  /** 0, 1, … within the check. */
  readonly index: number;
  readonly exchange: Exchange;
  /** The step's operation only reads (its API's plans say so): what follows anything else may see a new state. */
  readonly reads: boolean;
}

/** What every check of a run shares. */
export interface RunScope {
  readonly client: Client;
  readonly seed: number;
  readonly runs: number;
  readonly mutating: boolean;
  readonly runId: string;
  /** What the run created and could not delete, and cleanups that failed. */
  readonly leftovers: string[];
  /**
   * Send every generated input and never shrink (the first failing input is reported):
   * two targets run this way get the same requests whatever they answer (the drift report).
   */
  readonly exhaustive?: boolean;
  /** Sees every request a check sends, with its answer. */
  readonly onStep?: ((step: Step) => void) | undefined;
}

/** What one check's run collects. */
export interface UnitRecord {
  /** The check, when its exchanges are recorded as steps. */
  readonly key?: UnitKey;
  readonly findings: Finding[];
  readonly cleanups: Array<() => Promise<unknown>>;
  /** Requests the check sent. */
  sent: number;
}

export const newUnitRecord = (key?: UnitKey): UnitRecord => ({
  ...(key === undefined ? {} : { key }),
  findings: [],
  cleanups: [],
  sent: 0,
});

/** Sends through the run's client and records the step. */
async function sendFor(
  scope: RunScope,
  contract: ApiContract,
  unit: UnitRecord,
  send: () => Promise<Exchange>,
): Promise<Exchange> {
  const index = unit.sent;
  unit.sent += 1;
  const exchange = await send();
  if (unit.key !== undefined) {
    const operation = exchange.operationId.slice(contract.name.length + 1);
    scope.onStep?.({ unit: unit.key, index, exchange, reads: contract.reads?.has(operation) ?? false });
  }
  return exchange;
}

export function createContext(scope: RunScope, contract: ApiContract, unit: UnitRecord): CheckContext {
  let named = 0;
  const context: CheckContext = {
    spec: contract.spec,
    seed: scope.seed,
    runs: scope.runs,
    mutating: scope.mutating,
    runId: scope.runId,
    name(tag = '') {
      named += 1;
      return `${scope.runId}-${unit.key?.ordinal ?? 'x'}-${tag}${named}`;
    },
    async call(operationId, callOptions = {}) {
      const operation = contract.spec.operation(operationId);
      const auth = await contract.authHeaders(context, callOptions.auth ?? 'valid', operationId);
      return sendFor(scope, contract, unit, () =>
        scope.client.send(buildRequest(contract, operation, callOptions, auth)),
      );
    },
    send(request) {
      return sendFor(scope, contract, unit, () => scope.client.send(request));
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
      let first: PropertyVerdict | undefined;
      const outcome = await fc.check(
        fc.asyncProperty(arbitrary, async (value) => {
          const verdict = await property(value);
          if (!verdict.ok) last = verdict;
          if (!verdict.ok) first ??= verdict;
          return verdict.ok || scope.exhaustive === true;
        }),
        { seed: scope.seed | 0, numRuns: scope.runs, interruptAfterTimeLimit: 30_000, markInterruptAsFailure: false },
      );
      if (scope.exhaustive === true) {
        if (first !== undefined && !first.ok)
          context.fail(
            `${first.error.message} (first of ${outcome.numRuns} generated inputs)`,
            first.error.exchange,
            first.error.inferred ?? false,
          );
        return;
      }
      if (outcome.failed && last !== undefined && !last.ok) {
        context.fail(
          `${last.error.message} (minimal of ${outcome.numRuns} generated inputs, ${outcome.numShrinks} shrinks)`,
          last.error.exchange,
          last.error.inferred ?? false,
        );
      } else if (outcome.failed && outcome.errorInstance !== undefined) {
        throw outcome.errorInstance;
      }
    },
  };
  return context;
}
