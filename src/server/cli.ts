#!/usr/bin/env node
/**
 * The `ticketmock` command (commander): `serve` runs the stateful mocks of every API on
 * one origin; `prism <api>` runs Prism's example-based mock of one spec, to compare;
 * `init-worker <dir>` places msw's service worker for the browser; `verify` runs the
 * contract suite against any server.
 */
import { copyFile, mkdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { API_NAMES, type ApiName, isApiName } from '../apis.js';
import { Engine } from '../core/engine.js';
import { type FaultConfig, parseFaultConfig } from '../core/faults.js';
import { DEVTOOLS_FILE } from '../devtools/host.js';
import { ADMINSERVER_DEMO, AUVIOUS_DEMO, OCTOPUS_DEMO } from '../fixtures/demo.js';
import { modulesFor } from '../handlers/index.js';
import { recordingKit } from '../recording.js';
import { apisOption, UsageError } from './arguments.js';
import { useConfig } from './config.js';
import { listensBeyondLoopback } from './control-access.js';
import { coverageCommand } from './coverage.js';
import { serverDevtools } from './devtools-assets.js';
import { importBanner, importFile } from './import-file.js';
import { COLLECT_AFTER_BYTES, IdleCollector } from './memory.js';
import type { PrismMock } from './prism.js';
import { recordCommand } from './record.js';
import { type RunningServer, startServer } from './server.js';
import { packageRoot } from './specs.js';
import { StateFile } from './state-file.js';
import { VerifyUsageError, verifyCommand } from './verify.js';

/** How each API is called, for Prism's banner. */
const HOW_TO_CALL: Record<ApiName, string> = {
  octopus: 'GET /rest/v1/Location/28XXX004/services  (Authorization: Bearer octopus-demo-key)',
  auvious: 'POST /security/ticket  (Authorization: Bearer auvious-demo-token)',
  adminserver: 'POST /jsonRpc/ticket.getPurchasableTickets  (X-Session-Id from POST /auth/login)',
};

/** The demo credentials of each API (DESIGN.md), one line each. */
const CREDENTIALS: Record<ApiName, string> = {
  octopus: `octopus: Authorization: Bearer ${OCTOPUS_DEMO.key} (Location ${OCTOPUS_DEMO.location}); ${OCTOPUS_DEMO.otherKey} (the other customer: ${OCTOPUS_DEMO.otherLocation})`,
  auvious: `auvious: Authorization: Bearer ${AUVIOUS_DEMO.token}, or client ${AUVIOUS_DEMO.client.id} / ${AUVIOUS_DEMO.client.secret} (${AUVIOUS_DEMO.organization}); ${AUVIOUS_DEMO.otherClient.id} / ${AUVIOUS_DEMO.otherClient.secret} (${AUVIOUS_DEMO.otherOrganization}); public client ${AUVIOUS_DEMO.publicClient}: for ticket exchange`,
  adminserver: `adminserver: POST /auth/login as ${ADMINSERVER_DEMO.admin.email} / ${ADMINSERVER_DEMO.admin.password} (network.manage on ${ADMINSERVER_DEMO.network}) or ${ADMINSERVER_DEMO.member.email} / ${ADMINSERVER_DEMO.member.password}`,
};

function portOption(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('must be 0 to 65535 (0: any free port).');
  }
  return port;
}

function seedOption(value: string): number {
  if (!/^\d{1,15}$/.test(value)) throw new InvalidArgumentError('must be a non-negative integer.');
  return Number(value);
}

function rateOption(value: string): number {
  if (!/^\d{1,7}$/.test(value) || Number(value) < 1 || Number(value) > 1_000_000) {
    throw new InvalidArgumentError('must be 1 to 1000000 (calls per second).');
  }
  return Number(value);
}

/** `200` or `50-500` milliseconds. */
function delayOption(value: string): number | [number, number] {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(value);
  const min = Number(match?.[1]);
  const max = match?.[2] === undefined ? undefined : Number(match[2]);
  if (match === null || min > 60_000 || (max !== undefined && (max > 60_000 || max < min))) {
    throw new InvalidArgumentError('must be milliseconds, 0 to 60000, or a range like 50-500.');
  }
  return max === undefined ? min : [min, max];
}

async function faultsFile(path: string): Promise<FaultConfig> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--faults ${path}: ${(error as Error).message}`);
  }
  const parsed = parseFaultConfig(json);
  if (!parsed.ok) throw new UsageError(`--faults ${path}: ${parsed.error}`);
  return parsed.value;
}

/** Runs until SIGINT/SIGTERM (or Prism dies), then closes everything. */
/**
 * Runs until SIGINT/SIGTERM (or Prism's exit), then `close`. "Press Ctrl+C to stop." is
 * printed once the handlers are in place: a signal sent on reading it must stop cleanly.
 */
async function runUntilStopped(close: () => Promise<unknown>, prism?: PrismMock): Promise<void> {
  await new Promise<void>((resolveStop) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      void close().then(
        () => resolveStop(),
        (error: unknown) => {
          process.stderr.write(`ticketmock: ${(error as Error).message}\n`);
          process.exitCode = 1;
          resolveStop();
        },
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.stdout.write('Press Ctrl+C to stop.\n');
    prism?.process.once('exit', (code, signal) => {
      // Ctrl+C in a terminal signals Prism too; that is a normal stop.
      if (!stopping && signal !== 'SIGINT' && signal !== 'SIGTERM') {
        process.stderr.write(`ticketmock: Prism for ${prism.api} exited (code ${code}); stopping\n`);
        process.exitCode = 1;
      }
      stop();
    });
  });
}

const COLOURS = { reset: '\u001b[0m', green: '\u001b[32m', yellow: '\u001b[33m', red: '\u001b[31m', dim: '\u001b[2m' };

/** `POST /security/ticket 200 1.3 ms`, the status coloured on a terminal. */
function accessLine(
  entry: { method: string; path: string; status: number; durationMs: number },
  colour: boolean,
): string {
  const status = String(entry.status);
  const duration = `${entry.durationMs.toFixed(1)} ms`;
  if (!colour) return `${entry.method} ${entry.path} ${status} ${duration}`;
  const tint = entry.status >= 500 ? COLOURS.red : entry.status >= 400 ? COLOURS.yellow : COLOURS.green;
  return `${entry.method} ${entry.path} ${tint}${status}${COLOURS.reset} ${COLOURS.dim}${duration}${COLOURS.reset}`;
}

interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly api?: ApiName[];
  readonly seed?: number;
  readonly state?: string;
  readonly delay?: number | [number, number];
  /** A file, or (from the config file) the configuration itself. */
  readonly faults?: string | FaultConfig;
  readonly rateLimit?: number;
  readonly quiet?: boolean;
  readonly control: boolean;
  readonly allowedHosts?: string[];
  readonly controlOrigins?: string[];
  readonly controlToken?: string;
  /** A HAR file whose resources are added to the seeded dataset (issue 18). */
  readonly import?: string;
}

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : value;

/** `a,b , c` as a list, empty entries dropped. */
const listOption = (value: string): string[] =>
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');

function originsOption(value: string): string[] {
  const origins = listOption(value);
  for (const origin of origins) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (
      url === undefined ||
      (url.protocol !== 'http:' && url.protocol !== 'https:') ||
      url.origin !== origin.replace(/\/+$/, '')
    ) {
      throw new InvalidArgumentError(`${origin} is no origin (like http://app.test:5173)`);
    }
  }
  return origins;
}

async function serve(options: ServeOptions): Promise<void> {
  // The flags win over the file; the whole is held to what PUT /__mock/faults accepts.
  const merged = parseFaultConfig({
    ...(typeof options.faults === 'string' ? await faultsFile(options.faults) : options.faults),
    ...(options.delay === undefined ? {} : { latencyMs: options.delay }),
    ...(options.rateLimit === undefined ? {} : { rateLimitPerSecond: options.rateLimit }),
  });
  if (!merged.ok) throw new UsageError(merged.error);
  const faults = merged.value;
  const apis = options.api ?? [...API_NAMES];
  const engine = await Engine.create({
    apis: modulesFor(apis),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    control: options.control,
    devtools: serverDevtools,
    recordings: recordingKit(),
    validateResponses: false,
    // nothing outside the process can reach `@msw/data` collections: the tables keep the records
    collections: false,
  });
  engine.faults = faults;
  // With --state, the recording seeds a new state file (written whole when it is opened
  // below); a file that exists holds the state, changes since the import included, and
  // the recording is not applied over it again (the banner says so).
  const stateHeld =
    options.state !== undefined &&
    (await stat(resolve(options.state)).then(
      () => true,
      () => false,
    ));
  const imported = options.import === undefined || stateHeld ? undefined : await importFile(engine, options.import);
  // memory back after a large state file has loaded, and whenever a load stops (memory.ts)
  const collector = new IdleCollector();
  const stateFile =
    options.state === undefined
      ? undefined
      : await StateFile.open(resolve(options.state), engine, {
          writtenBy: `ticketmock ${await version()}`,
          onError: (message) => process.stderr.write(`ticketmock: ${message}\n`),
        });
  const colour = process.stdout.isTTY === true;
  const controlToken = nonEmpty(options.controlToken) ?? nonEmpty(process.env.TICKETMOCK_CONTROL_TOKEN);
  let server: RunningServer;
  try {
    server = await startServer({
      engine,
      host: options.host,
      port: options.port,
      controlAccess: {
        allowedHosts: options.allowedHosts ?? [],
        origins: options.controlOrigins ?? [],
        token: controlToken,
      },
      ...(stateFile === undefined ? {} : { around: (request, run) => stateFile.answer(request, run) }),
      onRequest: () => collector.touch(),
      ...(options.quiet === true
        ? {}
        : { onResponse: (entry) => process.stdout.write(`${accessLine(entry, colour)}\n`) }),
    });
  } catch (error) {
    await stateFile?.close();
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      throw new Error(`port ${options.port} on ${options.host} is already in use (choose another with --port)`);
    }
    throw error;
  }
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  out(`ticketmock listening on ${server.url} (${apis.join(', ')}; seed ${engine.seed})`);
  for (const api of apis) out(`  ${CREDENTIALS[api]}`);
  if (imported !== undefined) for (const line of importBanner(options.import as string, imported)) out(line);
  if (options.import !== undefined && stateHeld && stateFile !== undefined) {
    out(`  import: ${options.import} not applied: the state file ${stateFile.path} exists and holds the state`);
    out('    (remove the file to start again from the recording)');
  }
  if (stateFile !== undefined)
    out(`  state: ${stateFile.path} (every acknowledged change is written before the answer)`);
  if (Object.keys(faults).length > 0) out(`  faults: ${JSON.stringify(faults)}`);
  if (options.control) {
    out(
      `  control API: ${server.url}/__mock/state, /__mock/reset, /__mock/clock …${controlToken === undefined ? '' : ' (token required)'}`,
    );
    out(`  devtools: ${server.url}/__mock/ui`);
    if (controlToken === undefined && listensBeyondLoopback(options.host)) {
      process.stderr.write(
        `ticketmock: warning: ${options.host} is reachable from other machines and the control API (which reads, replaces and resets all data) has no token: set --control-token or TICKETMOCK_CONTROL_TOKEN, or use --no-control\n`,
      );
    }
  }
  if (stateFile !== undefined && (await stat(stateFile.path)).size >= COLLECT_AFTER_BYTES) collector.collectSoon(1000);
  collector.start();
  await runUntilStopped(async () => {
    collector.stop();
    await server.close();
    await stateFile?.close();
  });
}

async function prism(api: string, options: { host: string; port?: number }): Promise<void> {
  if (!isApiName(api)) throw new UsageError(`prism takes one API: ${API_NAMES.join(', ')}`);
  // loaded on demand: Prism is an optional peer, and serve/verify never need it
  const { startPrism } = await import('./prism.js');
  const mock = await startPrism({
    api,
    host: options.host,
    ...(options.port === undefined ? {} : { port: options.port }),
    timeoutMs: 60_000,
  });
  process.stdout.write(
    `Prism (stateless example mock) for ${mock.api} on ${mock.url}, e.g. ${HOW_TO_CALL[mock.api]}\n`,
  );
  await runUntilStopped(() => mock.stop(), mock);
}

/** Copies msw's `mockServiceWorker.js` into `dir` (msw's `init` convention). */
/** msw's worker script, and beside it the devtools panel's file for `startMocks({ devtools: true })`. */
async function initWorker(dir: string): Promise<void> {
  const worker = createRequire(import.meta.url).resolve('msw/mockServiceWorker.js');
  const panel = join(packageRoot, 'dist/ui', DEVTOOLS_FILE);
  const folder = resolve(dir);
  await mkdir(folder, { recursive: true });
  await copyFile(worker, join(folder, 'mockServiceWorker.js'));
  await copyFile(panel, join(folder, DEVTOOLS_FILE));
  process.stdout.write(
    `wrote ${join(folder, 'mockServiceWorker.js')}\nwrote ${join(folder, DEVTOOLS_FILE)}\n` +
      "register them with startMocks() from 'ticketmock/browser' (the second only loads with devtools: true)\n",
  );
}

async function version(): Promise<string> {
  return (JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

async function program(): Promise<Command> {
  const command = new Command('ticketmock')
    .description('Stateful mocks and contract tests for three ticket APIs: Octopus WiFi, Auvious, Adminserver.')
    .version(await version(), '-v, --version')
    .showHelpAfterError('(run "ticketmock --help" for usage)')
    .exitOverride();
  useConfig(command);
  command
    .command('serve')
    .description('serve the stateful mocks of all three APIs on one origin')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port (0: any free port)', portOption, 4010)
    .option('--api <names>', 'a comma-separated subset of octopus,auvious,adminserver (default: all)', apisOption)
    .option('--seed <n>', "the demo dataset's seed (default 1)", seedOption)
    .option('--state <file>', 'keep the data in this file: loaded at start, written before each change is answered')
    .option(
      '--delay <ms>',
      'answer every request after this many ms, or a random time in a range like 50-500',
      delayOption,
    )
    .option('--faults <file>', 'a fault configuration, as PUT /__mock/faults takes it (JSON)')
    .option('--rate-limit <n>', 'at most n calls per second per caller, where the spec documents a 429', rateOption)
    .option(
      '--import <file.har>',
      'add every resource this HAR file (ticketmock record, a browser) shows to the dataset (with --state: only into a new state file)',
    )
    .option('--quiet', 'no access log')
    .addOption(new Option('--no-control', 'do not answer the control API under /__mock'))
    .option(
      '--allowed-hosts <names>',
      'host names the control API answers besides localhost, 127.0.0.1, [::1] and --host (comma-separated)',
      listOption,
    )
    .option(
      '--control-origins <origins>',
      'web origins allowed to use the control API besides loopback ones, e.g. https://app.test:8443 (comma-separated)',
      originsOption,
    )
    .option(
      '--control-token <token>',
      'require this token on every control request (Authorization: Bearer, or X-Mock-Token); also TICKETMOCK_CONTROL_TOKEN',
    )
    .action((options: ServeOptions) => serve(options));
  command
    .command('prism')
    .argument('<api>', `one of ${API_NAMES.join(', ')}`)
    .description("serve one API's spec with Prism's stateless, example-based mock, to compare")
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port (default: a free one)', portOption)
    .action((api: string, options: { host: string; port?: number }) => prism(api, options));
  verifyCommand(command.command('verify'));
  recordCommand(command.command('record'), version);
  coverageCommand(command.command('coverage'));
  command
    .command('init-worker')
    .argument('<dir>', 'the folder your dev server serves as the site root, e.g. public/')
    .description("copy msw's mockServiceWorker.js into <dir>, for ticketmock/browser")
    .action((dir: string) => initWorker(dir));
  return command;
}

async function main(argv: string[]): Promise<void> {
  const command = await program();
  if (argv.length === 0) {
    command.outputHelp();
    return;
  }
  await command.parseAsync(argv, { from: 'user' });
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // help and version end here with code 0; commander has printed the reason otherwise
    process.exitCode = error.exitCode === 0 ? 0 : 2;
    return;
  }
  const usage = error instanceof UsageError || error instanceof VerifyUsageError;
  process.stderr.write(`ticketmock: ${(error as Error).message}\n`);
  if (error instanceof UsageError) process.stderr.write('(run "ticketmock --help" for usage)\n');
  process.exitCode = usage ? 2 : 1;
});
