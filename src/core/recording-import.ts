/**
 * A recording into the mock's state (issue 18; DESIGN.md `serve --import`): each HAR entry
 * is routed to its API and operation as the engine would route it, its bodies parsed, and
 * each API module's `importRecording` takes its calls (src/handlers/<api>/import.ts). An
 * entry no API answers, or whose route matches no operation, is counted and left out.
 */

import { fail, ok, type Result } from '../spec/result.js';
import type { ImportedCredential, RecordedCall, RecordingReport } from './api-module.js';
import { type ReadEntry, readHar } from './har-read.js';
import { mediaTypeOf } from './http.js';
import type { Table } from './store.js';

/** What an import did, per API and in all. */
export interface ImportSummary {
  /** Entries in the recording. */
  readonly entries: number;
  /** Entries routed to an operation of a mounted API. */
  readonly routed: number;
  readonly apis: Readonly<Record<string, RecordingReport>>;
}

/**
 * Where a recorded request goes: the engine's router (every API's whole templates, as a
 * live request is routed), giving the API and operation, or nothing for an entry no
 * operation answers.
 */
export type RecordingRoute<A> = (
  method: string,
  path: string,
) => { readonly api: A; readonly operationId: string; readonly pathParams: Record<string, string> } | undefined;

function parseBody(text: string | undefined, type: string): unknown {
  if (text === undefined || text === '') return undefined;
  const media = mediaTypeOf(type);
  if (media === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function callOf(
  entry: ReadEntry,
  operationId: string,
  pathParams: Record<string, string>,
  nowMs: number,
): RecordedCall {
  const at = Date.parse(entry.started);
  return {
    operationId,
    atMs: Number.isFinite(at) ? at : nowMs,
    pathParams,
    headers: entry.headers,
    requestBody: parseBody(entry.requestBody, entry.requestType || (entry.headers['content-type'] ?? '')),
    status: entry.status,
    responseBody: parseBody(entry.responseBody, entry.responseType || 'application/json'),
  };
}

/** The recording's calls by API (in the recording's order), or why it is no recording. */
export function routeRecording<A>(
  recording: unknown,
  route: RecordingRoute<A>,
  nowMs: number,
): Result<{ entries: number; routed: number; calls: Map<A, RecordedCall[]> }> {
  const read = readHar(recording);
  if (!read.ok) return fail(read.error);
  const calls = new Map<A, RecordedCall[]>();
  let routed = 0;
  for (const entry of read.value) {
    const found = route(entry.method, entry.url.pathname);
    if (found === undefined) continue;
    routed += 1;
    const call = callOf(entry, found.operationId, found.pathParams, nowMs);
    calls.set(found.api, [...(calls.get(found.api) ?? []), call]);
  }
  return ok({ entries: read.value.length, routed, calls });
}

/**
 * What an API's import keeps track of while it reads its calls: the resources stored (by
 * kind and key, so a resource shown many times counts once), those removed, their tenants,
 * and the calls it could not take.
 */
export class ImportTally {
  readonly #stored = new Map<string, Map<string, string>>();
  #removed = 0;
  readonly #skipped: string[] = [];

  /** Stores `record` as the recording's latest version of it: replaces whatever had its key (the recording wins over a seeded id). */
  async put<T extends object>(kind: string, table: Table<T>, record: T, tenant: string): Promise<string | undefined> {
    const key = table.keyOf(record);
    try {
      // in place where it can (the table keeps its order); a record of another tenant replaces it
      if (table.has(key)) {
        try {
          table.update(key, () => record);
        } catch {
          const previous = table.delete(key) as T;
          await table.insert(record).catch(async (error: unknown) => {
            await table.insert(previous);
            throw error;
          });
        }
      } else {
        await table.insert(record);
      }
    } catch (error) {
      return this.skip(`${kind} ${key}: ${(error as Error).message}`);
    }
    let keys = this.#stored.get(kind);
    if (keys === undefined) {
      keys = new Map();
      this.#stored.set(kind, keys);
    }
    keys.set(key, tenant);
    return undefined;
  }

  /** A recorded delete (or a 404): the resource is gone. */
  remove<T extends object>(kind: string, table: Table<T>, key: string): void {
    if (table.delete(key) !== undefined) this.#removed += 1;
    this.#stored.get(kind)?.delete(key);
  }

  skip(reason: string): undefined {
    this.#skipped.push(reason);
    return undefined;
  }

  /** The tenants of the resources stored, sorted. */
  tenants(): string[] {
    const tenants = new Set<string>();
    for (const keys of this.#stored.values()) for (const tenant of keys.values()) tenants.add(tenant);
    return [...tenants].sort();
  }

  /**
   * The report after `grant` has made a credential for each tenant the demo credentials do
   * not reach (`reachable`), one by one; `undefined` when it made none (it says why with `skip`).
   */
  async reportGranting(
    reachable: (tenant: string) => boolean,
    grant: (tenant: string) => Promise<ImportedCredential | undefined>,
  ): Promise<RecordingReport> {
    const credentials: ImportedCredential[] = [];
    for (const tenant of this.tenants()) {
      if (reachable(tenant)) continue;
      const granted = await grant(tenant);
      if (granted !== undefined) credentials.push(granted);
    }
    return this.report(reachable, credentials);
  }

  /**
   * The report, `reachable` saying which tenants the demo credentials reach, `credentials`
   * the ones the API made for the others.
   */
  report(reachable: (tenant: string) => boolean, credentials: readonly ImportedCredential[] = []): RecordingReport {
    const sorted = this.tenants();
    return {
      stored: Object.fromEntries([...this.#stored].map(([kind, keys]) => [kind, keys.size])),
      removed: this.#removed,
      tenants: sorted,
      unreachable: sorted.filter((tenant) => !reachable(tenant)),
      skipped: [...this.#skipped],
      credentials: [...credentials],
    };
  }
}
