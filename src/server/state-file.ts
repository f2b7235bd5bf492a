/**
 * `serve --state <file>`: the mocks' data on disk, so that nothing a client saw acknowledged
 * is lost and nothing it saw refused is kept (docs/decisions/014-state-file-durability.md).
 *
 * - Every change is on disk before its 2xx leaves: the records the operations changed are
 *   appended to the file as one line and `fdatasync`ed (a group commit: the changes made
 *   while one write runs share the next). Now and then, and when the whole state was
 *   replaced (reset, seed, import), the file is rewritten whole instead: a temporary file,
 *   `fsync`, rename, the folder's `fsync`.
 * - A write that fails (a full disk, an I/O error) is undone on disk and in memory: the
 *   engine goes back to what the file held before it, and every request whose change is
 *   gone is answered 503 with `Retry-After` in its API's error shape.
 * - The file is locked while the server runs ({@link StateLock}); temporary files a crash
 *   left beside it are removed at start.
 */
import { type FileHandle, open as openFile, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type Engine, tablesOf } from '../core/engine.js';
import type { MockRequest, MockResponse } from '../core/http.js';
import type { Table } from '../core/store.js';
import {
  type Change,
  encodeChanges,
  encodeSnapshot,
  type KeyOf,
  type ParsedState,
  parseState,
  type StateDocument,
  StateFormatError,
} from './state-format.js';
import { processAlive, StateLock } from './state-lock.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Seconds a client is asked to wait after a refused write. */
export const RETRY_AFTER_SECONDS = 1;

/** Whether an answered request may have changed the data: a 2xx to an unsafe method. */
export function mayHaveChanged(method: string, status: number): boolean {
  return status >= 200 && status < 300 && !SAFE_METHODS.has(method);
}

export interface StateFileOptions {
  /** Who writes, kept in the file: `ticketmock 0.1.0`. */
  readonly writtenBy: string;
  /**
   * Append each group of changes (default), or rewrite the whole file at every write (the
   * way before decision 014; the bench compares the two).
   */
  readonly log?: boolean;
  /** Rewrite the file whole once its changes after the snapshot pass this size and the snapshot's (default 1 MiB). */
  readonly compactAtBytes?: number;
  /** Told once per write that failed, and per rewrite that could not be made. */
  readonly onError?: (message: string) => void;
}

/** A change an operation made, waiting for the next write. */
interface Pending {
  readonly api: string;
  readonly name: string;
  readonly table: Table<object>;
  readonly key: string;
  readonly deleted: boolean;
}

/** What one write puts on disk, read from the state between operations. */
interface Group {
  readonly generation: number;
  readonly rewrite: boolean;
  readonly text: string;
  /** How many pending changes the text holds. */
  readonly count: number;
}

const errorText = (error: unknown): string => {
  const { code, message } = error as NodeJS.ErrnoException;
  return code === undefined || message.startsWith(code) ? message : `${code}: ${message}`;
};

/** The key function of each table of the engine's APIs, from its live tables. */
function keysOf(engine: Engine): KeyOf {
  return (api, name) => {
    if (!engine.apiNames.includes(api)) return undefined;
    const table = tablesOf(engine.state(api)).find(([field]) => field === name)?.[1];
    return table === undefined ? undefined : (record) => table.keyOf(record);
  };
}

/**
 * The state a state file holds, as `GET /__mock/state` shows it: its snapshot with its whole
 * groups of changes applied (`engine` gives the tables' keys; its data is not touched).
 */
export async function readStateFile(path: string, engine: Engine): Promise<StateDocument> {
  const { seed, apis } = parseState(await readFile(path), keysOf(engine)).state;
  return { seed, apis };
}

export class StateFile {
  readonly path: string;
  readonly #engine: Engine;
  readonly #options: StateFileOptions;
  readonly #lock: StateLock;
  /** The file as last made durable: appends go here, and a rollback reads it back. */
  #handle: FileHandle | undefined;
  /** Bytes of {@link #handle} that are durable (the snapshot and whole groups). */
  #size = 0;
  #snapshotBytes = 0;
  /** Set when the next write must rewrite the file whole (an old format, a failed truncate or fsync). */
  #mustRewrite = false;
  /** A size of the changes' part at which to try a rewrite again after one failed. */
  #retryCompactionAt = 0;

  /** Each API's state object whose tables the change log follows. */
  #tracked = new Map<string, unknown>();
  #observed: Table<object>[] = [];
  #pending: Pending[] = [];
  /** The last pending change of each record: a second put of a record already pending adds nothing. */
  #lastChange = new Map<string, 'put' | 'delete'>();

  /** Counts rollbacks: a change made in an earlier generation is no longer in memory. */
  #generation = 0;
  #lastError: unknown;
  /** Writes refused since the last that succeeded: the log names the first and the recovery. */
  #refusedWrites = 0;
  /** Set when a rollback failed: memory may hold what the file does not; writes are refused until one succeeds. */
  #broken: unknown;

  #queue: Promise<unknown> = Promise.resolve();
  /** The write queued behind the running one, not started yet: later changes join it. */
  #next: Promise<number> | undefined;

  /** Requests that may change the data and are inside the engine now. */
  #writers = 0;
  /** Set while a rollback waits for those to finish or runs: new ones wait. */
  #exclusive: Promise<void> | undefined;
  #idle: (() => void) | undefined;

  private constructor(path: string, engine: Engine, lock: StateLock, options: StateFileOptions) {
    this.path = path;
    this.#engine = engine;
    this.#lock = lock;
    this.#options = options;
  }

  /**
   * Locks `path` and loads it into the engine when it exists, else writes the engine's data
   * there. A file that is no ticketmock state this version reads is left untouched and
   * reported as an Error whose message names the file (and says why); so is a file another
   * server holds.
   */
  static async open(path: string, engine: Engine, options: StateFileOptions): Promise<StateFile> {
    const lock = await StateLock.acquire(path);
    const file = new StateFile(path, engine, lock, options);
    try {
      await file.#removeLeftovers();
      await file.#load();
      return file;
    } catch (error) {
      await file.#handle?.close();
      await lock.release();
      throw error;
    }
  }

  async #load(): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await openFile(this.path, 'r+');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`cannot read state file ${this.path}: ${errorText(error)}`);
      }
      // a new file: the engine's data, written whole
      this.#track();
      try {
        await this.#rewrite(this.#take(true)?.text ?? '');
      } catch (writeError) {
        throw new Error(`cannot write state file ${this.path}: ${errorText(writeError)}`);
      }
      return;
    }
    this.#handle = handle;
    let parsed: ParsedState;
    try {
      parsed = await readDurable(handle, undefined, this.#keyOf);
    } catch (error) {
      if (!(error instanceof StateFormatError)) throw error;
      throw new Error(`state file ${this.path} is refused: ${error.message}; it was left as it is`);
    }
    try {
      await this.#engine.importState(parsed.state);
    } catch (error) {
      throw new Error(
        `state file ${this.path} is not a ticketmock state for these APIs (${(error as Error).message}); it was left as it is`,
      );
    }
    this.#size = parsed.length;
    this.#snapshotBytes = parsed.snapshotBytes;
    // an older format, or lines a person edited: the first write rewrites it in this format
    this.#mustRewrite = !parsed.appendable;
    if (parsed.torn) {
      // the last line of a write a crash cut off: never acknowledged
      await handle.truncate(parsed.length).catch(() => {
        this.#mustRewrite = true;
      });
    }
    this.#track();
  }

  /** Temporary files a crash left: this file's rewrites, and locks their writers never finished. */
  async #removeLeftovers(): Promise<void> {
    const folder = dirname(this.path);
    const base = basename(this.path);
    const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(`^\\.${escaped}(\\.lock)?\\.(\\d+)\\.(tmp|stale)$`);
    for (const name of await readdir(folder)) {
      const match = pattern.exec(name);
      if (match === null) continue;
      const pid = Number(match[2]);
      // a lock's draft may be another server's, taking the lock right now; the rewrites are ours alone
      if (match[1] !== undefined && pid !== process.pid && processAlive(pid)) continue;
      await rm(join(folder, name), { force: true });
    }
  }

  readonly #keyOf: KeyOf = (api, name) => keysOf(this.#engine)(api, name);

  /** Follows the tables of the engine's current state: every change to them is pending from now on. */
  #track(): void {
    for (const table of this.#observed) table.observe(undefined);
    this.#observed = [];
    this.#tracked.clear();
    this.#pending = [];
    this.#lastChange.clear();
    for (const api of this.#engine.apiNames) {
      const state = this.#engine.state(api);
      this.#tracked.set(api, state);
      for (const [name, table] of tablesOf(state)) {
        table.observe((key, deleted) => this.#changed({ api, name, table, key, deleted }));
        this.#observed.push(table);
      }
    }
  }

  #changed(change: Pending): void {
    const id = JSON.stringify([change.api, change.name, change.key]);
    if (!change.deleted && this.#lastChange.get(id) === 'put') return;
    this.#lastChange.set(id, change.deleted ? 'delete' : 'put');
    this.#pending.push(change);
  }

  /** Whether a reset, seed or import replaced an API's state since the log followed it. */
  #replaced(): boolean {
    return this.#engine.apiNames.some((api) => this.#engine.state(api) !== this.#tracked.get(api));
  }

  /**
   * The next write, read from the state as it is now (call it between operations): the
   * pending changes as one line, or the whole state where a line cannot say it; undefined
   * when nothing changed.
   */
  #take(rewrite: boolean): Group | undefined {
    const generation = this.#generation;
    const replaced = this.#replaced();
    if (rewrite || replaced || this.#mustRewrite || (this.#options.log === false && this.#pending.length > 0)) {
      const text = encodeSnapshot(this.#engine.exportState(), this.#options.writtenBy);
      if (!replaced) return { generation, rewrite: true, text, count: this.#pending.length };
      // the changes pending were to tables the state no longer has; from here on, to the snapshot's
      this.#track();
      return { generation, rewrite: true, text, count: 0 };
    }
    if (this.#pending.length === 0) return undefined;
    const changes = this.#pending.map(({ api, name, table, key, deleted }): Change => {
      const record = deleted ? undefined : table.get(key);
      return [api, name, key, record ?? null];
    });
    return { generation, rewrite: false, text: encodeChanges(changes), count: changes.length };
  }

  /** The pending changes a write made durable are no longer pending. */
  #written(count: number): void {
    this.#pending.splice(0, count);
    this.#lastChange.clear();
    for (const change of this.#pending) {
      this.#lastChange.set(JSON.stringify([change.api, change.name, change.key]), change.deleted ? 'delete' : 'put');
    }
  }

  /**
   * Runs one request through the engine (`run`) and answers it: a request that changed
   * the data is answered once its change is on disk, or 503 with `Retry-After` (the API's
   * error shape) when it cannot be and the change was undone. Reads pass straight through.
   */
  async answer(request: MockRequest, run: () => Promise<MockResponse>): Promise<MockResponse> {
    if (SAFE_METHODS.has(request.method)) return run();
    if (this.#broken !== undefined) {
      await this.#rollback(true);
      if (this.#broken !== undefined) return this.#refusal(request, this.#broken);
    }
    while (this.#exclusive !== undefined) await this.#exclusive;
    this.#writers += 1;
    let response: MockResponse;
    let generation: number;
    try {
      response = await run();
      // read before leaving: no rollback runs while a writer is inside
      generation = this.#generation;
    } finally {
      this.#writers -= 1;
      if (this.#writers === 0) this.#idle?.();
    }
    if (!mayHaveChanged(request.method, response.status)) return response;
    try {
      if ((await this.flush()) === generation) return response;
    } catch {
      // refused below
    }
    return this.#refusal(request, this.#lastError);
  }

  #refusal(request: MockRequest, cause: unknown): MockResponse {
    const reason = (cause as NodeJS.ErrnoException | undefined)?.code ?? 'an I/O error';
    const response = this.#engine.errorFor(
      request,
      503,
      `the change could not be saved (${reason} on the state file) and was undone; retry later`,
    );
    return { ...response, headers: { ...response.headers, 'retry-after': String(RETRY_AFTER_SECONDS) } };
  }

  /**
   * Resolves once the file holds every change made before the call, with the generation the
   * write saw (a change made in an earlier one was undone by a rollback); rejects when that
   * write failed (its changes were undone). Writes run one at a time, each reading the data
   * when it starts, so every call made while a write runs joins the one queued behind it
   * (group commit).
   */
  flush(): Promise<number> {
    if (this.#next !== undefined) return this.#next;
    const next = this.#queue.then(() => {
      this.#next = undefined;
      return this.#commit();
    });
    this.#next = next;
    this.#queue = next.then(
      () => this.#compactIfDue(),
      () => undefined,
    );
    return next;
  }

  async #commit(): Promise<number> {
    const group = await this.#engine.exclusive(() => this.#take(false));
    if (group === undefined) return this.#generation;
    try {
      if (group.rewrite) await this.#rewrite(group.text);
      else await this.#append(group.text);
    } catch (error) {
      this.#lastError = error;
      if (this.#refusedWrites === 0) {
        this.#options.onError?.(
          `could not write state file ${this.path} (${errorText(error)}): changes are refused and undone until it can be`,
        );
      }
      this.#refusedWrites += 1;
      await this.#rollback();
      throw error;
    }
    if (this.#refusedWrites > 0) {
      this.#options.onError?.(`state file ${this.path} written again, after ${this.#refusedWrites} refused writes`);
      this.#refusedWrites = 0;
    }
    this.#written(group.count);
    return group.generation;
  }

  /** After a successful write: rewrites the file whole once its changes' part has grown past the snapshot. */
  async #compactIfDue(): Promise<void> {
    const changesBytes = this.#size - this.#snapshotBytes;
    const threshold = Math.max(this.#snapshotBytes, this.#options.compactAtBytes ?? 1024 * 1024);
    if (this.#mustRewrite || changesBytes < threshold || changesBytes < this.#retryCompactionAt) return;
    await this.compact().catch((error: unknown) => {
      this.#retryCompactionAt = changesBytes * 1.25;
      this.#options.onError?.(`could not rewrite state file ${this.path} (${errorText(error)}); it keeps growing`);
    });
  }

  /**
   * Rewrites the file whole from the engine's data (everything in it was acknowledged or is
   * pending: the pending changes are saved by it). A failure leaves the file as it was.
   */
  async compact(): Promise<void> {
    const group = await this.#engine.exclusive(() => (this.#replaced() ? undefined : this.#take(true)));
    // a replaced state is the next commit's to write
    if (group === undefined) return;
    await this.#rewrite(group.text);
    this.#written(group.count);
  }

  async #append(text: string): Promise<void> {
    const handle = this.#handle;
    if (handle === undefined) throw new Error('the state file is not open');
    const bytes = Buffer.from(text, 'utf8');
    let written = false;
    try {
      await writeAll(handle, bytes, this.#size);
      written = true;
      await handle.datasync();
    } catch (error) {
      // Cut off what reached the file. A short write (a full disk) is no whole line even if a
      // crash keeps it; after a failed fsync the whole line may reach the disk later, so the
      // next write rewrites the file (a new one, fsynced) and leaves no page of it in doubt.
      if (written) this.#mustRewrite = true;
      await handle.truncate(this.#size).catch(() => {
        this.#mustRewrite = true;
      });
      throw error;
    }
    this.#size += bytes.length;
  }

  /** The whole state to a temporary file, `fsync`, renamed over the file, the folder `fsync`ed. */
  async #rewrite(text: string): Promise<void> {
    const folder = dirname(this.path);
    const temporary = join(folder, `.${basename(this.path)}.${process.pid}.tmp`);
    const bytes = Buffer.from(text, 'utf8');
    await rm(temporary, { force: true });
    // the new file's handle follows it through the rename: appends go on through it
    const handle = await openFile(temporary, 'wx+', 0o644);
    let renamed = false;
    try {
      await writeAll(handle, bytes, 0);
      await handle.sync();
      await rename(temporary, this.path);
      renamed = true;
      const directory = await openFile(folder, 'r');
      try {
        await directory.sync();
      } finally {
        await directory.close();
      }
    } catch (error) {
      await handle.close().catch(() => undefined);
      // A rename that happened stands, its durability unknown: the next write rewrites the
      // file again; until then a rollback reads the file as it was (the old handle).
      if (renamed) this.#mustRewrite = true;
      else await rm(temporary, { force: true }).catch(() => undefined);
      throw error;
    }
    const previous = this.#handle;
    this.#handle = handle;
    this.#size = bytes.length;
    this.#snapshotBytes = bytes.length;
    this.#mustRewrite = false;
    this.#retryCompactionAt = 0;
    await previous?.close().catch(() => undefined);
  }

  /**
   * Back to what the file held before the failed write: once no request that may change the
   * data is inside the engine (new ones wait), the durable bytes are read back and imported,
   * and the generation moves on, so that every change made before is refused.
   */
  async #rollback(onlyIfBroken = false): Promise<void> {
    while (this.#exclusive !== undefined) await this.#exclusive;
    // a request that waited for another's attempt to recover
    if (onlyIfBroken && this.#broken === undefined) return;
    let done: () => void = () => {};
    this.#exclusive = new Promise<void>((resolve) => {
      done = resolve;
    });
    try {
      if (this.#writers > 0) {
        await new Promise<void>((resolve) => {
          this.#idle = resolve;
        });
      }
      this.#idle = undefined;
      this.#generation += 1;
      this.#pending = [];
      this.#lastChange.clear();
      try {
        const handle = this.#handle;
        if (handle === undefined) throw new Error('the state file is not open');
        await this.#engine.importState((await readDurable(handle, this.#size, this.#keyOf)).state);
        this.#track();
        this.#broken = undefined;
      } catch (error) {
        if (this.#broken === undefined) {
          this.#options.onError?.(
            `could not read state file ${this.path} back (${errorText(error)}): writes are refused until it can be`,
          );
        }
        this.#broken = error;
      }
    } finally {
      this.#exclusive = undefined;
      done();
    }
  }

  /**
   * Writes what is pending, rewrites the file whole (a stopped server leaves one JSON
   * document), and releases the lock. A failed rewrite leaves the file as it was, whole.
   */
  async close(): Promise<void> {
    try {
      await this.flush();
      await this.#queue;
      if (this.#size > this.#snapshotBytes || this.#mustRewrite) {
        await this.compact().catch((error: unknown) => {
          this.#options.onError?.(`could not rewrite state file ${this.path} at exit (${errorText(error)})`);
        });
      }
    } finally {
      for (const table of this.#observed) table.observe(undefined);
      await this.#handle?.close().catch(() => undefined);
      this.#handle = undefined;
      await this.#lock.release();
    }
  }
}

async function writeAll(handle: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, position + written);
    written += bytesWritten;
  }
}

/**
 * The state in the file behind `handle`, its first `length` bytes (all of it if undefined).
 * Its own function so that the bytes (67 MB for 100,000 tickets per API) are garbage before
 * the engine imports the data, not held by the caller's frame while the import fills the store.
 */
async function readDurable(handle: FileHandle, length: number | undefined, keyOf: KeyOf): Promise<ParsedState> {
  const bytes = Buffer.alloc(length ?? (await handle.stat()).size);
  let read = 0;
  while (read < bytes.length) {
    const { bytesRead } = await handle.read(bytes, read, bytes.length - read, read);
    if (bytesRead === 0) throw new Error(`the state file is shorter than the ${bytes.length} bytes written to it`);
    read += bytesRead;
  }
  return parseState(bytes, keyOf);
}
