/**
 * Nothing compiles at run time (issue 14): the engine's validators are Ajv's code written by
 * `npm run generate`, so the mocks need neither `new Function` nor `eval` and run under a
 * strict Content-Security-Policy. The built package runs in a child process whose `eval`,
 * `Function` and `Function.prototype.constructor` throw: `createMocks` for all three APIs,
 * one request per operation (credentials, empty bodies: every parameter and body validator
 * and the response check on every answer), a fault configuration, and every validator of
 * every operation table called directly. The same child against a validator compiled at
 * run time fails, so the trap is known to catch Ajv's compiler.
 *
 * `ticketmock serve` runs under the same trap: its `node:http` adapter compiles nothing either
 * (the Fastify adapter before it built router functions with `new Function`, decision 024).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/server/specs.ts';

const run = promisify(execFile);
const folder = mkdtempSync(join(tmpdir(), 'ticketmock-no-eval-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A module to preload: `eval` and `Function` throw (for every call, or for Ajv validators only). */
function trap(onlyValidators: boolean): string {
  const file = join(folder, onlyValidators ? 'trap-validators.mjs' : 'trap-all.mjs');
  writeFileSync(
    file,
    `const Original = Function;
const refused = (what, args) => ${onlyValidators ? "args.some((arg) => String(arg).includes('vErrors'))" : 'true'};
const guard = (what) => (args, run) => {
  if (refused(what, args)) throw new Error(\`\${what} called at run time: \${String(args.at(-1)).slice(0, 80)}\`);
  return run();
};
const constructing = guard('new Function');
const trapped = new Proxy(Original, {
  construct: (target, args) => constructing(args, () => Reflect.construct(target, args)),
  apply: (target, self, args) => constructing(args, () => Reflect.apply(target, self, args)),
});
globalThis.Function = trapped;
Object.defineProperty(Original.prototype, 'constructor', { value: trapped, writable: true, configurable: true });
const originalEval = globalThis.eval;
globalThis.eval = (code) => guard('eval')([code], () => originalEval(code));
`,
  );
  return pathToFileURL(file).href;
}

const dist = (path: string) => pathToFileURL(join(packageRoot, 'dist', path)).href;

/** What the child runs: the built package as a user's test or page loads it. */
const CHILD = `
const { createMocks } = await import(${JSON.stringify(dist('lib/index.js'))});
const { modulesFor } = await import(${JSON.stringify(dist('handlers/index.js'))});
const { buildOperationTable } = await import(${JSON.stringify(dist('core/operation-table.js'))});
const { precompiledValidators } = await import(${JSON.stringify(dist('core/precompiled.js'))});
const { getResponse } = await import('msw');
const mocks = await createMocks({ apis: ['octopus', 'auvious', 'adminserver'] });
const call = async (method, path, headers = {}, body) => {
  const response = await getResponse(mocks.handlers, new Request('http://localhost' + path, { method, headers, body }));
  return { status: response?.status, text: await response?.text() };
};
const login = await call('POST', '/auth/login', { 'content-type': 'application/json' },
  JSON.stringify({ email: 'admin@demo.test', password: 'demo-password' }));
const sessionId = JSON.parse(login.text).data?.sessionId ?? JSON.parse(login.text).sessionId;
const credentials = {
  octopus: { authorization: 'Bearer octopus-demo-key' },
  auvious: { authorization: 'Bearer auvious-demo-token' },
  adminserver: { 'x-session-id': String(sessionId) },
};
const statuses = {};
let validators = 0;
for (const module of modulesFor(['octopus', 'auvious', 'adminserver'])) {
  const base = { octopus: '/rest/v1', auvious: '', adminserver: '' }[module.name];
  // logging out ends the session the other calls use: last
  const last = (entry) => Number(entry.operationId.includes('logout'));
  for (const entry of [...module.outline.operations].sort((a, b) => last(a) - last(b))) {
    const path = base + entry.path.replace(/\\{[^}]+\\}/g, '28XXX004');
    const body = entry.body === undefined ? undefined : '{}';
    const headers = { ...credentials[module.name], ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
    const answer = await call(entry.method.toUpperCase(), path, headers, body);
    statuses[module.name + '.' + entry.operationId] = answer.status;
  }
  const table = buildOperationTable(module.outline, precompiledValidators(module.validators, module.name));
  for (const operation of table.operations) {
    const all = [
      ...Object.values(operation.paramValidators),
      ...(operation.body?.media.values() ?? []),
      ...[...operation.responses.values()].flatMap((media) => [...(media?.values() ?? [])]),
    ];
    for (const validate of all) {
      validate({});
      validate('text');
      validators += 1;
    }
  }
}
const faults = await call('PUT', '/__mock/faults', { 'content-type': 'application/json' }, JSON.stringify({ latencyMs: 'x' }));
const { createRequire } = await import('node:module');
const ajvLoaded = Object.keys(createRequire(import.meta.url).cache)
  .filter((file) => /node_modules[\\/]ajv[\\/]/.test(file))
  .map((file) => file.replace(/.*node_modules[\\/]/, '').replaceAll('\\\\', '/'));
process.stdout.write(JSON.stringify({ login: login.status, statuses, validators, faults, ajvLoaded }));
`;

async function child(script: string, preload: string): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', preload, '--input-type=module', '-e', script], {
      cwd: packageRoot,
    });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout, err: failed.stderr };
  }
}

describe('the built mocks run with eval and new Function refused', () => {
  it('createMocks for all three APIs, a request per operation, faults, and every validator', async () => {
    const result = await child(CHILD, trap(false));
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out) as {
      login: number;
      statuses: Record<string, number>;
      validators: number;
      faults: { status: number; text: string };
      ajvLoaded: string[];
    };
    // of Ajv, only the helpers its generated code calls: its compiler is never loaded
    expect(report.ajvLoaded.sort()).toEqual(['ajv/dist/runtime/equal.js', 'ajv/dist/runtime/ucs2length.js']);
    expect(report.login).toBe(200);
    const statuses = Object.values(report.statuses);
    expect(statuses.length).toBeGreaterThanOrEqual(15);
    // every operation was answered by the mock (no 500 from a refused compile)
    expect(statuses.filter((status) => status === undefined || status >= 500)).toEqual([]);
    // the body and parameter validators spoke: an empty body or an unknown id is refused with a reason
    expect(statuses.filter((status) => status === 400).length).toBeGreaterThan(3);
    // past authentication: the credentials were taken (the token call has none of its own)
    expect(Object.entries(report.statuses).filter(([, status]) => status === 401)).toEqual([['auvious.getToken', 401]]);
    expect(report.validators).toBeGreaterThan(100);
    expect(report.faults).toEqual({ status: 400, text: expect.stringContaining('faults/latencyMs: must be number') });
  });

  it('the trap catches a validator compiled at run time (Ajv, as the engine compiled before)', async () => {
    const compiling = `
const { createSpecSchemas } = await import(${JSON.stringify(dist('spec/schemas.js'))});
const { auviousDocument } = await import(${JSON.stringify(dist('generated/auvious.document.js'))});
createSpecSchemas(auviousDocument, 'auvious').validator('/components/schemas/Ticket')({});
`;
    for (const onlyValidators of [false, true]) {
      const result = await child(compiling, trap(onlyValidators));
      expect(result.code).not.toBe(0);
      expect(result.err).toMatch(/new Function called at run time/);
    }
  });
});

describe('ticketmock serve compiles nothing', () => {
  it('starts all three APIs and answers, with eval and new Function refused', async () => {
    const server: ChildProcess = spawn(
      process.execPath,
      ['--import', trap(false), 'dist/server/cli.js', 'serve', '--port', '0', '--quiet'],
      { cwd: packageRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    server.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    server.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
          if (found !== undefined) {
            clearInterval(timer);
            resolve(found);
          }
        }, 20);
        server.once('exit', (code) => {
          clearInterval(timer);
          reject(new Error(`serve exited with ${code}: ${err}`));
        });
      });
      const answers = await Promise.all([
        fetch(`${url}/rest/v1/Location/28XXX004/services`, { headers: { authorization: 'Bearer octopus-demo-key' } }),
        fetch(`${url}/security/ticket`, {
          method: 'POST',
          headers: { authorization: 'Bearer auvious-demo-token', 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'nope' }),
        }),
        fetch(`${url}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'admin@demo.test', password: 'demo-password' }),
        }),
      ]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 400, 200]);
      expect(err).toBe('');
    } finally {
      server.kill('SIGTERM');
    }
  });
});
