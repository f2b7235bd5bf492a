/**
 * The proof of issue 21: a fourth API (and a fifth) moves in from outside src/. The toy
 * Helpdesk API (`/api/v2/tickets/{ticket_id}.json`) and the toy Statuspage API share the
 * prefix `/api/v2`; both live under test/toy/ (spec, generated types, fixtures, handlers,
 * contract) and run beside Octopus through both adapters (msw `setupServer`, the
 * standalone server on port 0) and through `runContract`, with nothing in src/ naming them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContractResult, runContract } from '../../src/contract/index.ts';
import { type AnyApiModule, defineApi, errorAnswer } from '../../src/core/api-module.ts';
import { createClock } from '../../src/core/clock.ts';
import { Engine } from '../../src/core/engine.ts';
import { OCTOPUS_DEMO } from '../../src/fixtures/demo.ts';
import { modulesFor } from '../../src/handlers/index.ts';
import { createMocks } from '../../src/mocks.ts';
import { startServer } from '../../src/server/server.ts';
import { mswFetch } from '../helpers/contract.ts';
import { T0 } from '../helpers/targets.ts';
import { helpdeskContract } from './contract/helpdesk.ts';
import { HELPDESK_DEMO } from './fixtures/helpdesk.ts';
import { TOY_NAMES, toyTypes } from './generate.ts';
import { helpdesk } from './handlers/helpdesk/index.ts';
import { statuspage } from './handlers/statuspage/index.ts';
import { specOf } from './spec.ts';

const TOYS: readonly AnyApiModule[] = [helpdesk, statuspage];
const demo = { authorization: `Bearer ${HELPDESK_DEMO.token}` };
const other = { authorization: `Bearer ${HELPDESK_DEMO.otherToken}` };

interface Running {
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  close(): Promise<void>;
}

/** Both adapters, each with Octopus and the two toys mounted, the clock at T0. */
const ADAPTERS: Record<string, () => Promise<Running>> = {
  async 'msw setupServer'() {
    const mocks = await createMocks({ apis: ['octopus'], modules: TOYS, seed: 3, clock: createClock({ now: T0 }) });
    const server = setupServer(...mocks.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    return {
      baseUrl: 'http://helpdesk.test',
      fetch: (input, init) => fetch(input, init),
      close: async () => server.close(),
    };
  },
  async 'standalone server'() {
    const engine = await Engine.create({
      apis: [...modulesFor(['octopus']), ...TOYS],
      seed: 3,
      clock: createClock({ now: T0 }),
    });
    const server = await startServer({ engine, port: 0 });
    return { baseUrl: server.url, fetch: (input, init) => fetch(input, init), close: () => server.close() };
  },
};

describe.each(Object.keys(ADAPTERS))('through the %s', (adapter) => {
  let running: Running;
  const call = async (method: string, path: string, headers: Record<string, string> = {}, json?: unknown) => {
    const response = await running.fetch(`${running.baseUrl}${path}`, {
      method,
      headers: json === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      redirect: 'manual',
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text === '' ? undefined : JSON.parse(text) };
  };

  beforeAll(async () => {
    running = await (ADAPTERS[adapter] as () => Promise<Running>)();
  });
  afterAll(async () => {
    await running?.close();
  });

  it('routes a parameter with a literal after it, and keeps the parameter typed by the spec', async () => {
    const listed = await call('GET', '/api/v2/tickets.json', demo);
    expect(listed.status).toBe(200);
    expect(listed.json.count).toBe(4);
    const first = listed.json.tickets[0];
    expect(await call('GET', `/api/v2/tickets/${first.id}.json`, demo)).toMatchObject({
      status: 200,
      json: { ticket: first },
    });
    expect(await call('GET', '/api/v2/tickets/abc.json', demo)).toMatchObject({
      status: 400,
      json: { error: 'InvalidRequest' },
    });
    expect(await call('GET', '/api/v2/tickets/99.json', demo)).toMatchObject({
      status: 404,
      json: { error: 'RecordNotFound', description: 'ticket 99 not found' },
    });
  });

  it('keeps state across calls, per account', async () => {
    const created = await call('POST', '/api/v2/tickets.json', demo, { ticket: { subject: ' Door stuck ' } });
    expect(created).toMatchObject({ status: 201, json: { ticket: { subject: 'Door stuck', status: 'new' } } });
    const id = created.json.ticket.id;
    expect(created.headers.get('location')).toBe(`/api/v2/tickets/${id}.json`);
    expect((await call('GET', `/api/v2/tickets/${id}.json`, other)).status).toBe(404);
    expect((await call('DELETE', `/api/v2/tickets/${id}.json`, demo)).status).toBe(204);
    expect((await call('GET', `/api/v2/tickets/${id}.json`, demo)).status).toBe(404);
    expect(await call('POST', '/api/v2/tickets.json', demo, { ticket: { subject: '   ' } })).toMatchObject({
      status: 422,
      json: { error: 'RecordInvalid', description: 'subject: cannot be blank' },
    });
  });

  it('answers each API in its own error shape under the shared prefix', async () => {
    expect(await call('GET', '/api/v2/tickets.json')).toMatchObject({
      status: 401,
      json: { error: "Couldn't authenticate you" },
    });
    expect(await call('GET', '/api/v2/status.json')).toMatchObject({
      status: 200,
      json: { status: { indicator: 'none' } },
    });
    const wrongMethod = await call('POST', '/api/v2/status.json');
    expect(wrongMethod).toMatchObject({ status: 405, json: { message: 'POST is not allowed on /api/v2/status.json' } });
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD');
    const head = await running.fetch(`${running.baseUrl}/api/v2/tickets/1.json`, { method: 'HEAD', headers: demo });
    expect([head.status, await head.text()]).toEqual([200, '']);
    // a path neither routes: the API mounted first under the prefix answers it
    expect(await call('GET', '/api/v2/nothing.json', demo)).toMatchObject({
      status: 404,
      json: { error: 'RecordNotFound' },
    });
  });

  it('still answers the shipped APIs beside the toys', async () => {
    const services = await call('GET', `/rest/v1/Location/${OCTOPUS_DEMO.location}/services`, {
      authorization: `Bearer ${OCTOPUS_DEMO.key}`,
    });
    expect(services.status).toBe(200);
    expect((await call('GET', '/__mock/state')).json.apis).toHaveProperty('helpdesk.tickets');
  });
});

describe('createMocks with modules of ones own', () => {
  it("hands out the toy's tables as @msw/data collections, and the answers follow them", async () => {
    const mocks = await createMocks({ apis: [], modules: [helpdesk], clock: createClock({ now: T0 }) });
    const db = mocks.db as unknown as Record<string, Record<string, { count(): number }>>;
    expect(db.helpdesk?.tickets?.count()).toBe(5);
    expect(mocks.engine.apiNames).toEqual(['helpdesk']);
  });
});

describe('an API whose paths start with a variable', () => {
  /** `/{tenant}/ping` at the root of the origin: the msw adapter cannot tell its paths by a first segment. */
  const tenanted = defineApi<Record<string, never>, null>({
    name: 'tenanted',
    ...specOf(
      {
        openapi: '3.1.0',
        info: { title: 'tenanted', version: '1' },
        paths: {
          '/{tenant}/ping': {
            get: {
              operationId: 'ping',
              parameters: [
                { name: 'tenant', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z]+$' } },
              ],
              responses: {
                '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } },
                '400': { description: 'Bad', content: { 'application/json': { schema: { type: 'object' } } } },
              },
            },
          },
        },
      },
      'tenanted',
    ),
    error: (status, message) => errorAnswer({ status, json: { message } }),
    createState: async () => ({}),
    exportState: () => ({}),
    importState: async () => ({}),
    authenticate: () => ({ ok: true, value: null }),
    operations: {
      ping: ({ input }: { input: { path: { tenant: string } } }) => ({
        status: 200,
        json: { tenant: input.path.tenant },
      }),
    } as unknown as AnyApiModule['operations'],
  });

  it('is answered through msw on any path of the origin, and a path it does not route is the engine 404', async () => {
    const mocks = await createMocks({ apis: ['octopus'], modules: [tenanted] });
    const fetch = mswFetch(mocks.handlers);
    const answer = async (path: string) => {
      const response = await fetch(`http://tenanted.test${path}`);
      return [response.status, await response.json()];
    };
    expect(await answer('/acme/ping')).toEqual([200, { tenant: 'acme' }]);
    expect(await answer('/ACME/ping')).toEqual([400, { message: expect.stringContaining('tenant') }]);
    expect(await answer('/nothing')).toEqual([404, { error: { code: 404, message: 'no API answers /nothing' } }]);
    // Octopus's literal prefix still beats the variable
    expect((await answer('/rest/v1/Location/28XXX004/services'))[0]).toBe(401);
  });
});

describe('an API with no state to speak of', () => {
  it('may keep `undefined` as its state: the engine starts, answers, resets, exports and imports', async () => {
    const stateless = {
      ...statuspage,
      createState: async () => undefined,
      exportState: () => null,
      importState: async () => undefined,
    } as AnyApiModule;
    const engine = await Engine.create({ apis: [stateless], seed: 1 });
    const status = await engine.handle({
      method: 'GET',
      path: '/api/v2/status.json',
      query: new URLSearchParams(),
      headers: {},
      body: undefined,
      origin: 'http://status.test',
    });
    expect(status.status).toBe(200);
    await engine.reset();
    expect(engine.control.getState()).toMatchObject({ apis: { statuspage: null } });
    await engine.control.setState(engine.control.getState());
    expect(engine.collections('statuspage')).toEqual({});
  });
});

describe('refusals at start', () => {
  it('refuses two APIs that answer the same method on the same template, naming both', async () => {
    const twin = { ...statuspage, name: 'statuspage-copy' };
    await expect(Engine.create({ apis: [statuspage, twin] })).rejects.toThrow(
      'statuspage.getStatus (/api/v2/status.json) and statuspage-copy.getStatus (/api/v2/status.json) both answer GET on the same path',
    );
  });
});

/** The contract suite over the toy, on both adapters; `broken` swaps in a delete that deletes nothing. */
async function contractOn(adapter: 'in-process' | 'standalone', modules = TOYS): Promise<ContractResult> {
  const options = { api: [], contracts: [helpdeskContract()], mutating: true, seed: 11 } as const;
  if (adapter === 'in-process') {
    const mocks = await createMocks({ apis: [], modules, clock: createClock({ now: T0 }) });
    return runContract({ ...options, baseUrl: 'http://helpdesk.test', fetch: mswFetch(mocks.handlers) });
  }
  const engine = await Engine.create({ apis: modules, clock: createClock({ now: T0 }) });
  const server = await startServer({ engine, port: 0 });
  try {
    return await runContract({ ...options, baseUrl: server.url });
  } finally {
    await server.close();
  }
}

describe.each(['in-process', 'standalone'] as const)('runContract over the toy (%s)', (adapter) => {
  it('passes every check of the toy contract, the stateful ones included', async () => {
    const result = await contractOn(adapter);
    const notPassed = result.results.filter((item) => item.outcome !== 'passed');
    expect(notPassed.map((item) => `${item.check} ${item.operationId} ${item.findings[0]?.message}`)).toEqual([]);
    expect(result.apis).toEqual(['helpdesk']);
    const checks = new Set(result.results.map((item) => item.check));
    for (const check of ['positive_data_acceptance', 'negative_data_rejection', 'ignored_auth', 'use_after_free'])
      expect(checks).toContain(check);
    expect(result.coverage.rows.map((row) => row.operationId).sort()).toEqual([
      'helpdesk.createTicket',
      'helpdesk.deleteTicket',
      'helpdesk.listTickets',
      'helpdesk.showTicket',
    ]);
    expect(result.leftovers).toEqual([]);
  }, 60_000);

  it('fails on a toy whose delete deletes nothing', async () => {
    // answers 204 and deletes nothing: the ticket is still there afterwards
    const deletesNothing = (() => ({ status: 204 })) as unknown as AnyApiModule['operations'][string];
    const broken: AnyApiModule = { ...helpdesk, operations: { ...helpdesk.operations, deleteTicket: deletesNothing } };
    const result = await contractOn(adapter, [broken, statuspage]);
    const failed = result.results.filter((item) => item.outcome === 'failed').map((item) => item.check);
    expect(failed).toContain('use_after_free');
  }, 60_000);
});

describe('what the toy needs of src/', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });

  it('nothing: no file under src/ names a toy API', () => {
    const naming = files('src').filter((path) => /helpdesk|statuspage/i.test(readFileSync(path, 'utf8')));
    expect(naming).toEqual([]);
  });

  it.each(TOY_NAMES)('its generated types (%s) are what openapi-typescript writes from its spec', async (name) => {
    expect(readFileSync(`test/toy/generated/${name}.ts`, 'utf8')).toBe(await toyTypes(name));
  });
});
