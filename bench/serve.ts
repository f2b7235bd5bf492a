/**
 * `npm run bench:serve`: what daily use of `ticketmock serve` costs.
 *
 * 1. Time to first response after `npm start`: from spawning `npm start -- --port 0 --quiet`
 *    (which builds, then serves) to the first 200 from the Octopus services list; the
 *    median of 5 starts; and the same for the built server alone (`node dist/server/cli.js
 *    serve`), alternating.
 * 2. What `--state` costs per write: the built server (`node dist/server/cli.js serve`) with
 *    and without `--state`, 300 sequential ticket creations each (Auvious `POST
 *    /security/ticket`), per-request latency median over 5 alternating runs; the reference
 *    is the same server without `--state`, measured in the same run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, stop, timeToFirst200 } from './process.ts';
import { median } from './stats.ts';

const SERVICES = '/rest/v1/Location/28XXX004/services';
const OCTOPUS = { authorization: 'Bearer octopus-demo-key' };

async function writeLatencies(stateFile: string | undefined, count: number): Promise<number> {
  const args = ['dist/server/cli.js', 'serve', '--port', '0', '--quiet', '--api', 'auvious'];
  if (stateFile !== undefined) args.push('--state', stateFile);
  const { child, url: base } = await launch(process.execPath, args);
  const latencies: number[] = [];
  const body = JSON.stringify({ type: 'MULTI_USE_TICKET', properties: { bench: true } });
  const headers = { authorization: 'Bearer auvious-demo-token', 'content-type': 'application/json' };
  for (let index = 0; index < count + 20; index += 1) {
    const started = performance.now();
    const response = await fetch(`${base}/security/ticket`, { method: 'POST', headers, body });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`create answered ${response.status}`);
    if (index >= 20) latencies.push(performance.now() - started); // the first 20 warm up
  }
  await stop(child);
  return median(latencies);
}

const startups: Record<string, number[]> = { 'npm start (build, then serve)': [], 'node dist/server/cli.js serve': [] };
for (let run = 0; run < 5; run += 1) {
  startups['npm start (build, then serve)']?.push(
    await timeToFirst200('npm', ['start', '--silent', '--', '--port', '0', '--quiet'], SERVICES, OCTOPUS),
  );
  startups['node dist/server/cli.js serve']?.push(
    await timeToFirst200(
      process.execPath,
      ['dist/server/cli.js', 'serve', '--port', '0', '--quiet'],
      SERVICES,
      OCTOPUS,
    ),
  );
}
for (const [what, runs] of Object.entries(startups)) {
  process.stdout.write(
    `time to first response, ${what}: median ${median(runs).toFixed(0)} ms (runs: ${runs.map((ms) => ms.toFixed(0)).join(', ')})\n`,
  );
}

const folder = await mkdtemp(join(tmpdir(), 'ticketmock-bench-'));
const plain: number[] = [];
const persisted: number[] = [];
for (let run = 0; run < 5; run += 1) {
  plain.push(await writeLatencies(undefined, 300));
  persisted.push(await writeLatencies(join(folder, `state-${run}.json`), 300));
}
await rm(folder, { recursive: true, force: true });
const without = median(plain);
const withState = median(persisted);
process.stdout.write(
  `POST /security/ticket, median per request: without --state ${without.toFixed(3)} ms, with --state ${withState.toFixed(3)} ms ` +
    `(+${(withState - without).toFixed(3)} ms, ${(withState / without).toFixed(1)}×)\n` +
    `  runs without: ${plain.map((ms) => ms.toFixed(3)).join(', ')}\n  runs with:    ${persisted.map((ms) => ms.toFixed(3)).join(', ')}\n`,
);
