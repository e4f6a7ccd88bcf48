// The editor index travels as a delta: a keystroke changes one file's index, so the worker sends that file and
// names the others as unchanged, and the host rebuilds the whole index from what it received before. Both sides
// follow one consumer (a lane of a worker session): the sender remembers the FileIndex objects it sent (the
// worker's FileIndexCache hands back the same object while a file's text is unchanged), the receiver the ones it
// got. If they ever disagree the receiver says so and the next request asks for the whole index.
import type { EditorIndex, FileIndex } from './editorIndex';

export interface IndexDelta {
  version: 1;
  delta: true;
  /** In index order: a file's new index, or its path when the receiver's copy is still right. */
  files: (FileIndex | { file: string; unchanged: true })[];
}

/** Worker side, one per consumer. */
export class DeltaSender {
  private sent = new Map<string, FileIndex>();

  encode(index: EditorIndex): IndexDelta {
    const files = index.files.map((f) =>
      this.sent.get(f.file) === f ? { file: f.file, unchanged: true as const } : f,
    );
    this.sent = new Map(index.files.map((f) => [f.file, f] as const));
    return { version: 1, delta: true, files };
  }
}

/** Host side, one per consumer. */
export class DeltaReceiver {
  private have = new Map<string, FileIndex>();

  /** The whole index, or undefined when the delta names a file this side never received (then ask for all). */
  decode(data: EditorIndex | IndexDelta): EditorIndex | undefined {
    const files: FileIndex[] = [];
    for (const f of data.files) {
      const file = 'unchanged' in f ? this.have.get(f.file) : f;
      if (!file) {
        this.have.clear();
        return undefined;
      }
      files.push(file);
    }
    this.have = new Map(files.map((f) => [f.file, f] as const));
    return { version: 1, files };
  }
}
