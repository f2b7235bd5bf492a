/**
 * `npm run build`, second step: the library entries a user's test runner and page load
 * (`ticketmock`, `ticketmock/browser`, `ticketmock/playwright`, `ticketmock/vitest`) bundled
 * and tree-shaken into `dist/lib/`, as msw ships its own; one build, so the four share one
 * copy of the engine. Imported as a separate package, `@msw/data` loads the whole
 * `es-toolkit` barrel; bundled, only what the mocks call is there. msw stays external: it is
 * a peer, and the user's msw instance must be the one that intercepts; so do the test
 * runners (vitest, `@playwright/test`: optional peers, the user's own copy runs the tests).
 * Each API's code is its own chunk, loaded when that API is asked for. `ticketmock/contract`
 * stays tsc's module files (Node only). `ticketmock/devtools` (the in-page panel) is an entry
 * of its own, and one file too (`dist/ui/ticketmock-devtools.js`, which `init-worker` places
 * for `startMocks({ devtools: true })`); the same panel over HTTP is `dist/ui/panel.js`, the
 * script of `GET /__mock/ui`.
 *
 * The CLI (`dist/server/cli.js`, the package's `bin`) is bundled over tsc's file of the same
 * name: loaded as ≈150 separate modules, with the contract suite, faker's locales and the
 * `es-toolkit` barrel, `ticketmock --help` took ≈3 s on a loaded machine, ≈0.5 s bundled
 * (bench/README.md). Its dependencies that ship their own files or resolve at run time stay
 * packages: commander, msw (its worker script is copied from the package) and Prism (an
 * optional peer, resolved only by `ticketmock prism`).
 */
import { rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildBrowserFile, buildDevtoolsFile } from './devtools-file.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// chunk names carry a hash: an earlier build's chunks would stay beside the new ones
await rm(join(root, 'dist/lib'), { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: {
    index: 'src/index.ts',
    browser: 'src/browser.ts',
    playwright: 'src/playwright.ts',
    vitest: 'src/vitest.ts',
    // the devtools panel for the page: its own entry, so that `ticketmock/browser` never carries it
    devtools: 'src/devtools/index.ts',
  },
  outdir: 'dist/lib',
  bundle: true,
  splitting: true,
  format: 'esm',
  // nothing `index` and `browser` reach may need Node: the same files serve Node and the
  // browser (the test runners' entries, Node only, keep their `node:*` imports external)
  platform: 'neutral',
  mainFields: ['module', 'main'],
  conditions: ['import', 'module', 'default'],
  target: 'es2022',
  external: ['msw', 'msw/*', 'vitest', '@playwright/test', 'node:*'],
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  minifySyntax: true,
  // whitespace kept: minified, esbuild drops the comments inside `import()` that tell the
  // user's bundler to leave `startMocks({ devtools: true })`'s run-time import alone
  // (`webpackIgnore`, `@vite-ignore`); the user's own build minifies anyway
  minifyWhitespace: false,
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
});
await writeFile(join(root, 'dist/lib/meta.json'), JSON.stringify(result.metafile));

// the script of the server's devtools page (`GET /__mock/ui/panel.js`): one file, read by the CLI
await buildBrowserFile(root, 'src/devtools/page.ts', 'dist/ui/panel.js');

// the in-page panel as one file, for `startMocks({ devtools: true })`: `init-worker` places it
await buildDevtoolsFile(root, 'dist/ui/ticketmock-devtools.js');

await build({
  absWorkingDir: root,
  entryPoints: ['src/server/cli.ts'],
  outfile: 'dist/server/cli.js',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['commander', 'msw', 'msw/*', '@stoplight/prism-cli'],
  // the CommonJS packages bundled into this ES module (Ajv for `verify`) call `require`
  banner: {
    js: "import { createRequire as ticketmockCreateRequire } from 'node:module';\nconst require = ticketmockCreateRequire(import.meta.url);",
  },
  sourcemap: true,
  minifySyntax: true,
  legalComments: 'eof',
  logLevel: 'warning',
});
