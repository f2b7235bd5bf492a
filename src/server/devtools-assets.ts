/**
 * What `ticketmock serve` gives the control API for the devtools page (issue 19): the panel
 * script the build wrote (`dist/ui/panel.js`, from src/devtools/page.ts), and the coverage
 * of a journal as `ticketmock coverage` computes it.
 */
import { readFile } from 'node:fs/promises';
import { coverageOfSightings } from '../contract/consumer/coverage.js';
import { type ControlExtras, controlError } from '../core/control.js';
import type { MockResponse } from '../core/http.js';
import { DEVTOOLS_HEADERS, DEVTOOLS_PAGE } from './devtools-page.js';

/**
 * Where the script is, from this module: `dist/server/` (the bundled CLI, tsc's files) and
 * `src/server/` (tests running the sources) both sit two levels below the package root.
 */
const PANEL_SCRIPT = new URL('../../dist/ui/panel.js', import.meta.url);

let script: Promise<string | undefined> | undefined;

/** The panel script, read once; undefined when the build did not make it (the route then says so). */
export function devtoolsScript(): Promise<string | undefined> {
  script ??= readFile(PANEL_SCRIPT, 'utf8').catch(() => {
    script = undefined; // a build made after the start is read on the next request
    return undefined;
  });
  return script;
}

/** The page (`rest` `''` or `/`) and its script (`/panel.js`), under the page's policy; undefined for any other file. */
export async function devtoolsFile(rest: string): Promise<MockResponse | undefined> {
  if (rest === '' || rest === '/') {
    return {
      status: 200,
      headers: { ...DEVTOOLS_HEADERS, 'content-type': 'text/html; charset=utf-8' },
      text: DEVTOOLS_PAGE,
    };
  }
  if (rest !== '/panel.js') return undefined;
  const script = await devtoolsScript();
  if (script === undefined) return controlError(404, 'the devtools panel is not built here: run `npm run build`');
  return {
    status: 200,
    headers: { ...DEVTOOLS_HEADERS, 'content-type': 'text/javascript; charset=utf-8' },
    text: script,
  };
}

/** The control API's extras on `ticketmock serve`. */
export const serverDevtools: Omit<ControlExtras, 'journalDetail'> = {
  devtools: devtoolsFile,
  coverage: (entries) => coverageOfSightings(entries),
};
