/**
 * Routing cost, issue 21: the router of src/core/router.ts (one tree of every API's
 * templates) against the router before it (bench/route-baseline.ts: first segment → API →
 * that API's table), over the same three APIs' operations and the same paths, in the same
 * run. Paths: every operation with its parameters filled, each also with a wrong method
 * (405), and misses under each prefix and outside them (404).
 * Run: `npm run bench:route`. Prints lookups per CPU-second (user + system, process.cpuUsage),
 * the median of 7 alternating runs each, and the ratio new / old.
 */
import { API_NAMES } from '../src/apis.ts';
import { buildOperationTable, routeOf } from '../src/core/operation-table.ts';
import { precompiledValidators } from '../src/core/precompiled.ts';
import { createRouter } from '../src/core/router.ts';
import { modulesFor } from '../src/handlers/index.ts';
import { baselineRouter } from './route-baseline.ts';
import { median } from './stats.ts';

const RUNS = 7;
const ROUNDS = 20_000;

const apis = modulesFor(API_NAMES).map((module) => ({
  name: module.name,
  operations: buildOperationTable(module.outline, precompiledValidators(module.validators, module.name)).operations,
}));

const fill = (template: string): string =>
  template.replace(/\{([^}]+)\}/g, (_, name: string) => (name === 'version' ? 'v1' : `x-${name}`));
const requests: Array<[string, string]> = [];
for (const api of apis) {
  for (const operation of api.operations) {
    const path = fill(operation.template);
    requests.push([operation.method.toUpperCase(), path], ['PATCH', path]);
  }
}
requests.push(['GET', '/rest/v1/Location/x/nothing'], ['GET', '/security/nothing'], ['GET', '/nowhere/at/all']);

const router = createRouter(apis.flatMap((api) => api.operations.map((operation) => routeOf(operation, api.name))));
const baseline = baselineRouter(apis);
const lookups = {
  old: (method: string, path: string) => baseline(method, path)?.kind,
  new: (method: string, path: string) => router.lookup(method, path).kind,
};

// both agree on every path (the old one says undefined where the new one says not-found without an owner)
for (const [method, path] of requests) {
  const before = lookups.old(method, path) ?? 'not-found';
  const after = lookups.new(method, path).replace('match', 'operation');
  if (before !== after) throw new Error(`${method} ${path}: old ${before}, new ${after}`);
}

function perCpuSecond(lookup: (method: string, path: string) => unknown): number {
  const started = process.cpuUsage();
  for (let round = 0; round < ROUNDS; round += 1) for (const [method, path] of requests) lookup(method, path);
  const used = process.cpuUsage(started);
  return (ROUNDS * requests.length) / ((used.user + used.system) / 1e6);
}

for (const lookup of Object.values(lookups)) perCpuSecond(lookup); // warm up
const measured: Record<keyof typeof lookups, number[]> = { old: [], new: [] };
for (let run = 0; run < RUNS; run += 1) {
  measured.old.push(perCpuSecond(lookups.old));
  measured.new.push(perCpuSecond(lookups.new));
}
const old = median(measured.old);
const now = median(measured.new);
const ratios = measured.new.map((value, index) => value / (measured.old[index] as number));
console.log(`node ${process.version}, ${requests.length} paths × ${ROUNDS} rounds, ${RUNS} alternating runs, medians`);
console.log('| router | lookups per CPU-second | ratio to the old router |');
console.log('| --- | ---: | ---: |');
console.log(
  `| before issue 21 (first segment, then the API's table) | ${Math.round(old).toLocaleString('en')} | 1.00× |`,
);
console.log(
  `| src/core/router.ts (one tree, whole templates) | ${Math.round(now).toLocaleString('en')} | **${(now / old).toFixed(2)}×** (runs ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) |`,
);
