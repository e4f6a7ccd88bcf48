// Ruby `File.fnmatch?` with FNM_PATHNAME (| FNM_DOTMATCH | FNM_EXTGLOB), built on picomatch (spec R8.3).
//
// Differences from picomatch defaults that we bridge:
// - FNM_EXTGLOB in Ruby means only `{a,b}` braces (nested allowed, no `{1..3}` ranges): we expand them
//   ourselves, Ruby style, and give picomatch brace-free patterns.
// - `**/` is recursive only as a whole segment followed by `/`; any other `**` is a plain `*`
//   (so `docs/**` matches `docs/a` but not `docs/a/b`, unlike picomatch).
// - `( ) | + @ !` are literal in Ruby; picomatch would read regex groups, extglobs and negation.
// - FNM_DOTMATCH → picomatch `dot`.
// We import the POSIX build so behaviour does not depend on the host OS (and works in a browser).
//
// Brace expansion multiplies: `{a,b}` twenty times is 2^20 patterns. Its size is counted first, without
// expanding (braceExpansionSize); callers treat a glob over MAX_BRACE_PATTERNS as undecidable ('unknown'),
// and rubyFnmatch refuses to expand one.
//
// Exports:
//   MAX_BRACE_PATTERNS                 the most patterns one glob may expand to here (our limit, not Ruby's)
//   braceExpansionSize(glob, cap?)     how many patterns expandBraces would produce, counted up to cap + 1
//   expandBraces(glob)                 Ruby-style `{a,b}` expansion
//   rubyFnmatch(glob, path, options)   true when path matches glob
import picomatch from 'picomatch/posix';

export const MAX_BRACE_PATTERNS = 1024;

/**
 * The number of patterns `expandBraces` returns, computed on the brace structure (a sequence multiplies its
 * groups, a group adds its alternatives) and capped at `cap + 1`, so the count itself stays cheap.
 */
export function braceExpansionSize(glob: string, cap = MAX_BRACE_PATTERNS): number {
  const limit = cap + 1;
  // Where each `{` closes, found once with a stack; a `{` without its `}` is a literal, as in expandBraces.
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
  return [glob];
}

function toPicomatch(glob: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '\\') {
      out += c + (glob[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[' && glob.indexOf(']', i + 2) > 0) {
      inClass = true;
      out += c;
      continue;
    }
    if (c === '*' && glob[i + 1] === '*') {
      let j = i;
      while (glob[j] === '*') j++;
      const segmentStart = i === 0 || glob[i - 1] === '/';
      if (segmentStart && glob[j] === '/') {
        out += '**';
      } else {
        out += '*';
      }
      i = j - 1;
      continue;
    }
    out += '()|+@!{},'.includes(c) ? `\\${c}` : c;
  }
  return out;
}

type Matcher = (path: string) => boolean;
const cache = new Map<string, Matcher>();

export function rubyFnmatch(glob: string, path: string, options: FnmatchOptions): boolean {
  const key = `${options.dotmatch ? 'd' : '-'}${options.extglob ? 'e' : '-'}${glob}`;
  let matcher = cache.get(key);
  if (!matcher) {
    if (options.extglob && braceExpansionSize(glob) > MAX_BRACE_PATTERNS) {
      // Callers check first (the clause is then unknown); expanding here would exhaust memory.
      throw new RangeError(`glob expands to more than ${MAX_BRACE_PATTERNS} patterns`);
    }
    const globs = options.extglob ? expandBraces(glob) : [glob];
    const matchers = globs.map((g) =>
      picomatch(toPicomatch(g), {
        dot: options.dotmatch,
        nobrace: true,
        noextglob: true,
        nonegate: true,
        strictSlashes: true,
      }),
    );
    matcher = (p) => matchers.some((m) => m(p));
    if (cache.size > 5000) cache.clear();
    cache.set(key, matcher);
  }
  return matcher(path);
}
