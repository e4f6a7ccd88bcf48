// `include:local` wildcards as GitLab's repository search applies them (spec R3.1): `**` matches across
// folders, `*` within one path segment. So `configs/**.yml` is recursive and `configs/**/*.yml` only
// matches inside subfolders. Matches come back sorted by path, the order the repository returns them.
//
// Matched by a hand-written automaton walk, not a RegExp: a pattern with many `**` groups compiles to
// nested `.*` that a backtracking engine explores for minutes. Here every path character advances a set
// of pattern positions once, so one match costs at most O(pattern × path).

type Token = { kind: 'char'; ch: string } | { kind: 'star' } | { kind: 'globstar' };

function tokenize(pattern: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch !== '*') {
      out.push({ kind: 'char', ch });
      continue;
    }
    let j = i;
    while (pattern[j] === '*') j++;
    // `***` is `**` followed by `*`: the recursive part already covers what the extra star adds.
    out.push(j - i >= 2 ? { kind: 'globstar' } : { kind: 'star' });
    i = j - 1;
  }
  // Adjacent stars of the same kind match the same language as one: collapse them to keep the set small.
  return out.filter((t, k) => !(t.kind !== 'char' && out[k - 1]?.kind === t.kind));
}

export type WildcardMatcher = (path: string) => boolean;

export function wildcardMatcher(pattern: string): WildcardMatcher {
  const tokens = tokenize(pattern);
  const n = tokens.length;
  // Positions reachable without consuming a character: a star may match the empty string.
  const close = (set: Uint8Array): void => {
    for (let k = 0; k < n; k++) if (set[k] && tokens[k]?.kind !== 'char') set[k + 1] = 1;
  };
  return (path) => {
    let current = new Uint8Array(n + 1);
    let next = new Uint8Array(n + 1);
    current[0] = 1;
    close(current);
    for (let i = 0; i < path.length; i++) {
      const c = path[i];
      next.fill(0);
      let any = false;
      for (let k = 0; k < n; k++) {
        if (!current[k]) continue;
        const t = tokens[k]!;
        if (t.kind === 'char') {
          if (t.ch === c) {
            next[k + 1] = 1;
            any = true;
          }
        } else if (t.kind === 'globstar' || c !== '/') {
          next[k] = 1; // the star takes this character and may take more
          any = true;
        }
      }
      if (!any) return false;
      close(next);
      [current, next] = [next, current];
    }
    return current[n] === 1;
  };
}

export function matchLocalWildcard(pattern: string, files: readonly string[]): string[] {
  const matches = wildcardMatcher(pattern.replace(/^\/+/, ''));
  return files.filter((f) => matches(f)).sort();
}
