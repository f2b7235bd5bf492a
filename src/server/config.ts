/**
 * `ticketmock.config.json` (issue 17, part 5): defaults a team commits for `serve`,
 * `verify` and `coverage`, one section each, each key a flag of that command in camelCase
 * (`--rate-limit` → `rateLimit`) whose value the flag's own parser reads (a list is an
 * array, `delay` a number or `"50-500"`). Found in the working directory, or named with
 * `--config <file>`; checked at start against the JSON Schema the package publishes
 * (`schema/ticketmock.config.schema.json`, `ticketmock/config.schema.json`): a bad file
 * exits 2 with the JSON pointer and what is wrong. A flag on the command line and a
 * `TICKETMOCK_*` variable win over the file; the file wins over the flags' defaults. It
 * holds no secrets: `serve.controlTokenEnv` names the variable holding the control token.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { type Command, InvalidArgumentError, type Option } from 'commander';
import { UsageError } from './arguments.js';
import { packageRoot } from './specs.js';

/** The file looked up in the working directory when `--config` is not given. */
export const CONFIG_NAME = 'ticketmock.config.json';

/** The published schema of the file. */
export const CONFIG_SCHEMA_PATH = join(packageRoot, 'schema', 'ticketmock.config.schema.json');

/** The commands that read a section of the file. */
export const CONFIGURED_COMMANDS = ['serve', 'verify', 'coverage'] as const;
type ConfiguredCommand = (typeof CONFIGURED_COMMANDS)[number];

/** The keys whose value is a path: relative to the file, not to where the command runs. */
const PATH_KEYS: ReadonlySet<string> = new Set(['state', 'faults', 'import', 'junit', 'json']);

type Section = Readonly<Record<string, unknown>>;

export interface LoadedConfig {
  /** The file's absolute path. */
  readonly path: string;
  readonly sections: Readonly<Partial<Record<ConfiguredCommand, Section>>>;
}

let validator: ReturnType<Ajv2020['compile']> | undefined;

async function validate(value: unknown): Promise<ErrorObject[]> {
  if (validator === undefined) {
    const schema = JSON.parse(await readFile(CONFIG_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
    validator = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
  }
  return validator(value) ? [] : (validator.errors ?? []);
}

/** One line per problem, at its JSON pointer; the branches of a choice (`if`, `oneOf`) add nothing a reader can act on. */
function describe(errors: readonly ErrorObject[]): string[] {
  const lines = errors
    .filter((error) => error.keyword !== 'if' && error.keyword !== 'oneOf')
    .map((error) => {
      const params = error.params as { additionalProperty?: string; allowedValues?: unknown[] };
      if (error.keyword === 'additionalProperties')
        return `${error.instancePath}/${params.additionalProperty}: unknown key`;
      const what =
        error.keyword === 'enum' ? `must be one of ${params.allowedValues?.join(', ')}` : (error.message ?? 'invalid');
      return `${error.instancePath === '' ? '/' : error.instancePath}: ${what}`;
    });
  return [...new Set(lines)];
}

/**
 * The config file: `explicit` (`--config`, relative to `cwd`), else `ticketmock.config.json`
 * in `cwd` if there is one. Throws a {@link UsageError} naming the file for one that cannot
 * be read, is not JSON, or breaks the schema.
 */
export async function loadConfig(explicit: string | undefined, cwd: string): Promise<LoadedConfig | undefined> {
  const path = resolve(cwd, explicit ?? CONFIG_NAME);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (explicit === undefined && code === 'ENOENT') return undefined;
    throw new UsageError(`${path}: cannot read the config file (${code ?? message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path}: not JSON (${(error as Error).message.replace(/\s+/g, ' ')})`);
  }
  const problems = describe(await validate(json));
  if (problems.length > 0) throw new UsageError(problems.map((problem) => `${path}: ${problem}`).join('\n'));
  return { path, sections: json as LoadedConfig['sections'] };
}

/** What the flag's parser makes of the value, as if it had been typed: a list joined with commas. */
function parsed(option: Option, value: unknown, where: string): unknown {
  if (option.parseArg === undefined || typeof value === 'boolean') return value;
  if (typeof value === 'object' && !Array.isArray(value)) return value;
  const text = Array.isArray(value) ? value.join(',') : String(value);
  try {
    return option.parseArg(text, undefined);
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw new UsageError(`${where}: ${error.message}`);
    throw error;
  }
}

/** `serve.controlTokenEnv`: the token from the variable it names, unless a flag or TICKETMOCK_CONTROL_TOKEN gives one. */
function tokenFrom(command: Command, variable: string, where: string): void {
  if (command.getOptionValueSource('controlToken') === 'cli') return;
  if ((process.env.TICKETMOCK_CONTROL_TOKEN ?? '') !== '') return;
  const token = process.env[variable] ?? '';
  if (token === '') throw new UsageError(`${where}: ${variable} is not set (the control token must come from it)`);
  command.setOptionValueWithSource('controlToken', token, 'config');
}

/** Sets `command`'s options from its section of the file, where neither a flag nor a variable set them. */
export function applyConfig(loaded: LoadedConfig, command: Command): void {
  const name = command.name() as ConfiguredCommand;
  for (const [key, value] of Object.entries(loaded.sections[name] ?? {})) {
    const where = `${loaded.path}: /${name}/${key}`;
    if (key === 'controlTokenEnv') {
      tokenFrom(command, String(value), where);
      continue;
    }
    const option = command.options.find((candidate) => candidate.attributeName() === key);
    // the schema and the flags disagree: a bug (a test holds every key of the schema to a flag)
    if (option === undefined) throw new Error(`${name} has no flag for the config key ${key}`);
    const source = command.getOptionValueSource(key);
    if (source !== undefined && source !== 'default') continue;
    const local = PATH_KEYS.has(key) && typeof value === 'string' && value !== '-';
    command.setOptionValueWithSource(
      key,
      local ? resolve(dirname(loaded.path), value) : parsed(option, value, where),
      'config',
    );
  }
}

/**
 * Adds `--config <file>` to `program` and, before `serve`, `verify` or `coverage` runs,
 * sets its options from the file. `cwd`: where `ticketmock.config.json` is looked up.
 */
export function useConfig(program: Command, cwd: () => string = () => process.cwd()): Command {
  return program
    .option('--config <file>', `defaults for serve, verify and coverage (default: ./${CONFIG_NAME} if there is one)`)
    .hook('preAction', async (root, action) => {
      if (!(CONFIGURED_COMMANDS as readonly string[]).includes(action.name())) return;
      const loaded = await loadConfig((root.opts() as { config?: string }).config, cwd());
      if (loaded !== undefined) applyConfig(loaded, action);
    });
}
