// What the runner's glob library accepts, before any file is looked at. gitlab-runner's
// commands/helpers/file_archiver.go hands each `artifacts:paths` entry, cleaned (`filepath.Join(rel, patt)`, after
// `filepath.ToSlash`), to `doublestar.Glob` (bmatcuk/doublestar v4), which first runs `ValidatePattern`
// (validate.go) and on a refusal returns ErrBadPattern: processPath logs a warning (`<path>: syntax error in
// pattern`) and archives nothing for that entry; the job does not fail. `artifacts:exclude` goes to
// `doublestar.Match` (match.go), which validates lazily: it fails on a bad part only when the match reaches it,
// and reads a `}` that closes nothing as a plain character.
//
// Exports:
//   refusedPattern(p, asMatch)    ValidatePattern's answer inverted: why doublestar refuses p, or undefined
//   cleanSlashPath(p)             filepath.Clean of a `/` path, as processPath's filepath.Join leaves the entry
//   runnerRefusal(entry)          whether the runner refuses an artifacts:paths entry on every runner or on Linux only
//   alternativeCount(glob, cap)   how many patterns the glob's `{a,b}` groups expand to, counted up to cap + 1
//   braceGroupAt(s, open, to)     where a `{` group closes and its alternatives, split as doublestar splits them
//   expandBraces(glob, max)       every alternative of the glob's `{a,b}` groups, in doublestar's order

/** Why ValidatePattern refuses a pattern (validate.go, separator `/`, so `\` escapes). */
export type Refusal = 'unclosed class' | 'empty class' | 'trailing escape' | 'unclosed brace' | 'unmatched brace';

/**
 * validate.go's ValidateWithSeparator with `/`: the first reason it would return false, or undefined. With
 * `asMatch`, a `}` that closes nothing is a plain character, as doublestar.Match reads it (match.go's default case).
 */
export function refusedPattern(p: string, asMatch = false): Refusal | undefined {
  let depth = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      if (++i >= p.length) return 'trailing escape';
    } else if (c === '[') {
      const refusal = classEnd(p, i);
      if (typeof refusal === 'string') return refusal;
      i = refusal;
    } else if (c === '{') depth++;
    else if (c === '}') {
      if (depth > 0) depth--;
      else if (!asMatch) return 'unmatched brace';
    }
  }
  return depth === 0 ? undefined : 'unclosed brace';
}

/** The index of the `]` closing the class opened at `open`, or why there is none (validate.go's `[` case). */
function classEnd(p: string, open: number): number | Refusal {
  let i = open + 1;
  if (i >= p.length) return 'unclosed class';
  if (p[i] === '^' || p[i] === '!') i++;
  if (i >= p.length) return 'unclosed class';
  // A `]` right after `[` (or `[!`) does not start the class's content: doublestar calls it an empty class.
  if (p[i] === ']') return 'empty class';
  for (; i < p.length; i++) {
    if (p[i] === '\\') i++;
    else if (p[i] === ']') return i;
  }
  return 'unclosed class';
}

/**
 * filepath.Clean on a `/` path, lexically: runs of `/` are one, `.` parts go, a `..` removes the part before it
 * (one at the start stays), a trailing `/` goes; the empty result is `.`.
 */
export function cleanSlashPath(p: string): string {
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part !== '..' || !rooted) out.push(part);
  }
  const joined = out.join('/');
  return rooted ? `/${joined}` : joined === '' ? '.' : joined;
}

export interface RunnerRefusal {
  /** `all`: refused on every runner; `linux`: only where `\` is an escape (a Windows runner reads it as `/`). */
  where: 'all' | 'linux';
  reason: Refusal;
}

/**
 * Whether doublestar refuses an artifacts:paths entry as the runner cleans it (Glob's ValidatePattern), or, with
 * `asMatch`, an artifacts:exclude entry (Match, which reads a `}` closing nothing as text). A Linux runner keeps `\`
 * (an escape for doublestar); a Windows runner's filepath.ToSlash makes it a separator first. Which runner takes
 * the job is not known here, so both readings are asked. An entry with a `$` is never called refused: the runner
 * expands its variables first.
 */
export function runnerRefusal(entry: string, asMatch = false): RunnerRefusal | undefined {
  // The runner expands variables in the entry first: with one, what doublestar gets is not known here.
  if (entry.includes('$')) return undefined;
  const linux = refusedPattern(cleanSlashPath(entry), asMatch);
  if (linux === undefined) return undefined;
  const windows = refusedPattern(cleanSlashPath(entry.replace(/\\/g, '/')), asMatch);
  return { where: windows === undefined ? 'linux' : 'all', reason: linux };
}

/**
 * How many patterns the glob's `{a,b}` groups expand to (expandBraces below), computed on the structure
 * without building them: a sequence multiplies its groups, a group adds its alternatives; a `{` that never closes
 * is plain text and ends the expansion there. Capped at `cap + 1`, so the count stays cheap.
 */
export function alternativeCount(glob: string, cap: number): number {
  const limit = cap + 1;
  const sequence = (from: number, to: number, depth: number): number => {
    let count = 1;
    for (let i = from; i < to; i++) {
      if (glob[i] === '\\') {
        i++;
        continue;
      }
      if (glob[i] !== '{') continue;
      const group = braceGroupAt(glob, i, to);
      if (!group) return count;
      // Nesting deeper than any real pattern: counted as too many rather than recursed into without end.
      if (depth >= 64) return limit;
      let alternatives = 0;
      for (const [a, b] of group.alternatives) alternatives = Math.min(alternatives + sequence(a, b, depth + 1), limit);
      count = Math.min(count * alternatives, limit);
      i = group.close;
    }
    return count;
  };
  return sequence(0, glob.length, 0);
}

/**
 * The `{` group opened at `open`: where it closes and each alternative's range, or undefined when it never closes
 * before `to`. As doublestar finds them: the closing `}` by nesting depth alone (match.go indexMatchedClosingAlt),
 * the separating `,` at depth 1 outside a `[...]` class (utils.go indexNextAlt), `\` escaping the next character.
 */
export function braceGroupAt(
  s: string,
  open: number,
  to = s.length,
): { close: number; alternatives: [number, number][] } | undefined {
  let depth = 0;
  let close = -1;
  for (let j = open; j < to && close < 0; j++) {
    const c = s[j];
    if (c === '\\') j++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) close = j;
  }
  if (close < 0) return undefined;
  const alternatives: [number, number][] = [];
  let last = open + 1;
  depth = 1;
  for (let j = open + 1; j < close; j++) {
    const c = s[j];
    if (c === '\\') j++;
    else if (c === '[') {
      for (j++; j < close && s[j] !== ']'; j++) if (s[j] === '\\') j++;
    } else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 1) {
      alternatives.push([last, j]);
      last = j + 1;
    }
  }
  alternatives.push([last, close]);
  return { close, alternatives };
}

/** Every alternative of the glob's `{a,b}` groups, in doublestar's order; refused past `max` (sized first). */
export function expandBraces(glob: string, max: number): string[] {
  if (alternativeCount(glob, max) > max) {
    throw new RangeError(`${glob}: more than ${max} brace alternatives (size it first with alternativeCount)`);
  }
  return expand(glob);
}

/**
 * Built on the structure (each group's alternatives appended to every pattern so far), so many groups cost no
 * rescans of the whole glob and no deep recursion; only nesting recurses (at most 64 levels, alternativeCount).
 * A `{` that never closes ends the expansion: the rest stays as written, a pattern refusedPattern then refuses.
 */
function expand(glob: string): string[] {
  const sequence = (from: number, to: number): string[] => {
    let patterns = [''];
    let literal = from;
    for (let i = from; i < to; i++) {
      if (glob[i] === '\\') {
        i++;
        continue;
      }
      if (glob[i] !== '{') continue;
      const group = braceGroupAt(glob, i, to);
      if (!group) break;
      const head = glob.slice(literal, i);
      const alternatives = group.alternatives.flatMap(([a, b]) => sequence(a, b));
      patterns = patterns.flatMap((p) => alternatives.map((alt) => p + head + alt));
      i = group.close;
      literal = i + 1;
    }
    const tail = glob.slice(literal, to);
    return patterns.map((p) => p + tail);
  };
  return sequence(0, glob.length);
}
