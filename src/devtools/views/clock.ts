/** Clock: the mock's now, set to an instant, or advanced by a chosen amount. */
import type { PanelContext, View } from '../context.js';
import { field, h } from '../dom.js';

const UNITS: Readonly<Record<string, number>> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };

export function clockView(context: PanelContext): View {
  const now = h('output', { 'data-testid': 'clock-now', class: 'big' });
  const instant = h('input', { type: 'text', placeholder: '2026-12-02T10:00:00Z', 'data-testid': 'clock-instant' });
  const amount = h('input', { type: 'number', value: 1, step: 'any', 'data-testid': 'clock-amount' });
  const unit = h(
    'select',
    { 'data-testid': 'clock-unit' },
    ...Object.keys(UNITS).map((name) => h('option', { value: name }, name)),
  );
  unit.value = 'hours';
  let read: () => Promise<void> = async () => {};

  const move = async (change: { now: string } | { advanceSeconds: number }) => {
    const reply = await context.call('POST', '/clock', { body: change });
    context.say(`The mock's clock is now ${(reply.body as { now: string }).now}.`, 'ok');
    await read();
    context.changed();
  };
  const set = (event: Event) => {
    event.preventDefault();
    void move({ now: instant.value.trim() }).catch(() => {});
  };
  const advance = (event: Event) => {
    event.preventDefault();
    void move({ advanceSeconds: Number(amount.value) * (UNITS[unit.value] ?? 1) }).catch(() => {});
  };
  const quick = (label: string, seconds: number) =>
    h('button', { type: 'button', onclick: () => void move({ advanceSeconds: seconds }).catch(() => {}) }, label);

  read = async () => {
    const reply = await context.call('GET', '/clock');
    now.textContent = (reply.body as { now: string }).now;
  };
  const element = h(
    'section',
    { class: 'view' },
    h('p', {}, 'Now, by the mock: ', now),
    h(
      'form',
      { class: 'toolbar', onsubmit: advance, 'aria-label': 'Advance the clock' },
      field('Advance by', amount),
      field('Unit', unit),
      h('button', { type: 'submit', 'data-testid': 'clock-advance' }, 'Advance'),
    ),
    h('div', { class: 'toolbar' }, quick('+1 minute', 60), quick('+1 hour', 3600), quick('+1 day', 86_400)),
    h(
      'form',
      { class: 'toolbar', onsubmit: set, 'aria-label': 'Set the clock' },
      field('Set to (ISO-8601)', instant),
      h('button', { type: 'submit', 'data-testid': 'clock-set' }, 'Set'),
    ),
    h(
      'p',
      { class: 'muted' },
      'Expiry, ticket status and timestamps all read this clock; the Data view marks expired rows by it.',
    ),
  );
  return { id: 'clock', title: 'Clock', element, pollMs: 1000, refresh: () => read() };
}
