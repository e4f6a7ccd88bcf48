// Pure path checks for zip entries: which names and symlink targets stay inside the target folder.

export type NameCheck = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

/** Printable form of an entry name for reports and logs. */
export function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * A name as case-insensitive file systems compare it (NTFS, APFS/HFS+ by default): case folded and Unicode
 * normalised, so `A/x`, `a/x` and the NFD spelling of `ä/x` are one path.
 */
export function foldName(p: string): string {
  return p.normalize('NFC').toUpperCase().toLowerCase().normalize('NFC');
}

/** Windows device names: a file called `CON`, `nul.txt` or `COM1.log` opens the device, not a file. */
const RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])(\..*)?$/i;

/** Why a path segment cannot be created as is on Windows or macOS, or undefined when it can. */
function unsafeSegment(seg: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(seg)) return 'name contains a control character';
  if (seg.includes(':')) return 'name contains ":" (an NTFS alternate data stream or a drive)';
  if (/[<>"|?*]/.test(seg)) return 'name contains a character Windows does not allow (<>"|?*)';
  if (/[. ]$/.test(seg)) return "name ends with a dot or a space (Windows drops them: another file's name)";
  if (RESERVED.test(seg.replace(/ +(?=\.|$)/, ''))) return `name is a Windows device name (${seg})`;
  return undefined;
}

/**
 * Validates an entry name and returns its normalised relative POSIX path. Refuses absolute paths,
 * drive letters and UNC paths, `..` segments, NUL bytes and empty names, and names that are unsafe on
 * Windows or macOS (device names, `:` streams, trailing dots or spaces, `<>"|?*`, control characters).
 * Backslashes count as separators.
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
  for (const seg of kept) {
    const why = unsafeSegment(seg);
    if (why !== undefined) return { ok: false, reason: why };
  }
  return { ok: true, path: kept.join('/') };
}

/** The symlink entries of an archive, keyed the way case-insensitive file systems compare paths. */
export class SymlinkSet {
  private readonly keys = new Map<string, string>();
  constructor(paths: Iterable<string>) {
    for (const p of paths) this.keys.set(foldName(p), p);
  }
  get size(): number {
    return this.keys.size;
  }
  /** The symlink entry that `p` names (in any case or normalisation), if any. */
  get(p: string): string | undefined {
    return this.keys.get(foldName(p));
  }
}

/**
 * Checks a symlink stored at `linkPath` (normalised, relative) pointing at `target`. The target must be
 * relative, resolve inside the folder from the link's own directory, and not walk through another
 * symlink of the archive (which could re-point `..`), in any case or normalisation.
 */
export function checkSymlinkTarget(
  linkPath: string,
  target: string,
  symlinks: SymlinkSet | ReadonlySet<string>,
): NameCheck {
  const links = symlinks instanceof SymlinkSet ? symlinks : new SymlinkSet(symlinks);
  if (target === '') return { ok: false, reason: 'symlink with an empty target' };
  if (target.includes('\u0000')) return { ok: false, reason: 'symlink target contains a NUL byte' };
  const t = target.replace(/\\/g, '/');
  if (t.startsWith('/') || /^[A-Za-z]:/.test(t)) {
    return { ok: false, reason: `symlink to an absolute path (${printable(target)})` };
  }
  const stack = linkPath.split('/').slice(0, -1);
  const segs = t.split('/').filter((s) => s !== '' && s !== '.');
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i] as string;
    if (s === '..') {
      if (stack.length === 0) {
        return { ok: false, reason: `symlink pointing outside the target folder (${printable(target)})` };
      }
      stack.pop();
    } else {
      stack.push(s);
      if (i < segs.length - 1 && links.get(stack.join('/')) !== undefined) {
        return { ok: false, reason: `symlink target passes through another symlink (${printable(target)})` };
      }
    }
  }
  return { ok: true, path: stack.join('/') };
}

/**
 * The symlink entry that a proper prefix of `path` names, in any case or normalisation, if any (writing
 * there would follow the link on some file system).
 */
export function symlinkPrefix(path: string, symlinks: SymlinkSet | ReadonlySet<string>): string | undefined {
  const links = symlinks instanceof SymlinkSet ? symlinks : new SymlinkSet(symlinks);
  if (links.size === 0) return undefined;
  const segs = path.split('/');
  for (let i = 1; i < segs.length; i++) {
    const hit = links.get(segs.slice(0, i).join('/'));
    if (hit !== undefined) return hit;
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
