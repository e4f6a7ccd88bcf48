// Lists the files of a job's archive without downloading it: two HTTP Range requests read the zip's
// end-of-central-directory record and its central directory. (GitLab's REST API has no list endpoint.)
import { type ArchiveRef, archiveEndpoint, describeSource, explainMissing } from './artifacts';
import type { GitLabClient } from './client';
import { GitLabApiError } from './errors';
import { isSymlinkMode, unixMode } from './zipSafety';

export interface ArchiveEntry {
  readonly path: string;
  readonly size: number;
  readonly isDirectory: boolean;
  readonly isSymlink: boolean;
}

const TAIL = 65_535 + 22 + 20;
const MAX_CD = 64 * 1024 * 1024;

interface Range {
  readonly bytes: Buffer;
  readonly start: number;
  readonly total: number;
}

/** One ranged GET; undefined when the server ignores Range (answers 200). */
async function getRange(
  client: GitLabClient,
  src: ArchiveRef,
  range: string,
  signal: AbortSignal | undefined,
): Promise<Range | undefined> {
  const ep = archiveEndpoint(src);
  return client.call(
    ep.path,
    { query: ep.query, signal, headers: { Range: `bytes=${range}` }, what: `the artifacts of ${describeSource(src)}` },
    async (res) => {
      const cr = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(res.headers.get('content-range') ?? '');
      if (res.status !== 206 || !cr) {
        await res.body?.cancel();
        return undefined;
      }
      const bytes = Buffer.from(await res.arrayBuffer());
      return { bytes, start: Number(cr[1]), total: Number(cr[3]) };
    },
  );
}

function cp437ish(buf: Buffer, utf8: boolean): string {
  return utf8 ? buf.toString('utf8') : buf.toString('latin1');
}

/** Parses central directory records. */
export function parseCentralDirectory(cd: Buffer, count: number): ArchiveEntry[] {
  const out: ArchiveEntry[] = [];
  let at = 0;
  for (let i = 0; i < count && at + 46 <= cd.length; i++) {
    if (cd.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory record');
    const flags = cd.readUInt16LE(at + 8);
    let size = cd.readUInt32LE(at + 24);
    const nameLen = cd.readUInt16LE(at + 28);
    const extraLen = cd.readUInt16LE(at + 30);
    const commentLen = cd.readUInt16LE(at + 32);
    const attrs = cd.readUInt32LE(at + 38);
    const name = cp437ish(cd.subarray(at + 46, at + 46 + nameLen), (flags & 0x800) !== 0);
    if (size === 0xffffffff) {
      // Zip64 extended information extra field: the uncompressed size comes first.
      let x = at + 46 + nameLen;
      const end = x + extraLen;
      while (x + 4 <= end) {
        const id = cd.readUInt16LE(x);
        const len = cd.readUInt16LE(x + 2);
        if (id === 0x0001 && len >= 8) size = Number(cd.readBigUInt64LE(x + 4));
        x += 4 + len;
      }
    }
    const norm = name.replace(/\\/g, '/');
    out.push({
      path: norm.replace(/\/$/, ''),
      size,
      isDirectory: norm.endsWith('/'),
      isSymlink: isSymlinkMode(unixMode(attrs)),
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/**
 * The entries of a job's archive, read with Range requests. Returns undefined when the server (or
 * object storage) does not honour Range; the caller can then download the archive instead.
 */
export async function listArchiveEntries(
  client: GitLabClient,
  src: ArchiveRef,
  opts: { signal?: AbortSignal | undefined; now?: () => number } = {},
): Promise<ArchiveEntry[] | undefined> {
  let tail: Range | undefined;
  try {
    tail = await getRange(client, src, `-${TAIL}`, opts.signal);
  } catch (e) {
    throw await explainMissing(client, src, e, opts.signal, opts.now);
  }
  if (!tail) return undefined;
  const buf = tail.bytes;
  let eocd = -1;
  for (let i = buf.length - 22; i >= 0; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    throw new GitLabApiError(
      'other',
      `The artifacts of ${describeSource(src)} are not a zip archive.`,
      'no end-of-central-directory record in the last 64 KiB',
    );
  }
  let count = buf.readUInt16LE(eocd + 10);
  let cdSize = buf.readUInt32LE(eocd + 12);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if (
    (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) &&
    eocd >= 20 &&
    buf.readUInt32LE(eocd - 20) === 0x07064b50
  ) {
    const z64 = Number(buf.readBigUInt64LE(eocd - 20 + 8));
    let rec: Buffer | undefined;
    if (z64 >= tail.start && z64 - tail.start + 56 <= buf.length) {
      rec = buf.subarray(z64 - tail.start, z64 - tail.start + 56);
    } else rec = (await getRange(client, src, `${z64}-${z64 + 55}`, opts.signal))?.bytes;
    if (!rec || rec.readUInt32LE(0) !== 0x06064b50) {
      throw new GitLabApiError('other', 'Could not read the zip64 directory of the archive.', 'bad zip64 EOCD');
    }
    count = Number(rec.readBigUInt64LE(32));
    cdSize = Number(rec.readBigUInt64LE(40));
    cdOffset = Number(rec.readBigUInt64LE(48));
  }
  if (cdSize > MAX_CD) {
    throw new GitLabApiError(
      'other',
      'The archive directory is too large to list; download the archive instead.',
      `central directory ${cdSize} bytes`,
    );
  }
  let cd: Buffer;
  if (cdOffset >= tail.start && cdOffset - tail.start + cdSize <= buf.length) {
    cd = buf.subarray(cdOffset - tail.start, cdOffset - tail.start + cdSize);
  } else {
    const r = await getRange(client, src, `${cdOffset}-${cdOffset + cdSize - 1}`, opts.signal);
    if (!r) return undefined;
    cd = r.bytes;
  }
  return parseCentralDirectory(cd, count);
}
