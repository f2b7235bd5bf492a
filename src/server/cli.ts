#!/usr/bin/env node
/**
 * The `ticketmock` command.
 *
 * `serve` runs ticketmock's stateful server for every API on one origin; `prism <api>`
 * runs Prism's example-based mock of one spec, for a side-by-side comparison.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { API_NAMES, type ApiName, isApiName } from '../apis.js';
import { Engine } from '../core/engine.js';
import { modulesFor } from '../mocks.js';
import { type PrismMock, startPrism } from './prism.js';
import { type RunningServer, startServer } from './server.js';
import { packageRoot } from './specs.js';

const USAGE = `Usage: ticketmock <command> [options]

Commands:
  serve                Serve the stateful mocks of all three APIs on one origin
  prism <api>          Serve one API's spec with Prism's example-based mock (octopus, auvious
                       or adminserver), to compare with ticketmock's

Options:
  --host <host>        Address to listen on (default 127.0.0.1)
  --port <port>        serve: port (default 4010); prism: default a free port
  --api <names>        serve: a comma-separated subset of octopus,auvious,adminserver
  --seed <n>           serve: the demo dataset's seed (default 1)
  --rate-limit <n>     serve: at most n calls per second per caller (an Adminserver session),
                       answered 429 where the spec documents it (off by default)
  --no-control         serve: do not answer the control API under /__mock
  -h, --help           Show this help
  -v, --version        Show the version
`;

/** How each API is called, for Prism's banner. */
const HOW_TO_CALL: Record<ApiName, string> = {
  octopus: 'GET /rest/v1/Location/28XXX004/services  (Authorization: Bearer octopus-demo-key)',
  auvious: 'POST /security/ticket  (Authorization: Bearer auvious-demo-token)',
  adminserver: 'POST /jsonRpc/ticket.getPurchasableTickets  (X-Session-Id from POST /auth/login)',
};

/** The demo credentials of each API (DESIGN.md), one line each. */
const CREDENTIALS: Record<ApiName, string> = {
  octopus:
    'octopus: Authorization: Bearer octopus-demo-key (Location 28XXX004); octopus-other-key (the other customer: 28XXX099)',
  auvious:
    'auvious: Authorization: Bearer auvious-demo-token, or client demo-client / demo-secret (demo-org); other-client / other-secret (other-org); public client customer: for ticket exchange',
  adminserver:
    'adminserver: POST /auth/login as admin@demo.test / demo-password (network.manage on demo-network) or member@demo.test / demo-password',
};

class UsageError extends Error {}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535)
    throw new UsageError(`--port must be 1 to 65535, not "${value}"`);
  return port;
}

function parseSeed(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value)) throw new UsageError(`--seed must be a non-negative integer, not "${value}"`);
  return Number(value);
}

function parseRateLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,7}$/.test(value) || Number(value) < 1) {
    throw new UsageError(`--rate-limit must be a positive integer (calls per second), not "${value}"`);
  }
  return Number(value);
}

function parseApis(value: string | undefined): ApiName[] {
  if (value === undefined) return [...API_NAMES];
  const names = value.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!isApiName(name)) throw new UsageError(`unknown API "${name}" (choose from ${API_NAMES.join(', ')})`);
  }
  return [...new Set(names)] as ApiName[];
}

/** Runs until SIGINT/SIGTERM (or a Prism dies), then closes everything. */
async function runUntilStopped(server: RunningServer | undefined, mocks: PrismMock[]): Promise<void> {
  await new Promise<void>((resolveStop) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      void Promise.all([server?.close(), ...mocks.map((mock) => mock.stop())]).then(() => resolveStop());
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    for (const mock of mocks) {
      mock.process.once('exit', (code, signal) => {
        // Ctrl+C in a terminal signals Prism too; that is a normal stop.
        if (!stopping && signal !== 'SIGINT' && signal !== 'SIGTERM') {
          process.stderr.write(`ticketmock: Prism for ${mock.api} exited (code ${code}); stopping\n`);
          process.exitCode = 1;
        }
        stop();
      });
    }
  });
}

interface ServeOptions {
  readonly apis: ApiName[];
  readonly host: string;
  readonly port: number;
  readonly seed: number | undefined;
  readonly control: boolean;
  readonly rateLimit: number | undefined;
}

async function serve(options: ServeOptions): Promise<void> {
  const { apis, host, port, seed, control, rateLimit } = options;
  const engine = await Engine.create({
    apis: modulesFor(apis),
    ...(seed === undefined ? {} : { seed }),
    control,
    validateResponses: false,
  });
  if (rateLimit !== undefined) engine.faults = { rateLimitPerSecond: rateLimit };
  let server: RunningServer;
  try {
    server = await startServer({ engine, host, port });
  } catch (error) {
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      throw new Error(`port ${port} on ${host} is already in use (choose another with --port)`);
    }
    throw error;
  }
  process.stdout.write(`ticketmock listening on ${server.url} (${apis.join(', ')}; seed ${engine.seed})\n`);
  for (const api of apis) process.stdout.write(`  ${CREDENTIALS[api]}\n`);
  if (rateLimit !== undefined) process.stdout.write(`  rate limit: ${rateLimit} calls per second per caller\n`);
  if (control) process.stdout.write(`  control API: ${server.url}/__mock/state, /__mock/reset, /__mock/clock …\n`);
  process.stdout.write('Press Ctrl+C to stop.\n');
  await runUntilStopped(server, []);
}

async function prismOnly(api: ApiName, host: string, port: number | undefined): Promise<void> {
  const mock = await startPrism({ api, host, ...(port === undefined ? {} : { port }), timeoutMs: 60_000 });
  process.stdout.write(
    `Prism (stateless example mock) for ${mock.api} on ${mock.url}, e.g. ${HOW_TO_CALL[mock.api]}\n`,
  );
  process.stdout.write('Press Ctrl+C to stop.\n');
  await runUntilStopped(undefined, [mock]);
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    allowNegative: true,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      api: { type: 'string' },
      seed: { type: 'string' },
      'rate-limit': { type: 'string' },
      control: { type: 'boolean', default: true },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.version === true) {
    const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return;
  }
  const [command, ...rest] = positionals;
  if (values.help === true || command === undefined || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const host = values.host ?? '127.0.0.1';
  const port = parsePort(values.port);
  if (command === 'serve') {
    if (rest.length > 0) throw new UsageError(`serve takes no arguments, got "${rest.join(' ')}"`);
    await serve({
      apis: parseApis(values.api),
      host,
      port: port ?? 4010,
      seed: parseSeed(values.seed),
      control: values.control !== false,
      rateLimit: parseRateLimit(values['rate-limit']),
    });
    return;
  }
  if (command === 'prism') {
    const [api, ...extra] = rest;
    if (api === undefined || !isApiName(api) || extra.length > 0) {
      throw new UsageError(`prism takes one API: ${API_NAMES.join(', ')}`);
    }
    await prismOnly(api, host, port);
    return;
  }
  throw new UsageError(`unknown command "${command}"`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`ticketmock: ${(error as Error).message}\n`);
  if (usage) process.stderr.write('Run "ticketmock --help" for usage.\n');
  process.exitCode = usage ? 2 : 1;
});
