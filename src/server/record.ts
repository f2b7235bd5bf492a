/**
 * `ticketmock record --target <url> --out <file.har>` (issue 18; DESIGN.md, second round):
 * a proxy in front of a real API (src/server/record-proxy.ts) that prints its URL, checks
 * every exchange against the spec (src/server/record-check.ts; violations on the console
 * and in the entry's `comment`), and on SIGINT/SIGTERM writes the exchanges as HAR 1.2,
 * secrets redacted unless `--keep-secrets` (src/core/har.ts), then exits 0. The file is
 * written whole or not at all: a temporary file beside it, renamed over it.
 */
import { access, constants, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { API_NAMES, type ApiName } from '../apis.js';
import { buildHar, type Exchange } from '../core/har.js';
import { modulesFor } from '../handlers/index.js';
import { apisOption, UsageError } from './arguments.js';
import { exchangeChecker } from './record-check.js';
import { startRecordProxy } from './record-proxy.js';

interface RecordOptions {
  readonly target: URL;
  readonly out: string;
  readonly host: string;
  readonly port: number;
  readonly api?: ApiName[];
  readonly keepSecrets?: boolean;
}

function targetOption(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('must be an http(s) URL, like https://sandbox.example');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError('must be an http(s) URL, like https://sandbox.example');
  }
  if (url.search !== '' || url.hash !== '') throw new InvalidArgumentError('must have no query string or fragment');
  return url;
}

function portOption(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('must be 0 to 65535 (0: any free port).');
  return port;
}

/** Writes `text` to `path` whole or not at all. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, { flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** `N exchanges (auvious 5, octopus 1)`. */
function tally(exchanges: readonly Exchange[]): string {
  const byApi = new Map<string, number>();
  for (const exchange of exchanges) {
    const api = exchange.operationId?.split('.')[0] ?? 'other';
    byApi.set(api, (byApi.get(api) ?? 0) + 1);
  }
  const parts = [...byApi].map(([api, count]) => `${api} ${count}`).join(', ');
  return `${exchanges.length} exchange${exchanges.length === 1 ? '' : 's'}${parts === '' ? '' : ` (${parts})`}`;
}

async function record(options: RecordOptions, version: string): Promise<void> {
  const out = resolve(options.out);
  try {
    await access(dirname(out), constants.W_OK);
  } catch {
    throw new UsageError(`--out ${options.out}: cannot write in ${dirname(out)}`);
  }
  const apis = options.api ?? [...API_NAMES];
  const checker = exchangeChecker(modulesFor(apis));
  const exchanges: Exchange[] = [];
  let violations = 0;
  const proxy = await startRecordProxy({
    target: options.target,
    host: options.host,
    port: options.port,
    // without --api every request goes through; with it, only the chosen APIs' paths
    forwards: (path) => options.api === undefined || checker.prefixes.has(path.split('/')[1] ?? ''),
    onExchange(exchange) {
      const finding = checker.check(exchange);
      violations += finding.violations.length;
      const notes = [...(exchange.notes ?? []), ...finding.violations];
      exchanges.push({ ...exchange, operationId: finding.operationId, notes });
      const path = new URL(exchange.request.url).pathname;
      process.stdout.write(
        `${exchange.request.method} ${path} ${exchange.response.status} ${exchange.durationMs.toFixed(1)} ms\n`,
      );
      for (const note of notes) process.stdout.write(`  ! ${note}\n`);
    },
  });
  const redaction = options.keepSecrets === true ? 'secrets KEPT (--keep-secrets)' : 'secrets redacted';
  process.stdout.write(`ticketmock record: ${proxy.url} -> ${options.target.href} (${apis.join(', ')})\n`);
  process.stdout.write(`  on Ctrl+C writes ${out} (HAR 1.2, ${redaction})\n`);
  await new Promise<void>((stopped) => {
    process.once('SIGINT', () => stopped());
    process.once('SIGTERM', () => stopped());
    process.stdout.write('Press Ctrl+C to stop.\n');
  });
  await proxy.close();
  const har = buildHar(exchanges, {
    keepSecrets: options.keepSecrets === true,
    creator: { name: 'ticketmock', version },
    comment: `recorded from ${options.target.href} by ticketmock record (${redaction})`,
  });
  await writeAtomically(out, `${JSON.stringify(har, null, 2)}\n`);
  process.stdout.write(
    `wrote ${tally(exchanges)} to ${out}; ${violations} spec violation${violations === 1 ? '' : 's'}; ${redaction}\n`,
  );
}

/** Adds the `record` subcommand. */
export function recordCommand(command: Command, version: () => Promise<string>): Command {
  return command
    .description('record the traffic to a real API through a proxy, checked against the spec, into a HAR file')
    .requiredOption('--target <url>', 'the API to forward to, e.g. https://sandbox.example', targetOption)
    .requiredOption('--out <file.har>', 'the HAR 1.2 file written on Ctrl+C (SIGINT) or SIGTERM')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port (default 0: any free port)', portOption, 0)
    .option(
      '--api <names>',
      "forward only these APIs' paths: a comma-separated subset of octopus,auvious,adminserver",
      apisOption,
    )
    .option('--keep-secrets', 'write credentials, cookies and session ids as they were (default: redacted)')
    .action(async (options: RecordOptions) => record(options, await version()));
}
