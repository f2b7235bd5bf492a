/**
 * Consumer coverage (issue 17; DESIGN.md, `ticketmock coverage`): which operations ×
 * documented statuses, and which faults, a frontend's test run actually met, merged over
 * the recordings it left. The statuses are each spec's (the generated outlines); a request
 * the recorder did not name an operation for is routed by method and path through the
 * engine's own operation tables.
 */
import { API_NAMES, type ApiName, isApiName } from '../../apis.js';
import type { FaultKind } from '../../core/journal.js';
import { outlineRoutes } from '../../core/operation-table.js';
import { createRouter, type Router } from '../../core/router.js';
import { adminserverOutline } from '../../generated/adminserver.outline.js';
import { auviousOutline } from '../../generated/auvious.outline.js';
import { octopusOutline } from '../../generated/octopus.outline.js';
import { readRecording } from './input.js';
import type {
  ApiSeen,
  ConsumerCoverage,
  ConsumerCoverageOptions,
  CoverageCount,
  NeverSeen,
  OperationSeen,
  Recording,
  Sighting,
} from './types.js';

/** Each API's outline: its operations' paths and documented statuses. */
const SPECS = {
  octopus: { outline: octopusOutline },
  auvious: { outline: auviousOutline },
  adminserver: { outline: adminserverOutline },
} as const;

type Outline = (typeof SPECS)[ApiName]['outline'];
type OperationOutline = Outline['operations'][number];

/** Faults whose answer replaced the operation's: the status they gave was not the operation's own. */
const ANSWERING_FAULTS: ReadonlySet<FaultKind> = new Set(['prefer', 'error', 'rate-limit']);

let router: Router<OperationOutline, ApiName> | undefined;

/** The engine's router over every API's operations (their outlines, no validator), built on first use. */
function routes(): Router<OperationOutline, ApiName> {
  router ??= createRouter(API_NAMES.flatMap((api) => outlineRoutes<ApiName>(SPECS[api].outline, api)));
  return router;
}

const outlineOf = (api: ApiName, operationId: string): OperationOutline | undefined =>
  SPECS[api].outline.operations.find((candidate) => candidate.operationId === operationId);

type Placed = { api: ApiName; operation?: OperationOutline } | undefined;

/** The API and operation a request was: the recorder's word where it gave one, else the engine's routing. */
function place(sighting: Sighting): Placed {
  if (typeof sighting.operationId === 'string') {
    const dot = sighting.operationId.indexOf('.');
    const api = sighting.operationId.slice(0, dot);
    const operation = isApiName(api) ? outlineOf(api, sighting.operationId.slice(dot + 1)) : undefined;
    if (operation !== undefined) return { api: api as ApiName, operation };
  }
  const route = routes().lookup(sighting.method, sighting.path);
  if (route.owner === undefined) return undefined;
  const operation = route.kind === 'match' ? route.value : undefined;
  return operation === undefined ? { api: route.owner } : { api: route.owner, operation };
}

/** Floored to one decimal, so 79.96% never reads as 80% (integer division is exact enough for that). */
function count(seen: number, documented: number): CoverageCount {
  return { documented, seen, percent: documented === 0 ? 100 : Math.floor((seen * 1000) / documented) / 10 };
}

const tally = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

/** Coverage of requests already read (see {@link readRecording}). */
export function coverageOfSightings(
  sightings: readonly Sighting[],
  options: ConsumerCoverageOptions = {},
): ConsumerCoverage {
  const { min } = options;
  if (min !== undefined && !(min >= 0 && min <= 100)) {
    throw new RangeError(`min must be a percentage from 0 to 100, not ${min}`);
  }
  const placed = sightings.map((sighting) => ({ sighting, at: place(sighting) }));
  const reached = new Set(placed.flatMap(({ at }) => (at === undefined ? [] : [at.api])));
  const wanted = new Set<ApiName>(options.apis ?? (reached.size > 0 ? [...reached] : API_NAMES));
  const apis = API_NAMES.filter((api) => wanted.has(api));

  const byOperation = new Map<OperationOutline, Sighting[]>();
  const unrouted = new Map<ApiName, number>();
  let elsewhere = 0;
  for (const { sighting, at } of placed) {
    if (at === undefined || !wanted.has(at.api)) elsewhere += 1;
    else if (at.operation === undefined) tally(unrouted, at.api);
    else {
      const list = byOperation.get(at.operation) ?? [];
      list.push(sighting);
      byOperation.set(at.operation, list);
    }
  }

  const neverSeen: NeverSeen[] = [];
  const apiRows = apis.map((api): ApiSeen => {
    const operations = SPECS[api].outline.operations.map((operation): OperationSeen => {
      const mine = byOperation.get(operation) ?? [];
      const operationId = `${api}.${operation.operationId}`;
      const answered = new Map<number, number>();
      const byFault = new Map<number, number>();
      const faults = new Map<FaultKind, number>();
      for (const sighting of mine) {
        if (sighting.fault !== undefined) tally(faults, sighting.fault);
        if (sighting.status === 0) continue; // no answer: no status was seen
        tally(answered, sighting.status);
        if (sighting.fault !== undefined && ANSWERING_FAULTS.has(sighting.fault)) tally(byFault, sighting.status);
      }
      const documented = operation.responses.map(([status]) => status).filter((status) => /^\d{3}$/.test(status));
      for (const status of documented) {
        if (!answered.has(Number(status))) neverSeen.push({ api, operationId, status });
      }
      return {
        api,
        operationId,
        method: operation.method.toUpperCase(),
        path: operation.path,
        requests: mine.length,
        statuses: documented.map((status) => ({
          status,
          count: answered.get(Number(status)) ?? 0,
          byFault: byFault.get(Number(status)) ?? 0,
        })),
        undocumented: [...answered]
          .filter(([status]) => !documented.includes(String(status)))
          .sort(([a], [b]) => a - b)
          .map(([status, times]) => ({ status, count: times })),
        faults: [...faults].map(([fault, times]) => ({ fault, count: times })),
      };
    });
    const cells = operations.flatMap((operation) => operation.statuses);
    return {
      api,
      ...count(cells.filter((cell) => cell.count > 0).length, cells.length),
      requests: operations.reduce((sum, operation) => sum + operation.requests, 0) + (unrouted.get(api) ?? 0),
      unrouted: unrouted.get(api) ?? 0,
      operations,
    };
  });

  const total = count(
    apiRows.reduce((sum, api) => sum + api.seen, 0),
    apiRows.reduce((sum, api) => sum + api.documented, 0),
  );
  return {
    ...total,
    apis: apiRows,
    requests: sightings.length,
    elsewhere,
    neverSeen,
    ...(min === undefined ? {} : { min }),
    // seen/documented ≥ min/100, without a division's rounding at the boundary
    meetsMin: min === undefined || total.seen * 100 >= min * total.documented,
  };
}

/**
 * Merges recordings a test run left (`mocks.control.journal()`, `GET /__mock/journal`'s
 * answer, HAR files) and holds them against every documented status of the chosen APIs.
 * Throws a `TypeError` naming the recording and the first thing wrong when one is none of these.
 *
 * ```ts
 * const coverage = consumerCoverage([mocks.control.journal()], { apis: ['auvious'], min: 60 });
 * for (const cell of coverage.neverSeen) console.log(`${cell.api} ${cell.status} (${cell.operationId}) never seen`);
 * ```
 */
export function consumerCoverage(
  recordings: readonly Recording[],
  options: ConsumerCoverageOptions = {},
): ConsumerCoverage {
  const sightings = recordings.flatMap((recording, index) => {
    const read = readRecording(recording);
    if (!read.ok) throw new TypeError(`recording ${index}: ${read.error}`);
    return read.value;
  });
  return coverageOfSightings(sightings, options);
}
