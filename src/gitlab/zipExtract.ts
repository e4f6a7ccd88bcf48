// Safe, atomic, streaming zip extraction with yauzl. Pass 1 reads only the central directory (and
// symlink targets) and refuses the whole archive if any entry is unsafe or a limit is exceeded;
// pass 2 streams each entry to disk into a sibling temp folder that is renamed into place at the end.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable, Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import { finished, pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import * as yauzl from 'yauzl';
import { ArtifactError, type RefusedEntry } from './errors';
import { checkEntryName, checkSymlinkTarget, isSymlinkMode, printable, symlinkPrefix, unixMode } from './zipSafety';

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

const YAUZL_OPTIONS: yauzl.Options = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true, strictFileNames: false };

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, YAUZL_OPTIONS, (err, zip) => {
      if (err) reject(new ArtifactError('corrupt', 'The downloaded file is not a valid zip archive.', `yauzl.open: ${err.message}`));
      else resolve(zip);
    });
  });
}

/** Reads entries one at a time (lazyEntries). */
async function* entries(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  for (;;) {
    const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
      const onEntry = (e: yauzl.Entry): void => { cleanup(); resolve(e); };
      const onEnd = (): void => { cleanup(); resolve(undefined); };
      const onError = (err: Error): void => { cleanup(); reject(new ArtifactError('corrupt', 'The zip archive is damaged.', `zip: ${err.message}`)); };
      const cleanup = (): void => {
        zip.removeListener('entry', onEntry);
        zip.removeListener('end', onEnd);
        zip.removeListener('error', onError);
      };
      zip.on('entry', onEntry);
      zip.on('end', onEnd);
      zip.on('error', onError);
      zip.readEntry();
    });
    if (!entry) return;
    yield entry;
  }
}

function entryName(e: yauzl.Entry): string {
  const raw = e.fileName as unknown;
  if (typeof raw === 'string') return raw;
  return yauzl.getFileNameLowLevel(e.generalPurposeBitFlag, raw as Buffer, e.extraFields, false);
}

function openStream(zip: yauzl.ZipFile, e: yauzl.Entry): Promise<NodeJS.ReadableStream & { destroy(err?: Error): void }> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(e, (err, stream) => (err ? reject(new ArtifactError('corrupt', 'The zip archive is damaged.', `openReadStream ${printable(entryName(e))}: ${err.message}`)) : resolve(stream)));
  });
}

const READ_CHUNK = 1024 * 1024;

/**
 * The entry's uncompressed bytes, read from the archive in 1 MiB slices (yauzl's own streams read 16 KiB at a
 * time) and inflated when deflated. Enforces the declared size exactly, like yauzl's validateEntrySizes.
 */
function entryData(file: string, fileDataStart: number, e: yauzl.Entry, name: string): NodeJS.ReadableStream[] {
  const declared = e.uncompressedSize;
  let seen = 0;
  const check = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > declared) return cb(new ArtifactError('corrupt', 'The zip archive is damaged or lies about its sizes.', `${printable(name)}: more than the declared ${declared} bytes`));
      cb(null, chunk);
    },
    flush(cb) {
      cb(seen === declared ? null : new ArtifactError('corrupt', 'The zip archive is damaged or lies about its sizes.', `${printable(name)}: ${seen} bytes, declared ${declared}`));
    },
  });
  const source: NodeJS.ReadableStream =
    e.compressedSize === 0 ? Readable.from([]) : fs.createReadStream(file, { start: fileDataStart, end: fileDataStart + e.compressedSize - 1, highWaterMark: READ_CHUNK });
  return e.compressionMethod === 8 && e.compressedSize > 0 ? [source, zlib.createInflateRaw({ chunkSize: 256 * 1024 }), check] : [source, check];
}

/** Offset of an entry's data: after its local header (30 bytes + name + extra field). */
async function dataStart(fh: fs.promises.FileHandle, e: yauzl.Entry): Promise<number> {
  const hdr = Buffer.alloc(30);
  const { bytesRead } = await fh.read(hdr, 0, 30, e.relativeOffsetOfLocalHeader);
  if (bytesRead !== 30 || hdr.readUInt32LE(0) !== 0x04034b50) throw new ArtifactError('corrupt', 'The zip archive is damaged.', `bad local header at ${e.relativeOffsetOfLocalHeader}`);
  return e.relativeOffsetOfLocalHeader + 30 + hdr.readUInt16LE(26) + hdr.readUInt16LE(28);
}

/** Entries up to this size are read, inflated and written in one piece (streams cost ~1 ms per file). */
const SMALL_ENTRY = 1024 * 1024;
const inflateRawAsync = promisify(zlib.inflateRaw);

/** A small entry's bytes, checked against its declared size (a lying entry cannot inflate past it). */
async function smallEntry(fh: fs.promises.FileHandle, start: number, e: yauzl.Entry, name: string): Promise<Buffer> {
  const comp = Buffer.allocUnsafe(e.compressedSize);
  if (e.compressedSize > 0) {
    const { bytesRead } = await fh.read(comp, 0, e.compressedSize, start);
    if (bytesRead !== e.compressedSize) throw new ArtifactError('corrupt', 'The zip archive is truncated.', `${printable(name)}: short read`);
  }
  const data = e.compressionMethod === 8 ? await inflateRawAsync(comp, { maxOutputLength: e.uncompressedSize + 1 }) : comp;
  if (data.length !== e.uncompressedSize) throw new ArtifactError('corrupt', 'The zip archive is damaged or lies about its sizes.', `${printable(name)}: ${data.length} bytes, declared ${e.uncompressedSize}`);
  return data;
}

async function readSmall(zip: yauzl.ZipFile, e: yauzl.Entry, max: number): Promise<string> {
  if (e.uncompressedSize > max) throw new ArtifactError('refused', 'The archive contains an unsafe symlink.', `symlink target of ${printable(entryName(e))} is ${e.uncompressedSize} bytes`);
  const stream = await openStream(zip, e);
  const chunks: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

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
    const linkSet = new Set(links.map((l) => l.path));
    for (const l of links) {
      const t = checkSymlinkTarget(l.path, l.target, linkSet);
      if (!t.ok) refused.push({ name: printable(l.name), reason: t.reason });
    }
    for (const p of [...planned, ...links.map((l) => ({ path: l.path }))]) {
      const via = symlinkPrefix(p.path, linkSet);
      if (via !== undefined) refused.push({ name: printable(p.path), reason: `path goes through the symlink ${printable(via)}` });
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

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
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
 * Extracts `zipFile` into `targetDir` atomically: entries go into a sibling temp folder that
 * replaces `targetDir` by rename only when everything succeeded. On any failure or cancellation the
 * temp folder is removed and `targetDir` is left as it was.
 */
export async function extractZipAtomic(zipFile: string, targetDir: string, opts: ExtractOptions = {}): Promise<ExtractReport> {
  const limits: Required<ExtractLimits> = {
    maxTotalBytes: opts.maxTotalBytes ?? DEFAULT_LIMITS.maxTotalBytes,
    maxEntries: opts.maxEntries ?? DEFAULT_LIMITS.maxEntries,
  };
  throwIfAborted(opts.signal);
  const planned = await plan(zipFile, limits, opts.signal);
  const target = path.resolve(targetDir);
  const parent = path.dirname(target);
  try {
    await fs.promises.mkdir(parent, { recursive: true });
  } catch (e) {
    throw ioError(e, `mkdir ${parent}`);
  }
  let tmp: string;
  try {
    tmp = await fs.promises.mkdtemp(path.join(parent, `.${path.basename(target)}.extracting-`));
  } catch (e) {
    throw ioError(e, `mkdtemp in ${parent}`);
  }
  const old = `${tmp}.old`;
  try {
    const report = await writeAll(zipFile, tmp, planned, limits, opts);
    throwIfAborted(opts.signal);
    let hadOld = false;
    try {
      await fs.promises.rename(target, old);
      hadOld = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(e, `moving the previous ${target} aside`);
    }
    try {
      await fs.promises.rename(tmp, target);
    } catch (e) {
      if (hadOld) await fs.promises.rename(old, target).catch(() => undefined);
      throw ioError(e, `rename into ${target}`);
    }
    if (hadOld) await fs.promises.rm(old, { recursive: true, force: true });
    return { ...report, target };
  } catch (e) {
    await fs.promises.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw e;
  }
}
