// Pass 1 of the extraction: reads only the central directory (and symlink targets) and refuses the whole
// archive if any entry is unsafe or a limit is exceeded, before anything is written.
import type * as yauzl from 'yauzl';
import { MARKER_FILE } from './downloadTarget';
import { formatBytes } from '../formatBytes';
import { ArtifactError, type RefusedEntry } from './errors';
import { throwIfAborted } from './extractErrors';
import { entries, entryName, openZip, readSmall } from './zipRead';
import {
  checkEntryName,
  checkSymlinkTarget,
  foldName,
  isSymlinkMode,
  printable,
  SymlinkSet,
  symlinkPrefix,
  unixMode,
} from './zipSafety';

export interface ExtractLimits {
  /** Total uncompressed bytes (default 4 GiB). */
  readonly maxTotalBytes?: number;
  /** Number of entries (default 100,000). */
  readonly maxEntries?: number;
}

export const DEFAULT_LIMITS = { maxTotalBytes: 4 * 1024 ** 3, maxEntries: 100_000 } as const;

/** One entry to create in pass 2, at its checked relative path. */
export interface Planned {
  readonly kind: 'file' | 'dir' | 'symlink';
  readonly path: string;
  readonly linkTarget?: string;
}

interface Link {
  readonly path: string;
  readonly target: string;
  /** The raw entry name, for the refusal list. */
  readonly name: string;
}

const MARKER_KEY = foldName(MARKER_FILE);

/** Directory entries end with a slash; some Windows zippers write a backslash. */
export function isDirectoryName(name: string): boolean {
  return name.endsWith('/') || name.endsWith('\\');
}

/** Validates names, types, limits and symlink targets without writing anything; returns what pass 2 creates. */
export async function planExtraction(
  file: string,
  limits: Required<ExtractLimits>,
  signal: AbortSignal | undefined,
): Promise<Planned[]> {
  const zip = await openZip(file);
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new ArtifactError(
        'limits',
        `The archive has ${zip.entryCount} entries, more than the limit of ${limits.maxEntries}.`,
        `entryCount=${zip.entryCount} maxEntries=${limits.maxEntries}`,
        [{ name: '*', reason: `${zip.entryCount} entries > ${limits.maxEntries}` }],
      );
    }
    const refused: RefusedEntry[] = [];
    const planned: Planned[] = [];
    const links: Link[] = [];
    let declared = 0;
    for await (const e of entries(zip)) {
      throwIfAborted(signal);
      const name = entryName(e);
      const check = checkEntryName(name);
      if (!check.ok) {
        refused.push({ name: printable(name), reason: check.reason });
        continue;
      }
      const reason = entryRefusal(e, check.path);
      if (reason !== undefined) {
        refused.push({ name: printable(name), reason });
        continue;
      }
      declared += e.uncompressedSize;
      if (isSymlinkMode(unixMode(e.externalFileAttributes))) {
        links.push({ path: check.path, target: await readSmall(zip, e, 4096), name });
      } else planned.push({ kind: isDirectoryName(name) ? 'dir' : 'file', path: check.path });
    }
    refused.push(...linkRefusals(planned, links));
    if (refused.length > 0) {
      throw new ArtifactError(
        'refused',
        `Refused an unsafe archive: ${refused.length} entr${refused.length === 1 ? 'y' : 'ies'} would escape the target folder or cannot be extracted safely. Nothing was written.`,
        'unsafe entries:',
        refused,
      );
    }
    // Sizes are declared by the archive and may lie: pass 2 counts the bytes it actually writes too.
    if (declared > limits.maxTotalBytes) {
      throw new ArtifactError(
        'limits',
        `The archive would unpack to ${formatBytes(declared)}, more than the limit of ${formatBytes(limits.maxTotalBytes)}. Nothing was written.`,
        `declared uncompressed total ${declared} > ${limits.maxTotalBytes}`,
        [{ name: '*', reason: `${declared} bytes > ${limits.maxTotalBytes}` }],
      );
    }
    // Symlinks last: no file is ever written through one.
    return [...planned, ...links.map((l): Planned => ({ kind: 'symlink', path: l.path, linkTarget: l.target }))];
  } finally {
    zip.close();
  }
}

/** Why one entry with a safe name still cannot be extracted, or undefined. */
function entryRefusal(e: yauzl.Entry, relPath: string): string | undefined {
  if (foldName(relPath) === MARKER_KEY) {
    // Our marker lives there; extracting it would overwrite ours or be lost. Refused, never dropped silently.
    return `the archive has its own ${MARKER_FILE} at its root, the name of the download marker; read it with Open Artifact File / --file instead`;
  }
  if ((e.generalPurposeBitFlag & 0x1) !== 0) return 'encrypted entry';
  if (e.compressionMethod !== 0 && e.compressionMethod !== 8) {
    return `unsupported compression method ${e.compressionMethod}`;
  }
  return undefined;
}

/** Symlinks that point outside, paths that go through a symlink, and case twins of a symlink. */
function linkRefusals(planned: readonly Planned[], links: readonly Link[]): RefusedEntry[] {
  const refused: RefusedEntry[] = [];
  // Keyed by folded name: on a case-insensitive file system `A` and `a` are the same link.
  const linkSet = new SymlinkSet(links.map((l) => l.path));
  for (const l of links) {
    const t = checkSymlinkTarget(l.path, l.target, linkSet);
    if (!t.ok) refused.push({ name: printable(l.name), reason: t.reason });
  }
  const seen = new Map<string, string>();
  for (const p of [...planned, ...links.map((l) => ({ path: l.path }))]) {
    const via = symlinkPrefix(p.path, linkSet);
    if (via !== undefined) {
      refused.push({ name: printable(p.path), reason: `path goes through the symlink ${printable(via)}` });
    }
    const key = foldName(p.path);
    const twin = seen.get(key);
    if (twin !== undefined && twin !== p.path && linkSet.get(p.path) !== undefined) {
      refused.push({
        name: printable(p.path),
        reason: `same name as ${printable(twin)} on a case-insensitive file system, and one of them is a symlink`,
      });
    }
    if (twin === undefined) seen.set(key, p.path);
  }
  return refused;
}
