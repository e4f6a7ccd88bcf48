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

/**
 * The number of patterns `expandBraces` returns, computed on the brace structure (a sequence multiplies its
 * groups, a group adds its alternatives) and capped at `cap + 1`, so the count itself stays cheap.
 */
export function braceExpansionSize(glob: string, cap = MAX_BRACE_PATTERNS): number {
  const limit = cap + 1;
  // Where each `{` closes, found once with a stack; a `}` with no `{` open is an ordinary character.
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
  // A `{` never closed stays in every pattern expanded before it is reached, and ruby_brace_expand then calls
  // the matcher for none of them.
  if (open.length > 0) return 0;
  // Sequence from i until a top-level `,` or `}` of the enclosing group (or the end): returns [count, next index].
  const sequence = (i: number, end: number, depth: number): [number, number] => {
    let count = 1;
    while (i < end) {
      const c = glob[i];
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (depth > 0 && c === ',') return [count, i];
      const close = c === '{' ? closing.get(i) : undefined;
      if (close !== undefined) {
        // Deeper nesting than any real pattern: count it as too large rather than recurse without end.
        if (depth >= 64) return [limit, end];
        let alternatives = 0;
        let j = i + 1;
        for (;;) {
          const [n, stop] = sequence(j, close, depth + 1);
          alternatives = Math.min(alternatives + n, limit);
          j = stop + 1;
          if (stop >= close) break;
        }
        count = Math.min(count * alternatives, limit);
        i = close + 1;
        continue;
      }
      i++;
    }
    return [count, end];
  };
  return sequence(0, glob.length, 0)[0];
}

export interface FnmatchOptions {
  dotmatch: boolean;
  extglob: boolean;
}

export function expandBraces(glob: string): string[] {
  let open = -1;
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') {
      if (depth === 0) open = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) {
        const alternatives: string[] = [];
        let start = open + 1;
        let d = 0;
        for (let j = open + 1; j < i; j++) {
          const cj = glob[j];
          if (cj === '\\') {
            j++;
            continue;
          }
          if (cj === '{') d++;
          else if (cj === '}') d--;
          else if (cj === ',' && d === 0) {
            alternatives.push(glob.slice(start, j));
            start = j + 1;
          }
        }
        alternatives.push(glob.slice(start, i));
        const head = glob.slice(0, open);
        const tail = glob.slice(i + 1);
        return alternatives.flatMap((alt) => expandBraces(head + alt + tail));
      }
    }
  }
  // A `{` never closed: Ruby matches nothing (ruby_brace_expand found a left brace and no right one).
  return depth > 0 ? [] : [glob];
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
    if (cachedPatterns + patterns.length > MAX_CACHED_PATTERNS) {
      expansions.clear();
      cachedPatterns = 0;
    }
    expansions.set(glob, patterns);
    cachedPatterns += patterns.length;
  }
  return patterns;
}

export function rubyFnmatch(glob: string, path: string, options: FnmatchOptions): boolean {
  const patterns = options.extglob ? cachedExpansion(glob) : [glob];
  if (glob.includes('\0') || path.includes('\0')) return false;
  return patterns.some((pattern) => dirFnmatch(pattern, path, options.dotmatch));
}
