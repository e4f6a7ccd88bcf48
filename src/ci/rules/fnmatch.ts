// Ruby `File.fnmatch?(glob, path, File::FNM_PATHNAME | File::FNM_DOTMATCH | File::FNM_EXTGLOB)`, the call GitLab's
// `rules:changes`, `rules:exists` and only/except `changes` make (spec R8.3): a port of Ruby's dir.c, no glob library.
//
// - FNM_EXTGLOB in Ruby means only `{a,b}` braces (nested allowed, no `{1..3}` ranges, no `+(…)`/`@(…)`/`!(…)`
//   groups: `( ) | + @ !` are ordinary characters). They are expanded first, as ruby_brace_expand does: the first
//   `{` and the `}` that closes it, each alternative put in their place, then again on each result. A `{` that
//   is never closed makes the glob match nothing (Ruby calls the matcher for no pattern then); a `}` before any
//   `{` is an ordinary character.
// - Each brace-free pattern is matched by dirFnmatch (dir.c's fnmatch, fnmatch_helper and bracket, FNM_PATHNAME).
// - A NUL in the glob or the path makes Ruby raise ArgumentError; GitLab paths and YAML globs never hold one, and
//   it answers false here.
//
// Brace expansion multiplies: `{a,b}` twenty times is 2^20 patterns. Its size is counted first, without
// expanding (braceExpansionSize); callers treat a glob over MAX_BRACE_PATTERNS as undecidable ('unknown'),
// and rubyFnmatch refuses to expand one.
//
// Exports:
//   MAX_BRACE_PATTERNS                 the most patterns one glob may expand to here (our limit, not Ruby's)
//   braceExpansionSize(glob, cap?)     how many patterns expandBraces would produce, counted up to cap + 1
//   expandBraces(glob)                 Ruby-style `{a,b}` expansion (none when a `{` is never closed)
//   rubyFnmatch(glob, path, options)   true when path matches glob
import { dirFnmatch } from './dirFnmatch';

export const MAX_BRACE_PATTERNS = 1024;

export interface FnmatchOptions {
  dotmatch: boolean;
  extglob: boolean;
}

/**
 * Where each `{` closes, found once with a stack (a `\` makes the next character literal, a `}` with no `{` open
 * is an ordinary character); null when a `{` never closes. That `{` stays in every pattern expanded before it
 * is reached, and ruby_brace_expand then calls the matcher for none of them: the glob matches nothing.
 */
function braceGroups(glob: string): Map<number, number> | null {
  const closing = new Map<number, number>();
  const open: number[] = [];
  for (let j = 0; j < glob.length; j++) {
    const c = glob[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === '{') open.push(j);
    else if (c === '}' && open.length > 0) closing.set(open.pop()!, j);
  }
  return open.length > 0 ? null : closing;
}

/** The [start, end) ranges of the alternatives of the group opened at `open`: its commas outside inner groups. */
function alternativeRanges(glob: string, closing: Map<number, number>, open: number): [number, number][] {
  const close = closing.get(open)!;
  const ranges: [number, number][] = [];
  let start = open + 1;
  for (let j = start; j < close; j++) {
    const c = glob[j];
    if (c === '\\') j++;
    else if (c === '{') j = closing.get(j)!;
    else if (c === ',') {
      ranges.push([start, j]);
      start = j + 1;
    }
  }
  ranges.push([start, close]);
  return ranges;
}

/**
 * The number of patterns `expandBraces` returns, computed on the brace structure (a sequence multiplies its
 * groups, a group adds its alternatives) and capped at `cap + 1`, so the count itself stays cheap.
 */
export function braceExpansionSize(glob: string, cap = MAX_BRACE_PATTERNS): number {
  const limit = cap + 1;
  const closing = braceGroups(glob);
  if (closing === null) return 0;
  const sequence = (from: number, to: number, depth: number): number => {
    let count = 1;
    for (let i = from; i < to; i++) {
      if (glob[i] === '\\') i++;
      else if (glob[i] === '{') {
        // Deeper nesting than any real pattern: count it as too large rather than recurse without end.
        if (depth >= 64) return limit;
        let alternatives = 0;
        for (const [a, b] of alternativeRanges(glob, closing, i)) {
          alternatives = Math.min(alternatives + sequence(a, b, depth + 1), limit);
        }
        count = Math.min(count * alternatives, limit);
        i = closing.get(i)!;
      }
    }
    return count;
  };
  return sequence(0, glob.length, 0);
}

/**
 * Ruby-style `{a,b}` expansion, in ruby_brace_expand's order; none when a `{` never closes. Built on the
 * structure (each group's alternatives appended to every pattern so far), so a glob of many groups costs no
 * rescans and no deep recursion; only nesting recurses, and callers size the glob first (braceExpansionSize).
 */
export function expandBraces(glob: string): string[] {
  const closing = braceGroups(glob);
  if (closing === null) return [];
  const sequence = (from: number, to: number): string[] => {
    let patterns = [''];
    let literal = from;
    for (let i = from; i < to; i++) {
      if (glob[i] === '\\') i++;
      else if (glob[i] === '{') {
        const head = glob.slice(literal, i);
        const alternatives = alternativeRanges(glob, closing, i).flatMap(([a, b]) => sequence(a, b));
        patterns = patterns.flatMap((p) => alternatives.map((alt) => p + head + alt));
        i = closing.get(i)!;
        literal = i + 1;
      }
    }
    const tail = glob.slice(literal, to);
    return patterns.map((p) => p + tail);
  };
  return sequence(0, glob.length);
}

const expansions = new Map<string, readonly string[]>();
let cachedPatterns = 0;
// The expansions kept between calls (a glob is matched against every changed or existing file): bounded by the
// patterns they hold, so a run of large globs cannot grow the cache past this.
const MAX_CACHED_PATTERNS = 50_000;

function cachedExpansion(glob: string): readonly string[] {
  let patterns = expansions.get(glob);
  if (patterns === undefined) {
    if (braceExpansionSize(glob) > MAX_BRACE_PATTERNS) {
      // Callers check first (the clause is then unknown); expanding here would exhaust memory.
      throw new RangeError(`glob expands to more than ${MAX_BRACE_PATTERNS} patterns`);
    }
    patterns = expandBraces(glob);
    // An entry counts at least one pattern, so globs that expand to none still fill the cache towards its bound.
    const weight = Math.max(1, patterns.length);
    if (cachedPatterns + weight > MAX_CACHED_PATTERNS) {
      expansions.clear();
      cachedPatterns = 0;
    }
    expansions.set(glob, patterns);
    cachedPatterns += weight;
  }
  return patterns;
}

export function rubyFnmatch(glob: string, path: string, options: FnmatchOptions): boolean {
  if (glob.includes('\0') || path.includes('\0')) return false;
  const patterns = options.extglob ? cachedExpansion(glob) : [glob];
  return patterns.some((pattern) => dirFnmatch(pattern, path, options.dotmatch));
}
