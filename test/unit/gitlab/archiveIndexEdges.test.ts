// Listing an archive with Range reads (Open Artifact File) on the archives that are not the easy case: a central
// directory that is not inside the first (tail) read, zip64 archives, answers that are not a zip, a directory too
// large to list, a zip64 locator pointing at garbage, names that are not UTF-8.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as yazl from 'yazl';
import { listArchiveEntries, parseCentralDirectory } from '../../../src/gitlab/archiveIndex';
import { GitLabApiError } from '../../../src/gitlab/errors';
import { GitLabTestServer } from '../../support/fakeGitLab/server';
import { buildZip } from '../../support/fakeGitLab/zips';
import { clientFor } from '../../support/fakeGitLab/helpers';

let server: GitLabTestServer;
before(async () => {
  server = await GitLabTestServer.start();
  server.addPipeline({ id: 400, ref: 'main' });
});
after(() => server.close());
beforeEach(() => server.resetBetweenTests());

let nextJob = 40;
/** Serves `archive` as the archive of a new job and lists it. */
async function list(archive: Buffer): Promise<ReturnType<typeof listArchiveEntries>> {
  const id = nextJob++;
  server.addJob({ id, name: `job${id}`, pipelineId: 400, archive });
  return listArchiveEntries(clientFor(server).client, { kind: 'job', project: 7, jobId: id });
}

function rangeReads(): number {
  return server.requests.filter((r) => typeof r.headers['range'] === 'string').length;
}

/** A zip written by yazl with options the shared helper does not offer (zip64, an archive comment). */
async function yazlZip(
  files: readonly { name: string; data: string }[],
  opts: { zip64?: boolean; comment?: string } = {},
): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const f of files) {
    zip.addBuffer(Buffer.from(f.data), f.name, { forceZip64Format: opts.zip64 ?? false, compress: false });
  }
  zip.end({ forceZip64Format: opts.zip64 ?? false, comment: opts.comment ?? '' });
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

const EOCD_SIG = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

void test('a directory outside the last 64 KiB (a long archive comment) is read with a second Range request', async () => {
  const files = Array.from({ length: 30 }, (_, i) => ({
    name: `dir/file-${String(i).padStart(3, '0')}.txt`,
    data: 'x'.repeat(i),
  }));
  const entries = await list(await yazlZip(files, { comment: 'c'.repeat(65_000) }));
  assert.ok(entries);
  assert.equal(entries.length, 30);
  assert.deepEqual(entries[29], { path: 'dir/file-029.txt', size: 29, isDirectory: false, isSymlink: false });
  assert.equal(rangeReads(), 2, 'the tail, then the directory');
});

void test('a zip64 archive is listed through its zip64 end record and the sizes in the zip64 extra fields', async () => {
  const entries = await list(
    await yazlZip(
      [
        { name: 'a.txt', data: 'hello' },
        { name: 'b/c.txt', data: 'world!' },
      ],
      { zip64: true },
    ),
  );
  assert.ok(entries);
  assert.deepEqual(
    entries.map((e) => `${e.path}:${e.size}`),
    ['a.txt:5', 'b/c.txt:6'],
  );
  assert.equal(rangeReads(), 1, 'the zip64 record and the directory were inside the tail');
});

void test('a zip64 locator that points at something else is an error, not a wrong listing', async () => {
  const zip = await yazlZip([{ name: 'a.txt', data: 'hello' }], { zip64: true });
  const eocd = zip.lastIndexOf(EOCD_SIG);
  // The locator (20 bytes before the EOCD) holds the offset of the zip64 end record at +8: point it at offset 0,
  // a local file header.
  zip.writeBigUInt64LE(0n, eocd - 20 + 8);
  await assert.rejects(list(zip), (e: unknown) => {
    assert.ok(e instanceof GitLabApiError);
    assert.equal(e.message, 'Could not read the zip64 directory of the archive.');
    return true;
  });
});

void test('an answer that is not a zip (no end record in the tail) says so', async () => {
  await assert.rejects(list(Buffer.from('{"message":"this is not a zip at all, just some JSON"}')), (e: unknown) => {
    assert.ok(e instanceof GitLabApiError);
    assert.match(e.message, /^The artifacts of job \d+ are not a zip archive\.$/);
    assert.equal(e.detail, 'no end-of-central-directory record in the last 64 KiB');
    return true;
  });
});

void test('a central directory declared larger than 64 MiB is refused before it is read', async () => {
  const zip = await buildZip([{ name: 'a.txt', data: 'a' }]);
  const eocd = zip.lastIndexOf(EOCD_SIG);
  zip.writeUInt32LE(64 * 1024 * 1024 + 1, eocd + 12);
  const before = server.requests.length;
  await assert.rejects(list(zip), /The archive directory is too large to list; download the archive instead\./);
  assert.equal(server.requests.length - before, 1, 'only the tail was read');
});

void test('a directory exactly at the 64 MiB limit is still read (the bound is "more than")', async () => {
  // Declared exactly 64 MiB, offset 0: outside the tail, so a second range read asks for it; the fake server
  // clamps the range to the archive and the parser reads the one real record it finds at the directory offset.
  const zip = await buildZip([{ name: 'a.txt', data: 'a' }]);
  const eocd = zip.lastIndexOf(EOCD_SIG);
  const cdOffset = zip.readUInt32LE(eocd + 16);
  zip.writeUInt32LE(64 * 1024 * 1024, eocd + 12);
  const entries = await list(zip);
  assert.ok(entries);
  assert.equal(entries.length, 1);
  assert.equal(entries[0]?.path, 'a.txt');
  assert.ok(cdOffset > 0);
  assert.equal(rangeReads(), 2);
});

void test('parseCentralDirectory: names without the UTF-8 flag are read as single bytes; bad records throw', () => {
  const name = Buffer.from([0x63, 0x61, 0x66, 0xe9]); // "café" in Latin-1 / CP437-ish bytes
  const rec = Buffer.alloc(46 + name.length);
  rec.writeUInt32LE(0x02014b50, 0);
  rec.writeUInt16LE(0, 8); // no UTF-8 flag
  rec.writeUInt32LE(12, 24);
  rec.writeUInt16LE(name.length, 28);
  rec.writeUInt32LE((0o120777 << 16) >>> 0, 38); // a symlink
  name.copy(rec, 46);
  assert.deepEqual(parseCentralDirectory(rec, 1), [{ path: 'café', size: 12, isDirectory: false, isSymlink: true }]);
  // A count larger than what the buffer holds stops at the end instead of reading past it.
  assert.equal(parseCentralDirectory(rec, 5).length, 1);
  const bad = Buffer.from(rec);
  bad.writeUInt32LE(0x04034b50, 0);
  assert.throws(() => parseCentralDirectory(bad, 1), /bad central directory record/);
  // Backslashes are separators; a trailing slash makes a directory.
  const dirName = Buffer.from('a\\b\\');
  const dir = Buffer.alloc(46 + dirName.length);
  dir.writeUInt32LE(0x02014b50, 0);
  dir.writeUInt16LE(0x800, 8);
  dir.writeUInt16LE(dirName.length, 28);
  dirName.copy(dir, 46);
  assert.deepEqual(parseCentralDirectory(dir, 1), [{ path: 'a/b', size: 0, isDirectory: true, isSymlink: false }]);
});
