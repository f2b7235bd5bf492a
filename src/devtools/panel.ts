/**
 * The devtools panel (issue 19): the views in tabs (arrow keys move between them, as the
 * WAI-ARIA tabs pattern has it), a status line, and polling of the view shown. The same
 * panel runs in `/__mock/ui` and in the app's page; only its {@link DevtoolsClient} differs.
 */
import type { DevtoolsClient } from './client.js';
import { CallFailed, createContext, type View } from './context.js';
import { h } from './dom.js';
import { clockView } from './views/clock.js';
import { coverageView } from './views/coverage.js';
import { dataView } from './views/data.js';
import { faultsView } from './views/faults.js';
import { journalView } from './views/journal.js';
import { sessionsView } from './views/sessions.js';
import { stateView } from './views/state.js';

export interface Panel {
  readonly element: HTMLElement;
  /** Shows the view with this id (`data`, `journal`, `clock`, `faults`, `sessions`, `state`, `coverage`). */
  show(id: string): void;
  /** Stops polling (the panel is closed or removed). */
  stop(): void;
  /** Starts polling the view shown again. */
  start(): void;
}

/** The WAI-ARIA tabs pattern's keys: ←/→ to the previous or next tab (wrapping), Home and End. */
function arrowKeys(tabs: readonly HTMLButtonElement[], select: (index: number) => void) {
  return (event: KeyboardEvent) => {
    const index = tabs.indexOf(event.target as HTMLButtonElement);
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: tabs.length - 1,
    };
    const next = moves[event.key];
    if (index < 0 || next === undefined) return;
    event.preventDefault();
    const target = (next + tabs.length) % tabs.length;
    select(target);
    tabs[target]?.focus();
  };
}

export function createPanel(client: DevtoolsClient): Panel {
  const status = h('p', { class: 'status', role: 'status', 'data-testid': 'devtools-status' });
  const say = (message: string, kind: 'ok' | 'error' = 'ok') => {
    status.textContent = message;
    status.dataset.kind = kind;
  };
  const where = h('span', { class: 'where', 'data-testid': 'where' });
  const context = createContext(client, say, () => void current?.refresh().catch(() => {}));
  const showWhere = () => {
    where.textContent = `${client.where === 'server' ? location.host : 'in this page'} · ${
      context.session === undefined ? 'default state' : `session ${context.session}`
    }`;
  };
  const views: View[] = [
    dataView(context),
    journalView(context),
    clockView(context),
    faultsView(context),
    sessionsView(context, () => {
      showWhere();
      context.changed();
    }),
    stateView(context),
    coverageView(context),
  ];
  const tabs = views.map((view) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `tm-tab-${view.id}`,
        'aria-controls': `tm-view-${view.id}`,
        'data-testid': `tab-${view.id}`,
      },
      view.title,
    ),
  );
  const panels = views.map((view) =>
    h(
      'div',
      { role: 'tabpanel', id: `tm-view-${view.id}`, 'aria-labelledby': `tm-tab-${view.id}`, tabindex: 0, hidden: true },
      view.element,
    ),
  );
  let current: View | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;

  const poll = async () => {
    clearTimeout(timer);
    const view = current;
    if (view === undefined || !running) return;
    const started = performance.now();
    try {
      await view.refresh();
    } catch (error) {
      if (!(error instanceof CallFailed)) say(`The panel failed: ${(error as Error).message}`, 'error');
    }
    // a slow read (a large state) is not repeated at once: the panel never keeps the mock busy
    // more than a fifth of the time
    const pause = Math.max(view.pollMs ?? 0, 4 * (performance.now() - started));
    if (view === current && running && view.pollMs !== undefined) timer = setTimeout(poll, pause);
  };
  const show = (id: string) => {
    const index = Math.max(
      0,
      views.findIndex((view) => view.id === id),
    );
    views.forEach((_, i) => {
      tabs[i]?.setAttribute('aria-selected', String(i === index));
      tabs[i]?.setAttribute('tabindex', i === index ? '0' : '-1');
      if (panels[i] !== undefined) panels[i].hidden = i !== index;
    });
    current = views[index];
    void poll();
  };
  const onKey = arrowKeys(tabs, (index) => show(views[index]?.id ?? 'data'));
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => show(views[i]?.id ?? 'data'));
  });
  const tablist = h(
    'div',
    { role: 'tablist', 'aria-label': 'Views', onkeydown: onKey as (event: Event) => void },
    ...tabs,
  );
  showWhere();
  const element = h(
    'div',
    { class: 'tm' },
    h('header', {}, h('h1', {}, 'ticketmock devtools'), where),
    tablist,
    ...panels,
    status,
  );
  return {
    element,
    show,
    stop() {
      running = false;
      clearTimeout(timer);
    },
    start() {
      running = true;
      show(current?.id ?? 'data');
    },
  };
}
