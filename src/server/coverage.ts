/**
 * `ticketmock coverage <journal.json|file.har|folder>…` (DESIGN.md, "Fixed interfaces, second
 * round"): which operations × documented statuses, and which faults, the recordings a test
 * run left actually exercised, merged; a folder stands for its `.json` and `.har` files. A table on the console; `--json` and `--junit` write
 * the same to a file (`-`: to stdout, instead of the table). Exit 0, 1 below `--min`, 2 on
 * bad usage (a file that cannot be read, or is no journal or HAR file).
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import type { ApiName } from '../apis.js';
import { formatConsumerCoverage } from '../contract/consumer/console.js';
import { coverageOfSightings } from '../contract/consumer/coverage.js';
import { readRecording } from '../contract/consumer/input.js';
import { consumerCoverageToJUnit } from '../contract/consumer/junit.js';
import type { Sighting } from '../contract/consumer/types.js';
import { apisOption, UsageError } from './arguments.js';

interface CoverageOptions {
  readonly api?: ApiName[];
  readonly min?: number;
  readonly json?: string;
  readonly junit?: string;
}

function percentOption(value: string): number {
  if (!/^\d{1,3}(\.\d+)?$/.test(value) || Number(value) > 100) {
    throw new InvalidArgumentError('must be a percentage from 0 to 100, e.g. 80 or 62.5.');
  }
  return Number(value);
}

/**
 * The files the arguments name: a file as given; a folder (a `journalDir` the test runners
 * wrote), its `.json` and `.har` files by name, not below; a folder with none is a usage
 * error, as it means the tests wrote nothing where coverage was told to look.
 */
async function recordingFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const isFolder = await stat(path).then(
      (found) => found.isDirectory(),
      () => false, // a path that cannot be read is reported as a file, with its reason
    );
    if (!isFolder) {
      files.push(path);
      continue;
    }
    const entries = await readdir(path, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`${path}: cannot read the folder (${error.code ?? error.message})`);
    });
    const inside = entries
      .filter((entry) => entry.isFile() && /\.(json|har)$/i.test(entry.name))
      .map((entry) => entry.name)
      .sort();
    if (inside.length === 0) throw new UsageError(`${path}: a folder without a .json or .har file`);
    files.push(...inside.map((name) => join(path, name)));
  }
  return files;
}

/** The requests one file holds; a file that is unreadable, not JSON, or neither a journal nor a HAR file is a usage error. */
async function sightingsIn(file: string): Promise<Sighting[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new UsageError(`${file}: cannot read it (${code ?? message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not JSON (${(error as Error).message.replace(/\s+/g, ' ')})`);
  }
  const read = readRecording(json);
  if (!read.ok) throw new UsageError(`${file}: ${read.error}`);
  return read.value;
}

async function output(target: string, text: string): Promise<void> {
  if (target === '-') {
    process.stdout.write(text);
    return;
  }
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, text);
}

async function coverage(paths: string[], options: CoverageOptions): Promise<void> {
  if (options.json === '-' && options.junit === '-') throw new UsageError('--json - and --junit - both ask for stdout');
  const files = await recordingFiles(paths);
  const sightings: Sighting[] = [];
  for (const file of files) sightings.push(...(await sightingsIn(file)));
  const result = coverageOfSightings(sightings, {
    ...(options.api === undefined ? {} : { apis: options.api }),
    ...(options.min === undefined ? {} : { min: options.min }),
  });
  if (options.json !== '-' && options.junit !== '-') {
    const colour = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
    const count = `${files.length} recording${files.length === 1 ? '' : 's'}`;
    process.stdout.write(`ticketmock coverage: ${count}, ${sightings.length} requests\n`);
    process.stdout.write(`${formatConsumerCoverage(result, { colour })}\n`);
  }
  if (options.json !== undefined) await output(options.json, `${JSON.stringify(result, null, 2)}\n`);
  if (options.junit !== undefined) await output(options.junit, consumerCoverageToJUnit(result));
  process.exitCode = result.meetsMin ? 0 : 1;
}

/** Sets up the `coverage` subcommand on `command` (made with `.command('coverage')`). */
export function coverageCommand(command: Command): Command {
  return command
    .description(
      "which operations × documented statuses (and faults) a test run's journals or HAR files show; exit 1 below --min",
    )
    .argument(
      '<files...>',
      'journals (GET /__mock/journal, mocks.control.journal() as JSON) or HAR 1.2 files, merged; a folder: its .json and .har files',
    )
    .option(
      '--api <names>',
      'a comma-separated subset of octopus,auvious,adminserver to hold to account (default: those the files reach)',
      apisOption,
    )
    .option('--min <percent>', 'exit 1 when fewer of the documented statuses were seen', percentOption)
    .option('--json <file>', 'write the coverage as JSON (-: to stdout, instead of the table)')
    .option(
      '--junit <file>',
      'write JUnit XML: failed below --min, a skipped testcase per status never seen (-: stdout)',
    )
    .action((files: string[], options: CoverageOptions) => coverage(files, options));
}
