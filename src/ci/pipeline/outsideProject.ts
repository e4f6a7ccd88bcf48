// Artifact paths outside the project directory. gitlab-runner's commands/helpers/file_archiver.go processPath splits
// each entry with doublestar.SplitPattern and resolves the base against the working directory (the project
// directory) in findRelativePathInProject; a base not below it is logged as a warning ("artifact path is not a
// subpath of project directory: <base>") and the entry archives nothing. The job does not fail.

/** Why an entry lies outside: `absolute` (below `/`, where the project directory is not known here) or `above`. */
export interface Outside {
  kind: 'absolute' | 'above';
  /** The base the runner names in its log line. */
  base: string;
}

/**
 * Where the runner's base of this entry lies, when not in the project directory. An entry with `$` is not judged:
 * the runner expands variables first (`$CI_PROJECT_DIR/out` is inside). Only the Linux reading (`\` escapes).
 */
export function outsideProject(entry: string): Outside | undefined {
  if (entry.includes('$')) return undefined;
  const base = splitBase(entry);
  if (base.startsWith('/')) return { kind: 'absolute', base };
  // filepath.Abs cleans the base: `a/../..` is the parent of the project directory.
  let depth = 0;
  for (const part of base.split('/')) {
    if (part === '..') depth--;
    else if (part !== '' && part !== '.') depth++;
    if (depth < 0) return { kind: 'above', base };
  }
  return undefined;
}

/** doublestar.SplitPattern's base: the text before the last `/` ahead of the first glob character (`\` skips one). */
function splitBase(p: string): string {
  let split = -1;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') i++;
    else if (c === '/') split = i;
    else if (c === '*' || c === '?' || c === '[' || c === '{') break;
  }
  if (split === 0) return '/';
  return split > 0 ? p.slice(0, split) : '.';
}
