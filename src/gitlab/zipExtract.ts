// Safe, atomic, streaming zip extraction with yauzl. Pass 1 reads only the central directory (and
// symlink targets) and refuses the whole archive if any entry is unsafe or a limit is exceeded;
// pass 2 streams each entry to disk into a sibling temp folder that is renamed into place at the end.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { checkDownloadTarget, type DownloadIdentity, MARKER_FILE, markerText, missingAncestors, removeIfEmpty, type TargetGuard } from './downloadTarget';
import { formatBytes } from '../formatBytes';
import { ArtifactError, type RefusedEntry } from './errors';
import { dataStart, entries, entryData, entryName, openZip, readSmall, SMALL_ENTRY, smallEntry } from './zipRead';
import { checkEntryName, checkSymlinkTarget, foldName, isSymlinkMode, printable, SymlinkSet, symlinkPrefix, unixMode } from './zipSafety';

export interface ExtractLimits {
  /** Total uncompressed bytes (default 4 GiB). */
  readonly maxTotalBytes?: number;
  /** Number of entries (default 100,000). */
  readonly maxEntries?: number;
}

export const DEFAULT_LIMITS = { maxTotalBytes: 4 * 1024 ** 3, maxEntries: 100_000 } as const;

/** The file-system calls the extractor writes through (a seam for tests: disk full, read-only). */
export interface WriteFs {
  createWriteStream(file: string, options: { flags: string; mode: number }): NodeJS.WritableStream;
}

export interface ExtractOptions extends ExtractLimits {
  readonly signal?: AbortSignal | undefined;
  readonly fs?: WriteFs;
  /** Called after each entry with the uncompressed bytes written so far. */
  readonly onEntry?: (entriesDone: number, entriesTotal: number, bytes: number) => void;
  /** What the marker file records about the download (instance, project, pipeline, job). */
  readonly identity?: DownloadIdentity;
  /** Folders the target may not be or contain, and words for the refusal message. */
  readonly guard?: TargetGuard;
}

export interface ExtractReport {
  readonly files: number;
  readonly directories: number;
  readonly symlinks: number;
  readonly bytes: number;
  readonly target: string;
}

interface Planned {
  readonly kind: 'file' | 'dir' | 'symlink';
  readonly path: string;
  readonly linkTarget?: string;
}

const MARKER_KEY = foldName(MARKER_FILE);

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ArtifactError('cancelled', 'Cancelled.', 'extraction cancelled');
}

/** Pass 1: validate names, types, limits and symlink targets without writing anything. */
async function plan(file: string, limits: Required<ExtractLimits>, signal: AbortSignal | undefined): Promise<Planned[]> {
  const zip = await openZip(file);
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new ArtifactError('limits', `The archive has ${zip.entryCount} entries, more than the limit of ${limits.maxEntries}.`, `entryCount=${zip.entryCount} maxEntries=${limits.maxEntries}`, [
        { name: '*', reason: `${zip.entryCount} entries > ${limits.maxEntries}` },
      ]);
    }
    const refused: RefusedEntry[] = [];
    const planned: Planned[] = [];
    const links: { path: string; target: string; name: string }[] = [];
    let declared = 0;
    for await (const e of entries(zip)) {
      throwIfAborted(signal);
      const name = entryName(e);
      const check = checkEntryName(name);
      if (!check.ok) {
        refused.push({ name: printable(name), reason: check.reason });
        continue;
      }
      if (foldName(check.path) === MARKER_KEY) {
        // Our marker lives there; extracting it would overwrite ours or be lost. Refused, never dropped silently.
        refused.push({ name: printable(name), reason: `the archive has its own ${MARKER_FILE} at its root, the name of the download marker; read it with Open Artifact File / --file instead` });
        continue;
      }
      const mode = unixMode(e.externalFileAttributes);
      if ((e.generalPurposeBitFlag & 0x1) !== 0) {
        refused.push({ name: printable(name), reason: 'encrypted entry' });
        continue;
      }
      if (e.compressionMethod !== 0 && e.compressionMethod !== 8) {
        refused.push({ name: printable(name), reason: `unsupported compression method ${e.compressionMethod}` });
        continue;
      }
      declared += e.uncompressedSize;
      if (isSymlinkMode(mode)) {
        const target = await readSmall(zip, e, 4096);
        links.push({ path: check.path, target, name });
      } else if (name.endsWith('/') || name.endsWith('\\')) {
        planned.push({ kind: 'dir', path: check.path });
      } else {
        planned.push({ kind: 'file', path: check.path });
      }
    }
    // Keyed by folded name: on a case-insensitive file system `A` and `a` are the same link.
    const linkSet = new SymlinkSet(links.map((l) => l.path));
    for (const l of links) {
      const t = checkSymlinkTarget(l.path, l.target, linkSet);
      if (!t.ok) refused.push({ name: printable(l.name), reason: t.reason });
    }
    const seen = new Map<string, string>();
    for (const p of [...planned, ...links.map((l) => ({ path: l.path }))]) {
      const via = symlinkPrefix(p.path, linkSet);
      if (via !== undefined) refused.push({ name: printable(p.path), reason: `path goes through the symlink ${printable(via)}` });
      const key = foldName(p.path);
      const twin = seen.get(key);
      if (twin !== undefined && twin !== p.path && (linkSet.get(p.path) !== undefined)) {
        refused.push({ name: printable(p.path), reason: `same name as ${printable(twin)} on a case-insensitive file system, and one of them is a symlink` });
      }
      if (twin === undefined) seen.set(key, p.path);
    }
    if (refused.length > 0) {
      throw new ArtifactError(
        'refused',
        `Refused an unsafe archive: ${refused.length} entr${refused.length === 1 ? 'y' : 'ies'} would escape the target folder or cannot be extracted safely. Nothing was written.`,
        'unsafe entries:',
        refused,
      );
    }
    if (declared > limits.maxTotalBytes) {
      throw new ArtifactError('limits', `The archive would unpack to ${formatBytes(declared)}, more than the limit of ${formatBytes(limits.maxTotalBytes)}. Nothing was written.`, `declared uncompressed total ${declared} > ${limits.maxTotalBytes}`, [
        { name: '*', reason: `${declared} bytes > ${limits.maxTotalBytes}` },
      ]);
    }
    // Symlinks last: no file is ever written through one.
    return [...planned, ...links.map((l): Planned => ({ kind: 'symlink', path: l.path, linkTarget: l.target }))];
  } finally {
    zip.close();
  }
}

function ioError(e: unknown, where: string): ArtifactError {
  if (e instanceof ArtifactError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  const msg = e instanceof Error ? e.message : String(e);
  if (code === 'ENOSPC' || code === 'EDQUOT') return new ArtifactError('diskFull', 'Not enough disk space to extract the artifacts. Nothing was kept.', `${where}: ${msg}`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new ArtifactError('io', `Cannot write the artifacts there (${code}). Pick another folder.`, `${where}: ${msg}`);
  if (code === 'ABORT_ERR' || (e instanceof Error && e.name === 'AbortError')) return new ArtifactError('cancelled', 'Cancelled.', `${where}: cancelled`);
  return new ArtifactError('io', `Could not write the artifacts: ${msg}`, `${where}: ${msg}`);
}

/** Pass 2: stream every planned entry into `dir` (which must exist and be empty). */
async function writeAll(file: string, dir: string, planned: readonly Planned[], limits: Required<ExtractLimits>, opts: ExtractOptions): Promise<ExtractReport> {
  const wfs: WriteFs = opts.fs ?? fs;
  const zip = await openZip(file);
  const fh = await fs.promises.open(file, 'r');
  const made = new Set<string>();
  const mkdirOnce = async (d: string): Promise<void> => {
    if (made.has(d)) return;
    await fs.promises.mkdir(d, { recursive: true });
    made.add(d);
  };
  let files = 0;
  let directories = 0;
  let symlinks = 0;
  let bytes = 0;
  let index = 0;
  try {
    for await (const e of entries(zip)) {
      throwIfAborted(opts.signal);
      const check = checkEntryName(entryName(e));
      if (!check.ok) throw new ArtifactError('corrupt', 'The zip archive changed while extracting.', 'entry mismatch between passes');
      const mode = unixMode(e.externalFileAttributes);
      const name = entryName(e);
      const out = path.join(dir, ...check.path.split('/'));
      if (isSymlinkMode(mode)) continue; // created after all files
      if (name.endsWith('/') || name.endsWith('\\')) {
        await mkdirOnce(out);
        directories++;
        continue;
      }
      await mkdirOnce(path.dirname(out));
      const start = await dataStart(fh, e);
      const fileMode = (mode & 0o111) !== 0 ? 0o755 : 0o644;
      if (e.compressedSize <= SMALL_ENTRY && e.uncompressedSize <= SMALL_ENTRY) {
        try {
          const data = await smallEntry(fh, start, e, name);
          bytes += data.length;
          if (bytes > limits.maxTotalBytes) {
            throw new ArtifactError('limits', `The archive unpacks to more than ${formatBytes(limits.maxTotalBytes)}. Nothing was kept.`, `actual uncompressed bytes exceeded ${limits.maxTotalBytes} at ${printable(name)}`, [
              { name: printable(name), reason: 'uncompressed size over the limit' },
            ]);
          }
          const ws = wfs.createWriteStream(out, { flags: 'w', mode: fileMode });
          ws.end(data);
          await finished(ws);
        } catch (err) {
          throw classify(err, name, check.path, opts.signal);
        }
        files++;
        index++;
        opts.onEntry?.(index, planned.length, bytes);
        continue;
      }
      const stages = entryData(file, start, e, name);
      const counter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          bytes += chunk.length;
          if (bytes > limits.maxTotalBytes) {
            cb(new ArtifactError('limits', `The archive unpacks to more than ${formatBytes(limits.maxTotalBytes)}. Nothing was kept.`, `actual uncompressed bytes exceeded ${limits.maxTotalBytes} at ${printable(name)}`, [
              { name: printable(name), reason: 'uncompressed size over the limit' },
            ]));
            return;
          }
          cb(null, chunk);
        },
      });
      try {
        await pipeline([...stages, counter, wfs.createWriteStream(out, { flags: 'w', mode: fileMode })], opts.signal ? { signal: opts.signal } : {});
      } catch (err) {
        throw classify(err, name, check.path, opts.signal);
      }
      files++;
      index++;
      opts.onEntry?.(index, planned.length, bytes);
    }
    for (const p of planned) {
      if (p.kind !== 'symlink' || p.linkTarget === undefined) continue;
      const out = path.join(dir, ...p.path.split('/'));
      await fs.promises.mkdir(path.dirname(out), { recursive: true });
      await fs.promises.symlink(p.linkTarget, out);
      symlinks++;
    }
    return { files, directories, symlinks, bytes, target: dir };
  } catch (e) {
    throw ioError(e, 'extract');
  } finally {
    zip.close();
    await fh.close().catch(() => undefined);
  }
}

/** Sorts an entry failure: cancelled, our own error, a file-system error, or a damaged archive. */
function classify(err: unknown, name: string, relPath: string, signal: AbortSignal | undefined): ArtifactError {
  if (signal?.aborted) return new ArtifactError('cancelled', 'Cancelled.', 'extraction cancelled');
  if (err instanceof ArtifactError) return err;
  const m = err instanceof Error ? err.message : String(err);
  if (!/^E(?!RR_)[A-Z]+$/.test((err as NodeJS.ErrnoException).code ?? '')) {
    return new ArtifactError('corrupt', 'The zip archive is damaged or lies about its sizes.', `${printable(name)}: ${m}`);
  }
  return ioError(err, `writing ${printable(relPath)}`);
}

/**
 * Extracts `zipFile` into `targetDir` atomically: entries go into a sibling temp folder that gets our
 * marker file and then takes the target's place by rename, only when everything succeeded. The target
 * must be absent, an empty folder, or a previous download of ours (see downloadTarget.ts); anything else
 * is refused before and again right before the swap. On any failure or cancellation the temp folder is
 * removed, parent folders we created are removed while empty, and `targetDir` is left as it was.
 */
export async function extractZipAtomic(zipFile: string, targetDir: string, opts: ExtractOptions = {}): Promise<ExtractReport> {
  const limits: Required<ExtractLimits> = {
    maxTotalBytes: opts.maxTotalBytes ?? DEFAULT_LIMITS.maxTotalBytes,
    maxEntries: opts.maxEntries ?? DEFAULT_LIMITS.maxEntries,
  };
  const guard = opts.guard ?? {};
  throwIfAborted(opts.signal);
  const target = path.resolve(targetDir);
  await checkDownloadTarget(target, guard);
  const planned = await plan(zipFile, limits, opts.signal);
  const parent = path.dirname(target);
  const created = await missingAncestors(parent);
  try {
    await fs.promises.mkdir(parent, { recursive: true });
  } catch (e) {
    await removeIfEmpty(created);
    throw ioError(e, `mkdir ${parent}`);
  }
  let tmp: string;
  try {
    tmp = await fs.promises.mkdtemp(path.join(parent, `.${path.basename(target)}.extracting-`));
  } catch (e) {
    await removeIfEmpty(created);
    throw ioError(e, `mkdtemp in ${parent}`);
  }
  const old = `${tmp}.old`;
  try {
    const report = await writeAll(zipFile, tmp, planned, limits, opts);
    try {
      await fs.promises.writeFile(path.join(tmp, MARKER_FILE), markerText(target, opts.identity ?? {}), { flag: 'wx', mode: 0o644 });
    } catch (e) {
      throw ioError(e, `writing the ${MARKER_FILE} marker`);
    }
    throwIfAborted(opts.signal);
    await swapInto(tmp, target, old, guard);
    return { ...report, target };
  } catch (e) {
    await fs.promises.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    await removeIfEmpty(created);
    throw e;
  }
}

/** Puts the finished `tmp` folder at `target`, replacing only an empty folder or a previous download of ours. */
async function swapInto(tmp: string, target: string, old: string, guard: TargetGuard): Promise<void> {
  const state = await checkDownloadTarget(target, guard);
  if (state.kind !== 'ours') {
    // Absent or empty: one rename. rename(2) replaces an empty folder and fails on a non-empty one or a file,
    // so a target that changed since the check is never overwritten.
    try {
      await fs.promises.rename(tmp, target);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (state.kind === 'empty' && (code === 'EPERM' || code === 'EEXIST' || code === 'EACCES')) {
        // Windows will not rename over a folder: remove it while it is still empty (rmdir fails otherwise), then retry.
        await fs.promises.rmdir(target).catch(() => undefined);
        try {
          await fs.promises.rename(tmp, target);
          return;
        } catch (e2) {
          throw ioError(e2, `rename into ${target}`);
        }
      }
      if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR') {
        throw new ArtifactError('target', `Refused to download into ${target}: something appeared there while downloading. Nothing was changed. Pick an empty or new folder.`, `rename into ${target}: ${code}`);
      }
      throw ioError(e, `rename into ${target}`);
    }
  }
  try {
    await fs.promises.rename(target, old);
  } catch (e) {
    throw ioError(e, `moving the previous download ${target} aside`);
  }
  try {
    await fs.promises.rename(tmp, target);
  } catch (e) {
    await fs.promises.rename(old, target).catch(() => undefined);
    throw ioError(e, `rename into ${target}`);
  }
  // The folder moved aside carried our marker for exactly this path: a previous download of ours.
  await fs.promises.rm(old, { recursive: true, force: true });
}
