// The include cache, one folder on disk (the CLI's --include-cache, the extension's globalStorage):
// - content keyed by instance, project, commit SHA and path never changes, so it is kept indefinitely;
// - resolutions (a ref or tag to a commit, `~latest`, a template's text, a remote file) may change, so they are
//   trusted for a time-to-live (default 10 minutes) and, in offline mode, used whatever their age ("as of").
// Each entry is one small JSON file named by the SHA-256 of its key, written to a temporary name and renamed,
// so a crash never leaves half an entry. Clearing removes only the entries this cache wrote.
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const DEFAULT_TTL_MS = 10 * 60 * 1000;
/** Entries hold at most one 1 MiB file (GitLab's limit) plus JSON quoting; anything larger is not ours. */
const MAX_ENTRY_BYTES = 8 * 1024 * 1024;
const ENTRY = /^[0-9a-f]{64}\.json$/;

export interface CacheEntry {
  value: string;
  /** When it was fetched (ms since the epoch). */
  at: number;
}

export interface IncludeCache {
  /** Immutable content (a file at a commit). */
  content(key: string): Promise<CacheEntry | undefined>;
  putContent(key: string, value: string): Promise<void>;
  /** A resolution, with its age; the caller decides whether it is fresh. */
  resolution(key: string): Promise<CacheEntry | undefined>;
  putResolution(key: string, value: string): Promise<void>;
  /** Removes every entry this cache wrote; returns how many. */
  clear(): Promise<number>;
}

/** A cache in `dir` (created on first write). `now` is the clock entries are stamped with. */
export function folderCache(dir: string, now: () => number = Date.now): IncludeCache {
  const file = (kind: string, key: string): string =>
    join(dir, kind, `${createHash('sha256').update(key).digest('hex')}.json`);
  const read = async (kind: string, key: string): Promise<CacheEntry | undefined> => {
    let text: string;
    try {
      text = await readFile(file(kind, key), 'utf8');
    } catch {
      return undefined;
    }
    if (text.length > MAX_ENTRY_BYTES) return undefined;
    try {
      const e = JSON.parse(text) as { key?: unknown; value?: unknown; at?: unknown };
      // The key is stored too: a hash collision (or a foreign file) is a miss, never someone else's text.
      return e.key === key && typeof e.value === 'string' && typeof e.at === 'number'
        ? { value: e.value, at: e.at }
        : undefined;
    } catch {
      return undefined;
    }
  };
  const write = async (kind: string, key: string, value: string): Promise<void> => {
    const target = file(kind, key);
    await mkdir(join(dir, kind), { recursive: true });
    const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, JSON.stringify({ key, value, at: now() }));
    await rename(tmp, target);
  };
  return {
    content: (key) => read('content', key),
    putContent: (key, value) => write('content', key, value),
    resolution: (key) => read('resolved', key),
    putResolution: (key, value) => write('resolved', key, value),
    async clear(): Promise<number> {
      let removed = 0;
      for (const kind of ['content', 'resolved']) {
        let names: string[];
        try {
          names = await readdir(join(dir, kind));
        } catch {
          continue;
        }
        for (const name of names.filter((n) => ENTRY.test(n))) {
          await rm(join(dir, kind, name), { force: true });
          removed++;
        }
      }
      return removed;
    },
  };
}

/** The OS cache folder for the CLI: $XDG_CACHE_HOME, ~/Library/Caches, %LOCALAPPDATA%, else ~/.cache. */
export function defaultCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string {
  if (platform === 'win32') {
    return join(env['LOCALAPPDATA'] ?? join(home, 'AppData', 'Local'), 'artifact-flow', 'includes');
  }
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'artifact-flow', 'includes');
  return join(env['XDG_CACHE_HOME'] || join(home, '.cache'), 'artifact-flow', 'includes');
}
