/**
 * What `useMocks({ journalDir })` (./vitest.ts) reads of the test vitest hands its
 * `afterEach`: the test as its journal file is named, and the folder a relative
 * `journalDir` means. vitest's public task objects only (`context.task`), no internal state.
 */
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { RunnerTask, RunnerTestCase, RunnerTestFile } from 'vitest';
import type { JournalTest } from './core/journal-file.js';

/**
 * The test as the journal's file name tells it: its file relative to vitest's root, the
 * `describe`s around it and its title; vitest's id (unique in the run, across projects);
 * the try (`retry`) and the repetition (`repeats`) it is.
 */
export function journalTestOf(task: Readonly<RunnerTestCase>): JournalTest {
  const titles: string[] = [];
  // vitest 4 ends the chain at the outermost describe (its `suite` undefined); should it reach
  // the file (`file.file === file`), the file is no describe: its name leads the path already
  let node: Readonly<RunnerTask> | undefined = task;
  while (node !== undefined && node !== node.file) {
    titles.unshift(node.name);
    node = node.suite;
  }
  return {
    titlePath: [task.file.name, ...titles],
    id: task.id,
    retry: task.result?.retryCount ?? 0,
    repeat: task.result?.repeatCount ?? 0,
  };
}

/**
 * `journalDir` resolved against vitest's root (the `root` of the config, or of the project
 * the file belongs to): vitest names a test file by its path relative to that root, so the
 * root is the file's path less its name. A file outside the root (`../x.test.ts`) leaves the
 * root unknown: a relative `journalDir` is then refused, never guessed from the working folder.
 */
export function journalFolder(journalDir: string, file: Readonly<RunnerTestFile>): string {
  if (isAbsolute(journalDir)) return journalDir;
  let root = file.filepath;
  for (const segment of file.name.split('/')) {
    if (segment === '..') {
      throw new Error(
        `useMocks(): journalDir "${journalDir}" is relative to vitest's root, and ${file.filepath} lies outside it: ` +
          'give an absolute journalDir',
      );
    }
    root = dirname(root);
  }
  // a check on the reading above, should vitest ever name files otherwise
  if (relative(root, file.filepath).split(/[\\/]/).join('/') !== file.name) {
    throw new Error(`useMocks(): cannot tell vitest's root from the test file ${file.filepath} (named ${file.name})`);
  }
  return resolve(root, journalDir);
}
