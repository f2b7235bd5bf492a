/**
 * `ticketmock serve --import <file.har>` (issue 18): the file read, held to the HAR 1.2
 * schema (a bad file is a usage error: exit 2, one line naming the file and the first
 * thing wrong), and imported into the engine; the banner's lines saying what came in, per
 * API, and which tenants the recording showed (those no demo credential reaches with the
 * credential the import made for each).
 */
import { readFile } from 'node:fs/promises';
import type { Engine } from '../core/engine.js';
import type { ImportSummary } from '../core/recording-import.js';
import { UsageError } from './arguments.js';
import { harProblem } from './har-schema.js';

export async function importFile(engine: Engine, path: string): Promise<ImportSummary> {
  let har: unknown;
  try {
    har = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--import ${path}: ${(error as Error).message}`);
  }
  const problem = harProblem(har);
  if (problem !== undefined) throw new UsageError(`--import ${path}: not a HAR 1.2 file: ${problem}`);
  try {
    return await engine.importRecording(har);
  } catch (error) {
    throw new UsageError(`--import ${path}: ${(error as Error).message}`);
  }
}

/** The banner's lines: what was imported, the tenants found, what was left out. */
export function importBanner(path: string, summary: ImportSummary): string[] {
  const lines = [`  imported ${path}: ${summary.routed} of ${summary.entries} entries answered by an API operation`];
  for (const [api, report] of Object.entries(summary.apis)) {
    const stored = Object.entries(report.stored).map(([kind, count]) => `${kind} ${count}`);
    const tenants = report.tenants.map((tenant) => {
      if (!report.unreachable.includes(tenant)) return tenant;
      const credential = report.credentials.find((made) => made.tenant === tenant);
      return credential === undefined
        ? `${tenant} (no credential reaches it: see /__mock/state)`
        : `${tenant} (reach it with ${credential.says})`;
    });
    lines.push(
      `    ${api}: ${stored.length === 0 ? 'nothing stored' : stored.join(', ')}, ${report.removed} removed; tenants: ${tenants.join(', ') || 'none'}`,
    );
    for (const skipped of report.skipped) lines.push(`    ${api}: left out: ${skipped}`);
  }
  return lines;
}
