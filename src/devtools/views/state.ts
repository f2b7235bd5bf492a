/** State: back to the seeded data, a new seed, and the whole state saved to or loaded from a file. */
import type { PanelContext, View } from '../context.js';
import { download, field, h, pretty } from '../dom.js';

export function stateView(context: PanelContext): View {
  const seed = h('input', { type: 'number', min: 0, step: 1, value: 1, 'data-testid': 'state-seed' });
  const file = h('input', { type: 'file', accept: 'application/json,.json', 'data-testid': 'state-file' });
  const done = (message: string) => {
    context.say(message, 'ok');
    context.changed();
  };
  const act = (run: () => Promise<void>) => () => void run().catch(() => {});
  const reset = act(async () => {
    await context.call('POST', '/reset');
    done('Back to the seeded data; the journal is cleared.');
  });
  const reseed = act(async () => {
    await context.call('POST', '/seed', { body: { seed: Number(seed.value) } });
    done(`Seeded with ${seed.value}.`);
  });
  const save = act(async () => {
    const reply = await context.call('GET', '/state');
    download('ticketmock-state.json', pretty(reply.body));
  });
  const load = act(async () => {
    const chosen = file.files?.[0];
    if (chosen === undefined) return;
    let document: unknown;
    try {
      document = JSON.parse(await chosen.text());
    } catch (error) {
      context.say(`${chosen.name} is no JSON: ${(error as Error).message}`, 'error');
      return;
    }
    await context.call('PUT', '/state', { body: document });
    done(`Loaded ${chosen.name}.`);
    file.value = '';
  });
  file.addEventListener('change', load);
  const element = h(
    'section',
    { class: 'view' },
    h(
      'div',
      { class: 'toolbar' },
      h('button', { type: 'button', onclick: reset, 'data-testid': 'state-reset' }, 'Reset to the seeded data'),
    ),
    h(
      'form',
      {
        class: 'toolbar',
        'aria-label': 'Reseed',
        onsubmit: (event) => {
          event.preventDefault();
          reseed();
        },
      },
      field('Seed', seed),
      h('button', { type: 'submit' }, 'Reseed'),
    ),
    h(
      'div',
      { class: 'toolbar' },
      h('button', { type: 'button', onclick: save, 'data-testid': 'state-export' }, 'Export the state'),
      field('Import a state file', file),
    ),
    h('p', { class: 'muted' }, 'An import replaces all data, or nothing when the mock refuses the file (it says why).'),
  );
  return { id: 'state', title: 'State', element, refresh: async () => {} };
}
