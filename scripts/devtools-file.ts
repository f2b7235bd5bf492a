/**
 * The in-page devtools panel as one file (`ticketmock-devtools.js`): what
 * `startMocks({ devtools: true })` imports at run time from beside the worker script.
 * Written by the build (`dist/ui/`, which `init-worker` copies) and by the browser example's
 * build, with the same options: one ES module, for the browser, minified, nothing external.
 */
import { build } from 'esbuild';

export async function buildDevtoolsFile(root: string, outfile: string): Promise<void> {
  await build({
    absWorkingDir: root,
    entryPoints: ['src/devtools/index.ts'],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}
