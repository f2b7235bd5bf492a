/**
 * `ticketmock/contract`: point the contract suite at any server (the vendor's sandbox,
 * ticketmock, Prism) and learn where it breaks the spec (DESIGN.md, "Library").
 *
 * ```ts
 * const result = await runContract({ api: 'auvious', baseUrl: 'https://sandbox.example', credentials: { token } });
 * if (result.summary.failed > 0) process.exitCode = 1;
 * ```
 */

export type { ApiContract } from './check.js';
export type { FetchLike } from './client.js';
export { type CoverageConsoleOptions, formatConsumerCoverage } from './consumer/console.js';
export { consumerCoverage, coverageOfSightings } from './consumer/coverage.js';
export { readRecording } from './consumer/input.js';
export { consumerCoverageToJUnit } from './consumer/junit.js';
export type * from './consumer/types.js';
export { coverageFor } from './coverage.js';
export type { Credentials } from './credentials.js';
export type { DriftOptions } from './drift/run.js';
export { runDrift } from './drift/run.js';
export type * from './drift/types.js';
export { apisOf, type ContractOptions, runContract } from './run-contract.js';
export { UnreachableError } from './runner/probe.js';
export type { RunSettings } from './runner/run.js';
export type * from './types.js';
