/**
 * Faults: latency, error rate, drop rate and rate limit, for every route or one operation,
 * as a form that applies as it is changed (`PUT /__mock/faults`, after a 300 ms pause in
 * typing); Clear removes the rule shown.
 */
import type { FaultConfig, FaultRule } from '../../core/faults.js';
import type { PanelContext, View } from '../context.js';
import { field, h, pretty, replace } from '../dom.js';

const ALL = '';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The rule the form's values say; empty fields are left out. */
export function ruleOf(values: Readonly<Record<string, string>>): FaultRule {
  const rule: Mutable<FaultRule> = {};
  const number = (name: string) =>
    values[name] === undefined || values[name] === '' ? undefined : Number(values[name]);
  const [min, max] = [number('latencyMin'), number('latencyMax')];
  if (min !== undefined) rule.latencyMs = max === undefined || max === min ? min : [min, max];
  const errorRate = number('errorRate');
  if (errorRate !== undefined) rule.errorRate = errorRate / 100;
  const errorStatus = number('errorStatus');
  if (errorStatus !== undefined) rule.errorStatus = errorStatus;
  const dropRate = number('dropRate');
  if (dropRate !== undefined) rule.dropRate = dropRate / 100;
  const rate = number('rateLimitPerSecond');
  if (rate !== undefined) rule.rateLimitPerSecond = rate;
  return rule;
}

/** `config` with the rule for `route` (or the global one) replaced by `rule`. */
export function withRule(config: FaultConfig, route: string, rule: FaultRule): FaultConfig {
  const { routes = {}, ...global } = config;
  if (route === ALL) return { ...rule, ...(Object.keys(routes).length === 0 ? {} : { routes }) };
  const others = Object.fromEntries(Object.entries(routes).filter(([name]) => name !== route));
  const next = Object.keys(rule).length === 0 ? others : { ...others, [route]: rule };
  return { ...global, ...(Object.keys(next).length === 0 ? {} : { routes: next }) };
}

function inputs() {
  const number = (name: string, attributes: Record<string, string | number>) =>
    h('input', { type: 'number', name, 'data-testid': `faults-${name}`, ...attributes });
  return {
    latencyMin: number('latencyMin', { min: 0, max: 60000, placeholder: 'ms' }),
    latencyMax: number('latencyMax', { min: 0, max: 60000, placeholder: 'ms (range)' }),
    errorRate: number('errorRate', { min: 0, max: 100, step: 'any', placeholder: '%' }),
    errorStatus: number('errorStatus', { min: 400, max: 599, placeholder: '500' }),
    dropRate: number('dropRate', { min: 0, max: 100, step: 'any', placeholder: '%' }),
    rateLimitPerSecond: number('rateLimitPerSecond', { min: 1, placeholder: 'per second' }),
  };
}

export function faultsView(context: PanelContext): View {
  const fields = inputs();
  const route = h('input', {
    type: 'text',
    list: 'ticketmock-operations',
    placeholder: 'all routes',
    'data-testid': 'faults-route',
  });
  const operations = h('datalist', { id: 'ticketmock-operations' });
  const applied = h('p', { 'aria-live': 'polite', 'data-testid': 'faults-state', 'data-state': 'idle' });
  const current = h('pre', { class: 'json', 'data-testid': 'faults-config' });
  let config: FaultConfig = {};
  let timer: ReturnType<typeof setTimeout> | undefined;

  const show = (next: FaultConfig) => {
    config = next;
    current.textContent = pretty(next);
  };
  /** The form shows the rule in force for the route typed. */
  const fill = () => {
    const rule: FaultRule = route.value.trim() === ALL ? config : (config.routes?.[route.value.trim()] ?? {});
    const latency = rule.latencyMs;
    const values: Record<string, number | undefined> = {
      latencyMin: Array.isArray(latency) ? latency[0] : (latency as number | undefined),
      latencyMax: Array.isArray(latency) ? latency[1] : undefined,
      errorRate: rule.errorRate === undefined ? undefined : rule.errorRate * 100,
      errorStatus: rule.errorStatus,
      dropRate: rule.dropRate === undefined ? undefined : rule.dropRate * 100,
      rateLimitPerSecond: rule.rateLimitPerSecond,
    };
    for (const [name, input] of Object.entries(fields))
      input.value = values[name] === undefined ? '' : String(values[name]);
  };
  const apply = async (rule: FaultRule) => {
    applied.dataset.state = 'pending';
    applied.textContent = 'Applying…';
    try {
      const reply = await context.call('PUT', '/faults', { body: withRule(config, route.value.trim(), rule) });
      show(reply.body as FaultConfig);
      applied.dataset.state = 'applied';
      applied.textContent = 'Applied: the next requests see these faults.';
    } catch {
      applied.dataset.state = 'refused';
      applied.textContent = 'Refused: see the message above; the faults in force are below.';
    }
  };
  const changed = () => {
    clearTimeout(timer);
    applied.dataset.state = 'pending';
    timer = setTimeout(() => {
      const values = Object.fromEntries(Object.entries(fields).map(([name, input]) => [name, input.value.trim()]));
      void apply(ruleOf(values));
    }, 300);
  };
  for (const input of Object.values(fields)) input.addEventListener('input', changed);
  route.addEventListener('change', fill);
  const clear = () => {
    clearTimeout(timer);
    for (const input of Object.values(fields)) input.value = '';
    void apply({});
  };

  const element = h(
    'section',
    { class: 'view' },
    h('div', { class: 'toolbar' }, field('Route (operation, or empty for all)', route), operations),
    h(
      'form',
      { class: 'grid', 'aria-label': 'Faults', onsubmit: (event) => event.preventDefault() },
      field('Latency, min (ms)', fields.latencyMin),
      field('Latency, max (ms)', fields.latencyMax),
      field('Error rate (%)', fields.errorRate),
      field('Error status', fields.errorStatus),
      field('Drop rate (%)', fields.dropRate),
      field('Rate limit (calls/s)', fields.rateLimitPerSecond),
    ),
    h(
      'div',
      { class: 'toolbar' },
      h(
        'button',
        { type: 'button', class: 'danger', onclick: clear, 'data-testid': 'faults-clear' },
        'Clear this rule',
      ),
    ),
    applied,
    h('h3', {}, 'In force'),
    current,
  );
  return {
    id: 'faults',
    title: 'Faults',
    element,
    async refresh() {
      const [faults, journal] = await Promise.all([context.call('GET', '/faults'), context.call('GET', '/journal')]);
      show(faults.body as FaultConfig);
      const seen = new Set(
        (journal.body as { entries: Array<{ operationId: string | null }> }).entries.map((entry) => entry.operationId),
      );
      replace(
        operations,
        ...[...seen]
          .filter((id): id is string => id !== null)
          .sort()
          .map((id) => h('option', { value: id })),
      );
      if (applied.dataset.state !== 'pending') fill();
    },
  };
}
