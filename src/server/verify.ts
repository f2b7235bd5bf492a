/**
 * `ticketmock verify` (DESIGN.md, "Fixed interfaces"): runs the contract suite against a
 * base URL and reports on the console, in JUnit XML and in JSON. Exit 0 only when nothing
 * failed, 1 on failures, 2 on bad usage or an unreachable target. With `--compare <url>`
 * it is the drift report instead: the same plan against both, exit 0 no drift, 1 drift.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { API_NAMES, type ApiName } from '../apis.js';
import { type Credentials, runContract, runDrift, UnreachableError } from '../contract/index.js';
import { formatEnd, formatResult, progressBar } from '../contract/reporters/console.js';
import { driftToJUnit, formatDrift } from '../contract/reporters/drift.js';
import { toJUnit } from '../contract/reporters/junit.js';

/** A problem the user can fix on the command line, or a target that does not answer: exit 2. */
export class VerifyUsageError extends Error {}

interface VerifyOptions extends Credentials {
  api: ApiName | 'all';
  baseUrl: string;
  mutating?: boolean;
  strict?: boolean;
  junit?: string;
  json?: string;
  seed?: number;
  runs?: number;
  burst?: number;
  timeout?: number;
  concurrency?: number;
  stateless?: boolean;
  /** The mock to compare the target with (the drift report), and its credentials. */
  compare?: string;
  compareToken?: string;
  compareOtherToken?: string;
  compareClientId?: string;
  compareClientSecret?: string;
  compareEmail?: string;
  comparePassword?: string;
  compareLocation?: string;
  compareNetwork?: string;
}

/** The `--compare-*` credentials, as `Credentials` (the demo ones where none is given). */
function compareCredentials(options: VerifyOptions): Credentials {
  return {
    token: options.compareToken,
    otherToken: options.compareOtherToken,
    clientId: options.compareClientId,
    clientSecret: options.compareClientSecret,
    email: options.compareEmail,
    password: options.comparePassword,
    location: options.compareLocation,
    network: options.compareNetwork,
  };
}

/** `verify --compare`: the drift report between the target (the real API) and its mock. Exit 1 on drift. */
async function drift(options: VerifyOptions, compare: string): Promise<void> {
  const colour = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
  const bar = process.stderr.isTTY === true;
  process.stdout.write(
    `ticketmock verify: ${options.api} at ${options.baseUrl} (real) compared with ${compare} (mock)\n`,
  );
  let result: Awaited<ReturnType<typeof runDrift>>;
  const done = { real: 0, mock: 0 };
  try {
    result = await runDrift({
      api: options.api,
      baseUrl: options.baseUrl,
      compareUrl: compare,
      credentials: options,
      compareCredentials: compareCredentials(options),
      mutating: options.mutating,
      strict: options.strict,
      seed: options.seed,
      runs: options.runs,
      burst: options.burst,
      timeoutMs: options.timeout,
      stateless: options.stateless,
      onResult(side, _item, count, total) {
        done[side] = count;
        if (bar) process.stderr.write(`\r\u001b[2K${progressBar(done.real + done.mock, 2 * total)}`);
      },
    });
  } catch (error) {
    throw usageErrorOf(error, bar);
  }
  await report(options, bar, formatDrift(result, { colour }), driftToJUnit(result), result);
  process.exitCode = result.summary.differences > 0 ? 1 : 0;
}

/** The run's failure, the progress bar cleared: a target nobody answers at is a usage error. */
function usageErrorOf(error: unknown, bar: boolean): unknown {
  if (bar) process.stderr.write('\r\u001b[2K');
  return error instanceof UnreachableError ? new VerifyUsageError(error.message) : error;
}

/** The closing lines on the console, and the JUnit and JSON files asked for. */
async function report(options: VerifyOptions, bar: boolean, closing: string, junit: string, result: unknown) {
  if (bar) process.stderr.write('\r\u001b[2K');
  process.stdout.write(`${closing}\n`);
  if (options.junit !== undefined) await write(options.junit, junit);
  if (options.json !== undefined) await write(options.json, `${JSON.stringify(result, null, 2)}\n`);
}

function count(name: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
    }
    return Number(value);
  };
}

function baseUrlOption(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('must be an http(s) URL, e.g. http://127.0.0.1:4010.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('must be an http(s) URL.');
  return value.replace(/\/+$/, '');
}

/** A flag that can also come from `TICKETMOCK_<FLAG>`. */
function option(flags: string, description: string, env: string): Option {
  return new Option(flags, description).env(`TICKETMOCK_${env}`);
}

async function write(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

async function verify(options: VerifyOptions): Promise<void> {
  if (options.compare !== undefined) return drift(options, options.compare);
  const colour = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
  const bar = process.stderr.isTTY === true;
  process.stdout.write(`ticketmock verify: ${options.api} at ${options.baseUrl}\n`);
  let result: Awaited<ReturnType<typeof runContract>>;
  try {
    result = await runContract({
      api: options.api,
      baseUrl: options.baseUrl,
      // the credential flags have the names of `Credentials`' fields
      credentials: options,
      mutating: options.mutating,
      strict: options.strict,
      seed: options.seed,
      runs: options.runs,
      burst: options.burst,
      timeoutMs: options.timeout,
      concurrency: options.concurrency,
      stateless: options.stateless,
      onResult(item, done, total) {
        if (bar) process.stderr.write('\r\u001b[2K');
        process.stdout.write(`${formatResult(item, { colour })}\n`);
        if (bar) process.stderr.write(progressBar(done, total));
      },
    });
  } catch (error) {
    throw usageErrorOf(error, bar);
  }
  await report(options, bar, formatEnd(result, { colour }), toJUnit(result), result);
  process.exitCode = result.summary.failed > 0 ? 1 : 0;
}

/** Sets up the `verify` subcommand on `command` (made with `.command('verify')`, so it inherits the program's settings). */
export function verifyCommand(command: Command): Command {
  return command
    .description('check a server (the vendor sandbox, ticketmock, Prism) against the specs; exit 1 on failures')
    .addOption(
      option('--api <api>', `${API_NAMES.join(', ')} or all`, 'API')
        .choices([...API_NAMES, 'all'])
        .default('all'),
    )
    .addOption(
      option('--base-url <url>', "the server's origin; each API's base path is added", 'BASE_URL')
        .argParser(baseUrlOption)
        .default('http://127.0.0.1:4010'),
    )
    .addOption(
      option(
        '--mutating',
        'also run the checks that write (they delete what they create); default: only against a ticketmock',
        'MUTATING',
      ),
    )
    .addOption(
      new Option('--read-only', 'only the checks that read, even against a ticketmock').implies({ mutating: false }),
    )
    .addOption(
      option(
        '--stateless',
        'the target keeps no state (a stateless mock): skip the stateful checks; otherwise they run unless the target is recognised as Prism',
        'STATELESS',
      ),
    )
    .addOption(option('--strict', 'a failed check that rests on an x-inferred item fails instead of warning', 'STRICT'))
    .addOption(option('--junit <file>', 'write a JUnit XML report', 'JUNIT'))
    .addOption(option('--json <file>', 'write the full result as JSON', 'JSON'))
    .addOption(
      option('--seed <n>', 'seed of the generated inputs: the same seed sends the same requests', 'SEED').argParser(
        count('--seed', 0, 2 ** 31 - 1),
      ),
    )
    .addOption(
      option('--runs <n>', 'generated inputs per property (default 20)', 'RUNS').argParser(count('--runs', 1, 10_000)),
    )
    .addOption(
      option(
        '--burst <n>',
        'look for the documented 429 with up to n rapid, refused requests per operation',
        'BURST',
      ).argParser(count('--burst', 0, 100_000)),
    )
    .addOption(
      option('--timeout <ms>', 'per request (default 10000)', 'TIMEOUT').argParser(count('--timeout', 1, 600_000)),
    )
    .addOption(
      option('--concurrency <n>', 'checks at once (default 4)', 'CONCURRENCY').argParser(count('--concurrency', 1, 64)),
    )
    .addOption(option('--token <token>', 'Octopus API key or Auvious bearer token', 'TOKEN'))
    .addOption(option('--client-id <id>', 'Auvious client id', 'CLIENT_ID'))
    .addOption(option('--client-secret <secret>', 'Auvious client secret', 'CLIENT_SECRET'))
    .addOption(option('--email <email>', 'Adminserver login', 'EMAIL'))
    .addOption(option('--password <password>', 'Adminserver password', 'PASSWORD'))
    .addOption(option('--location <id>', 'Octopus Location the key is granted', 'LOCATION'))
    .addOption(option('--network <id>', 'Adminserver network the user manages', 'NETWORK'))
    .addOption(option('--other-token <token>', "a second tenant's credential, for the isolation checks", 'OTHER_TOKEN'))
    .addOption(
      option(
        '--compare <url>',
        'the drift report: run the same plan against this mock too, and report where it answers otherwise than --base-url (exit 1 on drift)',
        'COMPARE',
      ).argParser(baseUrlOption),
    )
    .addOption(option('--compare-token <token>', "the mock's Octopus API key or Auvious bearer token", 'COMPARE_TOKEN'))
    .addOption(option('--compare-client-id <id>', "the mock's Auvious client id", 'COMPARE_CLIENT_ID'))
    .addOption(option('--compare-client-secret <secret>', "the mock's Auvious client secret", 'COMPARE_CLIENT_SECRET'))
    .addOption(option('--compare-email <email>', "the mock's Adminserver login", 'COMPARE_EMAIL'))
    .addOption(option('--compare-password <password>', "the mock's Adminserver password", 'COMPARE_PASSWORD'))
    .addOption(option('--compare-location <id>', "the mock's Octopus Location", 'COMPARE_LOCATION'))
    .addOption(option('--compare-network <id>', "the mock's Adminserver network", 'COMPARE_NETWORK'))
    .addOption(option('--compare-other-token <token>', "the mock's second tenant", 'COMPARE_OTHER_TOKEN'))
    .action((options: VerifyOptions) => verify(options));
}
