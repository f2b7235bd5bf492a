/**
 * The devtools page (issue 19) in a real Chromium, on a `ticketmock serve` process: a ticket
 * created through the API shows in the Data table and the Journal within a second; the
 * clock advanced five hours marks it expired; a 100 % error rate set in the Faults form fails
 * the next API call, and Clear ends it; sessions, state and coverage work from the panel;
 * no console error, at 1280×800 and at 390×844. Screenshots of each view go to
 * test-results/devtools/ (and to docs/images/ with TICKETMOCK_UPDATE_DOCS_IMAGES=1).
 * Needs Debian's Chromium at /usr/bin/chromium and a build (`npm run build`: the panel script).
 */
import { existsSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVTOOLS_CSP } from '../../src/server/devtools-page.ts';
import { collect, exitCode, killAll, serve, ticketmock } from '../helpers/cli.ts';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PANEL = join(ROOT, 'dist/ui/panel.js');
const SHOTS = join(ROOT, 'test-results/devtools');
const DOC_IMAGES = join(ROOT, 'docs/images');
const VIEWS = ['data', 'journal', 'clock', 'faults', 'sessions', 'state', 'coverage'] as const;
const AUVIOUS = { authorization: 'Bearer auvious-demo-token', 'content-type': 'application/json' };

if (!HAS_CHROMIUM) console.warn(`test/devtools/devtools-page.test.ts skipped: ${CHROMIUM} is missing`);
if (!HAS_CHROMIUM && process.env.CI === 'true') {
  it('devtools page: Chromium is installed (CI)', () => {
    throw new Error(`${CHROMIUM} is missing; CI must have it`);
  });
}

/** The panel script must be built from the current sources (it is what the page loads). */
function panelBuilt(): void {
  if (!existsSync(PANEL)) throw new Error(`${PANEL} is missing: run \`npm run build\``);
  const newest = ['src/devtools', 'src/devtools/views']
    .flatMap((folder) =>
      [
        'client',
        'context',
        'dom',
        'panel',
        'page',
        'styles',
        'data',
        'journal',
        'clock',
        'faults',
        'sessions',
        'state',
        'coverage',
      ]
        .map((name) => join(ROOT, folder, `${name}.ts`))
        .filter(existsSync),
    )
    .reduce((latest, file) => Math.max(latest, statSync(file).mtimeMs), 0);
  if (statSync(PANEL).mtimeMs < newest) throw new Error(`${PANEL} is older than src/devtools: run \`npm run build\``);
}

describe.skipIf(!HAS_CHROMIUM)('the devtools page on ticketmock serve', { timeout: 60_000 }, () => {
  let url: string;
  let browser: Browser;
  let page: Page;
  let ticketId: string;
  const errors: string[] = [];

  const watch = (target: Page) => {
    target.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    target.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
    });
  };
  const tab = async (view: string) => {
    await page.getByTestId(`tab-${view}`).click();
    await page.locator(`#tm-view-${view}:not([hidden])`).waitFor();
  };
  const shot = async (target: Page, name: string) => {
    await mkdir(SHOTS, { recursive: true });
    const file = join(SHOTS, `${name}.png`);
    await target.screenshot({ path: file });
    if (process.env.TICKETMOCK_UPDATE_DOCS_IMAGES === '1' && !name.includes('phone')) {
      await mkdir(DOC_IMAGES, { recursive: true });
      await copyFile(file, join(DOC_IMAGES, `devtools-${name}.png`));
    }
  };
  const api = (path: string, init: RequestInit = {}) => fetch(`${url}${path}`, { redirect: 'manual', ...init });

  beforeAll(async () => {
    panelBuilt();
    ({ url } = await serve('--port', '0', '--quiet'));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(10_000);
    watch(page);
    await page.goto(`${url}/__mock/ui`);
    await page.getByTestId('tab-data').waitFor();
    console.info(`devtools screenshots: ${SHOTS}`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    killAll();
  });

  it('is one page and one script, both under a strict policy (no inline script, no eval)', async () => {
    const html = await api('/__mock/ui');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toBe(DEVTOOLS_CSP);
    expect(await html.text()).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>/);
    const script = await api('/__mock/ui/panel.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const code = await script.text();
    expect(code).not.toMatch(/\bnew Function\(|(?<![\w$.])eval\(/);
  });

  it('shows a ticket created through the API in the table and in the journal within a second', async () => {
    await page.getByTestId('data-api').selectOption('auvious');
    await page.getByTestId('data-table').selectOption('tickets');
    await page.getByTestId('data-tenant').selectOption('demo-org');
    // another organisation's tickets are not shown for this one
    await expect
      .poll(() => page.locator('[data-testid="data-rows"] tbody tr', { hasText: 'other-org' }).count())
      .toBe(0);
    expect(await page.locator('[data-testid="data-rows"] tbody tr', { hasText: 'demo-org' }).count()).toBeGreaterThan(
      0,
    );
    const created = await api('/security/ticket', {
      method: 'POST',
      headers: AUVIOUS,
      body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: { conference_id: 'devtools-1' } }),
    });
    const createdAt = Date.now();
    expect(created.status).toBe(200);
    ticketId = ((await created.json()) as { id: string }).id;
    const row = page.locator('[data-testid="data-rows"] tbody tr', { hasText: ticketId });
    await row.waitFor({ timeout: 1000 });
    expect(Date.now() - createdAt).toBeLessThan(1000);
    expect(await row.getAttribute('data-expired')).toBeNull();
    await expect.poll(() => row.locator('.badge').textContent()).toBe('valid');
    await row.click();
    expect(await page.getByTestId('data-row-json').textContent()).toContain('"conference_id": "devtools-1"');
    await page.locator('#tm-view-data').evaluate((view) => view.scrollTo(0, 0));
    await shot(page, 'data');

    const before = Date.now();
    await page.getByTestId('tab-journal').click();
    const entry = page.locator('[data-testid="journal-rows"] tbody tr', { hasText: '/security/ticket' }).filter({
      hasText: 'auvious.createTicket',
    });
    await entry.first().waitFor({ timeout: 1000 });
    expect(Date.now() - before).toBeLessThan(1000);
    expect(await entry.first().getAttribute('data-status')).toBe('200');
    // the entry opens to its request and its response (the bearer token redacted)
    await entry.first().getByRole('button').click();
    const detail = page.locator('[data-testid="journal-rows"] tr.detail');
    await detail.waitFor();
    const text = (await detail.textContent()) ?? '';
    expect(text).toContain('devtools-1');
    expect(text).toContain(ticketId);
    expect(text).toContain('Bearer REDACTED');
    expect(text).not.toContain('auvious-demo-token');
    await shot(page, 'journal');
  });

  it('marks the ticket expired once the clock is advanced by five hours', async () => {
    await tab('clock');
    const before = Date.parse((await page.getByTestId('clock-now').textContent()) ?? '');
    await page.getByTestId('clock-amount').fill('5');
    await page.getByTestId('clock-unit').selectOption('hours');
    await page.getByTestId('clock-advance').click();
    await expect
      .poll(async () => Date.parse((await page.getByTestId('clock-now').textContent()) ?? '') - before)
      .toBeGreaterThanOrEqual(5 * 3600_000);
    await shot(page, 'clock');
    await tab('data');
    const row = page.locator('[data-testid="data-rows"] tbody tr', { hasText: ticketId });
    await expect.poll(() => row.getAttribute('data-expired')).toBe('');
    expect(await row.locator('.badge').textContent()).toBe('expired');
  });

  it('fails the next API call with a 100 % error rate set in the form, and not once it is cleared', async () => {
    await tab('faults');
    await page.getByTestId('faults-errorRate').fill('100');
    await page.locator('[data-testid="faults-state"][data-state="applied"]').waitFor();
    expect(JSON.parse((await page.getByTestId('faults-config').textContent()) ?? '')).toEqual({ errorRate: 1 });
    await shot(page, 'faults');
    const failed = await api('/security/ticket', {
      method: 'POST',
      headers: AUVIOUS,
      body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: {} }),
    });
    expect(failed.status).toBe(500);
    await page.getByTestId('faults-clear').click();
    await expect.poll(async () => (await api('/__mock/faults')).json()).toEqual({});
    const passed = await api('/security/ticket', {
      method: 'POST',
      headers: AUVIOUS,
      body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: {} }),
    });
    expect(passed.status).toBe(200);
  });

  it('opens a session, shows its own state, and deletes it', async () => {
    await tab('sessions');
    await page.getByTestId('sessions-seed').fill('7');
    await page.getByRole('button', { name: 'Open a new session' }).click();
    await expect.poll(() => page.getByTestId('where').textContent()).toMatch(/session [0-9a-f-]{36}/);
    const id = /session ([0-9a-f-]{36})/.exec((await page.getByTestId('where').textContent()) ?? '')?.[1] as string;
    await page.locator('[data-testid="sessions-rows"] tr', { hasText: id }).waitFor();
    await shot(page, 'sessions');
    // the session's data: seeded anew, without the ticket the default state holds
    await tab('data');
    await page.getByTestId('data-api').selectOption('auvious');
    await page.getByTestId('data-table').selectOption('tickets');
    await page.getByTestId('data-tenant').selectOption('');
    await page.getByTestId('data-search').fill(ticketId);
    await expect.poll(() => page.locator('[data-testid="data-rows"] tbody tr').count()).toBe(0);
    await tab('sessions');
    await page.getByRole('button', { name: `Delete session ${id}` }).click();
    await expect.poll(() => page.getByTestId('where').textContent()).toContain('default state');
    expect(((await (await api('/__mock/sessions')).json()) as { sessions: unknown[] }).sessions).toEqual([]);
    await tab('data');
    await expect.poll(() => page.locator('[data-testid="data-rows"] tbody tr', { hasText: ticketId }).count()).toBe(1);
    await page.getByTestId('data-search').fill('');
  });

  it('counts coverage as `ticketmock coverage` does on the same journal', async () => {
    await tab('coverage');
    const summary = page.getByTestId('coverage-summary');
    await expect.poll(() => summary.textContent()).toMatch(/documented statuses seen/);
    const folder = await mkdtemp(join(tmpdir(), 'ticketmock-devtools-'));
    try {
      const journal = join(folder, 'journal.json');
      await writeFile(journal, JSON.stringify(await (await api('/__mock/journal')).json()));
      const cli = ticketmock('coverage', journal, '--json', '-');
      const output = collect(cli);
      await exitCode(cli);
      const counted = JSON.parse(output.out()) as {
        seen: number;
        documented: number;
        percent: number;
        requests: number;
      };
      expect(counted.requests).toBeGreaterThan(0);
      await expect
        .poll(() => summary.textContent())
        .toBe(
          `${counted.seen} of ${counted.documented} documented statuses seen (${counted.percent}%) over ${counted.requests} requests.`,
        );
      expect(
        await page.locator('[data-testid="coverage-auvious"] tbody tr', { hasText: 'createTicket' }).textContent(),
      ).toMatch(/200 ×2/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
    await shot(page, 'coverage');
  });

  it('resets the state from the State view', async () => {
    await tab('state');
    await shot(page, 'state');
    // the export is a file download (a blob: link, allowed under the page's policy)
    const download = page.waitForEvent('download');
    await page.getByTestId('state-export').click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe('ticketmock-state.json');
    const exported = JSON.parse(await readFile((await saved.path()) as string, 'utf8')) as { apis: object };
    expect(Object.keys(exported.apis)).toEqual(['octopus', 'auvious', 'adminserver']);
    await page.getByTestId('state-reset').click();
    await expect.poll(() => page.getByTestId('devtools-status').textContent()).toContain('Back to the seeded data');
    const tickets = (await api(`/security/ticket/${ticketId}`, { headers: AUVIOUS })).status;
    expect(tickets).toBe(404);
  });

  it('is usable by keyboard: arrow keys move between the views', async () => {
    await page.getByTestId('tab-state').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('tab-coverage').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Home');
    expect(await page.getByTestId('tab-data').getAttribute('aria-selected')).toBe('true');
    // a row opens to its JSON with Enter
    await page.getByTestId('data-api').selectOption('adminserver');
    await page.getByTestId('data-table').selectOption('networks');
    await page.locator('[data-testid="data-rows"] tbody tr', { hasText: 'other-network' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('data-row-json').textContent()).toContain('"networkId": "other-network"');
    // every form control has a label
    const unlabelled = await page.evaluate(
      () =>
        [...document.querySelectorAll('input, select')].filter(
          (control) => (control as HTMLInputElement).labels?.length === 0,
        ).length,
    );
    expect(unlabelled).toBe(0);
  });

  it('fits a phone-width screen (390×844) in every view', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    watch(phone);
    try {
      await phone.goto(`${url}/__mock/ui`);
      for (const view of VIEWS) {
        await phone.getByTestId(`tab-${view}`).click();
        await phone.locator(`#tm-view-${view}:not([hidden])`).waitFor();
        expect(await phone.evaluate(() => document.documentElement.scrollWidth), view).toBeLessThanOrEqual(390);
        await shot(phone, `phone-${view}`);
      }
    } finally {
      await phone.close();
    }
  });

  it('logged no error in the console', () => {
    expect(errors).toEqual([]);
  });
});

describe.skipIf(!HAS_CHROMIUM)('the devtools page on a server with a control token', { timeout: 60_000 }, () => {
  let browser: Browser;

  afterAll(async () => {
    await browser?.close();
    killAll();
  });

  it('asks for the token, refuses a wrong one, and keeps the right one in the tab only', async () => {
    const { url } = await serve('--port', '0', '--quiet', '--control-token', 's3cret-token');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    const html = await (await fetch(`${url}/__mock/ui`, { redirect: 'manual' })).text();
    expect(html).not.toContain('s3cret-token');
    // the page's files need no token; every control call does
    expect((await fetch(`${url}/__mock/state`, { redirect: 'manual' })).status).toBe(401);
    await page.goto(`${url}/__mock/ui`);
    await page.getByTestId('token').fill('wrong');
    await page.getByRole('button', { name: 'Open the devtools' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toBe('That token was refused.');
    await page.getByTestId('token').fill('s3cret-token');
    await page.getByRole('button', { name: 'Open the devtools' }).click();
    await page.getByTestId('tab-data').waitFor();
    await page.getByTestId('data-api').selectOption('auvious');
    expect(await page.evaluate(() => sessionStorage.getItem('ticketmock:control-token'))).toBe('s3cret-token');
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
  });
});
