// Safe, atomic, streaming zip extraction with yauzl. Pass 1 (zipPlan.ts) reads only the central directory (and
// symlink targets) and refuses the whole archive if any entry is unsafe or a limit is exceeded;
// pass 2 (zipWrite.ts) streams each entry to disk into a sibling temp folder that is renamed into place at the end.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  checkDownloadTarget,
  type DownloadIdentity,
  MARKER_FILE,
  markerText,
  missingAncestors,
  removeIfEmpty,
  type TargetGuard,
} from './downloadTarget';
import { ArtifactError } from './errors';
import { ioError, throwIfAborted } from './extractErrors';
import { DEFAULT_LIMITS, type ExtractLimits, planExtraction } from './zipPlan';
import { writeAll, type WriteFs } from './zipWrite';

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

/**
 * Extracts `zipFile` into `targetDir` atomically: entries go into a sibling temp folder that gets our
 * marker file and then takes the target's place by rename, only when everything succeeded. The target
 * must be absent, an empty folder, or a previous download of ours (see downloadTarget.ts); anything else
 * is refused before and again right before the swap. On any failure or cancellation the temp folder is
 * removed, parent folders we created are removed while empty, and `targetDir` is left as it was.
 */
export async function extractZipAtomic(
  zipFile: string,
  targetDir: string,
  opts: ExtractOptions = {},
): Promise<ExtractReport> {
  const limits: Required<ExtractLimits> = {
    maxTotalBytes: opts.maxTotalBytes ?? DEFAULT_LIMITS.maxTotalBytes,
    maxEntries: opts.maxEntries ?? DEFAULT_LIMITS.maxEntries,
  };
  const guard = opts.guard ?? {};
  throwIfAborted(opts.signal);
  const target = path.resolve(targetDir);
  await checkDownloadTarget(target, guard);
  const planned = await planExtraction(zipFile, limits, opts.signal);
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
    const counts = await writeAll(zipFile, tmp, planned, {
      maxTotalBytes: limits.maxTotalBytes,
      signal: opts.signal,
      fs: opts.fs,
      onEntry: opts.onEntry,
    });
    try {
      await fs.promises.writeFile(path.join(tmp, MARKER_FILE), markerText(target, opts.identity ?? {}), {
        flag: 'wx',
        mode: 0o644,
      });
    } catch (e) {
      throw ioError(e, `writing the ${MARKER_FILE} marker`);
    }
    throwIfAborted(opts.signal);
    await swapInto(tmp, target, old, guard);
    return { ...counts, target };
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
        throw new ArtifactError(
          'target',
          `Refused to download into ${target}: something appeared there while downloading. Nothing was changed. Pick an empty or new folder.`,
          `rename into ${target}: ${code}`,
        );
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
