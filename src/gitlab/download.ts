// Streams an artifacts archive to a file with progress and cancellation; memory stays flat.
import * as fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { type ArtifactSource, archiveEndpoint, describeSource, explainMissing } from './artifacts';
import type { GitLabClient } from './client';
import { ArtifactError, GitLabApiError } from './errors';
import type { WriteFs } from './zipExtract';

const WRITE_CHUNK = 1024 * 1024;

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
}

/**
 * Downloads the archive of `src` into `file` (created or truncated). A body that breaks mid-way is
 * retried from the start by the client's retry policy. On failure the partial file is removed.
 */
export async function downloadArchive(client: GitLabClient, src: ArtifactSource, file: string, opts: DownloadOptions = {}): Promise<DownloadProgress> {
  const ep = archiveEndpoint(src);
  const wfs: WriteFs = opts.fs ?? fs;
  try {
    return await client.call(ep.path, { query: ep.query, signal: opts.signal, what: `the artifacts of ${describeSource(src)}` }, async (res) => {
      const len = res.headers.get('content-length');
      const total = len !== null && /^\d+$/.test(len) ? Number(len) : undefined;
      let bytes = 0;
      opts.onProgress?.({ bytes, total });
      if (!res.body) throw new GitLabApiError('other', 'GitLab sent an empty download.', 'no response body');
      // Counts progress and coalesces the network's small chunks into 1 MiB writes (far fewer syscalls).
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const progress = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          bytes += chunk.length;
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
        await pipeline(body, progress, wfs.createWriteStream(file, { flags: 'w', mode: 0o600 }), opts.signal ? { signal: opts.signal } : {});
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? '';
        if (code === 'ENOSPC' || code === 'EDQUOT') throw new ArtifactError('diskFull', 'Not enough disk space to download the artifacts. Nothing was kept.', `writing ${file}: ${String(e)}`);
        if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new ArtifactError('io', `Cannot write the download (${code}). Pick another folder.`, `writing ${file}: ${String(e)}`);
        throw e; // network errors: the client retries
      }
      if (total !== undefined && bytes !== total) {
        const err = new Error(`body ended after ${bytes} of ${total} bytes`) as NodeJS.ErrnoException;
        err.code = 'ECONNRESET';
        throw err;
      }
      return { bytes, total };
    });
  } catch (e) {
    await fs.promises.rm(file, { force: true }).catch(() => undefined);
    if (e instanceof GitLabApiError && e.kind === 'notFound') throw await explainMissing(client, src, e, opts.signal, opts.now);
    throw e;
  }
}
