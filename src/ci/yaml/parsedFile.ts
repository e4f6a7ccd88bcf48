// One parsed file as the parse cache keeps it (its own module so the cache and the spliced parse it uses can both
// name it without importing each other).
import type { Diagnostic } from '../model';
import type { LoadedFile } from './loadYaml';

export interface ParsedFile {
  loaded: LoadedFile;
  /** What loading reported, replayed into each analysis that reuses the file. */
  diagnostics: readonly Diagnostic[];
}
