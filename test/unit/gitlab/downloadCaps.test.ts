// downloadArchive in this process (the CLI tests see the same paths only through a child process): the size caps
// (announced or not, declared by GitLab or absolute), the 1 MiB write coalescing, and a disk that refuses writes.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { declaredSizeCap, DEFAULT_MAX_DOWNLOAD_BYTES, downloadArchive } from '../../../src/gitlab/download';
import { ArtifactError } from '../../../src/gitlab/errors';
import type { WriteFs } from '../../../src/gitlab/zipWrite';
import { GitLabTestServer } from '../../support/fakeGitLab/server';
import { clientFor, tempDir, type TempDir } from '../../support/fakeGitLab/helpers';

const MiB = 1024 * 1024;
let server: GitLabTestServer;
let tmp: TempDir;
/** Not a zip: downloadArchive only saves bytes. Large enough for several 1 MiB writes. */
const BODY = Buffer.alloc(3 * MiB + 4321);
for (let i = 0; i < BODY.length; i++) BODY[i] = (i * 31 + (i >> 8)) & 0xff;

before(async () => {
  server = await GitLabTestServer.start();
  tmp = tempDir('af-caps-');
  server.addPipeline({ id: 500, ref: 'main' });
  server.addJob({ id: 51, name: 'big', pipelineId: 500, archive: BODY });
});
after(async () => {
  await server.close();
  tmp.cleanup();
});
beforeEach(() => server.resetBetweenTests());

const SRC = { kind: 'job', project: 7, jobId: 51 } as const;

async function refusal(p: Promise<unknown>): Promise<ArtifactError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ArtifactError, `expected ArtifactError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the download to be stopped');
}

void test('declaredSizeCap: 1 MiB of slack for small archives, 1 % for large ones', () => {
  assert.equal(declaredSizeCap(0), MiB);
  assert.equal(declaredSizeCap(100 * MiB), 101 * MiB);
  assert.equal(declaredSizeCap(100 * MiB + 1), 100 * MiB + 1 + Math.ceil((100 * MiB + 1) / 100));
  assert.equal(DEFAULT_MAX_DOWNLOAD_BYTES, 16 * 1024 * MiB);
});

void test('a body is saved byte for byte in 1 MiB writes, with progress up to the announced total', async () => {
  const file = join(tmp.fresh(), 'a.zip');
  const writes: number[] = [];
  const recordingFs: WriteFs = {
    createWriteStream: (p, o) => {
      const real = createWriteStream(p, o);
      return new Writable({
        write(chunk: Buffer, _enc, cb) {
          writes.push(chunk.length);
          real.write(chunk, cb);
        },
        final(cb) {
          real.end(cb);
        },
      });
    },
  };
  const progress: { bytes: number; total: number | undefined }[] = [];
  const r = await downloadArchive(clientFor(server).client, SRC, file, {
    fs: recordingFs,
    onProgress: (p) => progress.push(p),
    expectedSize: BODY.length,
  });
  assert.deepEqual(r, { bytes: BODY.length, total: BODY.length });
  assert.ok(readFileSync(file).equals(BODY));
  assert.deepEqual(progress[0], { bytes: 0, total: BODY.length });
  assert.deepEqual(progress.at(-1), { bytes: BODY.length, total: BODY.length });
  // Every write but the last is at least 1 MiB: the network's small chunks were coalesced.
  assert.ok(writes.length >= 2 && writes.length <= 4, `writes: ${writes.join(',')}`);
  assert.ok(
    writes.slice(0, -1).every((n) => n >= MiB),
    `writes: ${writes.join(',')}`,
  );
  assert.equal(
    writes.reduce((a, b) => a + b, 0),
    BODY.length,
  );
});

void test('an announced size far over what GitLab declared is refused before a byte is written', async () => {
  const file = join(tmp.fresh(), 'a.zip');
  const e = await refusal(downloadArchive(clientFor(server).client, SRC, file, { expectedSize: 1000 }));
  assert.equal(e.kind, 'limits');
  assert.match(
    e.message,
    /^The server announced 3 MiB for an archive GitLab lists as 1000 B\. Stopped; nothing was kept\./,
  );
  assert.match(e.detail, new RegExp(`content-length ${BODY.length} > cap ${declaredSizeCap(1000)} \\(declared 1000,`));
  assert.equal(existsSync(file), false);
});

void test('an announced size over the absolute cap is refused with the setting to raise', async () => {
  const file = join(tmp.fresh(), 'a.zip');
  const e = await refusal(downloadArchive(clientFor(server).client, SRC, file, { maxBytes: 2 * MiB }));
  assert.equal(e.kind, 'limits');
  assert.match(e.message, /^The archive is 3 MiB, more than the download cap of 2 MiB\./);
  assert.match(e.message, /gitlabArtifactFlow\.maxDownloadSizeMiB or --max-download-size/);
  assert.match(e.detail, /declared unknown, absolute 2097152/);
  assert.equal(existsSync(file), false);
});

void test('a body without a length that runs past the declared size is stopped early; nothing is kept', async () => {
  server.faults.push({ kind: 'endless', match: /\/jobs\/51\/artifacts$/, times: 1 });
  const file = join(tmp.fresh(), 'a.zip');
  const e = await refusal(downloadArchive(clientFor(server).client, SRC, file, { expectedSize: 10 }));
  assert.equal(e.kind, 'limits');
  assert.match(e.message, /^The download ran past the 10 B GitLab declared for the archive\./);
  assert.match(e.detail, /content-length none/);
  assert.ok(server.endlessBytes < 64 * MiB, `the server wrote ${server.endlessBytes} bytes`);
  assert.equal(existsSync(file), false);
});

void test('a body without a length and no declared size stops at the absolute cap', async () => {
  server.faults.push({ kind: 'endless', match: /\/jobs\/51\/artifacts$/, times: 1 });
  const file = join(tmp.fresh(), 'a.zip');
  const e = await refusal(downloadArchive(clientFor(server).client, SRC, file, { maxBytes: 2 * MiB }));
  assert.match(e.message, /^The download ran past the cap of 2 MiB\./);
  assert.match(e.detail, /^body exceeded 2097152 bytes \(declared unknown, absolute 2097152, content-length none\)$/);
  assert.equal(existsSync(file), false);
});

void test('a disk that refuses the write (EACCES) says so and asks for another folder; not retried', async () => {
  const file = join(tmp.fresh(), 'a.zip');
  const deniedFs: WriteFs = {
    createWriteStream: () =>
      new Writable({
        write(_chunk, _enc, cb) {
          const err = new Error('EACCES: permission denied') as NodeJS.ErrnoException;
          err.code = 'EACCES';
          cb(err);
        },
      }),
  };
  const before = server.count(/\/jobs\/51\/artifacts$/);
  const e = await refusal(downloadArchive(clientFor(server).client, SRC, file, { fs: deniedFs }));
  assert.equal(e.kind, 'io');
  assert.equal(e.message, 'Cannot write the download (EACCES). Pick another folder.');
  assert.equal(server.count(/\/jobs\/51\/artifacts$/) - before, 1, 'a disk error is not a network error');
});
