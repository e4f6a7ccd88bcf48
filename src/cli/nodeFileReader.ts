// The CLI's FileReader: the project folder on disk. It reads only regular files inside the project folder:
// `..`, symlinks whose target lies outside the folder, FIFOs, sockets and devices are refused (a FIFO is never
// opened in blocking mode, a device never read), and so is a file over GitLab's 1 MiB configuration limit.
// Listing walks the folder without following symlinked folders, skips VCS and dependency folders (they never
// hold CI configuration and can be huge), and stops at fixed file and folder counts.
import { constants } from 'node:fs';
import { lstat, open, readdir, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ReadRefused, type FileReader } from '../ci/fileReader';
import { YAML_LIMITS } from '../ci/yaml/loadYaml';

const SKIP = new Set(['.git', 'node_modules', '.cache', '.gitlab-ci-local']);
export const READER_LIMITS = {
  maxFiles: 200_000,
  maxFolders: 50_000,
  maxDepth: 64,
  maxFileBytes: YAML_LIMITS.maxBytes,
};
// Not on Windows; there a FIFO cannot appear in a project folder anyway.
const NONBLOCK = constants.O_NONBLOCK ?? 0;
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

export function nodeFileReader(rootDir: string): FileReader {
  let listing: Promise<string[]> | undefined;
  let realRoot: Promise<string> | undefined;
  return {
    async read(path: string): Promise<string | undefined> {
      // Repository-relative, as GitLab reads `include:local`: a leading `/` is the project root.
      const parts = path.split('/').filter((p) => p !== '' && p !== '.');
      if (parts.some((p) => p === '..' || p.includes('\\') || p.includes('\0'))) {
        throw new ReadRefused(path, 'outside-project', 'the path leaves the project folder');
      }
      const full = join(rootDir, ...parts);
      try {
        await lstat(full);
      } catch (e) {
        if (isMissing(e)) return undefined;
        throw e;
      }
      realRoot ??= realpath(rootDir);
      const [root, target] = await Promise.all([
        realRoot,
        realpath(full).catch((e: unknown) => {
          if (isMissing(e)) return undefined;
          throw e;
        }),
      ]);
      if (target === undefined) return undefined; // a dangling symlink: nothing to read
      if (!inside(root, target)) {
        throw new ReadRefused(path, 'outside-project', 'it is a symbolic link to a file outside the project folder');
      }
      return readRegularFile(path, target);
    },
    list(): Promise<string[]> {
      listing ??= walk(rootDir);
      return listing;
    },
  };
}

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP';
}

function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !/^[a-zA-Z]:/.test(rel) && !rel.startsWith(sep));
}

/** Opens without blocking and without following a link swapped in since, then checks what was opened. */
async function readRegularFile(path: string, target: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(target, constants.O_RDONLY | NONBLOCK | NOFOLLOW);
  } catch (e) {
    if (isMissing(e)) return undefined;
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
    throw e;
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) return undefined;
    if (!info.isFile()) {
      throw new ReadRefused(path, 'not-a-file', 'it is not a regular file (a FIFO, socket or device)');
    }
    const cap = READER_LIMITS.maxFileBytes;
    if (info.size > cap) throw new ReadRefused(path, 'too-large', `it is larger than ${cap} bytes`);
    // The size can change between stat and read: never read more than the cap plus one byte.
    const buffer = Buffer.alloc(Math.min(info.size, cap) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > cap) throw new ReadRefused(path, 'too-large', `it is larger than ${cap} bytes`);
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}

async function walk(rootDir: string): Promise<string[]> {
  const { maxFiles, maxFolders, maxDepth } = READER_LIMITS;
  const out: string[] = [];
  const stack: { dir: string; depth: number }[] = [{ dir: rootDir, depth: 0 }];
  let folders = 0;
  while (stack.length > 0 && out.length < maxFiles && folders < maxFolders) {
    const { dir, depth } = stack.pop()!;
    folders++;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (SKIP.has(e.name)) continue;
      const p = join(dir, e.name);
      // Dirent types come from lstat: a symlinked folder is a symlink here and is never entered. A symlink
      // is listed as the file it is in the repository; reading it checks where it points.
      if (e.isDirectory()) {
        if (depth < maxDepth) stack.push({ dir: p, depth: depth + 1 });
      } else if (e.isFile() || e.isSymbolicLink()) out.push(relative(rootDir, p).split(sep).join('/'));
      if (out.length >= maxFiles) break;
    }
  }
  return out.sort();
}
