/**
 * The name and text of one test's journal file, as the test-runner entries write them into
 * `journalDir` for `ticketmock coverage` (`ticketmock/playwright`'s fixture,
 * `ticketmock/vitest`'s `useMocks`): one rule for both, so a folder of either reads the same.
 * Pure: the runners' entries do the writing (Node), nothing here reaches a page bundle.
 */
import type { JournalEntry } from './journal.js';

/** The most characters of the title part of a name: the id and retry follow, unabridged. */
export const JOURNAL_TITLE_LIMIT = 80;

/** Who wrote a journal: one test's run, as its runner names it. */
export interface JournalTest {
  /** The test file (relative to the runner's root), the enclosing `describe`s, the title. */
  readonly titlePath: readonly string[];
  /** The runner's id of the test: unique in the run, so two tests of the same name never share a file. */
  readonly id: string;
  /** Which try this was (0: the first; a retry after a failure: 1, 2…). */
  readonly retry: number;
  /** Which repetition (vitest's `repeats`; 0: the first), for runners whose id does not tell them apart. */
  readonly repeat?: number;
}

/**
 * `<title path>-<id>[-retry<n>][-repeat<n>].json`: the title path lower-cased, accents
 * dropped, every run of other characters one `-`, cut to {@link JOURNAL_TITLE_LIMIT}
 * characters; the id keeps two tests of the same title (or whose titles differ only
 * beyond the cut) apart, the retry keeps each try's file. Only `[a-z0-9-]`, and `_` from
 * an id: a name every file system takes, bounded whatever the titles.
 */
export function journalFileName(test: JournalTest): string {
  const title = safe(test.titlePath.join(' ')).slice(0, JOURNAL_TITLE_LIMIT).replace(/-+$/, '');
  // the runners' ids are safe already (vitest's `-1928191529_0_1`, Playwright's hex): kept as they
  // are, so that a file is found by its test's id; another is made safe like the title
  const id = /^[\w-]+$/.test(test.id) ? test.id : safe(test.id) || 'test';
  const retry = test.retry > 0 ? `-retry${test.retry}` : '';
  const repeat = (test.repeat ?? 0) > 0 ? `-repeat${test.repeat}` : '';
  return `${title === '' ? '' : `${title}-`}${id}${retry}${repeat}.json`;
}

/** The file's text: the entries as `mocks.control.journal()` returned them, what `ticketmock coverage` reads. */
export function journalFileText(entries: readonly JournalEntry[]): string {
  return `${JSON.stringify(entries, null, 2)}\n`;
}

/** Lower case, accents dropped (`é` → `e`), every run of other characters one `-`, none at the ends. */
function safe(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
