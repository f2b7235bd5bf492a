#!/usr/bin/env node
/**
 * The `ticketmock` command.
 *
 * `serve` runs ticketmock's stateful server for every API on the engine (Auvious today)
 * on `--port`, and Prism's example-based mock for each API not yet on it, on the next
 * ports.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { API_NAMES, type ApiName, isApiName } from '../apis.js';
import { Engine } from '../core/engine.js';
import { ENGINE_APIS, modulesFor } from '../mocks.js';
import { type PrismMock, startPrism } from './prism.js';
import { type RunningServer, startServer } from './server.js';
import { packageRoot } from './specs.js';

const USAGE = `Usage: ticketmock <command> [options]

Commands:
  serve              Serve the APIs: ticketmock's stateful server on --port (Auvious today),
                     Prism's example-based mock on the next ports for the APIs not on it yet
  prism <api>        Serve one API's spec with Prism (octopus, auvious or adminserver)

Options:
  --host <host>      Address to listen on (default 127.0.0.1)
  --port <port>      serve: first port (default 4010), one per API from there; prism: default a free port
  --api <names>      serve: a comma-separated subset of octopus,auvious,adminserver
  --seed <n>         serve: the demo dataset's seed (default 1)
  --no-control       serve: do not answer the control API under /__mock
  -h, --help         Show this help
  -v, --version      Show the version
`;

/** How each API is called, for the start banner (the demo credentials of DESIGN.md). */
const HOW_TO_CALL: Record<ApiName, string> = {
  octopus: 'GET /rest/v1/Location/28XXX004/services  (Authorization: Bearer octopus-demo-key)',
  auvious: 'POST /security/ticket  (Authorization: Bearer auvious-demo-token)',
  adminserver: 'POST /jsonRpc/ticket.getPurchasableTickets  (X-Session-Id from POST /auth/login)',
};

/** The demo credentials of each API (DESIGN.md), one line each. */
const CREDENTIALS: Record<ApiName, string> = {
  octopus: 'octopus: API key octopus-demo-key (Location 28XXX004); octopus-other-key (28XXX099)',
  auvious:
    'auvious: bearer auvious-demo-token, or client demo-client / demo-secret (demo-org); other-client / other-secret (other-org); public client customer: for ticket exchange',
  adminserver:
    'adminserver: admin@demo.test / demo-password (network.manage on demo-network); member@demo.test / demo-password',
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

function parseApis(value: string | undefined): ApiName[] {
  if (value === undefined) return [...API_NAMES];
  const names = value.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!isApiName(name)) throw new UsageError(`unknown API "${name}" (choose from ${API_NAMES.join(', ')})`);
  }
  return names as ApiName[];
}

async function startPrisms(apis: ApiName[], host: string, firstPort: number | undefined): Promise<PrismMock[]> {
  const mocks: PrismMock[] = [];
  try {
    for (const [index, api] of apis.entries()) {
      const port = firstPort === undefined ? undefined : firstPort + index;
      mocks.push(await startPrism({ api, host, ...(port === undefined ? {} : { port }), timeoutMs: 60_000 }));
    }
  } catch (error) {
    await Promise.all(mocks.map((mock) => mock.stop()));
    throw error;
  }
  return mocks;
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

async function serve(
  apis: ApiName[],
  host: string,
  port: number,
  seed: number | undefined,
  control: boolean,
): Promise<void> {
  const onEngine = apis.filter((api) => ENGINE_APIS[api] !== undefined);
  const onPrism = apis.filter((api) => ENGINE_APIS[api] === undefined);
  let server: RunningServer | undefined;
  if (onEngine.length > 0) {
    const engine = await Engine.create({
      apis: modulesFor(onEngine),
      ...(seed === undefined ? {} : { seed }),
      control,
      validateResponses: false,
    });
    try {
      server = await startServer({ engine, host, port });
    } catch (error) {
      if ((error as { code?: string }).code === 'EADDRINUSE') {
        throw new Error(`port ${port} on ${host} is already in use (choose another with --port)`);
      }
      throw error;
    }
  }
  const mocks = await startPrisms(onPrism, host, onEngine.length > 0 ? port + 1 : port).catch(async (error) => {
    await server?.close();
    throw error;
  });
  if (server !== undefined) {
    process.stdout.write(`ticketmock listening on ${server.url} (${onEngine.join(', ')}; seed ${seed ?? 1})\n`);
    for (const api of onEngine) process.stdout.write(`  ${CREDENTIALS[api]}\n`);
    if (control) process.stdout.write(`  control API: ${server.url}/__mock/state, /__mock/reset, /__mock/clock …\n`);
  }
  for (const mock of mocks) {
    process.stdout.write(
      `Prism (stateless example mock) for ${mock.api} on ${mock.url}, e.g. ${HOW_TO_CALL[mock.api]}\n`,
    );
    process.stdout.write(`  ${CREDENTIALS[mock.api]} (Prism checks only that credentials are present)\n`);
  }
  process.stdout.write('Press Ctrl+C to stop.\n');
  await runUntilStopped(server, mocks);
}

async function prismOnly(api: ApiName, host: string, port: number | undefined): Promise<void> {
  const mocks = await startPrisms([api], host, port);
  for (const mock of mocks) {
    process.stdout.write(
      `Prism (stateless example mock) for ${mock.api} on ${mock.url}, e.g. ${HOW_TO_CALL[mock.api]}\n`,
    );
  }
  process.stdout.write('Press Ctrl+C to stop.\n');
  await runUntilStopped(undefined, mocks);
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
    await serve(parseApis(values.api), host, port ?? 4010, parseSeed(values.seed), values.control !== false);
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
