/**
 * The journal files' name and text (src/core/journal-file.ts), the one rule the Playwright
 * fixture and `useMocks` write `journalDir` by: safe on any file system, bounded whatever
 * the titles, unique by the runner's id, one file per try.
 */
import { describe, expect, it } from 'vitest';
import { JOURNAL_TITLE_LIMIT, journalFileName, journalFileText } from '../../src/core/journal-file.ts';

describe('journalFileName', () => {
  it.each([
    [
      'file, describes and title, lower-cased, each run of other characters one dash',
      { titlePath: ['test/tickets.test.ts', 'Auvious tickets', 'reads a ticket: 404'], id: '1201091390_0_1', retry: 0 },
      'test-tickets-test-ts-auvious-tickets-reads-a-ticket-404-1201091390_0_1.json',
    ],
    [
      'accents dropped, not turned into dashes',
      { titlePath: ['billets.test.ts', 'Crée un billet à Zürich'], id: 'abc', retry: 0 },
      'billets-test-ts-cree-un-billet-a-zurich-abc.json',
    ],
    [
      'a retry and a repetition each say so',
      { titlePath: ['a.test.ts', 'flaky'], id: '1_2', retry: 2, repeat: 1 },
      'a-test-ts-flaky-1_2-retry2-repeat1.json',
    ],
    [
      'no dashes at the ends, none doubled where the title is cut',
      { titlePath: ['  --a.test.ts', `${'x'.repeat(JOURNAL_TITLE_LIMIT - 1)} y`], id: 'id', retry: 0 },
      `a-test-ts-${'x'.repeat(JOURNAL_TITLE_LIMIT - 10)}-id.json`,
    ],
    [
      'a title of no letter or digit: the id alone',
      { titlePath: ['«»', '…'], id: 'e3b0c442-98fc', retry: 0 },
      'e3b0c442-98fc.json',
    ],
    [
      'a safe id kept as it is, a leading dash too (vitest hashes can be negative)',
      { titlePath: ['t'], id: '-1928191529_0_1', retry: 0 },
      't--1928191529_0_1.json',
    ],
    [
      'an unsafe id made safe like a title, with no path in it',
      { titlePath: ['t'], id: '../X/y z', retry: 0 },
      't-x-y-z.json',
    ],
  ])('%s', (_, test, name) => {
    expect(journalFileName(test)).toBe(name);
  });

  it('is bounded however long the titles, and two tests of one title differ by their ids', () => {
    const titlePath = ['test/a.test.ts', 'describe '.repeat(50), 'the same long title '.repeat(20)];
    const first = journalFileName({ titlePath, id: '1201091390_0_7', retry: 0 });
    const second = journalFileName({ titlePath, id: '1201091390_0_8', retry: 0 });
    expect(first).not.toBe(second);
    expect(first.length).toBeLessThanOrEqual(JOURNAL_TITLE_LIMIT + '-1201091390_0_7.json'.length);
    expect(first).toMatch(/^[a-z0-9_-]+\.json$/);
  });
});

describe('journalFileText', () => {
  it('is the entries as JSON, what `ticketmock coverage` reads; an empty journal is []', () => {
    const entries = [
      {
        method: 'GET',
        path: '/security/ticket/x',
        operationId: 'auvious.getTicket',
        status: 404,
        durationMs: 1,
        time: 'T',
      },
    ];
    expect(JSON.parse(journalFileText(entries))).toEqual(entries);
    expect(journalFileText([])).toBe('[]\n');
  });
});
