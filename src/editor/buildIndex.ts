// The editor index of one analysis, built in the worker from the files the engine parsed. A ParseCache wrapper
// records each file's text and tree as the engine loads it (so nothing is parsed twice), and a per-session
// cache of file indexes makes an edit re-index only the file that changed.
import type { ParseCache, ParsedFile } from '../ci/yaml/parseCache';
import type { EditorIndex, FileIndex } from './editorIndex';
import { indexFile } from './indexFile';

export interface RecordedFile {
  readonly text: string;
  readonly parsed: ParsedFile;
}

/** A ParseCache that passes everything through to `inner` and remembers the files this analysis used. */
export function recordingCache(inner: ParseCache): { cache: ParseCache; files: Map<string, RecordedFile> } {
  const files = new Map<string, RecordedFile>();
  const cache: ParseCache = {
    get(path, text) {
      const parsed = inner.get(path, text);
      if (parsed) files.set(path, { text, parsed });
      return parsed;
    },
    set(path, text, parsed) {
      files.set(path, { text, parsed });
      inner.set(path, text, parsed);
    },
  };
  return { cache, files };
}

/** File indexes by path, reused while the file's text is unchanged. */
export class FileIndexCache {
  private readonly entries = new Map<string, { text: string; index: FileIndex }>();

  constructor(private readonly maxFiles = 1000) {}

  index(path: string, file: RecordedFile): FileIndex {
    const hit = this.entries.get(path);
    if (hit?.text === file.text) return hit.index;
    const index = indexFile(path, file.text, file.parsed.loaded.root);
    this.entries.delete(path);
    if (this.entries.size >= this.maxFiles) this.entries.delete(this.entries.keys().next().value ?? '');
    this.entries.set(path, { text: file.text, index });
    return index;
  }
}

export function buildEditorIndex(files: ReadonlyMap<string, RecordedFile>, cache = new FileIndexCache()): EditorIndex {
  return { version: 1, files: [...files].map(([path, f]) => cache.index(path, f)) };
}
