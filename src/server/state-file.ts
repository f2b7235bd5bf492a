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
import { readFile } from 'node:fs/promises';
import type { Engine } from '../core/engine.js';
import type { MockRequest, MockResponse } from '../core/http.js';
import { ChangeLog, keysOf } from './change-log.js';
import { removeLeftovers, StateDisk } from './state-disk.js';
import {
  encodeChanges,
  encodeSnapshot,
  type KeyOf,
  parseState,
  type StateDocument,
  StateFormatError,
} from './state-format.js';
import { StateLock, StateLockedError } from './state-lock.js';
import { WriteGate } from './write-gate.js';

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
  /** Rewrite the file whole once its lines after the snapshot pass this size and the snapshot's (default 1 MiB). */
  readonly compactAtBytes?: number;
  /** Told when writes start to fail, when they succeed again, and when a rewrite could not be made. */
  readonly onError?: (message: string) => void;
}

/** What one write puts on disk, read from the state between operations. */
interface Group {
  readonly generation: number;
  readonly rewrite: boolean;
  readonly text: string;
  /** How many pending changes it holds. */
  readonly count: number;
}

const errorText = (error: unknown): string => {
  const { code, message } = error as NodeJS.ErrnoException;
  return code === undefined || message.startsWith(code) ? message : `${code}: ${message}`;
};

/**
 * The state a state file holds, as `GET /__mock/state` shows it: its snapshot with its whole
 * lines of changes applied (`engine` gives the tables' keys; its data is not touched).
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
  readonly #disk: StateDisk;
  readonly #log: ChangeLog;
  readonly #gate = new WriteGate();
  readonly #keyOf: KeyOf;

  /** Counts rollbacks: a change made in an earlier generation is no longer in memory. */
  #generation = 0;
  #lastError: unknown;
  /** Writes refused since the last that succeeded: the server's log names the first and the recovery. */
  #refusedWrites = 0;
  /** Set when a rollback failed: memory may hold what the file does not; writes are refused until one succeeds. */
  #broken: unknown;
  /** A size of the lines at which to try a rewrite again after one failed. */
  #retryCompactionAt = 0;

  #queue: Promise<unknown> = Promise.resolve();
  /** The write queued behind the running one, not started yet: later changes join it. */
  #next: Promise<number> | undefined;

  private constructor(engine: Engine, lock: StateLock, disk: StateDisk, options: StateFileOptions) {
    this.path = disk.path;
    this.#engine = engine;
    this.#lock = lock;
    this.#disk = disk;
    this.#options = options;
    this.#log = new ChangeLog(engine);
    this.#keyOf = keysOf(engine);
  }

  /**
   * Locks `path` and loads it into the engine when it exists, else writes the engine's data
   * there. A file that is no ticketmock state this version reads is left untouched and
   * reported as an Error whose message names the file (and says why); so is a file another
   * server holds.
   */
  static async open(path: string, engine: Engine, options: StateFileOptions): Promise<StateFile> {
    const lock = await StateLock.acquire(path).catch((error: unknown) => {
      if (error instanceof StateLockedError) throw error;
      throw new Error(`cannot lock state file ${path}: ${errorText(error)}`);
    });
    let disk: StateDisk | undefined;
    try {
      await removeLeftovers(path);
      let opened: Awaited<ReturnType<typeof StateDisk.open>>;
      try {
        opened = await StateDisk.open(path, keysOf(engine));
      } catch (error) {
        if (error instanceof StateFormatError) {
          throw new Error(`state file ${path} is refused: ${error.message}; it was left as it is`);
        }
        throw new Error(`cannot read state file ${path}: ${errorText(error)}`);
      }
      disk = opened.disk;
      if (opened.parsed === undefined) {
        await disk.rewrite(encodeSnapshot(engine.exportState(), options.writtenBy)).catch((error: unknown) => {
          throw new Error(`cannot write state file ${path}: ${errorText(error)}`);
        });
      } else {
        await engine.importState(opened.parsed.state).catch((error: unknown) => {
          throw new Error(
            `state file ${path} is not a ticketmock state for these APIs (${(error as Error).message}); it was left as it is`,
          );
        });
      }
      const file = new StateFile(engine, lock, disk, options);
      file.#log.follow();
      return file;
    } catch (error) {
      await disk?.close();
      await lock.release();
      throw error;
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
    await this.#gate.enter();
    let response: MockResponse;
    let generation: number;
    try {
      response = await run();
      // read before leaving: no rollback runs while a request is inside
      generation = this.#generation;
    } finally {
      this.#gate.leave();
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

  /**
   * The next write, read from the state as it is now (call it between operations): the
   * pending changes as one line, or the whole state where a line cannot say it; undefined
   * when nothing changed.
   */
  #take(rewrite: boolean): Group | undefined {
    const generation = this.#generation;
    const replaced = this.#log.replaced;
    const count = this.#log.size;
    if (rewrite || replaced || this.#disk.mustRewrite || (this.#options.log === false && count > 0)) {
      const text = encodeSnapshot(this.#engine.exportState(), this.#options.writtenBy);
      if (!replaced) return { generation, rewrite: true, text, count };
      // the changes pending were to tables the state no longer has; from here on, to the snapshot's
      this.#log.follow();
      return { generation, rewrite: true, text, count: 0 };
    }
    if (count === 0) return undefined;
    return { generation, rewrite: false, text: encodeChanges(this.#log.changes()), count };
  }

  async #commit(): Promise<number> {
    const group = await this.#engine.exclusive(() => this.#take(false));
    if (group === undefined) return this.#generation;
    try {
      if (group.rewrite) await this.#disk.rewrite(group.text);
      else await this.#disk.append(group.text);
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
    this.#log.written(group.count);
    return group.generation;
  }

  /** After a successful write: rewrites the file whole once its lines have grown past the snapshot. */
  async #compactIfDue(): Promise<void> {
    const lines = this.#disk.changesBytes;
    const threshold = Math.max(this.#disk.snapshotBytes, this.#options.compactAtBytes ?? 1024 * 1024);
    if (this.#disk.mustRewrite || lines < threshold || lines < this.#retryCompactionAt) return;
    await this.compact().then(
      () => {
        this.#retryCompactionAt = 0;
      },
      (error: unknown) => {
        this.#retryCompactionAt = lines * 1.25;
        this.#options.onError?.(`could not rewrite state file ${this.path} (${errorText(error)}); it keeps growing`);
      },
    );
  }

  /**
   * Rewrites the file whole from the engine's data (everything in it was acknowledged or is
   * pending: the pending changes are saved by it). A failure leaves the file as it was.
   */
  async compact(): Promise<void> {
    // a replaced state is the next commit's to write
    const group = await this.#engine.exclusive(() => (this.#log.replaced ? undefined : this.#take(true)));
    if (group === undefined) return;
    await this.#disk.rewrite(group.text);
    this.#log.written(group.count);
  }

  /**
   * Back to what the file held before the failed write: once no request that may change the
   * data is inside the engine (new ones wait), the durable bytes are read back and imported,
   * and the generation moves on, so that every change made before is refused.
   */
  #rollback(onlyIfBroken = false): Promise<void> {
    return this.#gate.closed(async () => {
      // a request that waited for another's attempt to recover
      if (onlyIfBroken && this.#broken === undefined) return;
      this.#generation += 1;
      this.#log.stop();
      try {
        await this.#engine.importState((await this.#disk.readBack(this.#keyOf)).state);
        this.#log.follow();
        this.#broken = undefined;
      } catch (error) {
        if (this.#broken === undefined) {
          this.#options.onError?.(
            `could not read state file ${this.path} back (${errorText(error)}): writes are refused until it can be`,
          );
        }
        this.#broken = error;
      }
    });
  }

  /**
   * Writes what is pending, rewrites the file whole (a stopped server leaves one JSON
   * document), and releases the lock. A failed rewrite leaves the file as it was, whole.
   */
  async close(): Promise<void> {
    try {
      await this.flush();
      await this.#queue;
      if (this.#disk.changesBytes > 0 || this.#disk.mustRewrite) {
        await this.compact().catch((error: unknown) => {
          this.#options.onError?.(`could not rewrite state file ${this.path} at exit (${errorText(error)})`);
        });
      }
    } finally {
      this.#log.stop();
      await this.#disk.close();
      await this.#lock.release();
    }
  }
}
