/**
 * The README's `ts` code blocks under one `##` heading: the samples some tests keep as files
 * of their own, word for word, so that the README shows only what runs.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from './installed-package.ts';

export async function readmeTsBlocks(heading: string): Promise<string[]> {
  const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no section "## ${heading}"`);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

/** A file of this repository, as text. */
export const repoFile = (path: string): Promise<string> => readFile(join(REPO_ROOT, path), 'utf8');
