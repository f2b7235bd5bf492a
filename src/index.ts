/**
 * ticketmock's main entry point: the stateful mocks as msw handlers (`createMocks`), the
 * clock to drive them, and the generated types of the three specs. Runtime-agnostic:
 * works with `msw/node`'s `setupServer` and `msw/browser`'s `setupWorker`.
 */
export { API_NAMES, type ApiName, isApiName } from './apis.js';
// an API of your own on the same engine (createMocks({ modules }), docs/adding-an-api.md)
export {
  type AnyApiModule,
  type ApiModule,
  defineApi,
  type ImportedCredential,
  type RecordedCall,
  type RecordingReport,
} from './core/api-module.js';
export { type Clock, type ClockOptions, createClock } from './core/clock.js';
export type { MockControl } from './core/control.js';
export type { FaultConfig, FaultRule } from './core/faults.js';
// what control.journal({ format: 'har' }) returns and control.importRecording() reports
export type { Har } from './core/har.js';
export type { FaultKind, JournalEntry } from './core/journal.js';
export type { ImportSummary } from './core/recording-import.js';
export type { DetailedEntry } from './core/recording-kit.js';
export { ContractViolation } from './core/response-check.js';
// the demo credentials of each API (the same for every seed)
export { ADMINSERVER_DEMO, AUVIOUS_DEMO, OCTOPUS_DEMO } from './fixtures/demo.js';
export type * as Adminserver from './generated/adminserver.js';
export type * as Auvious from './generated/auvious.js';
export type * as Octopus from './generated/octopus.js';
export { type CreateMocksOptions, createMocks, type Mocks } from './mocks.js';
