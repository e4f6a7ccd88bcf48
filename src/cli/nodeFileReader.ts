// The CLI's FileReader: the project folder on disk. Listing skips VCS and dependency folders, which never
// hold CI configuration and can be huge.
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { FileReader } from '../ci/fileReader';

const SKIP = new Set(['.git', 'node_modules', '.cache', '.gitlab-ci-local']);
const MAX_FILES = 200_000;

export function nodeFileReader(rootDir: string): FileReader {
  let listing: Promise<string[]> | undefined;
  return {
    async read(path: string): Promise<string | undefined> {
      try {
        return await readFile(join(rootDir, ...path.split('/')), 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
        throw e;
      }
    },
    list(): Promise<string[]> {
      listing ??= walk(rootDir);
      return listing;
    },
  };
}

async function walk(rootDir: string): Promise<string[]> {
  const out: string[] = [];
  const stack = [rootDir];
  while (stack.length > 0 && out.length < MAX_FILES) {
    const dir = stack.pop()!;
    let entries;
    try { entries = await readdir(dir, { withFileTypes: true }); } catch { continue; }
    for (const e of entries) {
      if (SKIP.has(e.name)) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) out.push(relative(rootDir, p).split(sep).join('/'));
    }
  }
  return out.sort();
}
