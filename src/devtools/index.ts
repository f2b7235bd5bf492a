/**
 * `ticketmock/devtools`: the devtools panel inside the app's page (issue 19). A small
 * floating button opens it; it lives in a shadow root, so the app's CSS cannot reach it
 * and its own cannot reach the app; it talks to the in-page mocks directly.
 *
 * ```ts
 * import { startMocks } from 'ticketmock/browser';
 * await startMocks({ devtools: true }); // loads ticketmock-devtools.js beside the worker script
 * // or, bundled with the page:
 * import { mountDevtools } from 'ticketmock/devtools';
 * await startMocks({ devtools: mountDevtools });
 * ```
 *
 * A separate entry, not a module `ticketmock/browser` imports: a page that does not ask for
 * the panel does not carry it (docs/decisions/019-devtools-page.md). The build also writes
 * this entry as one file, `dist/ui/ticketmock-devtools.js`, which `init-worker` places.
 */

import { coverageOfSightings } from '../contract/consumer/coverage.js';
import type { MockRequest, MockResponse } from '../core/http.js';
import type { JournalEntry } from '../core/journal.js';
import { recordingKit } from '../recording.js';
import { engineClient } from './client.js';
import { h } from './dom.js';
import type { Devtools, DevtoolsHost } from './host.js';
import { createPanel } from './panel.js';
import { panelSheet } from './styles.js';

export type { Devtools, DevtoolsHost, MountDevtools } from './host.js';
/** The version of the host interface this panel was built for (`startMocks({ devtools: true })` checks it). */
export { DEVTOOLS_HOST_VERSION as hostVersion } from './host.js';

const HOST_CSS = `
.tm-launch { position: fixed; right: 16px; bottom: 16px; z-index: 2147483647; font: 600 13px/1 system-ui, sans-serif;
  padding: 10px 14px; border-radius: 999px; border: 0; background: #18324a; color: #fff; cursor: pointer; box-shadow: 0 2px 8px #0004; }
.tm-launch:focus-visible { outline: 3px solid #2f7de1; outline-offset: 2px; }
.tm-drawer { position: fixed; inset: auto 0 0 0; height: min(70vh, 640px); z-index: 2147483646; box-shadow: 0 -4px 16px #0003;
  border-top: 1px solid #c9d3dd; background: #fff; }
.tm-drawer[hidden] { display: none; }
`;

/**
 * The in-page mocks' control, plus what `ticketmock serve` computes for its page: the
 * coverage of the journal (`GET /__mock/coverage`, as `ticketmock coverage` counts it),
 * computed here over the same journal (a session's, with its header).
 */
async function inPage(host: DevtoolsHost, request: MockRequest): Promise<MockResponse> {
  if (request.method !== 'GET' || request.path !== '/__mock/coverage') return host.engine.handle(request);
  const journal = await host.engine.handle({ ...request, path: '/__mock/journal' });
  if (journal.status !== 200) return journal;
  return { status: 200, json: coverageOfSightings((journal.json as { entries: JournalEntry[] }).entries) };
}

/**
 * Mounts the panel in this page: a shadow root on a `<ticketmock-devtools>` element at the
 * end of `<body>`, a button to open it, `Escape` to close it.
 */
export function mountDevtools(host: DevtoolsHost): Devtools {
  // the Journal view's detail and its Save HAR (../recording.ts): carried by the panel, not the page
  host.engine.useRecordings(recordingKit());
  const holder = document.createElement('ticketmock-devtools');
  const root = holder.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(HOST_CSS);
  root.adoptedStyleSheets = [panelSheet(), sheet];
  const client = engineClient((request) => inPage(host, request));
  const panel = createPanel(client);
  const drawer = h(
    'div',
    { class: 'tm-drawer', role: 'dialog', 'aria-label': 'ticketmock devtools', hidden: true },
    panel.element,
  );
  const button = h(
    'button',
    {
      type: 'button',
      class: 'tm-launch',
      'aria-expanded': false,
      'aria-controls': 'tm-drawer',
      'data-testid': 'devtools-toggle',
    },
    'Mocks',
  );
  drawer.id = 'tm-drawer';
  const toggle = (open = drawer.hidden) => {
    drawer.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? 'Close mocks' : 'Mocks';
    if (open) panel.start();
    else panel.stop();
  };
  button.addEventListener('click', () => toggle());
  drawer.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      toggle(false);
      button.focus();
    }
  });
  root.append(drawer, button);
  document.body.appendChild(holder);
  return {
    toggle,
    remove() {
      panel.stop();
      holder.remove();
    },
  };
}
