/**
 * The script of `GET /__mock/ui` (the build bundles it to `dist/ui/panel.js`): the panel
 * over the server's control API. When the server wants a control token (`--control-token`),
 * the page asks for it and keeps it in this tab's `sessionStorage` only.
 */
import { httpClient } from './client.js';
import { h, replace } from './dom.js';
import { createPanel } from './panel.js';
import { panelSheet } from './styles.js';

const TOKEN_KEY = 'ticketmock:control-token';

const token = (): string | undefined => sessionStorage.getItem(TOKEN_KEY) ?? undefined;

async function start(): Promise<void> {
  const page = new CSSStyleSheet();
  // the panel fills the window; its views scroll inside it
  page.replaceSync('html, body, #ticketmock-devtools { height: 100%; margin: 0; }');
  document.adoptedStyleSheets = [panelSheet(), page];
  const main = document.getElementById('ticketmock-devtools') ?? document.body;
  main.className = 'tm-root';
  const client = httpClient(token);
  const probe = await client.call('GET', '/clock');
  if (probe.status === 401) {
    askForToken(main, token() !== undefined);
    return;
  }
  const panel = createPanel(client);
  replace(main, panel.element);
  panel.start();
}

/** The token form: a wrong or missing token never reaches the panel. */
function askForToken(main: HTMLElement, wrong: boolean): void {
  const input = h('input', { type: 'password', autocomplete: 'off', required: true, 'data-testid': 'token' });
  const form = h(
    'form',
    {
      class: 'token',
      'aria-label': 'Control token',
      onsubmit: (event) => {
        event.preventDefault();
        sessionStorage.setItem(TOKEN_KEY, input.value);
        void start();
      },
    },
    h('label', { class: 'field' }, h('span', {}, 'This server needs its control token (--control-token)'), input),
    h('button', { type: 'submit' }, 'Open the devtools'),
    wrong ? h('p', { role: 'alert' }, 'That token was refused.') : null,
  );
  replace(main, h('div', { class: 'tm' }, form));
  input.focus();
}

void start();
