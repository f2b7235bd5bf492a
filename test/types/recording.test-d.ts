/**
 * What a user's TypeScript names of recordings from `ticketmock` itself: the HAR the journal
 * gives, the import's report, a journal entry with its detail, an API's own import hook.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type {
  DetailedEntry,
  Har,
  ImportedCredential,
  ImportSummary,
  JournalEntry,
  MockControl,
  RecordedCall,
  RecordingReport,
} from '../../src/index.ts';

describe('recording types from ticketmock', () => {
  it('types what the control gives and takes', () => {
    expectTypeOf<MockControl['importRecording']>().returns.resolves.toEqualTypeOf<ImportSummary>();
    expectTypeOf<ReturnType<MockControl['journal']>>().toEqualTypeOf<JournalEntry[]>();
    expectTypeOf<Har['log']['version']>().toEqualTypeOf<'1.2'>();
    expectTypeOf<DetailedEntry>().toExtend<JournalEntry>();
  });

  it('names the parts of a report and of an import hook', () => {
    expectTypeOf<ImportedCredential['tenant']>().toEqualTypeOf<string>();
    expectTypeOf<RecordingReport['stored']>().toEqualTypeOf<Readonly<Record<string, number>>>();
    expectTypeOf<RecordedCall>().toBeObject();
  });
});
