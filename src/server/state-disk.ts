/**
 * The state file's bytes (docs/decisions/014-state-file-durability.md): appending a line,
 * rewriting the file whole, reading back what is durable. Knows nothing of requests; the
 * state file decides what to write and when.
 */
import { type FileHandle, open as openFile, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type KeyOf, type ParsedState, parseState } from './state-format.js';
import { processAlive } from './state-lock.js';

export class StateDisk {
  readonly path: string;
  /** The file as last made durable: appends go here, and a rollback reads it back. */
  #handle: FileHandle | undefined;
  /** Bytes of {@link #handle} that are durable (the snapshot and whole lines). */
  #size = 0;
  #snapshotBytes = 0;
  #mustRewrite = false;

  private constructor(path: string) {
    this.path = path;
  }

  /**
   * Opens `path` and reads it (undefined when there is no file yet: write one with
   * {@link rewrite} before anything else). A last line a crash cut off is cut off the file.
   * Throws the format's error for a file it cannot read, which is left as it is.
   */
  static async open(path: string, keyOf: KeyOf): Promise<{ disk: StateDisk; parsed: ParsedState | undefined }> {
    const disk = new StateDisk(path);
    let handle: FileHandle;
    try {
      handle = await openFile(path, 'r+');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      disk.#mustRewrite = true;
      return { disk, parsed: undefined };
    }
    disk.#handle = handle;
    let parsed: ParsedState;
    try {
      parsed = await readDurable(handle, undefined, keyOf);
    } catch (error) {
      await handle.close();
      throw error;
    }
    disk.#size = parsed.length;
    disk.#snapshotBytes = parsed.snapshotBytes;
    // an older format, or lines a person edited: the next write rewrites it in this format
    disk.#mustRewrite = !parsed.appendable;
    if (parsed.torn) {
      // the last line of a write a crash cut off: never acknowledged
      await handle.truncate(parsed.length).catch(() => {
        disk.#mustRewrite = true;
      });
    }
    return { disk, parsed };
  }

  /**
   * Whether the next write must rewrite the file whole: there is none yet, it is in an older
   * format, or a failed write left bytes whose fate on disk is unknown.
   */
  get mustRewrite(): boolean {
    return this.#mustRewrite;
  }

  get snapshotBytes(): number {
    return this.#snapshotBytes;
  }

  /** Bytes of lines after the snapshot. */
  get changesBytes(): number {
    return this.#size - this.#snapshotBytes;
  }

  /** Appends one line and `fdatasync`s it; on failure the file is cut back to what was durable. */
  async append(text: string): Promise<void> {
    const handle = this.#handle;
    if (handle === undefined || this.#mustRewrite) throw new Error('the state file must be rewritten first');
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
  async rewrite(text: string): Promise<void> {
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
    await previous?.close().catch(() => undefined);
  }

  /** The state that is durable: the file's bytes up to the end of its last whole write. */
  async readBack(keyOf: KeyOf): Promise<ParsedState> {
    if (this.#handle === undefined) throw new Error('the state file was never written');
    return readDurable(this.#handle, this.#size, keyOf);
  }

  async close(): Promise<void> {
    await this.#handle?.close().catch(() => undefined);
    this.#handle = undefined;
  }
}

/**
 * Removes the temporary files a crash left beside `path`: its rewrites (call it holding the
 * lock: no other server writes them), and lock drafts and lock files moved aside whose
 * process is gone.
 */
export async function removeLeftovers(path: string): Promise<void> {
  const folder = dirname(path);
  const escaped = basename(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\.${escaped}(\\.lock)?\\.(\\d+)\\.(tmp|stale)$`);
  for (const name of await readdir(folder)) {
    const match = pattern.exec(name);
    if (match === null) continue;
    const pid = Number(match[2]);
    // a lock's draft may be another server's, taking the lock right now
    if (match[1] !== undefined && pid !== process.pid && processAlive(pid)) continue;
    await rm(join(folder, name), { force: true });
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
