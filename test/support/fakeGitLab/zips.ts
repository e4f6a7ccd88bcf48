// Builds real zip archives for the tests with yazl, including hostile ones. yazl refuses unsafe
// names, so hostile names are written as same-length placeholders and patched in the bytes afterwards.
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import * as yazl from 'yazl';

export interface ZipEntrySpec {
  readonly name: string;
  /** File content (default empty). */
  readonly data?: string | Buffer;
  /** Generate `size` zero bytes instead of `data` (compresses to almost nothing: a bomb). */
  readonly zeros?: number;
  readonly dir?: boolean;
  /** Store as a symlink pointing here (unix mode S_IFLNK in the external attributes). */
  readonly symlink?: string;
  readonly mode?: number;
  readonly compress?: boolean;
}

let placeholderSeq = 0;

/** A placeholder of the same UTF-8 length that yazl accepts, unique within the process. */
function placeholderFor(name: string): string {
  const len = Buffer.byteLength(name);
  const tag = `Q${(placeholderSeq++).toString(36)}Z`;
  if (tag.length > len) throw new Error(`hostile name ${name} too short to patch`);
  return (tag + 'q'.repeat(len)).slice(0, len);
}

function needsPatch(name: string): boolean {
  const n = name.replace(/\\/g, '/');
  return (
    n.startsWith('/') ||
    /^[A-Za-z]:/.test(n) ||
    n.split('/').includes('..') ||
    name.includes('\\') ||
    name.includes('\u0000') ||
    n === '' ||
    n.endsWith('/')
  );
}

function addAll(zip: yazl.ZipFile, entries: readonly ZipEntrySpec[]): Map<string, string> {
  const patches = new Map<string, string>();
  for (const e of entries) {
    let name = e.name;
    if (!e.dir && needsPatch(name)) {
      const ph = placeholderFor(name);
      patches.set(ph, name);
      name = ph;
    } else if (e.dir && needsPatch(name.replace(/\/$/, ''))) {
      const ph = placeholderFor(name.replace(/\/$/, ''));
      patches.set(ph, name.replace(/\/$/, ''));
      name = ph;
    }
    if (e.dir) {
      zip.addEmptyDirectory(name, { mode: e.mode ?? 0o40755 });
    } else if (e.symlink !== undefined) {
      zip.addBuffer(Buffer.from(e.symlink), name, { mode: 0o120777, compress: false });
    } else if (e.zeros !== undefined) {
      const total = e.zeros;
      const chunk = Buffer.alloc(Math.min(total, 1 << 20));
      let left = total;
      const stream = new Readable({
        read() {
          if (left <= 0) return void this.push(null);
          const n = Math.min(left, chunk.length);
          left -= n;
          this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
        },
      });
      zip.addReadStream(stream, name, { mode: e.mode ?? 0o100644, size: total, compress: e.compress ?? true });
    } else {
      zip.addBuffer(Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data ?? ''), name, {
        mode: e.mode ?? 0o100644,
        compress: e.compress ?? true,
      });
    }
  }
  zip.end();
  return patches;
}

function patchNames(buf: Buffer, patches: Map<string, string>): Buffer {
  for (const [ph, real] of patches) {
    const from = Buffer.from(ph);
    const to = Buffer.from(real);
    let at = buf.indexOf(from);
    let n = 0;
    while (at !== -1) {
      to.copy(buf, at);
      n++;
      at = buf.indexOf(from, at + 1);
    }
    if (n === 0) throw new Error(`placeholder ${ph} not found`);
  }
  return buf;
}

/** Builds a zip in memory. */
export async function buildZip(entries: readonly ZipEntrySpec[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const patches = addAll(zip, entries);
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream as AsyncIterable<Buffer>) chunks.push(c);
  return patchNames(Buffer.concat(chunks), patches);
}

/** Streams a (large, safe-named) zip to a file without holding it in memory. */
export async function writeZipFile(file: string, entries: readonly ZipEntrySpec[]): Promise<void> {
  const zip = new yazl.ZipFile();
  const patches = addAll(zip, entries);
  if (patches.size > 0) throw new Error('writeZipFile does not support hostile names');
  await pipeline(zip.outputStream, createWriteStream(file));
}

/** Central directory records of a zip: offset of each record, for patching declared sizes. */
function centralDirectory(buf: Buffer): { eocd: number; records: number[] } {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('no EOCD');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const records: number[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('bad CD record');
    records.push(at);
    at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return { eocd, records };
}

/** Rewrites the declared uncompressed size of entry `index` in the central directory (the size yauzl trusts). */
export function patchDeclaredSize(buf: Buffer, index: number, size: number): Buffer {
  const { records } = centralDirectory(buf);
  const rec = records[index];
  if (rec === undefined) throw new Error('no such entry');
  buf.writeUInt32LE(size >>> 0, rec + 24);
  return buf;
}
