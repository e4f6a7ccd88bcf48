// Pure path checks for zip entries: which names and symlink targets stay inside the target folder.

export type NameCheck = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

/** Printable form of an entry name for reports and logs. */
export function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * Validates an entry name and returns its normalised relative POSIX path. Refuses absolute paths,
 * drive letters and UNC paths, `..` segments, NUL bytes and empty names. Backslashes count as separators.
 */
export function checkEntryName(raw: string): NameCheck {
  if (raw.includes('\u0000')) return { ok: false, reason: 'name contains a NUL byte' };
  const name = raw.replace(/\\/g, '/');
  if (name.startsWith('/')) return { ok: false, reason: 'absolute path' };
  if (/^[A-Za-z]:/.test(name)) return { ok: false, reason: 'absolute path with a drive letter' };
  const segs = name.split('/');
  if (segs.includes('..')) return { ok: false, reason: 'path escapes the target folder (..)' };
  const kept = segs.filter((s) => s !== '' && s !== '.');
  if (kept.length === 0) return { ok: false, reason: 'empty name' };
  return { ok: true, path: kept.join('/') };
}

/**
 * Checks a symlink stored at `linkPath` (normalised, relative) pointing at `target`. The target must be
 * relative, resolve inside the folder from the link's own directory, and not walk through another
 * symlink of the archive (which could re-point `..`).
 */
export function checkSymlinkTarget(linkPath: string, target: string, symlinkPaths: ReadonlySet<string>): NameCheck {
  if (target === '') return { ok: false, reason: 'symlink with an empty target' };
  if (target.includes('\u0000')) return { ok: false, reason: 'symlink target contains a NUL byte' };
  const t = target.replace(/\\/g, '/');
  if (t.startsWith('/') || /^[A-Za-z]:/.test(t)) return { ok: false, reason: `symlink to an absolute path (${printable(target)})` };
  const stack = linkPath.split('/').slice(0, -1);
  const segs = t.split('/').filter((s) => s !== '' && s !== '.');
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i] as string;
    if (s === '..') {
      if (stack.length === 0) return { ok: false, reason: `symlink pointing outside the target folder (${printable(target)})` };
      stack.pop();
    } else {
      stack.push(s);
      if (i < segs.length - 1 && symlinkPaths.has(stack.join('/'))) {
        return { ok: false, reason: `symlink target passes through another symlink (${printable(target)})` };
      }
    }
  }
  return { ok: true, path: stack.join('/') };
}

/** The first proper prefix of `path` that is a symlink entry, if any (writing there would follow the link). */
export function symlinkPrefix(path: string, symlinkPaths: ReadonlySet<string>): string | undefined {
  if (symlinkPaths.size === 0) return undefined;
  const segs = path.split('/');
  for (let i = 1; i < segs.length; i++) {
    const prefix = segs.slice(0, i).join('/');
    if (symlinkPaths.has(prefix)) return prefix;
  }
  return undefined;
}

/** Unix file type bits from a zip entry's external attributes. */
export function unixMode(externalFileAttributes: number): number {
  return (externalFileAttributes >>> 16) & 0xffff;
}

export function isSymlinkMode(mode: number): boolean {
  return (mode & 0o170000) === 0o120000;
}
