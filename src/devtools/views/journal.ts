/**
 * Journal: the requests the mock answered, live (polled every 500 ms: decision 019), newest
 * first, filterable; each entry opens to its request and response (kept by the journal once
 * a devtools page asked for them). "All sessions" merges the default journal with each open
 * session's.
 */
import type { JournalDetail, JournalEntry } from '../../core/journal.js';
import type { PanelContext, View } from '../context.js';
import { download, field, h, pretty, replace } from '../dom.js';

type Entry = JournalEntry & { readonly exchange?: JournalDetail; readonly session: string };

/** At most this many sessions' journals are merged into "all sessions" (each is one call per poll). */
const MERGED_SESSIONS = 16;
const SHOWN = 300;

const matches = (entry: Entry, words: string): boolean =>
  words === '' ||
  `${entry.method} ${entry.path} ${entry.operationId ?? ''} ${entry.status} ${entry.session} ${entry.fault ?? ''}`
    .toLowerCase()
    .includes(words);

/** An exchange's request or response, as the detail row shows it. */
function part(title: string, exchange: { headers: object; body?: string } | undefined): HTMLElement {
  if (exchange === undefined) return h('div', {}, h('h4', {}, title), h('p', { class: 'muted' }, 'not kept'));
  let body = exchange.body ?? '';
  try {
    body = pretty(JSON.parse(body));
  } catch {
    // not JSON: shown as it came
  }
  return h('div', {}, h('h4', {}, title), h('pre', { class: 'json' }, `${pretty(exchange.headers)}\n\n${body}`));
}

function entryRows(entry: Entry, index: number, open: Set<string>, toggle: (key: string) => void): HTMLElement[] {
  const key = `${entry.session} ${entry.time} ${entry.method} ${entry.path} ${index}`;
  const expanded = open.has(key);
  const failed = entry.status === 0 || entry.status >= 400;
  const row = h(
    'tr',
    { class: failed ? 'failed' : '', 'data-status': entry.status },
    h('td', {}, entry.time.slice(11, 23)),
    h('td', {}, entry.session),
    h('td', {}, entry.method),
    h(
      'td',
      { class: 'path' },
      h('button', { type: 'button', class: 'link', 'aria-expanded': expanded, onclick: () => toggle(key) }, entry.path),
    ),
    h('td', {}, entry.operationId ?? '—'),
    h('td', {}, h('span', { class: `badge ${failed ? 'bad' : 'ok'}` }, entry.status === 0 ? 'dropped' : entry.status)),
    h('td', { class: 'number' }, `${entry.durationMs.toFixed(1)} ms`),
    h('td', {}, entry.fault ?? ''),
  );
  if (!expanded) return [row];
  const detail =
    entry.exchange === undefined
      ? h(
          'p',
          { class: 'muted' },
          'Recorded before a devtools page first asked for details: only the line above was kept.',
        )
      : h(
          'div',
          { class: 'split' },
          part('Request', entry.exchange.request),
          part(`Response ${entry.status}`, entry.exchange.response),
        );
  return [row, h('tr', { class: 'detail' }, h('td', { colspan: 8 }, detail))];
}

/** Save the journal as JSON (what `ticketmock coverage` reads) or as HAR (where the server makes one). */
function exportButtons(context: PanelContext): HTMLElement[] {
  const exportJson = async () => {
    const reply = await context.call('GET', '/journal');
    download('ticketmock-journal.json', pretty(reply.body));
    context.say('Journal saved: `npx ticketmock coverage ticketmock-journal.json` reads it.', 'ok');
  };
  const exportHar = async () => {
    const reply = await context.call('GET', '/journal', { query: 'format=har' }).catch(() => undefined);
    if (reply === undefined || typeof reply.body !== 'object' || reply.body === null || !('log' in reply.body)) {
      context.say(
        'No HAR here: the journal as HAR (GET /__mock/journal?format=har) needs a server with the recorder (`ticketmock serve`, issue 18).',
        'error',
      );
      return;
    }
    download('ticketmock-journal.har', pretty(reply.body));
  };
  return [
    h('button', { type: 'button', onclick: exportJson }, 'Save JSON'),
    h('button', { type: 'button', onclick: exportHar }, 'Save HAR'),
  ];
}

export function journalView(context: PanelContext): View {
  const filter = h('input', {
    type: 'search',
    placeholder: 'method, path, operation, status…',
    'data-testid': 'journal-filter',
  });
  const scope = h(
    'select',
    { 'data-testid': 'journal-scope' },
    h('option', { value: 'one' }, 'this session'),
    h('option', { value: 'all' }, 'all sessions'),
  );
  const paused = h('input', { type: 'checkbox', 'data-testid': 'journal-pause' });
  const summary = h('p', { class: 'muted', 'aria-live': 'polite' });
  const body = h('tbody');
  const open = new Set<string>();
  let entries: Entry[] = [];
  let shown = '';

  const render = (force = false) => {
    const words = filter.value.trim().toLowerCase();
    const kept = entries
      .filter((entry) => matches(entry, words))
      .reverse()
      .slice(0, SHOWN);
    const key = JSON.stringify([kept.map((entry) => [entry.session, entry.time, entry.path, entry.status]), [...open]]);
    if (!force && key === shown) return;
    shown = key;
    summary.textContent = `${kept.length} of ${entries.length} requests, newest first`;
    replace(body, ...kept.flatMap((entry, index) => entryRows(entry, index, open, toggle)));
  };
  const toggle = (key: string) => {
    if (open.has(key)) open.delete(key);
    else open.add(key);
    render(true);
  };
  filter.addEventListener('input', () => render());

  const journalOf = async (session: string | undefined, label: string): Promise<Entry[]> => {
    const reply = await context.client.call('GET', '/journal', { session, query: 'detail=1' });
    if (reply.status !== 200) return [];
    return ((reply.body as { entries: JournalEntry[] }).entries ?? []).map((entry) => ({ ...entry, session: label }));
  };

  /** `own` and the journals of the default state and every other open session (the first {@link MERGED_SESSIONS}), by time. */
  const withOthers = async (own: Entry[]): Promise<Entry[]> => {
    const listed = await context.client.call('GET', '/sessions');
    const sessions = ((listed.body as { sessions?: Array<{ id: string }> }).sessions ?? []).slice(0, MERGED_SESSIONS);
    const others = await Promise.all([
      context.session === undefined ? [] : journalOf(undefined, 'default'),
      ...sessions
        .filter((session) => session.id !== context.session)
        .map((session) => journalOf(session.id, session.id.slice(0, 8))),
    ]);
    return [...own, ...others.flat()].sort((a, b) => a.time.localeCompare(b.time));
  };

  const element = h(
    'section',
    { class: 'view' },
    h(
      'div',
      { class: 'toolbar' },
      field('Filter', filter),
      field('Show', scope),
      h('label', { class: 'check' }, paused, ' Pause'),
      ...exportButtons(context),
    ),
    summary,
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { 'data-testid': 'journal-rows' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['time', 'session', 'method', 'path', 'operation', 'status', 'duration', 'fault'].map((name) =>
              h('th', { scope: 'col' }, name),
            ),
          ),
        ),
        body,
      ),
    ),
  );
  return {
    id: 'journal',
    title: 'Journal',
    element,
    pollMs: 500,
    async refresh() {
      if (paused.checked) return;
      const reply = await context.call('GET', '/journal', { query: 'detail=1' });
      const label = context.session === undefined ? 'default' : context.session.slice(0, 8);
      const own = (reply.body as { entries: JournalEntry[] }).entries.map((entry) => ({ ...entry, session: label }));
      entries = scope.value === 'all' ? await withOthers(own) : own;
      render();
    },
  };
}
