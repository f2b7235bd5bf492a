/**
 * The state file's lock: held while a server runs, refused to a second one while its holder
 * lives, taken over once the holder is gone (or its PID is another process's now).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StateLock, StateLockedError, startTicksOf } from '../../src/server/state-lock.ts';

let folder: string;
let target: string;
const children: ChildProcess[] = [];
const locks: StateLock[] = [];
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'ticketmock-lock-'));
  target = join(folder, 'state.json');
});
afterEach(async () => {
  for (const lock of locks.splice(0)) await lock.release();
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await rm(folder, { recursive: true, force: true });
});

async function acquire(): Promise<StateLock> {
  const lock = await StateLock.acquire(target);
  locks.push(lock);
  return lock;
}

/** A process that runs until the test ends. */
async function running(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  await once(child, 'spawn');
  return child.pid as number;
}

/** The PID of a process that has exited. */
async function exited(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid as number;
}

const lockOf = (fields: Record<string, unknown>) =>
  writeFile(
    `${target}.lock`,
    JSON.stringify({ host: hostname(), since: '2026-01-01T00:00:00.000Z', token: 'x', ...fields }),
  );

describe('StateLock', () => {
  it('writes who holds it, and release removes it', async () => {
    const lock = await acquire();
    const holder = JSON.parse(await readFile(`${target}.lock`, 'utf8'));
    expect(holder).toMatchObject({ pid: process.pid, host: hostname() });
    if (process.platform === 'linux') expect(holder.startTicks).toBe(startTicksOf(process.pid));
    await lock.release();
    expect(await readdir(folder)).toEqual([]);
  });

  it('refuses a second holder in the same process', async () => {
    await acquire();
    await expect(StateLock.acquire(target)).rejects.toBeInstanceOf(StateLockedError);
  });

  it('refuses while the holder runs, naming the file and its PID', async () => {
    const pid = await running();
    await lockOf({ pid, ...(startTicksOf(pid) === undefined ? {} : { startTicks: startTicksOf(pid) }) });
    const error = await StateLock.acquire(target).catch((thrown: Error) => thrown);
    expect(error).toBeInstanceOf(StateLockedError);
    expect((error as Error).message).toContain(target);
    expect((error as Error).message).toContain(`pid ${pid}`);
    expect(JSON.parse(await readFile(`${target}.lock`, 'utf8')).pid).toBe(pid);
  });

  it('refuses a holder on another host, which it cannot see, naming the host', async () => {
    await lockOf({ pid: await exited(), host: 'elsewhere.example' });
    await expect(StateLock.acquire(target)).rejects.toThrow(/on elsewhere\.example/);
  });

  const takesOver = async (fields: Record<string, unknown>) => {
    await lockOf(fields);
    await acquire();
    expect(JSON.parse(await readFile(`${target}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    expect(await readdir(folder)).toEqual(['state.json.lock']);
  };

  it.each([
    ['whose process has exited', async () => ({ pid: await exited() })],
    ['holding this process’s own PID (a restarted container)', async () => ({ pid: process.pid })],
    ['that is no lock at all', async () => ({ pid: 'garbage' })],
  ])('takes over a lock %s', async (_, fields) => takesOver(await fields()));

  // where /proc tells a process's start time
  it.skipIf(startTicksOf(process.pid) === undefined)(
    'takes over a lock whose PID now belongs to a process that started at another time',
    async () => takesOver({ pid: await running(), startTicks: '1' }),
  );

  it('leaves a lock that is not its own on release', async () => {
    const lock = await acquire();
    await lockOf({ pid: await running(), token: 'someone else' });
    await lock.release();
    expect(JSON.parse(await readFile(`${target}.lock`, 'utf8'))).toMatchObject({ token: 'someone else' });
  });
});
