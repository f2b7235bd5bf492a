/**
 * `serve --state <file>`: the mocks' data on disk, so nothing a client saw acknowledged is
 * lost. Each change is written to a temporary file beside the target, fsynced, renamed over
 * it and the folder fsynced, before the response leaves; a crash at any point leaves
 * either the previous file or the new one, both whole.
 */
import { createHash } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Engine } from '../core/engine.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether an answered request may have changed the data: a 2xx to an unsafe method. */
export function mayHaveChanged(method: string, status: number): boolean {
  return status >= 200 && status < 300 && !SAFE_METHODS.has(method);
}

/**
 * The file's JSON, or undefined where there is no file. Its own function so that the text
 * (67 MB for 100,000 tickets per API) is garbage before the engine imports the data, not
 * held by the caller's frame while the import allocates the store.
 */
async function readState(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read state file ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`state file ${path} is not JSON (${(error as Error).message}); it was left as it is`);
  }
}

export class StateFile {
  readonly path: string;
  readonly #engine: Engine;
  /**
   * A digest of the text last written: an unchanged state is not written again. A digest,
   * not the text, so the server does not hold a second copy of a large state.
   */
  #written: string | undefined;
  #queue: Promise<void> = Promise.resolve();
  /** The write queued behind the running one, not started yet: later changes join it. */
  #next: Promise<void> | undefined;

  private constructor(path: string, engine: Engine) {
    this.path = path;
    this.#engine = engine;
  }

  /**
   * Loads `path` into the engine when it exists, else writes the engine's seeded data
   * there. A file that is not JSON, or not a ticketmock state for these APIs, is left
   * untouched and reported as an Error whose message names the file.
   */
  static async open(path: string, engine: Engine): Promise<StateFile> {
    const file = new StateFile(path, engine);
    const json = await readState(path);
    if (json === undefined) {
      await file.flush();
      return file;
    }
    try {
      await engine.importState(json);
    } catch (error) {
      throw new Error(
        `state file ${path} is not a ticketmock state for these APIs (${(error as Error).message}); it was left as it is`,
      );
    }
    // Nothing is written until something changes; the first change rewrites the file whole
    // (serialising the loaded state here only to compare took ≈0.9 s at 200,000 tickets).
    return file;
  }

  /**
   * Resolves once the file holds the engine's data as it is now (or later). Writes run one
   * at a time, each reading the data when it starts, so every call made while a write runs
   * joins the one queued behind it: under concurrent writes the file is rewritten at most
   * twice per write's duration, not once per request (group commit).
   */
  flush(): Promise<void> {
    if (this.#next !== undefined) return this.#next;
    const next = this.#queue.then(() => {
      this.#next = undefined;
      return this.#write();
    });
    this.#next = next;
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #write(): Promise<void> {
    const text = JSON.stringify(this.#engine.exportState());
    const digest = createHash('sha256').update(text).digest('base64');
    if (digest === this.#written) return;
    const temporary = join(dirname(this.path), `.${basename(this.path)}.${process.pid}.tmp`);
    const handle = await open(temporary, 'w', 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    // the rename itself is durable once the folder's entry is
    const folder = await open(dirname(this.path), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
    this.#written = digest;
  }
}
