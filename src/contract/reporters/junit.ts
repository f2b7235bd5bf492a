/**
 * JUnit XML (the dialect CI servers read: testsuites > testsuite per API > testcase per
 * check and operation), with failures, skips, and warnings as `system-out`.
 */
import type { ContractResult } from '../types.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/** Text as XML 1.0 attribute or element content. */
export const escapeXml = (text: string): string =>
  text
    // XML 1.0 cannot hold most control characters, even escaped; a server's body may have them
    .replace(CONTROL, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export function toJUnit(result: ContractResult): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failures = result.summary.failed;
  lines.push(
    `<testsuites name="ticketmock verify" tests="${result.results.length}" failures="${failures}" skipped="${result.summary.skipped}" time="${seconds(result.summary.durationMs)}">`,
  );
  for (const api of result.apis) {
    const mine = result.results.filter((item) => item.api === api);
    const count = (outcome: string) => mine.filter((item) => item.outcome === outcome).length;
    const time = mine.reduce((sum, item) => sum + item.durationMs, 0);
    lines.push(
      `  <testsuite name="${escapeXml(api)}" tests="${mine.length}" failures="${count('failed')}" skipped="${count('skipped')}" errors="0" time="${seconds(time)}">`,
    );
    for (const item of mine) {
      const open = `    <testcase classname="${escapeXml(`${api}.${item.check}`)}" name="${escapeXml(`${item.check} ${item.operationId}`)}" time="${seconds(item.durationMs)}"`;
      const details = item.findings
        .map(
          (finding) =>
            `${finding.inferred ? '[inferred] ' : ''}${finding.message}${finding.curl === undefined ? '' : `\n  ${finding.curl}`}`,
        )
        .join('\n');
      if (item.outcome === 'passed') lines.push(`${open}/>`);
      else if (item.outcome === 'skipped')
        lines.push(`${open}>`, `      <skipped message="${escapeXml(item.reason ?? '')}"/>`, '    </testcase>');
      else if (item.outcome === 'warned')
        lines.push(
          `${open}>`,
          `      <system-out>${escapeXml(`warning (inferred):\n${details}`)}</system-out>`,
          '    </testcase>',
        );
      else {
        lines.push(
          `${open}>`,
          `      <failure message="${escapeXml(item.findings[0]?.message ?? 'failed')}" type="${escapeXml(item.check)}">${escapeXml(details)}</failure>`,
          '    </testcase>',
        );
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
