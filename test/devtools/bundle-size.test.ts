/**
 * What the devtools panel costs a page (issue 19: at most 30 KiB gzip, loaded only when
 * asked for), measured as bench/bundle.ts measures `startMocks()` (issue 14): a page entry
 * bundled by esbuild into one file (`--bundle --minify --format=esm --platform=browser`)
 * against the build in dist/lib/, gzip -9. A page that does not ask for the panel must not
 * carry a byte of it, and stays within issue 14's budget of 2× msw alone; nor must a page
 * that asks for it with `devtools: true` (the panel is then `ticketmock-devtools.js`, the
 * file `init-worker` places, imported at run time: held to the same 30 KiB). The pages with
 * the panel are the README's own samples, word for word.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_ENTRIES } from '../../bench/page-entries.ts';
import { readmeTsBlocks } from '../helpers/readme-sample.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LIB = join(ROOT, 'dist/lib');
const BUDGET = 30 * 1024;

const ENTRIES = {
  msw: PAGE_ENTRIES.msw,
  plain: PAGE_ENTRIES.startMocks,
  /** The README's samples (its Devtools section), read in `beforeAll`. */
  asked: '',
  devtools: '',
} as const;

interface Bundle {
  readonly code: string;
  readonly gzip: number;
}

describe('the devtools panel’s weight in a page', { timeout: 120_000 }, () => {
  let folder: string;
  const sizes: Partial<Record<keyof typeof ENTRIES, Bundle>> = {};
  let panelFile: Bundle | undefined;

  const bundle = async (name: keyof typeof ENTRIES, text: string = ENTRIES[name]): Promise<Bundle> => {
    const entry = join(folder, `${name}.ts`);
    await writeFile(entry, text);
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'error',
      nodePaths: [join(ROOT, 'node_modules')],
      alias: { 'ticketmock/browser': join(LIB, 'browser.js'), 'ticketmock/devtools': join(LIB, 'devtools.js') },
    });
    const [output] = result.outputFiles;
    if (output === undefined) throw new Error(`${name}: no output`);
    return { code: output.text, gzip: gzipSync(output.contents, { level: 9 }).byteLength };
  };

  beforeAll(async () => {
    for (const file of ['browser.js', 'devtools.js']) {
      if (!existsSync(join(LIB, file))) throw new Error(`dist/lib/${file} is missing: run \`npm run build\``);
    }
    folder = await mkdtemp(join(tmpdir(), 'ticketmock-devtools-bundle-'));
    const samples = await readmeTsBlocks('Devtools: see what the mock holds');
    const asked = samples.find((sample) => sample.includes('devtools: true'));
    const sample = samples.find((sample) => sample.includes("from 'ticketmock/devtools'"));
    if (asked === undefined || sample === undefined) throw new Error('README: no devtools samples');
    sizes.msw = await bundle('msw');
    sizes.plain = await bundle('plain');
    sizes.asked = await bundle('asked', asked);
    sizes.devtools = await bundle('devtools', sample);
    const file = await readFile(join(ROOT, 'dist/ui/ticketmock-devtools.js'));
    panelFile = { code: file.toString('utf8'), gzip: gzipSync(file, { level: 9 }).byteLength };
    const [msw, plain, devtools] = [sizes.msw, sizes.plain, sizes.devtools].map((size) => size?.gzip ?? 0);
    console.info(
      `gzip: msw alone ${msw} B; startMocks() ${plain} B (${((plain ?? 0) / (msw ?? 1)).toFixed(2)}× msw); ` +
        `with devtools ${devtools} B (+${(devtools ?? 0) - (plain ?? 0)} B); ` +
        `with devtools: true ${sizes.asked?.gzip} B, and its file ticketmock-devtools.js ${panelFile?.gzip} B; ` +
        `the served page's panel.js ${gzipSync(await readFile(join(ROOT, 'dist/ui/panel.js')), { level: 9 }).byteLength} B`,
    );
  });
  afterAll(async () => {
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  });

  it('adds at most 30 KiB gzip to a page that asks for it', () => {
    const added = (sizes.devtools?.gzip ?? Number.POSITIVE_INFINITY) - (sizes.plain?.gzip ?? 0);
    expect(added).toBeGreaterThan(0);
    expect(added).toBeLessThanOrEqual(BUDGET);
  });

  it('adds nothing to a page that does not, which stays within 2× msw alone', () => {
    expect(sizes.plain?.code).not.toContain('ticketmock devtools');
    expect(sizes.devtools?.code).toContain('ticketmock devtools');
    expect(sizes.plain?.gzip).toBeLessThanOrEqual(2 * (sizes.msw?.gzip ?? 0));
  });

  it('with devtools: true, bundles none of it either: the page imports its file at run time, at most 30 KiB', () => {
    expect(sizes.asked?.code).not.toContain('ticketmock devtools');
    expect(sizes.asked?.code).toContain('ticketmock-devtools.js');
    expect(sizes.asked?.gzip).toBeLessThanOrEqual(2 * (sizes.msw?.gzip ?? 0));
    expect(panelFile?.code).toContain('ticketmock devtools');
    expect(panelFile?.code).toMatch(/export\{[^}]*\bmountDevtools\b/);
    expect(panelFile?.gzip).toBeLessThanOrEqual(BUDGET);
  });

  it('builds no code from strings (the page’s policy forbids eval)', () => {
    expect(sizes.devtools?.code).not.toMatch(/\bnew Function\(|(?<![\w$.])eval\(/);
    expect(panelFile?.code).not.toMatch(/\bnew Function\(|(?<![\w$.])eval\(/);
  });
});
