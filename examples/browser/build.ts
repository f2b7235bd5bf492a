/**
 * Builds the browser example into `examples/browser/dist/`: the page bundled by esbuild
 * for the browser (any `node:*` import in what `ticketmock/browser` reaches fails the
 * build), its HTML and CSS, msw's `mockServiceWorker.js` from the installed msw, and beside
 * it the devtools panel's file (`ticketmock-devtools.js`, as `init-worker` places it; here
 * built from the sources).
 *
 *   tsx examples/browser/build.ts
 */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { buildDevtoolsFile } from '../../scripts/devtools-file.ts';
import { DEVTOOLS_FILE } from '../../src/devtools/host.ts';

export const EXAMPLE_DIR = dirname(fileURLToPath(import.meta.url));
export const DIST_DIR = join(EXAMPLE_DIR, 'dist');
const ROOT = join(EXAMPLE_DIR, '../..');

/** The service-worker script of the installed msw (`node_modules/msw/lib/mockServiceWorker.js`). */
export const MSW_WORKER = createRequire(import.meta.url).resolve('msw/mockServiceWorker.js');

export interface BuiltExample {
  /** The folder to serve. */
  readonly outdir: string;
  /** The bundle's size in bytes. */
  readonly bundleBytes: number;
}

export async function buildExample(outdir: string = DIST_DIR): Promise<BuiltExample> {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await build({
    entryPoints: [join(EXAMPLE_DIR, 'main.ts')],
    outfile: join(outdir, 'main.js'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    sourcemap: true,
    minify: true,
    metafile: true,
    logLevel: 'silent',
  });
  await buildDevtoolsFile(ROOT, join(outdir, DEVTOOLS_FILE));
  await Promise.all(
    [
      [join(EXAMPLE_DIR, 'index.html'), 'index.html'],
      [join(EXAMPLE_DIR, 'style.css'), 'style.css'],
      [MSW_WORKER, 'mockServiceWorker.js'],
    ].map(([from, to]) => copyFile(from as string, join(outdir, to as string))),
  );
  const bundleBytes = Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.js'))
    .reduce((sum, [, output]) => sum + output.bytes, 0);
  return { outdir, bundleBytes };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { outdir, bundleBytes } = await buildExample();
  process.stdout.write(`built ${outdir} (main.js ${(bundleBytes / 1024).toFixed(0)} KiB)\n`);
}
