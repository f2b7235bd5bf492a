/**
 * The drift report's reporters: the console table (one row per distinct difference: the
 * operation, the check and step where it was first seen, what differs, what each side
 * answered), the fidelity per API and the closing line; and JUnit XML (per API, a testcase
 * for its fidelity and a failed one per check and operation that drifts).
 */
import type { DriftResult, DriftRow } from '../drift/types.js';

export interface DriftConsoleOptions {
  readonly colour: boolean;
}

const paint = (options: DriftConsoleOptions, code: number, text: string) =>
  options.colour ? `\u001b[${code}m${text}\u001b[0m` : text;

const clip = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);

/** What differs, in words: `status`, `field /pagination`, `state: status after auvious.deleteTicket`. */
export function describeDrift(row: Pick<DriftRow, 'kind' | 'where'>): string {
  switch (row.kind) {
    case 'status':
    case 'content-type':
      return row.kind;
    case 'state':
      return 'state (status)';
    case 'verdict':
      return 'verdict';
    case 'sequence':
      return `sequence (${row.where})`;
    default:
      return `${row.kind} ${row.where}`;
  }
}

/** The table of distinct differences. */
export function formatDriftTable(drift: readonly DriftRow[]): string {
  const head = ['operation', 'check', 'step', 'what differs', 'real', 'mock', 'seen'];
  const rows = drift.map((row) => [
    row.operationId,
    row.check,
    `#${row.step}`,
    clip(describeDrift(row), 44),
    clip(row.real, 40),
    clip(row.mock, 40),
    `${row.count}×${row.after === undefined ? '' : `  ${row.after}`}`,
  ]);
  const widths = head.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ')}`.trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

/** The closing line. */
export function driftLine(result: DriftResult): string {
  const { summary } = result;
  if (summary.differences === 0)
    return `no drift: ${summary.agreeing}/${summary.compared} compared steps and verdicts agree (fidelity ${summary.fidelity}%)`;
  return `drift: ${summary.distinct} distinct difference${summary.distinct === 1 ? '' : 's'} at ${summary.differences} step${summary.differences === 1 ? '' : 's'}; ${summary.agreeing}/${summary.compared} compared steps and verdicts agree (fidelity ${summary.fidelity}%)`;
}

/** Everything after the progress: the table, the fidelity per API, each side's run, the closing line. */
export function formatDrift(result: DriftResult, options: DriftConsoleOptions): string {
  const lines: string[] = [''];
  if (result.drift.length > 0) {
    lines.push(`Drift between real ${result.real.baseUrl} and mock ${result.mock.baseUrl} (first step where seen):`);
    lines.push(formatDriftTable(result.drift), '');
  }
  lines.push('Fidelity (compared steps and check verdicts that agree):');
  for (const api of result.apis) {
    const skipped = api.notCompared > 0 ? `, ${api.notCompared} checks not compared (skipped on a side)` : '';
    lines.push(`  ${api.api.padEnd(12)} ${api.agreeing}/${api.compared} (${api.fidelity}%)${skipped}`);
  }
  const side = (name: string, item: DriftResult['real']) =>
    `  ${name}: ${item.baseUrl}: ${item.summary.requests} requests, ${item.summary.passed} passed, ${item.summary.failed} failed, ${item.summary.skipped} skipped`;
  lines.push('', 'Each side against the spec:', side('real', result.real), side('mock', result.mock));
  for (const note of [
    ...result.real.notes.map((note) => `real: ${note}`),
    ...result.mock.notes.map((note) => `mock: ${note}`),
  ])
    lines.push(`  note: ${note}`);
  lines.push(
    '',
    `seed ${result.seed}, ${result.mutating ? 'mutating' : 'read-only'}, ${(result.summary.durationMs / 1000).toFixed(1)} s`,
  );
  lines.push(paint(options, result.summary.differences > 0 ? 31 : 32, driftLine(result)));
  return lines.join('\n');
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const escapeXml = (text: string): string =>
  text
    .replace(CONTROL, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

const rowText = (row: DriftRow) =>
  `${row.operationId} ${row.check} step #${row.step}: ${describeDrift(row)}: real ${row.real}, mock ${row.mock}${row.after === undefined ? '' : ` (${row.after})`} (${row.count}×)${row.curl === undefined ? '' : `\n  ${row.curl}`}`;

/** JUnit XML: per API, a testcase per compared check and operation, failed when they drift. */
export function driftToJUnit(result: DriftResult): string {
  const cases = new Map<string, { api: string; check: string; operationId: string; rows: DriftRow[] }>();
  for (const row of result.drift) {
    const key = `${row.api} ${row.check} ${row.operationId}`;
    const entry = cases.get(key) ?? { api: row.api, check: row.check, operationId: row.operationId, rows: [] };
    entry.rows.push(row);
    cases.set(key, entry);
  }
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failures = cases.size;
  lines.push(
    `<testsuites name="ticketmock verify --compare" tests="${result.apis.length + cases.size}" failures="${failures}" time="${(result.summary.durationMs / 1000).toFixed(3)}">`,
  );
  for (const api of result.apis) {
    const mine = [...cases.values()].filter((entry) => entry.api === api.api);
    lines.push(
      `  <testsuite name="${escapeXml(api.api)}" tests="${mine.length + 1}" failures="${mine.length}" skipped="0" errors="0">`,
    );
    lines.push(
      `    <testcase classname="${escapeXml(`${api.api}.fidelity`)}" name="${escapeXml(`fidelity ${api.fidelity}% (${api.agreeing}/${api.compared})`)}"/>`,
    );
    for (const entry of mine) {
      const name = `drift ${entry.check} ${entry.operationId}`;
      const first = entry.rows[0] as DriftRow;
      lines.push(
        `    <testcase classname="${escapeXml(`${api.api}.${entry.check}`)}" name="${escapeXml(name)}">`,
        `      <failure message="${escapeXml(`${describeDrift(first)}: real ${first.real}, mock ${first.mock}`)}" type="drift">${escapeXml(entry.rows.map(rowText).join('\n'))}</failure>`,
        '    </testcase>',
      );
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
