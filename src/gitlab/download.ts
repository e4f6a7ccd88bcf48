// Streams an artifacts archive to a file with progress and cancellation; memory stays flat.
import * as fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { type ArchiveRef, archiveEndpoint, describeSource, explainMissing } from './artifacts';
import type { GitLabClient } from './client';
import { ArtifactError, GitLabApiError } from './errors';
import { formatBytes } from '../formatBytes';
import type { WriteFs } from './zipWrite';

const WRITE_CHUNK = 1024 * 1024;

/** The absolute cap on one archive download when no other is given: 16 GiB. */
export const DEFAULT_MAX_DOWNLOAD_BYTES = 16 * 1024 ** 3;

/** How far a body may run past the size GitLab declared before we stop it (1 MiB or 1 %, whichever is more). */
export function declaredSizeCap(declared: number): number {
  return declared + Math.max(1024 * 1024, Math.ceil(declared / 100));
}

function tooLarge(what: string, detail: string): ArtifactError {
  return new ArtifactError(
    'limits',
    `${what} Stopped; nothing was kept. If the archive really is that large, raise the download size cap (gitlabArtifactFlow.maxDownloadSizeMiB or --max-download-size).`,
    detail,
  );
}

export interface DownloadProgress {
  readonly bytes: number;
  /** From `content-length`; undefined when the server streams without one. */
  readonly total: number | undefined;
}

export interface DownloadOptions {
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: (p: DownloadProgress) => void;
  readonly fs?: WriteFs;
  readonly now?: () => number;
  /** The archive size GitLab declared (`artifacts_file.size`): the body may not run far past it. */
  readonly expectedSize?: number;
  /** Absolute cap on the body (default 16 GiB). */
  readonly maxBytes?: number;
}

/**
 * Downloads the archive of `src` into `file` (created or truncated). A body that breaks mid-way is
 * retried from the start by the client's retry policy. On failure the partial file is removed.
 */
export async function downloadArchive(
  client: GitLabClient,
  src: ArchiveRef,
  file: string,
  opts: DownloadOptions = {},
): Promise<DownloadProgress> {
  const ep = archiveEndpoint(src);
  const wfs: WriteFs = opts.fs ?? fs;
  try {
    return await client.call(
      ep.path,
      { query: ep.query, signal: opts.signal, what: `the artifacts of ${describeSource(src)}` },
      async (res) => {
        const len = res.headers.get('content-length');
        const total = len !== null && /^\d+$/.test(len) ? Number(len) : undefined;
        const absolute = opts.maxBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES;
        const declared = opts.expectedSize !== undefined ? declaredSizeCap(opts.expectedSize) : Infinity;
        const limit = Math.min(absolute, declared);
        if (total !== undefined && total > limit) {
          await res.body?.cancel().catch(() => undefined);
          throw tooLarge(
            declared < absolute
              ? `The server announced ${formatBytes(total)} for an archive GitLab lists as ${formatBytes(opts.expectedSize ?? 0)}.`
              : `The archive is ${formatBytes(total)}, more than the download cap of ${formatBytes(absolute)}.`,
            `content-length ${total} > cap ${limit} (declared ${opts.expectedSize ?? 'unknown'}, absolute ${absolute})`,
          );
        }
        let bytes = 0;
        opts.onProgress?.({ bytes, total });
        if (!res.body) throw new GitLabApiError('other', 'GitLab sent an empty download.', 'no response body');
        // Counts progress and coalesces the network's small chunks into 1 MiB writes (far fewer syscalls).
        let pending: Buffer[] = [];
        let pendingBytes = 0;
        const progress = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            bytes += chunk.length;
            if (bytes > limit) {
              cb(
                tooLarge(
                  declared < absolute
                    ? `The download ran past the ${formatBytes(opts.expectedSize ?? 0)} GitLab declared for the archive.`
                    : `The download ran past the cap of ${formatBytes(absolute)}.`,
                  `body exceeded ${limit} bytes (declared ${opts.expectedSize ?? 'unknown'}, absolute ${absolute}, content-length ${total ?? 'none'})`,
                ),
              );
              return;
            }
            opts.onProgress?.({ bytes, total });
            pending.push(chunk);
            pendingBytes += chunk.length;
            if (pendingBytes >= WRITE_CHUNK) {
              const out = Buffer.concat(pending, pendingBytes);
              pending = [];
              pendingBytes = 0;
              return cb(null, out);
            }
            cb();
          },
          flush(cb) {
            cb(null, pendingBytes > 0 ? Buffer.concat(pending, pendingBytes) : undefined);
          },
        });
        const body = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
        try {
          await pipeline(
            body,
            progress,
            wfs.createWriteStream(file, { flags: 'w', mode: 0o600 }),
            opts.signal ? { signal: opts.signal } : {},
          );
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code ?? '';
          if (code === 'ENOSPC' || code === 'EDQUOT') {
            throw new ArtifactError(
              'diskFull',
              'Not enough disk space to download the artifacts. Nothing was kept.',
              `writing ${file}: ${String(e)}`,
            );
          }
          if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
            throw new ArtifactError(
              'io',
              `Cannot write the download (${code}). Pick another folder.`,
              `writing ${file}: ${String(e)}`,
            );
          }
          if (e instanceof ArtifactError) throw e;
          throw e; // network errors: the client retries
        }
        if (total !== undefined && bytes !== total) {
          const err = new Error(`body ended after ${bytes} of ${total} bytes`) as NodeJS.ErrnoException;
          err.code = 'ECONNRESET';
          throw err;
        }
        return { bytes, total };
      },
    );
  } catch (e) {
    await fs.promises.rm(file, { force: true }).catch(() => undefined);
    if (e instanceof GitLabApiError && e.kind === 'notFound') {
      throw await explainMissing(client, src, e, opts.signal, opts.now);
    }
    throw e;
  }
}
