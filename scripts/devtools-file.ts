/**
 * The devtools panels as single files for the browser: one ES module each, minified,
 * nothing external. The in-page panel (`ticketmock-devtools.js`) is what
 * `startMocks({ devtools: true })` imports at run time from beside the worker script,
 * written by the build (`dist/ui/`, which `init-worker` copies) and by the browser example's
 * build; the served page's script (`dist/ui/panel.js`) by the build.
 */
import { build } from 'esbuild';

/** `entry` (a path below `root`) bundled into `outfile`. */
export async function buildBrowserFile(root: string, entry: string, outfile: string): Promise<void> {
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
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

/** The in-page panel, `ticketmock-devtools.js`. */
export const buildDevtoolsFile = (root: string, outfile: string): Promise<void> =>
  buildBrowserFile(root, 'src/devtools/index.ts', outfile);
