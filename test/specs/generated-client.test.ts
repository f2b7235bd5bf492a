/**
 * The specs as other people's tools read them (issue 13, item 5): @hey-api/openapi-ts, a widely
 * used generator, makes a typed fetch client of each spec; a small scenario per API
 * (test/specs/generated-client/*.scenario.ts) must type-check against it with the project's
 * TypeScript and compiler options, then run against the standalone server as users start it.
 * A spec defect that makes a generator lose a type (Auvious's create answer typed `unknown`
 * by a bodiless 201 beside `200: Ticket`) fails here, not in a user's build.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient } from '@hey-api/openapi-ts';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_NAMES, type ApiName } from '../../src/apis.ts';
import { loadSpec, packageRoot } from '../../src/server/specs.ts';
import { valueAt } from '../../src/spec/openapi.ts';
import { type BuiltServer, startBuiltServer } from '../robustness/built-server.ts';

const scenarios = join(packageRoot, 'test', 'specs', 'generated-client');
/** The control: Auvious with its create's 201 made bodiless again, which must fail the type-check. */
const UNTYPED = 'auvious-untyped';

/** Generates a fetch client (client, types, SDK functions) of `spec` into `dir/name/`. */
async function generate(dir: string, name: string, spec: unknown): Promise<void> {
  await createClient({
    // The parsed document, not a path or URL: nothing is read or fetched on the generator's side.
    input: spec as Record<string, unknown>,
    output: { path: join(dir, name), importFileExtension: '.ts', tsConfigPath: null },
    plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
    logs: { level: 'silent', file: false },
  });
}

/** Copies `<api>.scenario.ts` beside the generated clients, importing from `./<client>/` instead. */
function placeScenario(dir: string, api: ApiName, client: string = api): void {
  const source = readFileSync(join(scenarios, `${api}.scenario.ts`), 'utf8');
  writeFileSync(join(dir, `${client}.scenario.ts`), source.replaceAll(`'./${api}/`, `'./${client}/`));
}

/**
 * Type-checks the scenarios (and through them the generated clients) with tsconfig.json's own
 * compiler options, less the Node types (a generated fetch client needs only the DOM's) and
 * exactOptionalPropertyTypes.
 * Answers each file's diagnostics, keyed by its path inside `dir`.
 */
function typeCheck(dir: string, roots: readonly string[]): Map<string, string[]> {
  const config = ts.readConfigFile(join(packageRoot, 'tsconfig.json'), ts.sys.readFile);
  if (config.error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const { options } = ts.parseJsonConfigFileContent({ compilerOptions: config.config.compilerOptions }, ts.sys, dir);
  const program = ts.createProgram(
    roots.map((root) => join(dir, root)),
    // The generator's own client runtime (client/, core/) is not written for
    // exactOptionalPropertyTypes (it passes `x: T | undefined` where `x?: T` is declared: some
    // 40 errors, none from a spec); STYLE.md keeps that option only where it does not fight
    // generated code, so it is the one option left out here.
    { ...options, types: [], noEmit: true, exactOptionalPropertyTypes: false },
  );
  const found = new Map<string, string[]>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const file = diagnostic.file === undefined ? '(program)' : relative(dir, diagnostic.file.fileName);
    const line =
      diagnostic.file === undefined || diagnostic.start === undefined
        ? ''
        : `:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1}`;
    found.set(file, [...(found.get(file) ?? []), `${file}${line} TS${diagnostic.code}: ${text}`]);
  }
  return found;
}

/** The global fetch, refusing anything but the loopback server this test started. */
function loopbackFetch(real: typeof fetch): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname !== '127.0.0.1') return Promise.reject(new Error(`not the local server: ${url.href}`));
    return real(input, init);
  };
}

/** Generates the three clients and the control into `dir`, with no network for the generator. */
async function generateAll(dir: string): Promise<void> {
  vi.stubGlobal('fetch', () => Promise.reject(new Error('the generator tried to use the network')));
  try {
    for (const api of API_NAMES) await generate(dir, api, loadSpec(api));
    // The defect as it was: create's 201 documented without a body beside `200: Ticket`.
    const untyped = loadSpec('auvious');
    const create = valueAt(untyped, '/paths/~1security~1ticket/post/responses') as Record<string, unknown>;
    create['201'] = { description: 'Created' };
    await generate(dir, UNTYPED, untyped);
  } finally {
    vi.unstubAllGlobals();
  }
}

describe('a typed fetch client generated from each spec by @hey-api/openapi-ts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ticketmock-generated-client-'));
  // Started at once, beside the generator; awaited by the tests that run the scenarios.
  let server: Promise<BuiltServer> | undefined;
  let diagnostics = new Map<string, string[]>();

  beforeAll(async () => {
    server = startBuiltServer();
    server.catch(() => undefined); // its failure is reported where it is awaited
    await generateAll(dir);
    // ES modules, as tsconfig.json's NodeNext reads a folder whose package.json says so.
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    for (const api of API_NAMES) placeScenario(dir, api);
    placeScenario(dir, 'auvious', UNTYPED);
    diagnostics = typeCheck(
      dir,
      [...API_NAMES, UNTYPED].map((name) => `${name}.scenario.ts`),
    );
  });

  afterAll(async () => {
    await server?.then((started) => started.stop()).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('type-checks the three clients and scenarios with the project’s compiler options', () => {
    const errors = [...diagnostics]
      .filter(([file]) => file !== `${UNTYPED}.scenario.ts` && !file.startsWith(`${UNTYPED}${sep}`))
      .flatMap(([, lines]) => lines);
    expect(errors).toEqual([]);
  });

  it('fails the Auvious scenario when create’s 201 has no body (its answer typed unknown)', () => {
    const errors = diagnostics.get(`${UNTYPED}.scenario.ts`) ?? [];
    // 18046: 'created.data' is of type 'unknown'; 2322: the Equal<…, Ticket> check does not hold.
    expect(errors.some((line) => line.includes('TS18046'))).toBe(true);
    expect(errors.some((line) => line.includes('TS2322'))).toBe(true);
  });

  /** Runs `<api>.scenario.ts` from the temporary folder against the standalone server. */
  async function run<T>(api: ApiName, base: (url: string) => string): Promise<T> {
    if (server === undefined) throw new Error('the standalone server was not started');
    const { url } = await server;
    const module = (await import(pathToFileURL(join(dir, `${api}.scenario.ts`)).href)) as {
      scenario: (baseUrl: string, fetchImpl: typeof fetch) => Promise<T>;
    };
    return module.scenario(base(url), loopbackFetch(fetch));
  }

  it('Auvious: creates a ticket with the demo token and reads it back', async () => {
    const seen = await run<Record<string, unknown>>('auvious', (url) => url);
    expect(seen).toEqual({
      createStatus: 200,
      createdId: expect.stringMatching(/^[a-z0-9]{3}-[a-z0-9]{3}$/),
      readStatus: 200,
      readId: seen.createdId,
      readType: 'MULTI_USE_TICKET',
    });
  });

  it('Octopus: lists the services of 28XXX004 and issues a ticket on the first', async () => {
    const seen = await run<Record<string, unknown>>('octopus', (url) => `${url}/rest/v1`);
    expect(seen).toMatchObject({ servicesStatus: 200, createStatus: 200 });
    expect(seen.serviceCount).toBeGreaterThan(0);
    expect(seen.ticket).toEqual({ LocationId: '28XXX004', serviceId: seen.firstServiceId });
  });

  it('Adminserver: logs in as the demo admin and lists the purchasable tickets', async () => {
    const seen = await run<Record<string, unknown>>('adminserver', (url) => url);
    expect(seen).toMatchObject({ loginStatus: 200, preferredNetworkId: 'demo-network', ticketsStatus: 200 });
    expect(seen.ticketCount).toBeGreaterThan(0);
  });
});
