// `include:local` wildcards as GitLab's repository search applies them (spec R3.1): `**` matches across
// folders, `*` within one path segment. So `configs/**.yml` is recursive and `configs/**/*.yml` only
// matches inside subfolders. Matches come back sorted by path, the order the repository returns them.
export function wildcardRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '*') {
      if (pattern[i + 1] === '*') { re += '.*'; i++; } else re += '[^/]*';
    } else re += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function matchLocalWildcard(pattern: string, files: readonly string[]): string[] {
  const re = wildcardRegExp(pattern.replace(/^\/+/, ''));
  return files.filter((f) => re.test(f)).sort();
}
