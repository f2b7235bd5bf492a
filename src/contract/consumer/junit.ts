/**
 * Consumer coverage as JUnit XML, for CI servers: a `coverage` suite whose one testcase
 * fails when the coverage is below `min` (so the report fails exactly when the command
 * exits 1), then per API a testcase per operation × documented status: passed when seen,
 * skipped ("never seen") when not. A never-seen status is a gap to see, not a failure: a
 * team gates on the minimum, not on every status. Faults and undocumented statuses are
 * each API suite's `system-out`.
 */
import { escapeXml } from '../reporters/junit.js';
import { coverageLine } from './console.js';
import type { ConsumerCoverage } from './types.js';

export function consumerCoverageToJUnit(coverage: ConsumerCoverage): string {
  const apiCells = coverage.apis.map((api) => api.operations.reduce((sum, row) => sum + row.statuses.length, 0));
  const tests = 1 + apiCells.reduce((sum, cells) => sum + cells, 0);
  const failures = coverage.meetsMin ? 0 : 1;
  const skipped = coverage.neverSeen.length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ticketmock coverage" tests="${tests}" failures="${failures}" skipped="${skipped}">`,
    `  <testsuite name="coverage" tests="1" failures="${failures}" skipped="0" errors="0">`,
  ];
  const total = `coverage ${coverage.percent}% (${coverage.seen}/${coverage.documented})${coverage.min === undefined ? '' : ` >= ${coverage.min}%`}`;
  if (coverage.meetsMin) lines.push(`    <testcase classname="coverage" name="${escapeXml(total)}"/>`);
  else
    lines.push(
      `    <testcase classname="coverage" name="${escapeXml(total)}">`,
      `      <failure message="${escapeXml(coverageLine(coverage))}" type="coverage"/>`,
      '    </testcase>',
    );
  lines.push('  </testsuite>');
  coverage.apis.forEach((api, index) => {
    const never = api.documented - api.seen;
    lines.push(
      `  <testsuite name="${escapeXml(api.api)}" tests="${apiCells[index]}" failures="0" skipped="${never}" errors="0">`,
      `    <properties><property name="percent" value="${api.percent}"/><property name="requests" value="${api.requests}"/></properties>`,
    );
    for (const row of api.operations) {
      for (const cell of row.statuses) {
        const open = `    <testcase classname="${escapeXml(row.operationId)}" name="${escapeXml(`${row.method} ${row.path} ${cell.status}`)}"`;
        if (cell.count > 0) lines.push(`${open}/>`);
        else lines.push(`${open}><skipped message="never seen"/></testcase>`);
      }
    }
    const notes = api.operations.flatMap((row) => [
      ...row.undocumented.map((item) => `${row.operationId}: undocumented ${item.status} x${item.count}`),
      ...row.faults.map((item) => `${row.operationId}: fault ${item.fault} x${item.count}`),
    ]);
    if (notes.length > 0) lines.push(`    <system-out>${escapeXml(notes.join('\n'))}</system-out>`);
    lines.push('  </testsuite>');
  });
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
