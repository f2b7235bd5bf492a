/**
 * What `useMocks({ journalDir })` reads of vitest's test (src/vitest-journal.ts), on this
 * run's own tasks: the title path (file relative to the root, describes, title), the id and
 * the try; the folder a relative `journalDir` means, and the refusal when the root cannot be
 * told. (A whole user's run, files and coverage: journal-dir.test.ts.)
 */
import { join, resolve } from 'node:path';
import { describe, expect, it, type RunnerTestCase, type RunnerTestFile } from 'vitest';
import { journalFolder, journalTestOf } from '../../src/vitest-journal.ts';
import { REPO_ROOT } from '../helpers/installed-package.ts';

const FILE = 'test/vitest/vitest-journal.test.ts';

it('a test outside any describe: the file and its title', ({ task }) => {
  expect(journalTestOf(task)).toEqual({
    titlePath: [FILE, 'a test outside any describe: the file and its title'],
    id: task.id,
    retry: 0,
    repeat: 0,
  });
});

describe('outer', () => {
  describe('inner', () => {
    it('a nested test: every describe, outermost first', ({ task }) => {
      const test = journalTestOf(task);
      expect(test.titlePath).toEqual([FILE, 'outer', 'inner', 'a nested test: every describe, outermost first']);
      expect(test.id).toMatch(/^-?\d+(_\d+)+$/);
    });
  });
});

it('a chain that reaches the file task ends there: the file is not taken for a describe', () => {
  const file = { name: 'test/a.test.ts', filepath: '/r/test/a.test.ts' } as RunnerTestFile;
  Object.assign(file, { file, suite: undefined });
  const suite = { name: 'outer', file, suite: file };
  const task = { name: 'title', id: 'x_0_0', file, suite, result: { state: 'run', retryCount: 2 } };
  expect(journalTestOf(task as unknown as RunnerTestCase)).toEqual({
    titlePath: ['test/a.test.ts', 'outer', 'title'],
    id: 'x_0_0',
    retry: 2,
    repeat: 0,
  });
});

describe('journalFolder', () => {
  it("resolves a relative journalDir against vitest's root (this repository), an absolute one as it is", ({ task }) => {
    expect(journalFolder('journals', task.file)).toBe(join(REPO_ROOT, 'journals'));
    expect(journalFolder('../out/journals', task.file)).toBe(resolve(REPO_ROOT, '..', 'out', 'journals'));
    expect(journalFolder('/tmp/journals', task.file)).toBe('/tmp/journals');
  });

  it('refuses a relative journalDir for a file outside the root, and names what to do', () => {
    const outside = { filepath: '/work/shared/x.test.ts', name: '../shared/x.test.ts' } as RunnerTestFile;
    expect(() => journalFolder('journals', outside)).toThrow(
      `useMocks(): journalDir "journals" is relative to vitest's root, and /work/shared/x.test.ts lies outside it: give an absolute journalDir`,
    );
    expect(journalFolder('/tmp/journals', outside)).toBe('/tmp/journals');
  });

  it('refuses a file whose name is not its path below a root', () => {
    const odd = { filepath: '/a/b/test/x.test.ts', name: 'spec/x.test.ts' } as RunnerTestFile;
    expect(() => journalFolder('journals', odd)).toThrow(/cannot tell vitest's root from the test file/);
  });
});
