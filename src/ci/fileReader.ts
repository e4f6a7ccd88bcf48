// How the engine reads a project: injected, so the extension can serve unsaved editor buffers first and the
// CLI can read the disk. Paths are repository-relative with forward slashes and no leading `/`.
export interface FileReader {
  /**
   * The file's text, or undefined when it does not exist. A reader that will not read a path that exists
   * (it leaves the project, is not a regular file, is too large) rejects with a ReadRefused, which the
   * engine reports as a diagnostic where the file is included.
   */
  read(path: string): Promise<string | undefined>;
  /** Every file path in the project (for `include:local` wildcards and `rules:exists`). */
  list(): Promise<string[]>;
}

export type RefusalReason = 'outside-project' | 'not-a-file' | 'too-large';

/** Thrown (rejected) by a FileReader for a path it refuses to read. */
export class ReadRefused extends Error {
  override readonly name = 'ReadRefused';
  constructor(
    readonly path: string,
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
  }
}

/** Duck-typed, so a refusal that crossed a thread or process boundary is still recognised. */
export function isReadRefused(e: unknown): e is { name: 'ReadRefused'; reason: RefusalReason; message: string } {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { name?: unknown }).name === 'ReadRefused' &&
    typeof (e as { message?: unknown }).message === 'string'
  );
}
