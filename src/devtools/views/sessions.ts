/** Sessions: the mocks of their own on this server; open one to see and act on its state. */
import type { PanelContext, View } from '../context.js';
import { field, h, replace } from '../dom.js';

interface Session {
  readonly id: string;
  readonly seed: number;
  readonly createdAt: string;
}

export function sessionsView(context: PanelContext, onSwitch: () => void): View {
  const seed = h('input', {
    type: 'number',
    min: 0,
    step: 1,
    placeholder: 'the server’s',
    'data-testid': 'sessions-seed',
  });
  const list = h('tbody');
  const current = h('p', { 'aria-live': 'polite', 'data-testid': 'sessions-current' });

  const choose = (id: string | undefined) => {
    context.session = id;
    context.say(id === undefined ? 'Acting on the default state.' : `Acting on session ${id}.`, 'ok');
    onSwitch();
  };
  const remove = async (id: string) => {
    await context.client.call('DELETE', `/sessions/${encodeURIComponent(id)}`).then((reply) => {
      if (reply.status !== 204) context.say(`Not deleted: ${reply.status}`, 'error');
    });
    if (context.session === id) choose(undefined);
    await refresh();
  };
  const create = async (event: Event) => {
    event.preventDefault();
    const body = seed.value === '' ? {} : { seed: Number(seed.value) };
    const reply = await context.client.call('POST', '/sessions', { body });
    if (reply.status !== 201) {
      context.say(`No session opened: ${JSON.stringify(reply.body)}`, 'error');
      return;
    }
    choose((reply.body as Session).id);
    await refresh();
  };
  const refresh = async () => {
    const reply = await context.client.call('GET', '/sessions');
    const sessions = reply.status === 200 ? ((reply.body as { sessions: Session[] }).sessions ?? []) : [];
    current.textContent =
      context.session === undefined ? 'Acting on: the default state.' : `Acting on: session ${context.session}.`;
    replace(
      list,
      ...sessions.map((session) =>
        h(
          'tr',
          { 'aria-current': session.id === context.session },
          h('td', { class: 'mono' }, session.id),
          h('td', {}, session.seed),
          h('td', {}, session.createdAt),
          h(
            'td',
            {},
            h('button', { type: 'button', onclick: () => choose(session.id) }, 'Open'),
            h(
              'button',
              {
                type: 'button',
                class: 'danger',
                'aria-label': `Delete session ${session.id}`,
                onclick: () => void remove(session.id),
              },
              'Delete',
            ),
          ),
        ),
      ),
    );
    if (sessions.length === 0)
      list.appendChild(h('tr', {}, h('td', { colspan: 4, class: 'muted' }, 'No session is open.')));
  };
  const element = h(
    'section',
    { class: 'view' },
    current,
    h(
      'div',
      { class: 'toolbar' },
      h('button', { type: 'button', onclick: () => choose(undefined) }, 'Back to the default state'),
    ),
    h(
      'form',
      { class: 'toolbar', onsubmit: (event) => void create(event), 'aria-label': 'Open a session' },
      field('Seed', seed),
      h('button', { type: 'submit' }, 'Open a new session'),
    ),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { 'data-testid': 'sessions-rows' },
        h('thead', {}, h('tr', {}, ...['id', 'seed', 'opened', ''].map((name) => h('th', { scope: 'col' }, name)))),
        list,
      ),
    ),
    h(
      'p',
      { class: 'muted' },
      'While a session is open here, every view reads and changes that session (X-Mock-Session).',
    ),
  );
  return { id: 'sessions', title: 'Sessions', element, pollMs: 2000, refresh };
}
