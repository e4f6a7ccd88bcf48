// Can two `artifacts:paths` entries write the same file? Decided on the runner's glob language (doublestar, as
// gitlab-runner's commands/helpers/file_archiver.go uses it): paths split on `/`; a `**` segment matches any
// number of segments; in a segment `*` matches any characters, `?` one, `[a-z]`/`[!a]` a class, `{a,b}` either,
// `\x` a literal x. The archiver adds a matched directory with everything below it, so an entry `out` (or
// `out/*`) writes `out/...` too. A pattern doublestar refuses (validate.go, see globSyntax.ts) matches nothing:
// Glob returns ErrBadPattern before looking at a file, and Match fails when it reaches the bad part.
//
// Approximation, said here because it decides what is reported: a glob whose last segment mixes literal text
// and wildcards (`*.log`, `app-*`) is taken to match files, not a directory whose contents it would add (a
// folder named `x.log` is rare, and counting it would make `**/*.log` and `**/*.txt` "conflict").
//
// `{a,b}` groups are expanded, sized before they are built (alternativeCount): the caller says how many pairs of
// alternatives (or alternatives, for matchesGlob) it allows, and a glob over that is refused with a RangeError,
// never compared as written.
//
// Exports:
//   globIntersection(a, b, maxPairs)   a concrete path both can write and the intersection's shape, or undefined
//   meetings(a, b, maxPairs)           each pair of alternatives that meets, lazily (the same bound)
//   alternativePairs(a, b, cap)        how many pairs of alternatives globIntersection compares, counted up to cap + 1
//   matchesGlob(glob, path, max)       whether a path is matched (doublestar.Match, for `artifacts:exclude`)

import { alternativeCount, expandBraces, refusedPattern } from './globSyntax';

type Tok =
  { t: 'lit'; c: string } | { t: 'any' } | { t: 'star' } | { t: 'class'; neg: boolean; ranges: [string, string][] };
type Segment = { doublestar: true; text: '**' } | { doublestar: false; text: string; toks: Tok[]; literal: boolean };

/** The pairs of alternatives globIntersection compares when its caller sets no bound (64 × 64). */
export const DEFAULT_ALTERNATIVE_PAIRS = 4096;
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).filter((c) => c !== '/');

/** How many pairs of alternatives globIntersection(a, b) compares, counted up to cap + 1 without building them. */
export function alternativePairs(a: string, b: string, cap: number): number {
  return Math.min(alternativeCount(a, cap) * alternativeCount(b, cap), cap + 1);
}

function tokens(seg: string): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '\\' && i + 1 < seg.length) out.push({ t: 'lit', c: seg[++i]! });
    else if (c === '*') {
      if (out[out.length - 1]?.t !== 'star') out.push({ t: 'star' });
    } else if (c === '?') out.push({ t: 'any' });
    else if (c === '[') {
      const close = seg.indexOf(']', i + 2);
      if (close < 0) {
        out.push({ t: 'lit', c });
        continue;
      }
      let body = seg.slice(i + 1, close);
      const neg = body.startsWith('!') || body.startsWith('^');
      if (neg) body = body.slice(1);
      const ranges: [string, string][] = [];
      for (let k = 0; k < body.length; k++) {
        if (body[k + 1] === '-' && k + 2 < body.length) {
          ranges.push([body[k]!, body[k + 2]!]);
          k += 2;
        } else ranges.push([body[k]!, body[k]!]);
      }
      out.push({ t: 'class', neg, ranges });
      i = close;
    } else out.push({ t: 'lit', c });
  }
  return out;
}

function segments(glob: string): Segment[] {
  const parts = glob.split('/').filter((p, i, all) => p !== '' || i === all.length - 1);
  const out: Segment[] = [];
  for (const p of parts) {
    if (p === '**') {
      if (!out[out.length - 1]?.doublestar) out.push({ doublestar: true, text: '**' });
      continue;
    }
    const toks = tokens(p);
    out.push({ doublestar: false, text: p, toks, literal: toks.every((t) => t.t === 'lit') });
  }
  return out;
}

/** The entry as the archiver writes it: the matched path, and everything below a matched directory. */
function writes(glob: string): Segment[] {
  const segs = segments(glob);
  const last = segs[segs.length - 1];
  const mixed = last && !last.doublestar && !last.literal && last.toks.some((t) => t.t === 'lit');
  return mixed || last?.doublestar ? segs : [...segs, { doublestar: true, text: '**' }];
}

function accepts(t: Tok, c: string): boolean {
  switch (t.t) {
    case 'lit':
      return t.c === c;
    case 'any':
      return true;
    case 'star':
      return true;
    case 'class':
      return t.ranges.some(([lo, hi]) => c >= lo && c <= hi) !== t.neg;
  }
}

/** A character both tokens accept, if any. */
function common(a: Tok, b: Tok): string | undefined {
  if (a.t === 'lit') return accepts(b, a.c) ? a.c : undefined;
  if (b.t === 'lit') return accepts(a, b.c) ? b.c : undefined;
  return PRINTABLE.find((c) => accepts(a, c) && accepts(b, c));
}

/**
 * A non-empty segment text both token lists match, or undefined. Memoized search over (i, j, whether a character was
 * taken yet): a name is never empty, so two stars meet on a character they both accept, not on the empty text.
 */
function segmentIntersection(a: Tok[], b: Tok[]): string | undefined {
  const failed = new Set<number>();
  const go = (i: number, j: number, taken: boolean): string | undefined => {
    if (i === a.length && j === b.length) return taken ? '' : undefined;
    const key = (i * (b.length + 1) + j) * 2 + (taken ? 1 : 0);
    if (failed.has(key)) return undefined;
    const x = a[i];
    const y = b[j];
    let r: string | undefined;
    if (x?.t === 'star' && y?.t === 'star') {
      // Both stars take one character together (once: more adds nothing; `x`, a readable sample), or one ends.
      r = go(i + 1, j, taken) ?? go(i, j + 1, taken) ?? (taken ? undefined : prefix('x', go(i, j, true)));
    } else if (x?.t === 'star') {
      r = go(i + 1, j, taken) ?? (y ? prefix(common(x, y), go(i, j + 1, true)) : undefined);
    } else if (y?.t === 'star') r = go(i, j + 1, taken) ?? (x ? prefix(common(x, y), go(i + 1, j, true)) : undefined);
    else if (x && y) r = prefix(common(x, y), go(i + 1, j + 1, true));
    if (r === undefined) failed.add(key);
    return r;
  };
  return go(0, 0, false);
}

function prefix(c: string | undefined, rest: string | undefined): string | undefined {
  return c === undefined || rest === undefined ? undefined : c + rest;
}

export interface GlobIntersection {
  /** A concrete path both entries write. */
  witness: string;
  /** The shared part in glob form, for display (`out/*.txt`), without the implied `/**` of directories. */
  shape: string;
}

/** A meeting of two alternatives, as conflicts.ts weighs it against excludes. */
export interface SharedPath extends GlobIntersection {
  /** Both entries also write everything below the witness (when it is a directory). */
  below: boolean;
}

function one(a: string, b: string): SharedPath | undefined {
  const p = writes(a);
  const q = writes(b);
  const failed = new Set<number>();
  type Step = { witness: string[]; shape: string[] };
  const go = (i: number, j: number): Step | undefined => {
    if (i === p.length && j === q.length) return { witness: [], shape: [] };
    const key = i * (q.length + 1) + j;
    if (failed.has(key)) return undefined;
    const x = p[i];
    const y = q[j];
    const add = (w: string, s: string, rest: Step | undefined): Step | undefined =>
      rest ? { witness: [w, ...rest.witness], shape: [s, ...rest.shape] } : undefined;
    let r: Step | undefined;
    if (x?.doublestar && y?.doublestar) r = go(i + 1, j) ?? go(i, j + 1);
    else if (x?.doublestar) r = go(i + 1, j) ?? (y ? add(sample(y), y.text, go(i, j + 1)) : undefined);
    else if (y?.doublestar) r = go(i, j + 1) ?? (x ? add(sample(x), x.text, go(i + 1, j)) : undefined);
    else if (x && y) {
      const w = segmentIntersection(x.toks, y.toks);
      r =
        w === undefined
          ? undefined
          : add(
              w,
              x.literal ? x.text : y.literal ? y.text : x.text.length >= y.text.length ? x.text : y.text,
              go(i + 1, j + 1),
            );
    }
    if (r === undefined) failed.add(key);
    return r;
  };
  const r = go(0, 0);
  if (!r) return undefined;
  // Both end in `**` (a directory entry's implied one, or their own): whatever the witness holds, both write it.
  const below = !!p[p.length - 1]?.doublestar && !!q[q.length - 1]?.doublestar;
  // Only the empty path found: both are made of `**` alone, and so write every file (`**` and `**/**`).
  if (r.witness.length === 0) return { witness: 'x', shape: '**', below };
  return { witness: r.witness.join('/'), shape: r.shape.join('/'), below };
}

function sample(s: Segment): string {
  if (s.doublestar) return 'x';
  return segmentIntersection(s.toks, [{ t: 'star' }]) ?? 'x';
}

/**
 * A path both entries write, or undefined when none. An entry doublestar.Glob refuses writes nothing. Throws a
 * RangeError past `maxPairs` pairs of brace alternatives: the caller sizes the comparison first (alternativePairs).
 */
export function globIntersection(
  a: string,
  b: string,
  maxPairs = DEFAULT_ALTERNATIVE_PAIRS,
): GlobIntersection | undefined {
  for (const { witness, shape } of meetings(a, b, maxPairs)) return { witness, shape };
  return undefined;
}

/**
 * Each pair of alternatives of a and b that meets, with its shared path, in doublestar's order; the same bound and
 * RangeError as globIntersection. Lazy: a caller content with the first pays for no more.
 */
export function* meetings(a: string, b: string, maxPairs: number): Generator<SharedPath> {
  if (alternativePairs(a, b, maxPairs) > maxPairs) {
    throw new RangeError(`${a} and ${b}: more than ${maxPairs} pairs of brace alternatives (size them first)`);
  }
  if (refusedPattern(a) || refusedPattern(b)) return;
  // Sized above: each side has at most maxPairs alternatives.
  const ys = expandBraces(b, maxPairs);
  for (const x of expandBraces(a, maxPairs)) {
    for (const y of ys) {
      const r = one(x, y);
      if (r) yield r;
    }
  }
}

/**
 * doublestar.Match of one path (used for `artifacts:exclude`, applied to each path the archiver walks). The
 * alternatives are tried in order, as match.go does, and the first one Match would refuse (a bad class, a trailing
 * `\`, a `{` that never closes) ends it unmatched: Match returns ErrBadPattern when it gets there, and the runner's
 * isExcluded takes an error as "not excluded". Throws a RangeError past `max` alternatives (size it first).
 */
export function matchesGlob(glob: string, path: string, max = DEFAULT_ALTERNATIVE_PAIRS): boolean {
  for (const g of expandBraces(glob, max)) {
    if (refusedPattern(g, true)) return false;
    if (matchesOne(g, path)) return true;
  }
  return false;
}

/** Memoized on (segment, part): several `**` against a deep path cost their product, not their combinations. */
function matchesOne(g: string, path: string): boolean {
  const segs = segments(g);
  const parts = path.split('/');
  const failed = new Set<number>();
  const go = (i: number, j: number): boolean => {
    if (i === segs.length) return j === parts.length;
    const key = i * (parts.length + 1) + j;
    if (failed.has(key)) return false;
    const s = segs[i]!;
    const r = s.doublestar
      ? go(i + 1, j) || (j < parts.length && go(i, j + 1))
      : j < parts.length && segmentIntersection(s.toks, tokens(escape(parts[j]!))) !== undefined && go(i + 1, j + 1);
    if (!r) failed.add(key);
    return r;
  };
  return go(0, 0);
}

function escape(literal: string): string {
  return literal.replace(/[\\*?[\]{}]/g, (c) => `\\${c}`);
}
