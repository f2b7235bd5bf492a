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

type Tally = { compared: number; agreeing: number; notCompared: number };
type Found = { kind: DriftKind; where: string; real: string; mock: string; after?: string };
type LastWrite = { operation: string; real: Exchange; mock: Exchange };

/** What comparing one check's steps needs besides its steps. */
interface UnitContext {
  readonly unit: Step['unit'];
  readonly options: CompareOptions;
  readonly normalised: Map<Step, unknown>;
  readonly realNormaliser: SideNormaliser;
  readonly entry: Tally;
  readonly add: (step: Step, found: Found) => void;
}

/** Each side learns its ids in the order it sent its steps; every answer normalised. */
function normaliseRuns(real: SideRun, mock: SideRun) {
  const normalisers = { real: new SideNormaliser(), mock: new SideNormaliser() };
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
  return { normalisers, normalised };
}

/** A run's steps per check (its unit), each list in the order sent. */
function groupByUnit(steps: readonly Step[]): Map<string, Step[]> {
  const units = new Map<string, Step[]>();
  for (const step of steps) {
    const key = unitKeyOf(step);
    units.set(key, [...(units.get(key) ?? []), step]);
  }
  for (const list of units.values()) list.sort((left, right) => left.index - right.index);
  return units;
}

const resultOf = (results: readonly CheckResult[], unit: Step['unit']) =>
  results.find((item) => item.api === unit.api && item.check === unit.check && item.operationId === unit.operationId);

/** Compares the two runs; `real` is the `--base-url` side, `mock` the `--compare` side. */
export function compareRuns(real: SideRun, mock: SideRun, options: CompareOptions): Comparison {
  const { normalisers, normalised } = normaliseRuns(real, mock);
  const [realUnits, mockUnits] = [groupByUnit(real.steps), groupByUnit(mock.steps)];
  const differences: Difference[] = [];
  const tally = new Map<string, Tally>();
  for (const key of new Set([...realUnits.keys(), ...mockUnits.keys()])) {
    const left = realUnits.get(key) ?? [];
    const right = mockUnits.get(key) ?? [];
    const unit = (left[0] ?? right[0])?.unit;
    if (unit === undefined) continue;
    const entry = tally.get(unit.api) ?? { compared: 0, agreeing: 0, notCompared: 0 };
    tally.set(unit.api, entry);
    const results = { real: resultOf(real.results, unit), mock: resultOf(mock.results, unit) };
    // a check one side did not run at all (read-only, declared stateless, Prism) is not comparable
    if (
      (left.length === 0 && results.real?.outcome === 'skipped') ||
      (right.length === 0 && results.mock?.outcome === 'skipped')
    ) {
      entry.notCompared += 1;
      continue;
    }
    const add = (step: Step, found: Found) =>
      differences.push({
        api: unit.api,
        operationId: found.kind === 'verdict' ? unit.operationId : step.exchange.operationId,
        check: unit.check,
        step: step.index,
        kind: found.kind,
        where: found.where,
        real: found.real,
        mock: found.mock,
        ...(found.after === undefined ? {} : { after: found.after }),
        curl: toCurl(step.exchange),
      });
    const context: UnitContext = { unit, options, normalised, realNormaliser: normalisers.real, entry, add };
    const before = differences.length;
    compareSteps(left, right, context);
    compareVerdicts(left[0] ?? right[0], results, context, differences.length === before);
  }
  return { differences, tally };
}

/** Step by step until the two sides part ways (the parting is the difference). */
function compareSteps(left: readonly Step[], right: readonly Step[], context: UnitContext): void {
  let lastWrite: LastWrite | undefined;
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const a = left[index];
    const b = right[index];
    context.entry.compared += 1;
    if (a === undefined || b === undefined) {
      const wentOn = (step: Step) => `went on: ${step.exchange.method} ${step.exchange.operationId}`;
      context.add((a ?? b) as Step, {
        kind: 'sequence',
        where: 'steps',
        real: a === undefined ? `stopped after ${left.length} steps` : wentOn(a),
        mock: b === undefined ? `stopped after ${right.length} steps` : wentOn(b),
      });
      return;
    }
    if (a.exchange.operationId !== b.exchange.operationId || a.exchange.method !== b.exchange.method) {
      const request = (step: Step) => `${step.exchange.method} ${step.exchange.operationId}`;
      context.add(a, { kind: 'sequence', where: 'request', real: request(a), mock: request(b) });
      return;
    }
    const found = comparePair(a, b, lastWrite, context);
    for (const item of found) context.add(a, item);
    if (found.length === 0) context.entry.agreeing += 1;
    if (!a.reads && (ok(a.exchange) || ok(b.exchange)))
      lastWrite = { operation: a.exchange.operationId, real: a.exchange, mock: b.exchange };
  }
}

/** What differs between the two sides' answers to the same request. */
function comparePair(a: Step, b: Step, lastWrite: LastWrite | undefined, context: UnitContext): Found[] {
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
      !INPUT_CHECKS.has(context.unit.check) &&
      lastWrite?.real.status === lastWrite?.mock.status &&
      ok(a.exchange) !== ok(b.exchange);
    return [
      {
        kind: transition ? 'state' : 'status',
        where: 'status',
        real: statusText(a.exchange),
        mock: statusText(b.exchange),
        ...(transition && after !== undefined ? { after } : {}),
      },
    ];
  }
  const [ma, mb] = [
    mediaTypeOf(a.exchange.responseHeaders['content-type']),
    mediaTypeOf(b.exchange.responseHeaders['content-type']),
  ];
  if (ma !== mb && (a.exchange.responseText.length > 0 || b.exchange.responseText.length > 0)) {
    return [{ kind: 'content-type', where: 'content-type', real: ma || 'none', mock: mb || 'none' }];
  }
  const addressed = `${a.exchange.url} ${a.exchange.requestBody ?? ''}`;
  const owned =
    !a.reads ||
    addressed.includes(context.options.runId) ||
    context.realNormaliser.replaceCreated(addressed) !== addressed;
  const bodies = {
    real: a.exchange,
    mock: b.exchange,
    realBody: context.normalised.get(a),
    mockBody: context.normalised.get(b),
    owned,
  };
  return bodyDifferences(bodies, context.options.runId, context.unit.ordinal);
}

/**
 * The check's verdict is compared too (one more item): when the steps agree and the verdicts
 * do not, what the check judged differs in a way the steps' comparison normalised away.
 */
function compareVerdicts(
  first: Step | undefined,
  results: { real: CheckResult | undefined; mock: CheckResult | undefined },
  context: UnitContext,
  stepsAgreed: boolean,
): void {
  if (results.real === undefined || results.mock === undefined) return;
  context.entry.compared += 1;
  if (results.real.outcome === results.mock.outcome) {
    context.entry.agreeing += 1;
    return;
  }
  if (!stepsAgreed || first === undefined) return;
  const verdict = (result: CheckResult) =>
    `${result.outcome}${result.findings[0] === undefined ? '' : `: ${result.findings[0].message.slice(0, 80)}`}`;
  context.add(first, {
    kind: 'verdict',
    where: context.unit.check,
    real: verdict(results.real),
    mock: verdict(results.mock),
  });
}
