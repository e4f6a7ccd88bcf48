// Pass 2 of the extraction: streams every planned entry into a fresh folder, counting the bytes actually
// written (an archive may lie about its sizes), then creates the symlinks last so no file is written through one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type * as yauzl from 'yauzl';
import { ArtifactError } from './errors';
import { entryError, ioError, overLimitError, throwIfAborted } from './extractErrors';
import { isDirectoryName, type Planned } from './zipPlan';
import { dataStart, entries, entryData, entryName, openZip, SMALL_ENTRY, smallEntry } from './zipRead';
import { checkEntryName, isSymlinkMode, unixMode } from './zipSafety';

/** The file-system calls the extractor writes through (a seam for tests: disk full, read-only). */
export interface WriteFs {
  createWriteStream(file: string, options: { flags: string; mode: number }): NodeJS.WritableStream;
}

export interface WriteOptions {
  readonly maxTotalBytes: number;
  readonly signal?: AbortSignal | undefined;
  readonly fs?: WriteFs | undefined;
  /** Called after each file with the uncompressed bytes written so far. */
  readonly onEntry?: ((entriesDone: number, entriesTotal: number, bytes: number) => void) | undefined;
}

export interface WriteCounts {
  files: number;
  directories: number;
  symlinks: number;
  bytes: number;
}

/** What every per-entry step needs: where to read, where to write, the limit and the running counts. */
interface Pass {
  readonly zipFile: string;
  readonly fh: fs.promises.FileHandle;
  readonly wfs: WriteFs;
  readonly opts: WriteOptions;
  readonly counts: WriteCounts;
  readonly madeDirs: Set<string>;
}

/** An entry's place on disk: its raw name (for messages), its checked relative path and the absolute output. */
interface Placed {
  readonly name: string;
  readonly relPath: string;
  readonly out: string;
}

/** Streams every planned entry into `dir` (which must exist and be empty). */
export async function writeAll(
  zipFile: string,
  dir: string,
  planned: readonly Planned[],
  opts: WriteOptions,
): Promise<WriteCounts> {
  const zip = await openZip(zipFile);
  const fh = await fs.promises.open(zipFile, 'r');
  const pass: Pass = {
    zipFile,
    fh,
    wfs: opts.fs ?? fs,
    opts,
    counts: { files: 0, directories: 0, symlinks: 0, bytes: 0 },
    madeDirs: new Set(),
  };
  try {
    for await (const e of entries(zip)) {
      throwIfAborted(opts.signal);
      const name = entryName(e);
      // Pass 1 accepted every name; a different answer now means the file changed under us.
      const check = checkEntryName(name);
      if (!check.ok) {
        throw new ArtifactError(
          'corrupt',
          'The zip archive changed while extracting.',
          'entry mismatch between passes',
        );
      }
      const mode = unixMode(e.externalFileAttributes);
      const placed: Placed = { name, relPath: check.path, out: path.join(dir, ...check.path.split('/')) };
      if (isSymlinkMode(mode)) continue; // created after all files
      if (isDirectoryName(name)) {
        await mkdirOnce(pass, placed.out);
        pass.counts.directories++;
        continue;
      }
      await writeFile(pass, e, placed, mode);
      pass.counts.files++;
      opts.onEntry?.(pass.counts.files, planned.length, pass.counts.bytes);
    }
    await createSymlinks(dir, planned, pass.counts);
    return pass.counts;
  } catch (e) {
    throw ioError(e, 'extract');
  } finally {
    zip.close();
    await fh.close().catch(() => undefined);
  }
}

async function mkdirOnce(pass: Pass, dir: string): Promise<void> {
  if (pass.madeDirs.has(dir)) return;
  await fs.promises.mkdir(dir, { recursive: true });
  pass.madeDirs.add(dir);
}

async function writeFile(pass: Pass, e: yauzl.Entry, placed: Placed, mode: number): Promise<void> {
  await mkdirOnce(pass, path.dirname(placed.out));
  const start = await dataStart(pass.fh, e);
  // Only the executable bit survives: no setuid, no world-writable files from an archive.
  const fileMode = (mode & 0o111) !== 0 ? 0o755 : 0o644;
  // Small entries are read in one go: a stream per tiny file costs more than the file.
  if (e.compressedSize <= SMALL_ENTRY && e.uncompressedSize <= SMALL_ENTRY) {
    await writeSmall(pass, e, start, placed, fileMode);
  } else await writeStreamed(pass, e, start, placed, fileMode);
}

async function writeSmall(pass: Pass, e: yauzl.Entry, start: number, placed: Placed, fileMode: number): Promise<void> {
  try {
    const data = await smallEntry(pass.fh, start, e, placed.name);
    pass.counts.bytes += data.length;
    if (pass.counts.bytes > pass.opts.maxTotalBytes) throw overLimitError(placed.name, pass.opts.maxTotalBytes);
    const ws = pass.wfs.createWriteStream(placed.out, { flags: 'w', mode: fileMode });
    ws.end(data);
    await finished(ws);
  } catch (err) {
    throw entryError(err, placed.name, placed.relPath, pass.opts.signal);
  }
}

async function writeStreamed(
  pass: Pass,
  e: yauzl.Entry,
  start: number,
  placed: Placed,
  fileMode: number,
): Promise<void> {
  const stages = entryData(pass.zipFile, start, e, placed.name);
  const { counts, opts } = pass;
  // Counts the bytes as they pass, and stops the stream the moment the total goes over the limit.
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      counts.bytes += chunk.length;
      if (counts.bytes > opts.maxTotalBytes) {
        cb(overLimitError(placed.name, opts.maxTotalBytes));
        return;
      }
      cb(null, chunk);
    },
  });
  try {
    await pipeline(
      [...stages, counter, pass.wfs.createWriteStream(placed.out, { flags: 'w', mode: fileMode })],
      opts.signal ? { signal: opts.signal } : {},
    );
  } catch (err) {
    throw entryError(err, placed.name, placed.relPath, opts.signal);
  }
}

async function createSymlinks(dir: string, planned: readonly Planned[], counts: WriteCounts): Promise<void> {
  for (const p of planned) {
    if (p.kind !== 'symlink' || p.linkTarget === undefined) continue;
    const out = path.join(dir, ...p.path.split('/'));
    await fs.promises.mkdir(path.dirname(out), { recursive: true });
    await fs.promises.symlink(p.linkTarget, out);
    counts.symlinks++;
  }
}
