/**
 * The browser example's page: starts ticketmock's mocks in msw's service worker, then each
 * button calls one API with plain `fetch` on the page's own origin. The mocks' state lives
 * in this page, so it persists from one request (and one click) to the next until a reload.
 */
// In an app: `import { startMocks } from 'ticketmock/browser';`
import { startMocks } from '../../src/browser.ts';

const OCTOPUS = { authorization: 'Bearer octopus-demo-key' };
const OCTOPUS_LOCATION = '28XXX004';
const OCTOPUS_SERVICE = '59219';
const AUVIOUS = { authorization: 'Bearer auvious-demo-token' };
const ADMINSERVER_LOGIN = { email: 'admin@demo.test', password: 'demo-password' };

type Api = 'octopus' | 'auvious' | 'adminserver';

interface Answer {
  readonly status: number;
  readonly json: unknown;
}

interface CallInit {
  readonly headers?: Record<string, string>;
  /** Sent as `application/json`. */
  readonly json?: unknown;
  /** Sent as `application/x-www-form-urlencoded`. */
  readonly form?: Record<string, string>;
}

function element<T extends HTMLElement = HTMLElement>(testId: string): T {
  const found = document.querySelector<T>(`[data-testid="${testId}"]`);
  if (found === null) throw new Error(`the page has no [data-testid="${testId}"]`);
  return found;
}

function show(testId: string, value: unknown): void {
  element(testId).textContent = String(value);
}

/** One request through the worker; logs `METHOD path → status` under the API's card. */
async function call(api: Api, method: string, path: string, init: CallInit = {}): Promise<Answer> {
  const headers = new Headers(init.headers);
  let body: string | URLSearchParams | undefined;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  } else if (init.form !== undefined) {
    body = new URLSearchParams(init.form);
  }
  const response = await fetch(path, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  const request = document.createElement('code');
  request.textContent = `${method} ${path}`;
  const answer = document.createElement('span');
  answer.className = response.ok ? 'ok' : 'failed';
  answer.textContent = `→ ${response.status}`;
  const entry = document.createElement('li');
  entry.append(request, ' ', answer);
  element(`${api}-log`).append(entry);
  return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
}

/** The answer's JSON when its status is the expected one; otherwise an error naming the API's message. */
function expectStatus<T>(answer: Answer, status: number, what: string): T {
  if (answer.status !== status) {
    const error = (answer.json as { error?: { message?: string }; message?: string } | undefined) ?? {};
    throw new Error(`${what}: ${answer.status} ${error.error?.message ?? error.message ?? ''}`.trim());
  }
  return answer.json as T;
}

/** Runs one flow behind its card's button: clears the card, marks it running, then done or error. */
function flow(api: Api, run: () => Promise<void>): void {
  const card = element(api);
  const button = element<HTMLButtonElement>(`${api}-run`);
  const error = element(`${api}-error`);
  button.addEventListener('click', async () => {
    card.dataset.runs = String(Number(card.dataset.runs ?? '0') + 1);
    card.dataset.state = 'running';
    button.disabled = true;
    error.hidden = true;
    element(`${api}-log`).replaceChildren();
    for (const value of card.querySelectorAll('dd')) value.textContent = '…';
    try {
      await run();
      card.dataset.state = 'done';
    } catch (caught) {
      error.textContent = caught instanceof Error ? caught.message : String(caught);
      error.hidden = false;
      card.dataset.state = 'error';
    } finally {
      button.disabled = false;
    }
  });
}

flow('octopus', async () => {
  const services = expectStatus<{ data: Array<{ id: number; name: string }> }>(
    await call('octopus', 'GET', `/rest/v1/Location/${OCTOPUS_LOCATION}/services`, { headers: OCTOPUS }),
    200,
    'services',
  );
  show('octopus-service-count', services.data.length);
  show('octopus-first-service', services.data[0]?.name ?? '(none)');
  const { data: ticket } = expectStatus<{
    data: { id: number; username: string; password: string; expires_at: string | null };
  }>(
    await call('octopus', 'POST', `/rest/v1/Location/${OCTOPUS_LOCATION}/tickets`, {
      headers: OCTOPUS,
      form: { service: OCTOPUS_SERVICE, numusers: '1' },
    }),
    200,
    'issue a ticket',
  );
  show('octopus-ticket-id', ticket.id);
  show('octopus-username', ticket.username);
  show('octopus-password', ticket.password);
  show('octopus-expires', ticket.expires_at ?? 'never');
});

interface AuviousTicket {
  id: string;
  type: string;
  revoked: string | null;
}

flow('auvious', async () => {
  const created = expectStatus<AuviousTicket>(
    await call('auvious', 'POST', '/security/ticket', {
      headers: AUVIOUS,
      json: { type: 'MULTI_USE_TICKET', properties: {} },
    }),
    200,
    'create a ticket',
  );
  show('auvious-ticket-id', created.id);
  show('auvious-type', created.type);
  const path = `/security/ticket/${encodeURIComponent(created.id)}`;
  const revoke = await call('auvious', 'POST', `${path}/revoke`, { headers: AUVIOUS });
  expectStatus(revoke, 204, 'revoke');
  show('auvious-revoke-status', `${revoke.status} No Content`);
  const read = expectStatus<AuviousTicket>(await call('auvious', 'GET', path, { headers: AUVIOUS }), 200, 'read back');
  show('auvious-revoked', read.revoked ?? 'null');
  show('auvious-state', read.revoked === null ? 'active' : 'revoked');
});

/** Purchasable tickets this page created, for a fresh productId on every click. */
let createdTickets = 0;

flow('adminserver', async () => {
  const login = expectStatus<{ sessionId: string; preferredNetworkName: string }>(
    await call('adminserver', 'POST', '/auth/login', { json: ADMINSERVER_LOGIN }),
    200,
    'log in',
  );
  show('adminserver-network', login.preferredNetworkName);
  const session = { 'x-session-id': login.sessionId };
  const list = async () =>
    expectStatus<{ data: { tickets: unknown[] } }>(
      await call('adminserver', 'POST', '/jsonRpc/ticket.getPurchasableTickets', { headers: session, json: {} }),
      200,
      'list',
    ).data.tickets.length;
  show('adminserver-count-before', await list());
  createdTickets += 1;
  const productId = `browser-demo-${createdTickets}`;
  expectStatus(
    await call('adminserver', 'POST', '/jsonRpc/ticket.createPurchasableTicket', {
      headers: session,
      json: {
        ticket: {
          productId,
          eventName: 'Browser Demo',
          eventStartDate: '2026-12-31T20:00:00Z',
          eventEndDate: '2026-12-31T23:59:00Z',
          ticketType: 'single',
          ticketName: `Demo entry ${createdTickets}`,
          price: 25,
        },
      },
    }),
    200,
    'create',
  );
  show('adminserver-created', productId);
  show('adminserver-count-after', await list());
});

const status = element('status');
try {
  // msw logs each request it answers to the console; `quiet: true` silences it.
  // `?persist` keeps the mocks' data across reloads (localStorage); the control is on
  // `window.ticketmock` for the console (and the browser test)
  const persist = new URLSearchParams(location.search).has('persist');
  // the devtools panel (a "Mocks" button at the bottom right): `ticketmock-devtools.js`
  // beside the worker script, imported when the mocks start; `?devtools=bundled` bundles it
  // with this page instead (in an app: `devtools: mountDevtools` from 'ticketmock/devtools')
  const bundled = new URLSearchParams(location.search).get('devtools') === 'bundled';
  const mocks = await startMocks({
    persist,
    devtools: bundled ? async (host) => (await import('../../src/devtools/index.ts')).mountDevtools(host) : true,
  });
  (globalThis as { ticketmock?: unknown }).ticketmock = { control: mocks.control };
  status.textContent = 'Worker ready: calls to /rest/, /security/, /auth/ and /jsonRpc/ are answered in this page.';
  status.dataset.state = 'ready';
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-testid$="-run"]'))
    button.disabled = false;
} catch (caught) {
  status.textContent = `The worker did not start: ${caught instanceof Error ? caught.message : String(caught)}`;
  status.dataset.state = 'error';
}
