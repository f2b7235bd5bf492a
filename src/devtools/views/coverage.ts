/**
 * Coverage: which operations × documented statuses the current journal exercised, as
 * `ticketmock coverage` counts them (the server computes it: `GET /__mock/coverage`).
 */
import type { ConsumerCoverage, OperationSeen } from '../../contract/consumer/types.js';
import type { PanelContext, View } from '../context.js';
import { h, replace } from '../dom.js';

function operationRow(operation: OperationSeen): HTMLElement {
  return h(
    'tr',
    {},
    h('td', {}, operation.operationId),
    h('td', { class: 'mono' }, `${operation.method} ${operation.path}`),
    h('td', { class: 'number' }, operation.requests),
    h(
      'td',
      {},
      ...operation.statuses.map((status) =>
        h(
          'span',
          { class: `badge ${status.count > 0 ? 'ok' : 'none'}`, title: `${status.count} seen` },
          `${status.status} ×${status.count}`,
        ),
      ),
      ...operation.undocumented.map((status) =>
        h('span', { class: 'badge bad', title: 'not in the spec' }, `${status.status} ×${status.count}`),
      ),
    ),
  );
}

export function coverageView(context: PanelContext): View {
  const summary = h('p', { 'data-testid': 'coverage-summary', 'aria-live': 'polite' });
  const tables = h('div', { class: 'scroll' });
  const element = h('section', { class: 'view' }, summary, tables);
  return {
    id: 'coverage',
    title: 'Coverage',
    element,
    pollMs: 2000,
    async refresh() {
      const reply = await context.client.call('GET', '/coverage', { session: context.session });
      if (reply.status === 404) {
        summary.textContent =
          'Coverage is computed by `ticketmock serve`. Here, save the journal (Journal view) and run `npx ticketmock coverage ticketmock-journal.json`.';
        replace(tables);
        return;
      }
      if (reply.status !== 200) {
        summary.textContent = `No coverage: the mock answered ${reply.status}.`;
        return;
      }
      const coverage = reply.body as ConsumerCoverage;
      summary.textContent = `${coverage.seen} of ${coverage.documented} documented statuses seen (${coverage.percent}%) over ${coverage.requests} requests.`;
      replace(
        tables,
        ...coverage.apis.map((api) =>
          h(
            'table',
            { 'data-testid': `coverage-${api.api}` },
            h(
              'caption',
              {},
              `${api.api}: ${api.seen} of ${api.documented} (${api.percent}%), ${api.requests} requests`,
            ),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...['operation', 'route', 'requests', 'statuses seen'].map((name) => h('th', { scope: 'col' }, name)),
              ),
            ),
            h('tbody', {}, ...api.operations.map(operationRow)),
          ),
        ),
      );
    },
  };
}
