// Ruby's `File.fnmatch?` for one brace-free pattern with FNM_PATHNAME (and FNM_DOTMATCH when asked): a port of
// the three functions of Ruby's dir.c that do the matching, `fnmatch` (segments and `**/`), `fnmatch_helper`
// (one segment: `*`, `?`, classes, escapes) and `bracket` (one `[...]` class). Ruby works on the bytes of
// UTF-8 strings, and so does this port: a class range compares code points, and a character equal to either
// end matches even when the range is reversed (`[é-z]` matches `é`).
//
// What follows from dir.c, and what GitLab's `changes`/`exists` answers depend on:
// - `*`, `?` and a class never match `/`; a class with no `]` after it matches nothing; a `]` right after `[`,
//   `[!` or `[^` ends the class (`[]a]` matches nothing, `[!]` any one character); `!` and `^` negate.
// - `**/` is recursive only where a segment starts; any other `**` is a `*`.
// - Without FNM_DOTMATCH a leading `.` of a segment is matched only by a literal `.`.
// - A `\` makes the next character literal; a trailing lone `\` matches the end of the path.
// - No shortcuts: `./a` does not match `a`, and a path equal to the pattern's text matches only by these rules.
//
// Bounded work: a segment keeps only its last `*` to resume from (no nested backtracking), so one segment costs
// at most (pattern bytes) x (path bytes) steps; the last `**/` is the only point the segment loop resumes from,
// once per `/` of the path. The whole match is polynomial, O(pattern x path x slashes), never exponential.
//
// Exports:
//   dirFnmatch(pattern, path, dotmatch)   true when the UTF-8 bytes of path match pattern (braces not read)

const SLASH = 0x2f;
const STAR = 0x2a;
const QUESTION = 0x3f;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const BACKSLASH = 0x5c;
const DOT = 0x2e;
const BANG = 0x21;
const CARET = 0x5e;
const DASH = 0x2d;

const utf8 = new TextEncoder();

/** The byte at i, or 0 past the end: dir.c reads C strings, whose end is a NUL. */
function at(bytes: Uint8Array, i: number): number {
  return bytes[i] ?? 0;
}

/** The byte length of the UTF-8 character starting at i (rb_enc_mbclen; TextEncoder output is valid UTF-8). */
function charLength(bytes: Uint8Array, i: number): number {
  const b = at(bytes, i);
  const n = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return Math.min(n, Math.max(1, bytes.length - i));
}

/** The code point of the UTF-8 character starting at i (rb_enc_codepoint). */
function codePoint(bytes: Uint8Array, i: number): number {
  const n = charLength(bytes, i);
  if (n === 1) return at(bytes, i);
  let c = at(bytes, i) & (0xff >> (n + 1));
  for (let k = 1; k < n; k++) c = (c << 6) | (at(bytes, i + k) & 0x3f);
  return c;
}

/** memcmp(a + i, b + j, n) === 0, with dir.c's guard that n bytes remain in b. */
function sameBytes(a: Uint8Array, i: number, b: Uint8Array, j: number, n: number): boolean {
  if (n > b.length - j) return false;
  for (let k = 0; k < n; k++) if (at(a, i + k) !== at(b, j + k)) return false;
  return true;
}

/** The end of a segment: the end of the bytes or, FNM_PATHNAME being set, a `/` (dir.c's ISEND). */
function isEnd(bytes: Uint8Array, i: number): boolean {
  const b = at(bytes, i);
  return b === 0 || b === SLASH;
}

/** dir.c's UNESCAPE: past a `\` to the character it makes literal. */
function unescape(p: Uint8Array, i: number): number {
  return at(p, i) === BACKSLASH ? i + 1 : i;
}

/**
 * One class, `p[from]` being the byte after `[`, against the character at `s[si]` (never the end, never `/`):
 * the index past the class's `]` when it matches, -1 when it does not or has no `]`.
 */
function bracket(p: Uint8Array, from: number, s: Uint8Array, si: number): number {
  let i = from;
  if (i >= p.length) return -1;
  let negated = false;
  if (at(p, i) === BANG || at(p, i) === CARET) {
    negated = true;
    i++;
  }
  let ok = false;
  while (at(p, i) !== CLOSE) {
    const t1 = unescape(p, i);
    if (at(p, t1) === 0) return -1;
    const r1 = charLength(p, t1);
    i = t1 + r1;
    if (i >= p.length) return -1;
    if (at(p, i) === DASH && at(p, i + 1) !== CLOSE) {
      const t2 = unescape(p, i + 1);
      if (at(p, t2) === 0) return -1;
      const r2 = charLength(p, t2);
      i = t2 + r2;
      if (ok) continue;
      if (sameBytes(p, t1, s, si, r1) || sameBytes(p, t2, s, si, r2)) {
        ok = true;
        continue;
      }
      const c = codePoint(s, si);
      if (c < codePoint(p, t1) || c > codePoint(p, t2)) continue;
      ok = true;
    } else if (!ok && sameBytes(p, t1, s, si, r1)) {
      ok = true;
    }
  }
  return ok === negated ? -1 : i + 1;
}

/** Where fnmatch_helper leaves the pattern and the path: their RETURN stores both. */
interface Cursor {
  p: number;
  s: number;
}

/** dir.c's fnmatch_helper: one segment of the pattern from cur.p against one of the path from cur.s. */
function matchSegment(p: Uint8Array, s: Uint8Array, cur: Cursor, dotmatch: boolean): boolean {
  let pi = cur.p;
  let si = cur.s;
  // Where the last `*` resumes after a failure (dir.c's ptmp/stmp): one star, never a stack of them.
  let starP = -1;
  let starS = -1;
  const finish = (matched: boolean): boolean => {
    cur.p = pi;
    cur.s = si;
    return matched;
  };
  if (!dotmatch && at(s, si) === DOT && at(p, unescape(p, pi)) !== DOT) return finish(false);
  for (;;) {
    const c = at(p, pi);
    if (c === STAR) {
      do pi++;
      while (at(p, pi) === STAR);
      if (isEnd(p, unescape(p, pi))) {
        pi = unescape(p, pi);
        return finish(true);
      }
      if (isEnd(s, si)) return finish(false);
      starP = pi;
      starS = si;
      continue;
    }
    if (c === QUESTION || c === OPEN) {
      if (isEnd(s, si)) return finish(false);
      const next = c === QUESTION ? pi + 1 : bracket(p, pi + 1, s, si);
      if (next >= 0) {
        pi = next;
        si += charLength(s, si);
        continue;
      }
    } else {
      pi = unescape(p, pi);
      if (isEnd(s, si)) return finish(isEnd(p, pi));
      const r = charLength(p, pi);
      if (!isEnd(p, pi) && sameBytes(p, pi, s, si, r)) {
        pi += r;
        si += r;
        continue;
      }
    }
    // Failed here: resume after the last `*`, one path character further (that character is never the end:
    // every branch above returns when the path's segment has ended).
    if (starP < 0) return finish(false);
    pi = starP;
    starS += charLength(s, starS);
    si = starS;
  }
}

// dir.c's fnmatch with FNM_PATHNAME: segment by segment, resuming at the last `**/` one path segment deeper.
function matchBytes(p: Uint8Array, s: Uint8Array, dotmatch: boolean): boolean {
  const cur: Cursor = { p: 0, s: 0 };
  let recurseP = -1;
  let recurseS = -1;
  for (;;) {
    if (at(p, cur.p) === STAR && at(p, cur.p + 1) === STAR && at(p, cur.p + 2) === SLASH) {
      do cur.p += 3;
      while (at(p, cur.p) === STAR && at(p, cur.p + 1) === STAR && at(p, cur.p + 2) === SLASH);
      recurseP = cur.p;
      recurseS = cur.s;
    }
    if (matchSegment(p, s, cur, dotmatch)) {
      while (at(s, cur.s) !== 0 && at(s, cur.s) !== SLASH) cur.s += charLength(s, cur.s);
      if (at(p, cur.p) !== 0 && at(s, cur.s) !== 0) {
        cur.p++;
        cur.s++;
        continue;
      }
      if (at(p, cur.p) === 0 && at(s, cur.s) === 0) return true;
    }
    // Failed: let the last `**/` take one more path segment (never a hidden one without FNM_DOTMATCH).
    if (recurseP < 0 || (!dotmatch && at(s, recurseS) === DOT)) return false;
    while (at(s, recurseS) !== 0 && at(s, recurseS) !== SLASH) recurseS += charLength(s, recurseS);
    if (at(s, recurseS) === 0) return false;
    recurseS++;
    cur.p = recurseP;
    cur.s = recurseS;
  }
}

export function dirFnmatch(pattern: string, path: string, dotmatch: boolean): boolean {
  return matchBytes(utf8.encode(pattern), utf8.encode(path), dotmatch);
}
