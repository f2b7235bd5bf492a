/**
 * The console reporter: a line per check as it finishes (findings indented, each with
 * its curl reproduction), a progress bar on a TTY, then the coverage table and the
 * closing line `N passed, N failed, N skipped` (with warnings when there are any).
 */
import { coverageFor } from '../coverage.js';
import type { CheckResult, ContractResult, ContractSummary, Coverage } from '../types.js';

const MARKS = { passed: '✓', failed: '✗', warned: '!', skipped: '-' } as const;
const COLOURS = { passed: 32, failed: 31, warned: 33, skipped: 90 } as const;

export interface ConsoleOptions {
  readonly colour: boolean;
}

const paint = (options: ConsoleOptions, code: number, text: string) =>
  options.colour ? `\u001b[${code}m${text}\u001b[0m` : text;

/** One check's lines: the verdict, then each finding and how to reproduce it. */
export function formatResult(result: CheckResult, options: ConsoleOptions): string {
  const mark = paint(options, COLOURS[result.outcome], `${MARKS[result.outcome]} ${result.outcome.padEnd(7)}`);
  const tags = `${result.effect}${result.basis === 'inferred' ? ', inferred' : ''}`;
  const head = `${mark} ${result.check.padEnd(30)} ${result.operationId.padEnd(44)} ${result.requests} req, ${tags}`;
  const lines = [result.reason === undefined ? head : `${head} (${result.reason})`];
  for (const finding of result.findings) {
    lines.push(`    ${finding.inferred ? '[inferred] ' : ''}${finding.message}`);
    if (finding.curl !== undefined)
      lines.push(
        `      ${paint(options, 90, finding.curl.length > 600 ? `${finding.curl.slice(0, 600)}…` : finding.curl)}`,
      );
  }
  return lines.join('\n');
}

/** `[#######.......] 40/120`: rewritten in place on a TTY. */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / Math.max(total, done)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}

/** Operations × documented statuses: `200 ✓` exercised, `201 ·` not. */
export function formatCoverage(coverage: Coverage): string {
  const lines = ['Coverage of documented status codes (✓ exercised, · not):'];
  const apis = [...new Set(coverage.rows.map((row) => row.api))];
  for (const api of apis) {
    const part = coverageFor(coverage, api);
    lines.push(`  ${api}: ${part.exercised}/${part.documented} (${part.percent}%)`);
    for (const row of part.rows) {
      const cells = Object.entries(row.statuses).map(([status, seen]) => `${status} ${seen ? '✓' : '·'}`);
      const extra = row.undocumented.length > 0 ? `   undocumented: ${row.undocumented.join(', ')}` : '';
      lines.push(`    ${row.operationId.padEnd(44)} ${row.method.padEnd(6)} ${cells.join('  ')}${extra}`);
    }
  }
  lines.push(`  total: ${coverage.exercised}/${coverage.documented} (${coverage.percent}%)`);
  return lines.join('\n');
}

/** The closing line. */
export function summaryLine(summary: ContractSummary): string {
  const warnings = summary.warned > 0 ? `, ${summary.warned} warning${summary.warned === 1 ? '' : 's'}` : '';
  return `${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped${warnings}`;
}

/** Everything after the per-check lines. */
export function formatEnd(result: ContractResult, options: ConsoleOptions): string {
  const lines: string[] = [''];
  for (const note of result.notes) lines.push(`note: ${note}`);
  if (result.leftovers.length > 0) {
    lines.push(`left on the target (${result.leftovers.length}):`);
    for (const leftover of result.leftovers.slice(0, 10)) lines.push(`  ${leftover}`);
    if (result.leftovers.length > 10) lines.push(`  … and ${result.leftovers.length - 10} more`);
  }
  lines.push(formatCoverage(result.coverage), '');
  const failed = result.results.filter((item) => item.outcome === 'failed');
  if (failed.length > 0) {
    lines.push('Failed:');
    for (const item of failed) lines.push(`  ${item.check} on ${item.operationId}: ${item.findings[0]?.message ?? ''}`);
    lines.push('');
  }
  lines.push(
    `${result.summary.requests} requests to ${result.baseUrl} in ${(result.summary.durationMs / 1000).toFixed(1)} s (seed ${result.seed}${result.mutating ? ', mutating' : ', read-only'}${result.strict ? ', strict' : ''})`,
  );
  const line = summaryLine(result.summary);
  lines.push(paint(options, result.summary.failed > 0 ? 31 : 32, line));
  return lines.join('\n');
}
