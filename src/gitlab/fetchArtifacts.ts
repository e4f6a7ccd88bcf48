// Download + safe extraction in one atomic step: the archive goes to a temp file next to the target,
// is extracted into a sibling temp folder and renamed into place; every failure removes both.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ArtifactSource } from './artifacts';
import type { GitLabClient } from './client';
import { downloadArchive, type DownloadProgress } from './download';
import { type ExtractLimits, type ExtractReport, extractZipAtomic, type WriteFs } from './zipExtract';

export interface FetchArtifactsOptions extends ExtractLimits {
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: (p: DownloadProgress & { readonly phase: 'download' | 'extract' }) => void;
  readonly fs?: WriteFs;
  readonly now?: () => number;
}

export interface FetchArtifactsResult extends ExtractReport {
  readonly downloadedBytes: number;
}

/** Downloads the archive of `src` and extracts it into `targetDir` (replacing it only on success). */
export async function fetchArtifacts(client: GitLabClient, src: ArtifactSource, targetDir: string, opts: FetchArtifactsOptions = {}): Promise<FetchArtifactsResult> {
  const target = path.resolve(targetDir);
  const parent = path.dirname(target);
  await fs.promises.mkdir(parent, { recursive: true });
  const work = await fs.promises.mkdtemp(path.join(parent, `.${path.basename(target)}.download-`));
  try {
    const zipFile = path.join(work, 'artifacts.zip');
    const dl = await downloadArchive(client, src, zipFile, {
      signal: opts.signal,
      ...(opts.fs ? { fs: opts.fs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      onProgress: (p) => opts.onProgress?.({ ...p, phase: 'download' }),
    });
    const report = await extractZipAtomic(zipFile, target, {
      signal: opts.signal,
      ...(opts.fs ? { fs: opts.fs } : {}),
      ...(opts.maxEntries !== undefined ? { maxEntries: opts.maxEntries } : {}),
      ...(opts.maxTotalBytes !== undefined ? { maxTotalBytes: opts.maxTotalBytes } : {}),
      onEntry: (_done, _total, bytes) => opts.onProgress?.({ bytes, total: undefined, phase: 'extract' }),
    });
    return { ...report, downloadedBytes: dl.bytes };
  } finally {
    await fs.promises.rm(work, { recursive: true, force: true }).catch(() => undefined);
  }
}
