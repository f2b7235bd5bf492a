/**
 * A real, small filesystem for the durability tests: a tmpfs of a few hundred KiB that a
 * server fills through its API (ENOSPC for real, no stubbed `fs`). Mounting needs root (CI
 * runs as root); where it is not permitted the tests that need it are skipped with the
 * reason, except under `CI=true`, where that is a failure.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Tmpfs {
  readonly path: string;
  /** `mount -o remount,size=<kib>k`: more room (or less, if the files still fit). */
  resize(kib: number): void;
  /** Unmounts (lazily if a process still holds a file there) and removes the mount point. */
  unmount(): void;
}

function run(command: string, args: readonly string[]): void {
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Mounts a tmpfs of `kib` KiB on a new folder. */
export function mountTmpfs(kib: number): Tmpfs {
  const path = mkdtempSync(join(tmpdir(), 'ticketmock-tmpfs-'));
  try {
    run('mount', ['-t', 'tmpfs', '-o', `size=${kib}k,mode=0755`, 'tmpfs', path]);
  } catch (error) {
    rmSync(path, { recursive: true, force: true });
    throw error;
  }
  let mounted = true;
  return {
    path,
    resize: (size) => run('mount', ['-o', `remount,size=${size}k`, path]),
    unmount: () => {
      if (!mounted) return;
      mounted = false;
      try {
        run('umount', [path]);
      } catch {
        run('umount', ['-l', path]);
      }
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/**
 * Whether this process may mount a tmpfs: undefined if it may, else why not. Under `CI=true`
 * a refusal throws instead: CI runs as root, and a skipped durability test there hides a fault.
 */
export function tmpfsUnavailable(): string | undefined {
  let probe: Tmpfs | undefined;
  try {
    probe = mountTmpfs(64);
    return undefined;
  } catch (error) {
    const reason = `cannot mount a tmpfs here (${((error as { stderr?: Buffer }).stderr ?? '').toString().trim() || (error as Error).message}): the tests on a full disk are skipped`;
    if (process.env.CI === 'true') throw new Error(`${reason}; under CI=true they must run (run as root)`);
    return reason;
  } finally {
    probe?.unmount();
  }
}
