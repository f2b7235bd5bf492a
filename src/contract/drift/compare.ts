/**
 * Compares two runs of the same seeded plan, check by check and step by step: the n-th
 * request of a check on the real API with the n-th of the same check on the mock. Each
 * pair is compared on its status, content type, JSON shape (members, types) and, where the
 * answer is about what the run itself made, its values, after each side's volatile values
 * are normalised (normalise.ts). A status that differs after a write both sides took is a
 * state transition. Once the two sides' requests part ways the rest of that check is not
 * comparable; the parting is the difference.
 */
import { mediaTypeOf } from '../../core/http.js';
import { toCurl } from '../client.js';
import type { Step } from '../runner/context.js';
import type { CheckResult, Exchange } from '../types.js';
import { bodyDifferences, ok } from './answers.js';
import { SideNormaliser } from './normalise.js';
import type { Difference, DriftKind } from './types.js';

/** What the comparison needs of one side's run. */
export interface SideRun {
  /** Every step, in the order the side sent them. */
  readonly steps: readonly Step[];
  readonly results: readonly CheckResult[];
}

export interface CompareOptions {
  /** The run's own token: names the run made carry it. */
  readonly runId: string;
}

export interface Comparison {
  readonly differences: Difference[];
  /** Per API: steps compared, steps that agree, checks not compared. */
  readonly tally: Map<string, { compared: number; agreeing: number; notCompared: number }>;
}

/** The generic checks, whose steps vary the request, not the state. */
const INPUT_CHECKS = new Set([
  'negative_data_rejection',
  'positive_data_acceptance',
  'missing_auth_rejected',
  'ignored_auth',
]);
const unitKeyOf = (step: Step) => `${step.unit.api}#${step.unit.ordinal}`;
const statusText = (exchange: Exchange) =>
  exchange.status === undefined ? `no answer (${exchange.error})` : String(exchange.status);
/** Compares the two runs; `real` is the `--base-url` side, `mock` the `--compare` side. */
export function compareRuns(real: SideRun, mock: SideRun, options: CompareOptions): Comparison {
  const normalisers = { real: new SideNormaliser(), mock: new SideNormaliser() };
  // each side learns its ids in the order it sent its steps
  const normalised = new Map<Step, unknown>();
  for (const [side, run] of [
    ['real', real],
    ['mock', mock],
  ] as const) {
    for (const step of run.steps) {
      normalisers[side].learn(step.exchange, !step.reads, String(step.unit.ordinal));
      normalised.set(step, normalisers[side].answer(step.exchange));
    }
  }
  const group = (steps: readonly Step[]) => {
    const units = new Map<string, Step[]>();
    for (const step of steps) {
      const key = unitKeyOf(step);
      units.set(key, [...(units.get(key) ?? []), step]);
    }
    for (const list of units.values()) list.sort((left, right) => left.index - right.index);
    return units;
  };
  const [realUnits, mockUnits] = [group(real.steps), group(mock.steps)];
  const resultOf = (results: readonly CheckResult[], api: string, check: string, operationId: string) =>
    results.find((item) => item.api === api && item.check === check && item.operationId === operationId);

  const differences: Difference[] = [];
  const tally = new Map<string, { compared: number; agreeing: number; notCompared: number }>();
  const count = (api: string) => {
    const entry = tally.get(api) ?? { compared: 0, agreeing: 0, notCompared: 0 };
    tally.set(api, entry);
    return entry;
  };
  const keys = [...new Set([...realUnits.keys(), ...mockUnits.keys()])];
  for (const key of keys) {
    const left = realUnits.get(key) ?? [];
    const right = mockUnits.get(key) ?? [];
    const unit = (left[0] ?? right[0])?.unit;
    if (unit === undefined) continue;
    const entry = count(unit.api);
    const realResult = resultOf(real.results, unit.api, unit.check, unit.operationId);
    const mockResult = resultOf(mock.results, unit.api, unit.check, unit.operationId);
    // a check one side did not run at all (read-only, declared stateless, Prism) is not comparable
    if (
      (left.length === 0 && realResult?.outcome === 'skipped') ||
      (right.length === 0 && mockResult?.outcome === 'skipped')
    ) {
      entry.notCompared += 1;
      continue;
    }
    const before = differences.length;
    const add = (step: Step, kind: DriftKind, where: string, realText: string, mockText: string, after?: string) =>
      differences.push({
        api: unit.api,
        operationId: kind === 'verdict' ? unit.operationId : step.exchange.operationId,
        check: unit.check,
        step: step.index,
        kind,
        where,
        real: realText,
        mock: mockText,
        ...(after === undefined ? {} : { after }),
        curl: toCurl(step.exchange),
      });
    let lastWrite: { operation: string; real: Exchange; mock: Exchange } | undefined;
    for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
      const a = left[index];
      const b = right[index];
      entry.compared += 1;
      if (a === undefined || b === undefined) {
        const only = (a ?? b) as Step;
        add(
          only,
          'sequence',
          'steps',
          a === undefined
            ? `stopped after ${left.length} steps`
            : `went on: ${a.exchange.method} ${a.exchange.operationId}`,
          b === undefined
            ? `stopped after ${right.length} steps`
            : `went on: ${b.exchange.method} ${b.exchange.operationId}`,
        );
        break;
      }
      if (a.exchange.operationId !== b.exchange.operationId || a.exchange.method !== b.exchange.method) {
        add(
          a,
          'sequence',
          'request',
          `${a.exchange.method} ${a.exchange.operationId}`,
          `${b.exchange.method} ${b.exchange.operationId}`,
        );
        break;
      }
      const found: Array<{ kind: DriftKind; where: string; real: string; mock: string; after?: string }> = [];
      if (a.exchange.status !== b.exchange.status) {
        const after =
          lastWrite === undefined
            ? undefined
            : `after ${lastWrite.operation} (${statusText(lastWrite.real)} on real, ${statusText(lastWrite.mock)} on mock)`;
        // a state transition: in a scenario, after a write both sides answered alike, a read
        // (an exchange counts) succeeds on one side and is refused on the other
        // (read-after-delete 200 here, 404 there; a revoked ticket exchanged on one side only)
        const transition =
          after !== undefined &&
          a.reads &&
          !INPUT_CHECKS.has(unit.check) &&
          lastWrite?.real.status === lastWrite?.mock.status &&
          ok(a.exchange) !== ok(b.exchange);
        found.push({
          kind: transition ? 'state' : 'status',
          where: 'status',
          real: statusText(a.exchange),
          mock: statusText(b.exchange),
          ...(transition && after !== undefined ? { after } : {}),
        });
      } else {
        const [ma, mb] = [
          mediaTypeOf(a.exchange.responseHeaders['content-type']),
          mediaTypeOf(b.exchange.responseHeaders['content-type']),
        ];
        if (ma !== mb && (a.exchange.responseText.length > 0 || b.exchange.responseText.length > 0)) {
          found.push({ kind: 'content-type', where: 'content-type', real: ma || 'none', mock: mb || 'none' });
        } else {
          const write = !a.reads;
          const addressed = `${a.exchange.url} ${a.exchange.requestBody ?? ''}`;
          const owned =
            write || addressed.includes(options.runId) || normalisers.real.replaceCreated(addressed) !== addressed;
          found.push(
            ...bodyDifferences(
              { real: a.exchange, mock: b.exchange, realBody: normalised.get(a), mockBody: normalised.get(b), owned },
              options.runId,
              unit.ordinal,
            ),
          );
        }
      }
      for (const item of found) add(a, item.kind, item.where, item.real, item.mock, item.after);
      if (found.length === 0) entry.agreeing += 1;
      if (!a.reads && (ok(a.exchange) || ok(b.exchange)))
        lastWrite = { operation: a.exchange.operationId, real: a.exchange, mock: b.exchange };
    }
    // the check's verdict is compared too (one more item): when the steps agree and the
    // verdicts do not, what the check judged differs in a way the steps' comparison normalised away
    if (realResult !== undefined && mockResult !== undefined) {
      entry.compared += 1;
      if (realResult.outcome === mockResult.outcome) entry.agreeing += 1;
      else if (differences.length === before) {
        const first = left[0] ?? right[0];
        if (first !== undefined)
          add(
            first,
            'verdict',
            unit.check,
            `${realResult.outcome}${realResult.findings[0] === undefined ? '' : `: ${realResult.findings[0].message.slice(0, 80)}`}`,
            `${mockResult.outcome}${mockResult.findings[0] === undefined ? '' : `: ${mockResult.findings[0].message.slice(0, 80)}`}`,
          );
      }
    }
  }
  return { differences, tally };
}
