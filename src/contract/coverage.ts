/**
 * The coverage table: for each operation, each documented status, whether any answer in
 * the run had it; and the statuses answered that the spec does not document.
 */
import type { ApiContract } from './check.js';
import type { Coverage, CoverageRow, Exchange } from './types.js';

export function coverageOf(
  contracts: readonly ApiContract[],
  exchanges: ReadonlyMap<string, readonly Exchange[]>,
): Coverage {
  const rows: CoverageRow[] = [];
  for (const contract of contracts) {
    for (const operation of contract.spec.operations) {
      const operationId = `${contract.name}.${operation.id}`;
      const seen = new Set(
        (exchanges.get(operationId) ?? []).flatMap((exchange) =>
          exchange.status === undefined ? [] : [exchange.status],
        ),
      );
      const statuses: Record<string, boolean> = {};
      for (const status of operation.statuses) {
        if (status === 'default') continue;
        statuses[status] = seen.has(Number(status));
      }
      rows.push({
        api: contract.name,
        operationId,
        method: operation.method,
        path: operation.path,
        statuses,
        undocumented: [...seen].filter((status) => !operation.statuses.includes(String(status))).sort(),
      });
    }
  }
  return summarize(rows);
}

/** Coverage of one API's rows (the table's total is over every API). */
export function coverageFor(coverage: Coverage, api: string): Coverage {
  return summarize(coverage.rows.filter((row) => row.api === api));
}

function summarize(rows: readonly CoverageRow[]): Coverage {
  const documented = rows.reduce((sum, row) => sum + Object.keys(row.statuses).length, 0);
  const exercised = rows.reduce((sum, row) => sum + Object.values(row.statuses).filter(Boolean).length, 0);
  return {
    rows,
    documented,
    exercised,
    percent: documented === 0 ? 100 : Math.round((exercised / documented) * 1000) / 10,
  };
}
