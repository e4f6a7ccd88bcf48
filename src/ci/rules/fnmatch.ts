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
// Exports:
//   expandBraces(glob)                 Ruby-style `{a,b}` expansion
//   rubyFnmatch(glob, path, options)   true when path matches glob
import picomatch from 'picomatch/posix';

export interface FnmatchOptions {
  dotmatch: boolean;
  extglob: boolean;
}

export function expandBraces(glob: string): string[] {
  let open = -1;
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') { i++; continue; }
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
          if (cj === '\\') { j++; continue; }
          if (cj === '{') d++;
          else if (cj === '}') d--;
          else if (cj === ',' && d === 0) { alternatives.push(glob.slice(start, j)); start = j + 1; }
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
    if (c === '\\') { out += c + (glob[i + 1] ?? ''); i++; continue; }
    if (inClass) { if (c === ']') inClass = false; out += c; continue; }
    if (c === '[' && glob.indexOf(']', i + 2) > 0) { inClass = true; out += c; continue; }
    if (c === '*' && glob[i + 1] === '*') {
      let j = i;
      while (glob[j] === '*') j++;
      const segmentStart = i === 0 || glob[i - 1] === '/';
      if (segmentStart && glob[j] === '/') { out += '**'; } else { out += '*'; }
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
    const globs = options.extglob ? expandBraces(glob) : [glob];
    const matchers = globs.map((g) => picomatch(toPicomatch(g), {
      dot: options.dotmatch, nobrace: true, noextglob: true, nonegate: true, strictSlashes: true,
    }));
    matcher = (p) => matchers.some((m) => m(p));
    if (cache.size > 5000) cache.clear();
    cache.set(key, matcher);
  }
  return matcher(path);
}
