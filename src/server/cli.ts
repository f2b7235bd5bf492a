#!/usr/bin/env node
/**
 * The `ticketmock` command.
 *
 * Until the stateful server exists (issue: the engine), `serve` runs Prism's
 * example-based mock for each API, one port per API from `--port` upwards.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { API_NAMES, type ApiName, isApiName } from '../apis.js';
import { type PrismMock, startPrism } from './prism.js';
import { packageRoot } from './specs.js';

const USAGE = `Usage: ticketmock <command> [options]

Commands:
  serve              Serve all three APIs (today: Prism's example-based mock, one port per API)
  prism <api>        Serve one API's spec with Prism (octopus, auvious or adminserver)

Options:
  --host <host>      Address to listen on (default 127.0.0.1)
  --port <port>      serve: first port (default 4010), one per API from there; prism: default a free port
  --api <names>      serve: a comma-separated subset of octopus,auvious,adminserver
  -h, --help         Show this help
  -v, --version      Show the version
`;

/** How each API is called, for the start banner (the demo credentials of DESIGN.md). */
const HOW_TO_CALL: Record<ApiName, string> = {
  octopus: 'GET /rest/v1/Location/28XXX004/services  (Authorization: Bearer octopus-demo-key)',
  auvious: 'POST /security/ticket  (Authorization: Bearer auvious-demo-token)',
  adminserver: 'POST /jsonRpc/ticket.getPurchasableTickets  (X-Session-Id from POST /auth/login)',
};

class UsageError extends Error {}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535)
    throw new UsageError(`--port must be 1 to 65535, not "${value}"`);
  return port;
}

function parseApis(value: string | undefined): ApiName[] {
  if (value === undefined) return [...API_NAMES];
  const names = value.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!isApiName(name)) throw new UsageError(`unknown API "${name}" (choose from ${API_NAMES.join(', ')})`);
  }
  return names as ApiName[];
}

async function runPrism(apis: ApiName[], host: string, firstPort: number | undefined): Promise<void> {
  const mocks: PrismMock[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(mocks.map((mock) => mock.stop()));
  };
  try {
    for (const [index, api] of apis.entries()) {
      const port = firstPort === undefined ? undefined : firstPort + index;
      mocks.push(await startPrism({ api, host, ...(port === undefined ? {} : { port }), timeoutMs: 60_000 }));
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  process.stdout.write("ticketmock: Prism's example-based mock (stateless) of each spec\n");
  for (const mock of mocks) {
    process.stdout.write(`  ${mock.api.padEnd(12)} ${mock.url}  e.g. ${HOW_TO_CALL[mock.api]}\n`);
  }
  process.stdout.write('Press Ctrl+C to stop.\n');
  await new Promise<void>((resolveStop) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      void stopAll().then(resolveStop);
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

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      api: { type: 'string' },
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
    await runPrism(parseApis(values.api), host, port ?? 4010);
    return;
  }
  if (command === 'prism') {
    const [api, ...extra] = rest;
    if (api === undefined || !isApiName(api) || extra.length > 0) {
      throw new UsageError(`prism takes one API: ${API_NAMES.join(', ')}`);
    }
    await runPrism([api], host, port);
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
