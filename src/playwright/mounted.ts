/**
 * One test's mocks mounted on its browser context, in process (in-process.ts) or as a
 * session on a shared server (session.ts): what the fixture hands the test, and how the
 * fixture ends it.
 */
import type { JournalEntry } from '../core/journal.js';

export interface Mounted<T> {
  /** What the test gets (`mocks` or `mockSession`). */
  readonly value: T;
  /** Answers the mock could not give (a handler that threw, a server that did not answer): the first fails the test. */
  readonly errors: readonly unknown[];
  /** The journal as `GET /__mock/journal` has it (`entries`), for the journal file. */
  journal(): Promise<JournalEntry[]>;
  /** Stops answering the context's requests and following its clock. */
  unmount(): Promise<void>;
  /** Frees what outlives the test's process-side objects (the session on the server). */
  close(): Promise<void>;
}
