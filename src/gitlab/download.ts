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
      (res) => saveBody(res, file, wfs, opts),
    );
  } catch (e) {
    await fs.promises.rm(file, { force: true }).catch(() => undefined);
    if (e instanceof GitLabApiError && e.kind === 'notFound') {
      throw await explainMissing(client, src, e, opts.signal, opts.now);
    }
    throw e;
  }
}

/** The byte caps of one download: the absolute one, the one GitLab's declared size implies, and the lower. */
interface SizeCaps {
  readonly absolute: number;
  readonly declared: number;
  readonly limit: number;
  readonly expectedSize: number | undefined;
}

function sizeCaps(opts: DownloadOptions): SizeCaps {
  const absolute = opts.maxBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES;
  const declared = opts.expectedSize !== undefined ? declaredSizeCap(opts.expectedSize) : Infinity;
  return { absolute, declared, limit: Math.min(absolute, declared), expectedSize: opts.expectedSize };
}

/**
 * One attempt at the body: refuse an announced size over the cap before writing a byte, stream the rest to the
 * file through the counter, and call a body shorter than announced a broken connection (so the client retries).
 */
async function saveBody(res: Response, file: string, wfs: WriteFs, opts: DownloadOptions): Promise<DownloadProgress> {
  const len = res.headers.get('content-length');
  const total = len !== null && /^\d+$/.test(len) ? Number(len) : undefined;
  const caps = sizeCaps(opts);
  if (total !== undefined && total > caps.limit) {
    await res.body?.cancel().catch(() => undefined);
    throw announcedTooLarge(total, caps);
  }
  opts.onProgress?.({ bytes: 0, total });
  if (!res.body) throw new GitLabApiError('other', 'GitLab sent an empty download.', 'no response body');
  const counter = countingCoalescer(caps, total, opts.onProgress);
  const body = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
  try {
    await pipeline(
      body,
      counter.stream,
      wfs.createWriteStream(file, { flags: 'w', mode: 0o600 }),
      opts.signal ? { signal: opts.signal } : {},
    );
  } catch (e) {
    throw writeFailure(e, file);
  }
  const bytes = counter.bytes();
  if (total !== undefined && bytes !== total) {
    const err = new Error(`body ended after ${bytes} of ${total} bytes`) as NodeJS.ErrnoException;
    err.code = 'ECONNRESET';
    throw err;
  }
  return { bytes, total };
}

function announcedTooLarge(total: number, caps: SizeCaps): ArtifactError {
  const { absolute, declared, limit, expectedSize } = caps;
  return tooLarge(
    declared < absolute
      ? `The server announced ${formatBytes(total)} for an archive GitLab lists as ${formatBytes(expectedSize ?? 0)}.`
      : `The archive is ${formatBytes(total)}, more than the download cap of ${formatBytes(absolute)}.`,
    `content-length ${total} > cap ${limit} (declared ${expectedSize ?? 'unknown'}, absolute ${absolute})`,
  );
}

/**
 * Counts the body (failing as soon as it runs past the cap, reporting progress per chunk) and coalesces the
 * network's small chunks into 1 MiB writes (far fewer syscalls).
 */
function countingCoalescer(
  caps: SizeCaps,
  total: number | undefined,
  onProgress: ((p: DownloadProgress) => void) | undefined,
): { readonly stream: Transform; bytes(): number } {
  const { absolute, declared, limit, expectedSize } = caps;
  let bytes = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (bytes > limit) {
        cb(
          tooLarge(
            declared < absolute
              ? `The download ran past the ${formatBytes(expectedSize ?? 0)} GitLab declared for the archive.`
              : `The download ran past the cap of ${formatBytes(absolute)}.`,
            `body exceeded ${limit} bytes (declared ${expectedSize ?? 'unknown'}, absolute ${absolute}, content-length ${total ?? 'none'})`,
          ),
        );
        return;
      }
      onProgress?.({ bytes, total });
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
  return { stream, bytes: () => bytes };
}

/** A full or read-only disk gets its own words; anything else (a network error) is passed on for the client to retry. */
function writeFailure(e: unknown, file: string): unknown {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new ArtifactError(
      'diskFull',
      'Not enough disk space to download the artifacts. Nothing was kept.',
      `writing ${file}: ${String(e)}`,
    );
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new ArtifactError(
      'io',
      `Cannot write the download (${code}). Pick another folder.`,
      `writing ${file}: ${String(e)}`,
    );
  }
  return e;
}
