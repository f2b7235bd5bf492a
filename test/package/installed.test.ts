/**
 * The package as a user installs it (issue 14): `npm pack`, installed into a fresh project
 * with npm, then each way DESIGN.md says users meet it — the CLI (`--help`, `serve`,
 * `verify`, `init-worker`, `prism` without Prism), `createMocks` in the user's own vitest
 * with msw's `setupServer`, `ticketmock/vitest`'s `useMocks` there too, `ticketmock/browser`
 * through esbuild, and `ticketmock/playwright` in the user's own Playwright (issue 17).
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVTOOLS_HOST_VERSION } from '../../src/devtools/host.ts';
import {
  type InstalledProject,
  installPackedPackage,
  REPO_ROOT,
  repoVersion,
  type Started,
} from '../helpers/installed-package.ts';

/** A vitest file as a user writes one: the Node entry, msw's own setupServer, the demo credentials. */
const CONSUMER_TEST = `import { setupServer } from 'msw/node';
import { ADMINSERVER_DEMO, AUVIOUS_DEMO, createMocks, OCTOPUS_DEMO } from 'ticketmock';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

const mocks = await createMocks();
const server = setupServer(...mocks.handlers);
const base = 'https://api.example.test';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mocks.control.reset());
afterAll(() => server.close());

it('creates an Auvious ticket and reads it back', async () => {
  const auth = { authorization: 'Bearer ' + AUVIOUS_DEMO.token, 'content-type': 'application/json' };
  const created = await fetch(base + '/security/ticket', {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: {} }),
  });
  expect(created.status).toBe(200);
  const ticket = await created.json();
  const read = await fetch(base + '/security/ticket/' + ticket.id, { headers: auth });
  expect(read.status).toBe(200);
  expect(await read.json()).toMatchObject({ id: ticket.id, organizationId: AUVIOUS_DEMO.organization });
});

it('lists the Octopus services of the demo Location', async () => {
  const answer = await fetch(base + '/rest/v1/Location/' + OCTOPUS_DEMO.location + '/services', {
    headers: { authorization: 'Bearer ' + OCTOPUS_DEMO.key },
  });
  expect(answer.status).toBe(200);
  expect((await answer.json()).data.length).toBeGreaterThan(0);
});

it('logs in to Adminserver', async () => {
  const answer = await fetch(base + '/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMINSERVER_DEMO.admin.email, password: ADMINSERVER_DEMO.admin.password }),
  });
  expect(answer.status).toBe(200);
  expect(typeof (await answer.json()).sessionId).toBe('string');
});
`;

/** A page's entry as a user writes one for the browser. */
const BROWSER_ENTRY = `import { startMocks } from 'ticketmock/browser';
const { control } = await startMocks({ quiet: true });
console.log(await control.clock());
`;

/** A vitest file with `useMocks` from `ticketmock/vitest`, writing each test's journal into `journals/`. */
const USE_MOCKS_TEST = `import { AUVIOUS_DEMO } from 'ticketmock';
import { useMocks } from 'ticketmock/vitest';
import { expect, it } from 'vitest';

const mocks = useMocks({ apis: ['auvious'], onUnhandledRequest: 'error', journalDir: 'journals' });
const auth = { authorization: 'Bearer ' + AUVIOUS_DEMO.token, 'content-type': 'application/json' };
let made;

it('creates a ticket', async () => {
  const created = await fetch('https://api.example.test/security/ticket', {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: {} }),
  });
  expect(created.status).toBe(200);
  made = (await created.json()).id;
});

it('starts the next test from the seeded data', async () => {
  const read = await fetch('https://api.example.test/security/ticket/' + made, { headers: auth });
  expect(read.status).toBe(404);
  expect(mocks.control.journal()).toHaveLength(1);
});
`;

/** A Playwright config and spec as a user writes them, with Debian's Chromium. */
const PLAYWRIGHT_CONFIG = `import { defineConfig } from '@playwright/test';
export default defineConfig({
  testDir: 'e2e',
  reporter: 'list',
  use: {
    headless: true,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
    },
  },
});
`;
const PLAYWRIGHT_SPEC = `import { test as base, expect } from '@playwright/test';
import { createTicketmockFixtures } from 'ticketmock/playwright';

const test = base.extend(createTicketmockFixtures({ apis: ['auvious'], baseUrl: 'https://auvious.example' }));

test('the page makes a ticket on the mock, stamped and aged by page.clock', async ({ page, mocks }) => {
  await page.route('https://app.example/', (route) => route.fulfill({ contentType: 'text/html', body: '<h1>app</h1>' }));
  await page.clock.install({ time: new Date('2031-01-01T00:00:00Z') });
  await page.clock.pauseAt(new Date('2031-01-01T00:00:10Z'));
  await page.goto('https://app.example/');
  const ticket = await page.evaluate(async () => {
    const response = await fetch('https://auvious.example/security/ticket', {
      method: 'POST',
      headers: { authorization: 'Bearer auvious-demo-token', 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: {}, ttl: 60 }),
    });
    return response.json();
  });
  expect(ticket.createdAt).toBe('2031-01-01T00:00:10.000Z');
  await page.clock.fastForward('01:00');
  expect(mocks.control.getClock().now).toBe('2031-01-01T00:01:10.000Z');
  expect(mocks.control.journal().map((entry) => entry.operationId)).toEqual(['auvious.createTicket']);
});
`;

let project: InstalledProject;

/** What a command printed on stderr, less npm's own warnings and notices (a user's npm config may add some). */
function ownStderr(result: { stderr: string }): string {
  return result.stderr
    .split('\n')
    .filter((line) => !/^npm (warn|notice)\b/i.test(line))
    .join('\n')
    .trim();
}

beforeAll(async () => {
  const started = Date.now();
  project = await installPackedPackage({
    // the user's own msw, vitest, esbuild and Playwright, at this repository's versions
    with: ['msw', 'vitest', 'esbuild', '@playwright/test'].map((name) => `${name}@${repoVersion(name)}`),
  });
  console.info(
    `installed-package: pack ${project.packMs} ms, npm install ${project.installMs} ms (${Date.now() - started} ms in all)`,
  );
}, 360_000);

afterAll(async () => {
  await project?.cleanup();
});

describe('the installed package', () => {
  it('is a copy in the project, not a link to this repository, and comes without Prism', async () => {
    const resolved = await project.run('node', [
      '--input-type=module',
      '-e',
      "console.log(import.meta.resolve('ticketmock'))",
    ]);
    expect(resolved.stderr).toBe('');
    expect(resolved.stdout.trim()).toMatch(
      new RegExp(`^file://${join(project.dir, 'node_modules', 'ticketmock', 'dist')}/[\\w/.-]+\\.js$`),
    );
    expect((await stat(join(project.dir, 'node_modules', 'ticketmock'))).isDirectory()).toBe(true);
    await expect(stat(join(project.dir, 'node_modules', '@stoplight', 'prism-cli'))).rejects.toThrow(/ENOENT/);
  });

  it('npx ticketmock --help lists the commands', async () => {
    const help = await project.ticketmock(['--help']);
    expect(ownStderr(help)).toBe('');
    expect(help.code).toBe(0);
    for (const command of ['serve', 'prism', 'verify', 'record', 'init-worker']) expect(help.stdout).toContain(command);
  });

  it('npx ticketmock serve --import holds a file to the HAR 1.2 schema (a dependency, not a dev one) and imports it', async () => {
    const ticket = {
      id: 'rec-ord',
      organizationId: 'demo-org',
      type: 'MULTI_USE_TICKET',
      properties: {},
      createdAt: '2026-05-01T10:00:00.000Z',
      expiresAt: '2099-05-01T14:00:00.000Z',
      disabled: null,
      revoked: null,
      userId: 'u',
      version: 2,
    };
    const entry = {
      startedDateTime: '2026-05-01T10:00:00.000Z',
      time: 1,
      request: {
        method: 'GET',
        url: 'https://sandbox.example/security/ticket/rec-ord',
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: [],
        queryString: [],
        headersSize: -1,
        bodySize: 0,
      },
      response: {
        status: 200,
        statusText: 'OK',
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: [],
        content: { size: 1, mimeType: 'application/json', text: JSON.stringify(ticket) },
        redirectURL: '',
        headersSize: -1,
        bodySize: 1,
      },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 },
    };
    const har = { log: { version: '1.2', creator: { name: 'test', version: '1' }, entries: [entry] } };
    await project.write('sandbox.har', JSON.stringify(har));
    await project.write('bad.har', JSON.stringify({ log: { ...har.log, creator: undefined } }));
    const bad = await project.ticketmock(['serve', '--port', '0', '--import', 'bad.har']);
    expect(bad.code).toBe(2);
    expect(ownStderr(bad)).toMatch(
      /^ticketmock: --import bad\.har: not a HAR 1\.2 file: \/log: must have required property 'creator'\n/,
    );
    const server = project.start('npx', [
      '--no',
      '--',
      'ticketmock',
      'serve',
      '--port',
      '0',
      '--import',
      'sandbox.har',
    ]);
    try {
      const url = (await server.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
      await server.waitFor(/auvious: tickets 1, 0 removed; tenants: demo-org/);
      const read = await fetch(`${url}/security/ticket/rec-ord`, {
        headers: { authorization: 'Bearer auvious-demo-token' },
      });
      expect(await read.json()).toMatchObject({ id: 'rec-ord', version: 2, expired: false });
    } finally {
      await server.stop();
    }
  });

  describe('npx ticketmock serve --port 0', () => {
    let server: Started;
    let url: string;

    beforeAll(async () => {
      server = project.start('npx', ['--no', '--', 'ticketmock', 'serve', '--port', '0', '--quiet']);
      url = (await server.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
    }, 60_000);

    afterAll(async () => {
      await server?.stop();
    });

    it('answers Octopus, Auvious and Adminserver with the demo credentials', async () => {
      const octopus = await fetch(`${url}/rest/v1/Location/28XXX004/services`, {
        headers: { authorization: 'Bearer octopus-demo-key' },
      });
      expect(octopus.status).toBe(200);
      const services = (await octopus.json()) as { data: Array<{ LocationId: string }> };
      expect(services.data.length).toBeGreaterThan(0);
      expect(services.data.every((service) => service.LocationId === '28XXX004')).toBe(true);

      const auvious = await fetch(`${url}/security/ticket`, {
        method: 'POST',
        headers: { authorization: 'Bearer auvious-demo-token', 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: {} }),
      });
      // the spec documents 200 and 201; ticketmock answers 200 (decision 007)
      expect(auvious.status).toBe(200);
      expect(await auvious.json()).toMatchObject({ type: 'MULTI_USE_TICKET', organizationId: 'demo-org' });

      const adminserver = await fetch(`${url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@demo.test', password: 'demo-password' }),
      });
      expect(adminserver.status).toBe(200);
      expect(await adminserver.json()).toMatchObject({ sessionId: expect.any(String) });
    });

    it('serves the devtools page and the panel script it was packed with', async () => {
      const page = await fetch(`${url}/__mock/ui`, { redirect: 'manual' });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script type="module" src="/__mock/ui/panel.js">');
      const script = await fetch(`${url}/__mock/ui/panel.js`, { redirect: 'manual' });
      expect(script.status).toBe(200);
      expect(await script.text()).toBe(await readFile(join(REPO_ROOT, 'dist/ui/panel.js'), 'utf8'));
    });

    it('npx ticketmock verify --api all --mutating passes against it', async () => {
      const verify = await project.ticketmock(['verify', '--api', 'all', '--base-url', url, '--mutating'], {
        timeoutMs: 180_000,
      });
      const lines = verify.stdout.trim().split('\n');
      expect(ownStderr(verify)).toBe('');
      expect(lines.at(-1)).toMatch(/^[1-9]\d* passed, 0 failed(, \d+ skipped)?$/);
      expect(verify.code).toBe(0);
    }, 200_000);
  });

  it("npx ticketmock init-worker public/ writes msw's worker, and the devtools panel's file beside it", async () => {
    const init = await project.ticketmock(['init-worker', 'public/']);
    expect(ownStderr(init)).toBe('');
    expect(init.code).toBe(0);
    const written = await readFile(join(project.dir, 'public', 'mockServiceWorker.js'), 'utf8');
    const original = await readFile(join(project.dir, 'node_modules', 'msw', 'lib', 'mockServiceWorker.js'), 'utf8');
    expect(written).toBe(original);
    // what startMocks({ devtools: true }) imports: an ES module of the package's own build
    const panel = join(project.dir, 'public', 'ticketmock-devtools.js');
    const loaded = (await import(pathToFileURL(panel).href)) as { mountDevtools?: unknown; hostVersion?: unknown };
    expect(typeof loaded.mountDevtools).toBe('function');
    expect(loaded.hostVersion).toBe(DEVTOOLS_HOST_VERSION);
  });

  it("a vitest file using createMocks with msw's setupServer passes in the user's own vitest", async () => {
    await project.write('test/mocks.test.js', CONSUMER_TEST);
    // this file alone: the project holds other tests (useMocks, a Playwright spec)
    const vitest = await project.run('npx', ['--no', '--', 'vitest', 'run', 'test/mocks.test.js'], {
      timeoutMs: 120_000,
    });
    expect(vitest.stdout, vitest.stderr).toMatch(/Tests\s+3 passed \(3\)/);
    expect(vitest.code).toBe(0);
  }, 150_000);

  it('imports ticketmock/playwright and ticketmock/vitest, neither bringing a test runner of its own', async () => {
    const imported = await project.run('node', [
      '--input-type=module',
      '-e',
      "const p = await import('ticketmock/playwright'); const v = await import('ticketmock/vitest');" +
        'console.log(typeof p.createTicketmockFixtures, typeof v.useMocks)',
    ]);
    expect(imported.stderr).toBe('');
    expect(imported.stdout.trim()).toBe('function function');
    // the user's Playwright and vitest run them: the entries import only msw and Node's modules
    for (const entry of ['playwright', 'vitest']) {
      const source = await readFile(
        join(project.dir, 'node_modules', 'ticketmock', 'dist', 'lib', `${entry}.js`),
        'utf8',
      );
      // not inside a string: a control path like "/import" is no import
      const outside = [...source.matchAll(/(?<![\w$/])(?:from|import)\s*"([^".][^"]*)"/g)].map((match) => match[1]);
      expect(
        outside.filter((name) => !/^(msw(\/node)?|node:[a-z/]+)$/.test(name ?? '')),
        entry,
      ).toEqual(entry === 'vitest' ? ['vitest'] : []);
    }
  });

  it("a vitest file using useMocks from ticketmock/vitest passes in the user's own vitest", async () => {
    await project.write('test/use-mocks.test.js', USE_MOCKS_TEST);
    const vitest = await project.run('npx', ['--no', '--', 'vitest', 'run', 'test/use-mocks.test.js'], {
      timeoutMs: 120_000,
    });
    expect(vitest.stdout, vitest.stderr).toMatch(/Tests\s+2 passed \(2\)/);
    expect(vitest.code).toBe(0);
    // journalDir, relative to vitest's root (the project): one file per test, for `ticketmock coverage`
    const journals = (await readdir(join(project.dir, 'journals'))).sort();
    expect(journals).toEqual([
      expect.stringMatching(/^test-use-mocks-test-js-creates-a-ticket-[\w-]+\.json$/),
      expect.stringMatching(/^test-use-mocks-test-js-starts-the-next-test-from-the-seeded-data-[\w-]+\.json$/),
    ]);
    const created = JSON.parse(await readFile(join(project.dir, 'journals', journals[0] ?? ''), 'utf8'));
    expect(created).toMatchObject([{ method: 'POST', operationId: 'auvious.createTicket', status: 200 }]);
  }, 150_000);

  it.skipIf(!existsSync('/usr/bin/chromium'))(
    "a spec using ticketmock/playwright passes in the user's own Playwright",
    async () => {
      await project.write('playwright.config.js', PLAYWRIGHT_CONFIG);
      await project.write('e2e/tickets.spec.js', PLAYWRIGHT_SPEC);
      const playwright = await project.run('npx', ['--no', '--', 'playwright', 'test'], { timeoutMs: 150_000 });
      expect(playwright.stdout, playwright.stderr).toMatch(/\b1 passed\b/);
      expect(playwright.code).toBe(0);
    },
    180_000,
  );

  /**
   * The user's esbuild (their project's own copy) bundles `source` for the browser into one
   * file, as a page's build does: the warnings (a Node built-in reached from the page…), the
   * output's bytes and code. build() throws on an error: the script then exits non-zero.
   */
  async function bundleInProject(name: string, source: string) {
    const entry = await project.write(`src/${name}.js`, source);
    await project.write(
      `build-${name}.mjs`,
      `import { build } from 'esbuild';
const result = await build({ entryPoints: [${JSON.stringify(entry)}], bundle: true, platform: 'browser',
  format: 'esm', target: 'es2022', minify: true, outfile: 'out/${name}.js', logLevel: 'error', metafile: true });
console.log(JSON.stringify({ warnings: result.warnings.map((w) => w.text), bytes: result.metafile.outputs['out/${name}.js'].bytes }));
`,
    );
    const built = await project.run('node', [`build-${name}.mjs`]);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    const { warnings, bytes } = JSON.parse(built.stdout) as { warnings: string[]; bytes: number };
    return { warnings, bytes, code: await readFile(join(project.dir, 'out', `${name}.js`), 'utf8') };
  }

  it('esbuild bundles an entry that imports ticketmock/browser', async () => {
    const { warnings, bytes } = await bundleInProject('main', BROWSER_ENTRY);
    expect(warnings).toEqual([]);
    expect(bytes).toBeGreaterThan(10_000);
    console.info(`installed-package: ticketmock/browser bundle ${(bytes / 1024).toFixed(0)} KiB minified`);
  });

  it('esbuild bundles an entry with devtools: true and leaves the panel out of it, with no warning', async () => {
    const { warnings, code } = await bundleInProject(
      'asked',
      "import { startMocks } from 'ticketmock/browser';\nawait startMocks({ quiet: true, devtools: true });\n",
    );
    expect(warnings).toEqual([]);
    expect(code).toContain('ticketmock-devtools.js');
    expect(code).not.toContain('ticketmock devtools');
  });

  it('esbuild bundles an entry that mounts ticketmock/devtools', async () => {
    const { warnings, code } = await bundleInProject(
      'devtools',
      "import { startMocks } from 'ticketmock/browser';\nimport { mountDevtools } from 'ticketmock/devtools';\nawait startMocks({ quiet: true, devtools: mountDevtools });\n",
    );
    expect(warnings).toEqual([]);
    expect(code).toContain('ticketmock devtools');
  });

  it('npx ticketmock prism without @stoplight/prism-cli exits 1 saying how to install it', async () => {
    const prism = await project.ticketmock(['prism', 'auvious']);
    expect(prism.stdout).toBe('');
    expect(ownStderr(prism)).toContain('npm install --save-dev @stoplight/prism-cli@');
    expect(prism.code).toBe(1);
  });
});
