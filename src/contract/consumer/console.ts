/**
 * Consumer coverage on the console: per API, each operation's documented statuses
 * (`200 ✓` seen, `409 ~` seen only as an injected fault's answer, `201 ·` never seen), with the
 * statuses answered that the spec does not document and the faults that fired; then a line
 * per documented status never seen (`auvious 409 (disableTicket) never seen`) and the
 * closing line, held against the minimum when one is asked for.
 */
import type { ConsumerCoverage, OperationSeen, StatusSeen } from './types.js';

export interface CoverageConsoleOptions {
  readonly colour: boolean;
}

const paint = (options: CoverageConsoleOptions, code: number, text: string) =>
  options.colour ? `\u001b[${code}m${text}\u001b[0m` : text;

const shortId = (row: Pick<OperationSeen, 'api' | 'operationId'>) => row.operationId.slice(row.api.length + 1);

const mark = (cell: StatusSeen) => (cell.count === 0 ? '·' : cell.byFault === cell.count ? '~' : '✓');

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** `coverage 62.5% (35/56 documented statuses seen), below the minimum 80%`. */
export function coverageLine(coverage: ConsumerCoverage): string {
  const line = `coverage ${coverage.percent}% (${coverage.seen}/${coverage.documented} documented statuses seen)`;
  if (coverage.min === undefined) return line;
  return `${line}, ${coverage.meetsMin ? 'at least' : 'below'} the minimum ${coverage.min}%`;
}

/** The table, the statuses never seen and the closing line. */
export function formatConsumerCoverage(coverage: ConsumerCoverage, options: CoverageConsoleOptions): string {
  const rows = coverage.apis.flatMap((api) => api.operations);
  const idWidth = Math.max(0, ...rows.map((row) => shortId(row).length));
  const pathWidth = Math.max(0, ...rows.map((row) => row.path.length));
  const lines = ['Documented statuses the recordings saw (✓ seen, ~ only as an injected fault, · never seen):'];
  for (const api of coverage.apis) {
    const unrouted = api.unrouted > 0 ? `; ${plural(api.unrouted, 'request')} to no operation` : '';
    lines.push(
      `  ${api.api}: ${api.seen}/${api.documented} (${api.percent}%), ${plural(api.requests, 'request')}${unrouted}`,
    );
    for (const row of api.operations) {
      const cells = row.statuses.map((cell) => `${cell.status} ${mark(cell)}`).join('  ');
      const extra = [
        row.undocumented.length === 0
          ? ''
          : `undocumented: ${row.undocumented.map((item) => `${item.status} ×${item.count}`).join(', ')}`,
        row.faults.length === 0 ? '' : `faults: ${row.faults.map((item) => `${item.fault} ×${item.count}`).join(', ')}`,
      ].filter((text) => text !== '');
      lines.push(
        `    ${shortId(row).padEnd(idWidth)}  ${row.method.padEnd(6)} ${row.path.padEnd(pathWidth)}  ${cells}${extra.length === 0 ? '' : `   ${extra.join('   ')}`}`,
      );
    }
  }
  lines.push(`  total: ${coverage.seen}/${coverage.documented} (${coverage.percent}%)`, '');
  for (const cell of coverage.neverSeen) {
    lines.push(`${cell.api} ${cell.status} (${cell.operationId.slice(cell.api.length + 1)}) never seen`);
  }
  if (coverage.neverSeen.length > 0) lines.push('');
  if (coverage.elsewhere > 0) {
    lines.push(
      `${plural(coverage.elsewhere, 'request')} outside ${coverage.apis.map((api) => api.api).join(', ')}: not counted`,
    );
  }
  const closing = coverageLine(coverage);
  lines.push(coverage.min === undefined ? closing : paint(options, coverage.meetsMin ? 32 : 31, closing));
  return lines.join('\n');
}
