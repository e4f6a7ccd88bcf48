// Reading a zip for the extractor: yauzl for the central directory, our own large reads for entry data
// (yauzl's streams read 16 KiB at a time), with the declared sizes enforced.
import * as fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import * as yauzl from 'yauzl';
import { ArtifactError } from './errors';
import { printable } from './zipSafety';

const YAUZL_OPTIONS: yauzl.Options = {
  lazyEntries: true,
  autoClose: false,
  decodeStrings: false,
  validateEntrySizes: true,
  strictFileNames: false,
};

export function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, YAUZL_OPTIONS, (err, zip) => {
      if (err) {
        reject(
          new ArtifactError('corrupt', 'The downloaded file is not a valid zip archive.', `yauzl.open: ${err.message}`),
        );
      } else resolve(zip);
    });
  });
}

/** Reads entries one at a time (lazyEntries). */
export async function* entries(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  for (;;) {
    const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
      const onEntry = (e: yauzl.Entry): void => {
        cleanup();
        resolve(e);
      };
      const onEnd = (): void => {
        cleanup();
        resolve(undefined);
      };
      const onError = (err: Error): void => {
        cleanup();
        reject(new ArtifactError('corrupt', 'The zip archive is damaged.', `zip: ${err.message}`));
      };
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

export function entryName(e: yauzl.Entry): string {
  const raw = e.fileName as unknown;
  if (typeof raw === 'string') return raw;
  return yauzl.getFileNameLowLevel(e.generalPurposeBitFlag, raw as Buffer, e.extraFields, false);
}

export function openStream(
  zip: yauzl.ZipFile,
  e: yauzl.Entry,
): Promise<NodeJS.ReadableStream & { destroy(err?: Error): void }> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(e, (err, stream) =>
      err
        ? reject(
            new ArtifactError(
              'corrupt',
              'The zip archive is damaged.',
              `openReadStream ${printable(entryName(e))}: ${err.message}`,
            ),
          )
        : resolve(stream),
    );
  });
}

const READ_CHUNK = 1024 * 1024;

/**
 * The entry's uncompressed bytes, read from the archive in 1 MiB slices (yauzl's own streams read 16 KiB at a
 * time) and inflated when deflated. Enforces the declared size exactly, like yauzl's validateEntrySizes.
 */
export function entryData(file: string, fileDataStart: number, e: yauzl.Entry, name: string): NodeJS.ReadableStream[] {
  const declared = e.uncompressedSize;
  let seen = 0;
  const check = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > declared) {
        return cb(
          new ArtifactError(
            'corrupt',
            'The zip archive is damaged or lies about its sizes.',
            `${printable(name)}: more than the declared ${declared} bytes`,
          ),
        );
      }
      cb(null, chunk);
    },
    flush(cb) {
      cb(
        seen === declared
          ? null
          : new ArtifactError(
              'corrupt',
              'The zip archive is damaged or lies about its sizes.',
              `${printable(name)}: ${seen} bytes, declared ${declared}`,
            ),
      );
    },
  });
  const source: NodeJS.ReadableStream =
    e.compressedSize === 0
      ? Readable.from([])
      : fs.createReadStream(file, {
          start: fileDataStart,
          end: fileDataStart + e.compressedSize - 1,
          highWaterMark: READ_CHUNK,
        });
  return e.compressionMethod === 8 && e.compressedSize > 0
    ? [source, zlib.createInflateRaw({ chunkSize: 256 * 1024 }), check]
    : [source, check];
}

/** Offset of an entry's data: after its local header (30 bytes + name + extra field). */
export async function dataStart(fh: fs.promises.FileHandle, e: yauzl.Entry): Promise<number> {
  const hdr = Buffer.alloc(30);
  const { bytesRead } = await fh.read(hdr, 0, 30, e.relativeOffsetOfLocalHeader);
  if (bytesRead !== 30 || hdr.readUInt32LE(0) !== 0x04034b50) {
    throw new ArtifactError(
      'corrupt',
      'The zip archive is damaged.',
      `bad local header at ${e.relativeOffsetOfLocalHeader}`,
    );
  }
  return e.relativeOffsetOfLocalHeader + 30 + hdr.readUInt16LE(26) + hdr.readUInt16LE(28);
}

/** Entries up to this size are read, inflated and written in one piece (streams cost ~1 ms per file). */
export const SMALL_ENTRY = 1024 * 1024;
const inflateRawAsync = promisify(zlib.inflateRaw);

/** A small entry's bytes, checked against its declared size (a lying entry cannot inflate past it). */
export async function smallEntry(
  fh: fs.promises.FileHandle,
  start: number,
  e: yauzl.Entry,
  name: string,
): Promise<Buffer> {
  const comp = Buffer.allocUnsafe(e.compressedSize);
  if (e.compressedSize > 0) {
    const { bytesRead } = await fh.read(comp, 0, e.compressedSize, start);
    if (bytesRead !== e.compressedSize) {
      throw new ArtifactError('corrupt', 'The zip archive is truncated.', `${printable(name)}: short read`);
    }
  }
  const data =
    e.compressionMethod === 8 ? await inflateRawAsync(comp, { maxOutputLength: e.uncompressedSize + 1 }) : comp;
  if (data.length !== e.uncompressedSize) {
    throw new ArtifactError(
      'corrupt',
      'The zip archive is damaged or lies about its sizes.',
      `${printable(name)}: ${data.length} bytes, declared ${e.uncompressedSize}`,
    );
  }
  return data;
}

export async function readSmall(zip: yauzl.ZipFile, e: yauzl.Entry, max: number): Promise<string> {
  if (e.uncompressedSize > max) {
    throw new ArtifactError(
      'refused',
      'The archive contains an unsafe symlink.',
      `symlink target of ${printable(entryName(e))} is ${e.uncompressedSize} bytes`,
    );
  }
  const stream = await openStream(zip, e);
  const chunks: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}
