/**
 * Data: each API's tables per tenant (an Octopus Location, an Auvious organisation, an
 * Adminserver network), searchable, with a row's JSON; a ticket past its expiry by the
 * mock's clock is marked expired.
 */
import type { PanelContext, View } from '../context.js';
import { field, h, pretty, replace } from '../dom.js';

/** The field naming a record's tenant in each API, and the table that lists the tenants (with their name). */
const TENANTS: Readonly<Record<string, { readonly field: string; readonly table?: string }>> = {
  octopus: { field: 'LocationId', table: 'locations' },
  auvious: { field: 'organizationId' },
  adminserver: { field: 'networkId', table: 'networks' },
};

/** Fields that hold an expiry instant (Octopus `expires_at`, Auvious `expiresAt`). */
const EXPIRY_FIELDS = ['expires_at', 'expiresAt'];
const MAX_COLUMNS = 6;
const MAX_ROWS = 500;

type Row = Record<string, unknown>;
type ApiState = Record<string, Row[]>;

const isRows = (value: unknown): value is Row[] => Array.isArray(value);

/** Whether `row` has expired at `now` (ms); undefined when it has no expiry. */
export function expiredAt(row: Row, now: number): boolean | undefined {
  for (const name of EXPIRY_FIELDS) {
    const value = row[name];
    if (typeof value === 'string') return Date.parse(value) <= now;
  }
  return undefined;
}

/** The tenants of an API's state: id and label, from its tenant table or the ids its records carry. */
function tenantsOf(api: string, state: ApiState): Array<{ id: string; label: string }> {
  const rule = TENANTS[api];
  if (rule === undefined) return [];
  const listed = rule.table === undefined ? undefined : state[rule.table];
  if (listed !== undefined) {
    return listed.map((row) => {
      const id = String(row[rule.field]);
      return { id, label: typeof row.name === 'string' ? `${id} (${row.name})` : id };
    });
  }
  const ids = new Set<string>();
  for (const rows of Object.values(state))
    for (const row of rows) if (typeof row[rule.field] === 'string') ids.add(row[rule.field] as string);
  return [...ids].sort().map((id) => ({ id, label: id }));
}

const cell = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);

function expiryCell(expired: boolean | undefined): HTMLElement {
  if (expired === undefined) return h('td');
  return h('td', {}, h('span', { class: `badge ${expired ? 'bad' : 'ok'}` }, expired ? 'expired' : 'valid'));
}

/** The rows as a table; `show` is called with the row a click, Enter or Space chose. */
function rowsTable(rows: readonly Row[], now: number, chosen: string | undefined, show: (row: Row) => void) {
  const columns = [...new Set(rows.slice(0, 50).flatMap((row) => Object.keys(row)))].slice(0, MAX_COLUMNS);
  const hasExpiry = rows.some((row) => expiredAt(row, now) !== undefined);
  const body = h('tbody');
  for (const row of rows.slice(0, MAX_ROWS)) {
    const expired = expiredAt(row, now);
    const onkeydown = (event: Event) => {
      const key = (event as KeyboardEvent).key;
      if (key === 'Enter' || key === ' ') {
        event.preventDefault();
        show(row);
      }
    };
    const attributes = {
      tabindex: 0,
      'data-expired': expired === true,
      'aria-selected': chosen === JSON.stringify(row),
    };
    body.appendChild(
      h(
        'tr',
        { ...attributes, onclick: () => show(row), onkeydown },
        hasExpiry ? expiryCell(expired) : null,
        ...columns.map((column) => h('td', { title: cell(row[column]) }, cell(row[column]))),
      ),
    );
  }
  const heads = columns.map((column) => h('th', { scope: 'col' }, column));
  return h(
    'table',
    { 'data-testid': 'data-rows', class: 'data' },
    h('thead', {}, h('tr', {}, hasExpiry ? h('th', { scope: 'col' }, 'expiry') : null, ...heads)),
    body,
  );
}

/** The tables of each API in a `GET /__mock/state` document. */
function tablesOf(document: unknown): Record<string, ApiState> {
  const apis = (document as { apis?: Record<string, Record<string, unknown>> }).apis ?? {};
  return Object.fromEntries(
    Object.entries(apis).map(([api, tables]) => [
      api,
      Object.fromEntries(Object.entries(tables).filter((entry): entry is [string, Row[]] => isRows(entry[1]))),
    ]),
  );
}

export function dataView(context: PanelContext): View {
  const apiSelect = h('select', { 'data-testid': 'data-api' });
  const tenantSelect = h('select', { 'data-testid': 'data-tenant' });
  const tableSelect = h('select', { 'data-testid': 'data-table' });
  const search = h('input', { type: 'search', placeholder: 'any field', 'data-testid': 'data-search' });
  const summary = h('p', { class: 'muted', 'aria-live': 'polite' });
  const grid = h('div', { class: 'scroll' });
  const detail = h('pre', { class: 'json', 'data-testid': 'data-row-json', tabindex: 0, hidden: true });
  let state: Record<string, ApiState> = {};
  let now = Date.now();
  let chosen: string | undefined;
  /** What the table shows: unchanged, it is not rebuilt (a focused row keeps its focus). */
  let shown = '';

  const selectOptions = (select: HTMLSelectElement, options: Array<{ id: string; label: string }>) => {
    const before = select.value;
    replace(select, ...options.map((option) => h('option', { value: option.id }, option.label)));
    if (options.some((option) => option.id === before)) select.value = before;
  };
  const show = (row: Row) => {
    chosen = JSON.stringify(row);
    detail.hidden = false;
    detail.textContent = pretty(row);
    shown = '';
    render();
  };

  const render = () => {
    selectOptions(
      apiSelect,
      Object.keys(state).map((id) => ({ id, label: id })),
    );
    const apiState = state[apiSelect.value] ?? {};
    selectOptions(tenantSelect, [{ id: '', label: 'all tenants' }, ...tenantsOf(apiSelect.value, apiState)]);
    selectOptions(
      tableSelect,
      Object.entries(apiState).map(([id, rows]) => ({ id, label: `${id} (${rows.length})` })),
    );
    const tenantField = TENANTS[apiSelect.value]?.field;
    const tenant = tenantSelect.value;
    const words = search.value.trim().toLowerCase();
    const rows = (apiState[tableSelect.value] ?? []).filter(
      (row) =>
        (tenant === '' || tenantField === undefined || !(tenantField in row) || row[tenantField] === tenant) &&
        (words === '' || JSON.stringify(row).toLowerCase().includes(words)),
    );
    const key = JSON.stringify([rows, now, chosen]);
    if (key === shown) return;
    shown = key;
    const more = rows.length > MAX_ROWS ? ` (first ${MAX_ROWS} shown)` : '';
    summary.textContent = `${rows.length} row${rows.length === 1 ? '' : 's'}${more}; select a row for its JSON`;
    replace(grid, rowsTable(rows, now, chosen, show));
  };

  for (const control of [apiSelect, tenantSelect, tableSelect]) control.addEventListener('change', render);
  search.addEventListener('input', render);

  const toolbar = h(
    'div',
    { class: 'toolbar' },
    field('API', apiSelect),
    field('Tenant', tenantSelect),
    field('Table', tableSelect),
    field('Search', search),
  );
  return {
    id: 'data',
    title: 'Data',
    element: h('section', { class: 'view' }, toolbar, summary, h('div', { class: 'split' }, grid, detail)),
    pollMs: 500,
    async refresh() {
      const [exported, clock] = await Promise.all([context.call('GET', '/state'), context.call('GET', '/clock')]);
      state = tablesOf(exported.body);
      now = Date.parse((clock.body as { now: string }).now);
      render();
    },
  };
}
