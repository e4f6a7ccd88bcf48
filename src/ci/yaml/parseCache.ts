// Parsed files kept between analyses. The extension re-analyses on every edit, but usually only one file
// changed: the others are reused when their text is identical. Trees are immutable, so sharing is safe.
import type { Diagnostic } from '../model';
import type { LoadedFile } from './loadYaml';

export interface ParsedFile {
  loaded: LoadedFile;
  /** What loading reported, replayed into each analysis that reuses the file. */
  diagnostics: readonly Diagnostic[];
}

export interface ParseCache {
  get(path: string, text: string): ParsedFile | undefined;
  set(path: string, text: string, parsed: ParsedFile): void;
}

export function createParseCache(maxFiles = 1000): ParseCache {
  const entries = new Map<string, { text: string; parsed: ParsedFile }>();
  return {
    get(path, text) {
      const e = entries.get(path);
      return e?.text === text ? e.parsed : undefined;
    },
    set(path, text, parsed) {
      entries.delete(path);
      // Oldest first out: Map iteration order is insertion order.
      if (entries.size >= maxFiles) entries.delete(entries.keys().next().value ?? '');
      entries.set(path, { text, parsed });
    },
  };
}
