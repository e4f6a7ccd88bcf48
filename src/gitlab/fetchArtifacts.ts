// Download + safe extraction in one atomic step: the target is checked first (only an absent or empty
// folder, or a previous download of ours, may receive it), the archive goes to a temp file next to the
// target, is extracted into a sibling temp folder that gets our marker and is renamed into place; every
// failure removes the temp files and the parent folders we created.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ArchiveRef } from './artifacts';
import type { GitLabClient } from './client';
import { downloadArchive, type DownloadProgress } from './download';
import {
  checkDownloadTarget,
  type DownloadIdentity,
  missingAncestors,
  removeIfEmpty,
  type TargetGuard,
} from './downloadTarget';
import { type ExtractReport, extractZipAtomic } from './zipExtract';
import type { ExtractLimits } from './zipPlan';
import type { WriteFs } from './zipWrite';

export interface FetchArtifactsOptions extends ExtractLimits {
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: (p: DownloadProgress & { readonly phase: 'download' | 'extract' }) => void;
  readonly fs?: WriteFs;
  readonly now?: () => number;
  /** Recorded in the marker file of the download folder. */
  readonly identity?: DownloadIdentity;
  /** Folders the target may not be or contain (workspace folders, the current directory). */
  readonly guard?: TargetGuard;
  /** The archive size GitLab declared for the job (`artifacts_file.size`), when known: the download stops a little above it. */
  readonly expectedSize?: number | undefined;
  /** Absolute cap on the downloaded bytes (default 16 GiB). */
  readonly maxDownloadBytes?: number | undefined;
}

export interface FetchArtifactsResult extends ExtractReport {
  readonly downloadedBytes: number;
}

/** Downloads the archive of `src` and extracts it into `targetDir` (replacing it only when it is ours). */
export async function fetchArtifacts(
  client: GitLabClient,
  src: ArchiveRef,
  targetDir: string,
  opts: FetchArtifactsOptions = {},
): Promise<FetchArtifactsResult> {
  const target = path.resolve(targetDir);
  // Refuse before a single byte is downloaded; extraction checks again right before the swap.
  await checkDownloadTarget(target, opts.guard ?? {});
  const parent = path.dirname(target);
  const created = await missingAncestors(parent);
  let work: string | undefined;
  try {
    await fs.promises.mkdir(parent, { recursive: true });
    work = await fs.promises.mkdtemp(path.join(parent, `.${path.basename(target)}.download-`));
    const zipFile = path.join(work, 'artifacts.zip');
    const dl = await downloadArchive(client, src, zipFile, {
      signal: opts.signal,
      ...(opts.fs ? { fs: opts.fs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.expectedSize !== undefined ? { expectedSize: opts.expectedSize } : {}),
      ...(opts.maxDownloadBytes !== undefined ? { maxBytes: opts.maxDownloadBytes } : {}),
      onProgress: (p) => opts.onProgress?.({ ...p, phase: 'download' }),
    });
    const report = await extractZipAtomic(zipFile, target, {
      signal: opts.signal,
      ...(opts.fs ? { fs: opts.fs } : {}),
      ...(opts.maxEntries !== undefined ? { maxEntries: opts.maxEntries } : {}),
      ...(opts.maxTotalBytes !== undefined ? { maxTotalBytes: opts.maxTotalBytes } : {}),
      ...(opts.identity ? { identity: opts.identity } : {}),
      ...(opts.guard ? { guard: opts.guard } : {}),
      onEntry: (_done, _total, bytes) => opts.onProgress?.({ bytes, total: undefined, phase: 'extract' }),
    });
    return { ...report, downloadedBytes: dl.bytes };
  } catch (e) {
    if (work !== undefined) await fs.promises.rm(work, { recursive: true, force: true }).catch(() => undefined);
    work = undefined;
    await removeIfEmpty(created);
    throw e;
  } finally {
    if (work !== undefined) await fs.promises.rm(work, { recursive: true, force: true }).catch(() => undefined);
  }
}
