// Parsed files kept between analyses. The extension re-analyses on every edit, but usually only one file
// changed: the others are reused when their text is identical. Trees are immutable, so sharing is safe.
import type { ParsedFile } from './parsedFile';
import { spliceParse } from '../incremental/spliceParse';
import { deepSizeBounds, MAX_DEEP_SIZE } from './deepSize';

export type { ParsedFile } from './parsedFile';

export interface ParseCache {
  get(path: string, text: string): ParsedFile | undefined;
  set(path: string, text: string, parsed: ParsedFile): void;
}

/**
 * `splice`: a changed file is parsed again only where it changed when that gives exactly what a full parse would
 * (incremental/spliceParse.ts); otherwise `get` misses and the caller parses it in full.
 */
export function createParseCache(maxFiles = 1000, splice = true): ParseCache {
  const entries = new Map<string, { text: string; parsed: ParsedFile }>();
  const cache: ParseCache = {
    get(path, text) {
      const e = entries.get(path);
      if (!e || e.text === text) return e?.parsed;
      const parsed = splice ? spliceParse(path, e.text, e.parsed, text) : undefined;
      // A spliced tree is used only while the size bound has nothing to say about it (a clean earlier parse that
      // grew past what GitLab surely accepts is parsed in full, which reports it: loadYaml's withinDeepSize).
      const root = parsed?.loaded.root;
      if (root && deepSizeBounds(root).hi > MAX_DEEP_SIZE) return undefined;
      if (parsed) cache.set(path, text, parsed);
      return parsed;
    },
    set(path, text, parsed) {
      entries.delete(path);
      // Oldest first out: Map iteration order is insertion order.
      if (entries.size >= maxFiles) entries.delete(entries.keys().next().value ?? '');
      entries.set(path, { text, parsed });
    },
  };
  return cache;
}
