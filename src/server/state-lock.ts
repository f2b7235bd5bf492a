/**
 * The lock a server holds on its state file: `<file>.lock`, naming the process that holds
 * it (PID, host, when it started). Node has no portable advisory lock without a native
 * addon, so a lock left by a server that died (SIGKILL, a crash) is recognised instead: its
 * process is gone, or its PID now belongs to a process that started at another time (Linux
 * `/proc/<pid>/stat`), or it is this process's own PID (a restarted container). Such a lock
 * is taken over; a live one refuses the second server (docs/decisions/014-state-file-durability.md).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** Who holds a lock, as its file says. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO time the lock was taken. */
  readonly since: string;
  /** The process's start time in clock ticks since boot (Linux), to tell a reused PID. */
  readonly startTicks?: string;
  /** Tells this lock from another one of the same process. */
  readonly token: string;
}

/** The state file is in use by another server; the message names the file and that server. */
export class StateLockedError extends Error {
  constructor(
    readonly path: string,
    readonly holder: LockHolder,
  ) {
    const where = holder.host === hostname() ? '' : ` on ${holder.host}`;
    super(
      `state file ${path} is in use by another ticketmock server (pid ${holder.pid}${where}, since ${holder.since}); ` +
        `stop that server or choose another --state file (its lock: ${path}.lock)`,
    );
  }
}

/** Locks held by this process, by lock path: a second open in the same process is refused too. */
const heldHere = new Set<string>();

/** A process's start time in clock ticks since boot, where `/proc` tells it. */
export function startTicksOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the fields after the command name, which is in parentheses and may hold anything
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const json = JSON.parse(text) as Partial<LockHolder>;
    if (typeof json.pid === 'number' && typeof json.host === 'string' && typeof json.token === 'string') {
      return {
        pid: json.pid,
        host: json.host,
        since: String(json.since),
        token: json.token,
        ...(typeof json.startTicks === 'string' ? { startTicks: json.startTicks } : {}),
      };
    }
  } catch {
    // not a lock this ticketmock wrote
  }
  return undefined;
}

/** Whether a process of this machine runs under `pid`. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Whether the process a lock names may still run. */
export function holderAlive(holder: LockHolder): boolean {
  // another machine's process (a shared folder): nothing here can tell, so it holds
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid || !processAlive(holder.pid)) return false;
  const ticks = startTicksOf(holder.pid);
  return holder.startTicks === undefined || ticks === undefined || ticks === holder.startTicks;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class StateLock {
  readonly path: string;
  readonly #token: string;
  #released = false;
  readonly #onExit = (): void => this.releaseSync();

  private constructor(path: string, token: string) {
    this.path = path;
    this.#token = token;
    heldHere.add(path);
    // a last resort for an exit that skips release() (process.exit, an uncaught error)
    process.once('exit', this.#onExit);
  }

  /**
   * Takes the lock of the state file `target`, taking over one its holder left behind;
   * throws a {@link StateLockedError} when a live server holds it.
   */
  static async acquire(target: string): Promise<StateLock> {
    const path = `${target}.lock`;
    if (heldHere.has(path)) {
      throw new StateLockedError(target, { pid: process.pid, host: hostname(), since: 'now', token: '' });
    }
    const token = randomUUID();
    const ticks = startTicksOf(process.pid);
    const mine: LockHolder = {
      pid: process.pid,
      host: hostname(),
      since: new Date().toISOString(),
      ...(ticks === undefined ? {} : { startTicks: ticks }),
      token,
    };
    // The lock appears whole: written beside it, then linked in place, which fails if it exists.
    const draft = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    await writeFile(draft, `${JSON.stringify(mine)}\n`);
    try {
      for (let attempt = 0; attempt < 20; attempt += 1) {
        try {
          await link(draft, path);
          return new StateLock(path, token);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        const text = await readFile(path, 'utf8').catch(() => undefined);
        if (text === undefined) continue; // released in between
        const holder = parseHolder(text);
        if (holder !== undefined && holderAlive(holder)) throw new StateLockedError(target, holder);
        if (holder === undefined && attempt < 5) {
          await pause(20); // not a whole lock: someone may be replacing it; look again before breaking it
          continue;
        }
        await breakStale(path, text);
      }
      throw new Error(`could not take the lock ${path} (it keeps changing)`);
    } finally {
      await rm(draft, { force: true });
    }
  }

  /** Removes the lock if it is still this one's. */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    process.off('exit', this.#onExit);
    heldHere.delete(this.path);
    const holder = parseHolder((await readFile(this.path, 'utf8').catch(() => '')) ?? '');
    if (holder?.token === this.#token) await rm(this.path, { force: true });
  }

  /** {@link release} for the `exit` event, where nothing asynchronous runs. */
  releaseSync(): void {
    if (this.#released) return;
    this.#released = true;
    heldHere.delete(this.path);
    try {
      if (parseHolder(readFileSync(this.path, 'utf8'))?.token === this.#token) unlinkSync(this.path);
    } catch {
      // gone already
    }
  }
}

/**
 * Moves a dead holder's lock aside, atomically, and deletes it; when what was moved is no
 * longer that lock (another server took over in between), it is put back.
 */
async function breakStale(path: string, seen: string): Promise<void> {
  const aside = join(dirname(path), `.${basename(path)}.${process.pid}.stale`);
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if ((await readFile(aside, 'utf8')) !== seen) await link(aside, path).catch(() => undefined);
  } finally {
    await rm(aside, { force: true });
  }
}
