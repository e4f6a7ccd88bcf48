// How the engine reads a project: injected, so the extension can serve unsaved editor buffers first and the
// CLI can read the disk. Paths are repository-relative with forward slashes and no leading `/`.
export interface FileReader {
  /** The file's text, or undefined when it does not exist. */
  read(path: string): Promise<string | undefined>;
  /** Every file path in the project (for `include:local` wildcards and `rules:exists`). */
  list(): Promise<string[]>;
}
