/**
 * Writing one test's journal into `journalDir` (Node), for the test-runner entries
 * (`ticketmock/playwright`, `ticketmock/vitest`); the file's name and text are
 * core/journal-file.ts's rule.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JournalEntry } from './core/journal.js';
import { type JournalTest, journalFileName, journalFileText } from './core/journal-file.js';

/**
 * Writes `entries` to `<folder>/<journalFileName(test)>`, making the folder, and returns the
 * file's path. A file that cannot be written rejects with an error naming it (and the
 * system's reason): a run must never lose a journal without saying so, or coverage would
 * report the statuses its tests met as never seen.
 */
export async function writeJournalFile(
  folder: string,
  test: JournalTest,
  entries: readonly JournalEntry[],
): Promise<string> {
  const file = join(folder, journalFileName(test));
  try {
    await mkdir(folder, { recursive: true });
    await writeFile(file, journalFileText(entries));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`ticketmock: could not write the journal ${file}: ${reason}`, { cause: error });
  }
  return file;
}
