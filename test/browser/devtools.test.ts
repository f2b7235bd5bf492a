/**
 * The devtools panel inside the browser example's page (`startMocks({ devtools: true })`,
 * issue 19: the panel's own file beside the worker script, imported at run time; and
 * `?devtools=bundled`, the panel bundled with the page through a function):
 * a floating button opens it; it lives in a shadow root (the app's style sheets and its own
 * never meet) and talks to the in-page mocks directly: a request the app makes through the
 * service worker is in its journal, a clock moved in it is the app's mocks' clock. Under
 * the example's `script-src 'self'` policy, with no console error. Screenshot:
 * test-results/devtools/in-page.png (docs/images/ with TICKETMOCK_UPDATE_DOCS_IMAGES=1).
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExample } from '../../examples/browser/build.ts';
import { type StaticServer, startStaticServer } from '../../examples/browser/serve.ts';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

if (!HAS_CHROMIUM && process.env.CI === 'true') {
  it('devtools in the page: Chromium is installed (CI)', () => {
    throw new Error(`${CHROMIUM} is missing; CI must have it`);
  });
}

describe.skipIf(!HAS_CHROMIUM)('the devtools panel in the browser example', { timeout: 60_000 }, () => {
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let built: string | undefined;
  const errors: string[] = [];
  const requested: string[] = [];

  beforeAll(async () => {
    built = await mkdtemp(join(tmpdir(), 'ticketmock-devtools-example-'));
    const { outdir } = await buildExample(built);
    server = await startStaticServer({ root: outdir, port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(20_000);
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
    });
    await page.goto(`${server.url}/`);
    await page.locator('[data-testid="status"][data-state="ready"]').waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (built !== undefined) await rm(built, { recursive: true, force: true });
  });

  it('mounts a closed panel behind a button, in a shadow root of its own', async () => {
    const toggle = page.getByTestId('devtools-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('tab-data').isVisible()).toBe(false);
    const isolated = await page.evaluate(() => {
      const host = document.querySelector('ticketmock-devtools');
      return {
        shadow: host?.shadowRoot !== null && host?.shadowRoot !== undefined,
        // nothing of the panel's reaches the document: no style sheet, no element outside the host
        documentSheets: document.adoptedStyleSheets.length,
        outside: document.querySelectorAll('.tm, [role="tablist"]').length,
      };
    });
    expect(isolated).toEqual({ shadow: true, documentSheets: 0, outside: 0 });
    // devtools: true — the panel came from its own file beside the worker script
    expect(requested).toContain('/ticketmock-devtools.js');
  });

  it('shows what the app just did through the service worker, and moves the app’s clock', async () => {
    await page.getByTestId('auvious-run').click();
    await page.locator('[data-testid="auvious"][data-state="done"]').waitFor();
    const ticketId = (await page.getByTestId('auvious-ticket-id').textContent()) ?? '';
    await page.getByTestId('devtools-toggle').click();
    await page.getByTestId('tab-data').waitFor();
    await page.getByTestId('data-api').selectOption('auvious');
    await page.getByTestId('data-table').selectOption('tickets');
    await page.locator('[data-testid="data-rows"] tbody tr', { hasText: ticketId }).waitFor();
    await page.getByTestId('tab-journal').click();
    const entry = page.locator('[data-testid="journal-rows"] tbody tr', { hasText: 'auvious.revokeTicket' });
    await entry.waitFor();
    expect(await entry.getAttribute('data-status')).toBe('204');
    // the create opens to its request and response, kept in the page too (the token redacted)
    await page
      .locator('[data-testid="journal-rows"] tbody tr', { hasText: 'auvious.createTicket' })
      .getByRole('button')
      .click();
    const detail = page.locator('[data-testid="journal-rows"] tr.detail');
    await detail.waitFor();
    expect(await detail.textContent()).toContain(ticketId);
    expect(await detail.textContent()).toContain('Bearer REDACTED');
    await mkdir(join(ROOT, 'test-results/devtools'), { recursive: true });
    const shot = join(ROOT, 'test-results/devtools/in-page.png');
    await page.screenshot({ path: shot });
    if (process.env.TICKETMOCK_UPDATE_DOCS_IMAGES === '1')
      await copyFile(shot, join(ROOT, 'docs/images/devtools-in-page.png'));

    await page.getByTestId('tab-clock').click();
    const before = await page.evaluate(() =>
      (
        globalThis as unknown as { ticketmock: { control: { getClock(): { now: string } } } }
      ).ticketmock.control.getClock(),
    );
    await page.getByTestId('clock-amount').fill('2');
    await page.getByTestId('clock-unit').selectOption('days');
    await page.getByTestId('clock-advance').click();
    await expect
      .poll(async () => {
        const after = await page.evaluate(() =>
          (
            globalThis as unknown as { ticketmock: { control: { getClock(): { now: string } } } }
          ).ticketmock.control.getClock(),
        );
        return Date.parse(after.now) - Date.parse(before.now);
      })
      .toBeGreaterThanOrEqual(2 * 86_400_000);
  });

  it('counts the page’s own journal in the Coverage view, as `ticketmock coverage` does', async () => {
    await page.getByTestId('tab-coverage').click();
    const summary = page.getByTestId('coverage-summary');
    await expect.poll(async () => (await summary.textContent()) ?? '').toMatch(/documented statuses seen/);
    // the same journal, counted by the library function `ticketmock coverage` calls
    const expected = await page.evaluate(() => {
      const journal = (
        globalThis as unknown as { ticketmock: { control: { journal(): Array<{ operationId: string | null }> } } }
      ).ticketmock.control.journal();
      return journal.length;
    });
    expect(await summary.textContent()).toContain(`over ${expected} requests`);
    expect(await page.getByTestId('coverage-auvious').textContent()).toMatch(/auvious/);
    expect(await summary.textContent()).not.toMatch(/\b0 of/);
  });

  it('closes with Escape, focus back on its button', async () => {
    await page.getByTestId('tab-clock').focus();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('devtools-toggle').getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TICKETMOCK-DEVTOOLS');
  });

  it('logged no error in the console', () => {
    expect(errors).toEqual([]);
  });

  /** The example in a context of its own (no worker yet), `search` on its URL; what it requested. */
  async function openExample(search: string, missingPanel = false) {
    const context = await browser.newContext();
    const paths: string[] = [];
    if (missingPanel) await context.route('**/ticketmock-devtools.js', (route) => route.fulfill({ status: 404 }));
    const other = await context.newPage();
    other.on('request', (request) => paths.push(new URL(request.url()).pathname));
    await other.goto(`${server.url}/${search}`);
    await other.locator('[data-testid="status"]:is([data-state="ready"], [data-state="error"])').waitFor();
    return { context, page: other, paths };
  }

  it('mounts the same panel bundled with the page (devtools: a function), without the file', async () => {
    const { context, page: other, paths } = await openExample('?devtools=bundled');
    try {
      expect(await other.getByTestId('status').getAttribute('data-state')).toBe('ready');
      await other.getByTestId('devtools-toggle').click();
      await other.getByTestId('tab-data').waitFor();
      expect(paths).not.toContain('/ticketmock-devtools.js');
    } finally {
      await context.close();
    }
  });

  it('refuses to start without the panel’s file, saying to run init-worker', async () => {
    const { context, page: other } = await openExample('', true);
    try {
      expect(await other.getByTestId('status').getAttribute('data-state')).toBe('error');
      expect(await other.getByTestId('status').textContent()).toMatch(
        /no devtools panel of this ticketmock at http:\/\/127\.0\.0\.1:\d+\/ticketmock-devtools\.js: run npx ticketmock init-worker again/,
      );
      expect(await other.locator('ticketmock-devtools').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
