// Entries over 1 MiB do not take the one-piece path: they are streamed from the archive in 1 MiB slices, inflated
// when deflated, and held to their declared size on the way. These tests give the extractor such entries, honest
// and lying, stored and deflated, and a disk or a user that stops it half-way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ArtifactError } from '../../../src/gitlab/errors';
import { extractZipAtomic } from '../../../src/gitlab/zipExtract';
import { SMALL_ENTRY } from '../../../src/gitlab/zipRead';
import type { WriteFs } from '../../../src/gitlab/zipWrite';
import { patchDeclaredSize } from '../../support/fakeGitLab/zips';
import { listTree } from '../../support/fakeGitLab/helpers';
import { artifactFailure, zipScratch } from '../../support/zipScratch';

const { zipFile, freshTarget } = zipScratch('af-zipbig-');
const failure = (p: Promise<unknown>): Promise<ArtifactError> => artifactFailure(p, 'expected the extraction to fail');

/** Bytes that do not compress to nothing, so a deflated entry is large on both sides of SMALL_ENTRY. */
function pattern(size: number): Buffer {
  const b = Buffer.alloc(size);
  let x = 12345;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

const BIG = SMALL_ENTRY * 2 + 123;

void test('a deflated and a stored entry over 1 MiB are streamed out byte for byte, and counted', async () => {
  const deflated = pattern(BIG);
  const stored = pattern(SMALL_ENTRY + 1);
  const f = await zipFile([
    { name: 'big/deflated.bin', data: deflated },
    { name: 'big/stored.bin', data: stored, compress: false },
    { name: 'zeros.bin', zeros: 3 * SMALL_ENTRY },
    { name: 'small.txt', data: 'small' },
  ]);
  const { target } = freshTarget();
  const progress: number[] = [];
  const r = await extractZipAtomic(f, target, { onEntry: (files) => progress.push(files) });
  assert.equal(r.files, 4);
  assert.equal(r.bytes, BIG + SMALL_ENTRY + 1 + 3 * SMALL_ENTRY + 5);
  assert.ok(readFileSync(join(target, 'big', 'deflated.bin')).equals(deflated));
  assert.ok(readFileSync(join(target, 'big', 'stored.bin')).equals(stored));
  assert.equal(statSync(join(target, 'zeros.bin')).size, 3 * SMALL_ENTRY);
  assert.equal(readFileSync(join(target, 'small.txt'), 'utf8'), 'small');
  assert.deepEqual(progress, [1, 2, 3, 4]);
});

void test('an entry exactly 1 MiB takes the one-piece path and one byte more the streamed path: both are exact', async () => {
  const a = pattern(SMALL_ENTRY);
  const b = pattern(SMALL_ENTRY + 1);
  const f = await zipFile([
    { name: 'a.bin', data: a, compress: false },
    { name: 'b.bin', data: b, compress: false },
  ]);
  const { target } = freshTarget();
  await extractZipAtomic(f, target);
  assert.ok(readFileSync(join(target, 'a.bin')).equals(a));
  assert.ok(readFileSync(join(target, 'b.bin')).equals(b));
});

void test('a large entry carrying more data than it declares is stopped while streaming; nothing is kept', async () => {
  const f = await zipFile([{ name: 'liar.bin', zeros: 4 * SMALL_ENTRY }], (buf) =>
    patchDeclaredSize(buf, 0, 2 * SMALL_ENTRY),
  );
  const { parent, target } = freshTarget();
  const e = await failure(extractZipAtomic(f, target));
  assert.equal(e.kind, 'corrupt');
  assert.equal(e.message, 'The zip archive is damaged or lies about its sizes.');
  assert.match(e.detail, /liar\.bin: more than the declared 2097152 bytes/);
  assert.deepEqual(listTree(parent), []);
});

void test('a large entry carrying less data than it declares is caught at its end; nothing is kept', async () => {
  // Deflated: for a stored entry yauzl already compares the two sizes of the directory record.
  const f = await zipFile([{ name: 'short.bin', data: pattern(2 * SMALL_ENTRY) }], (buf) =>
    patchDeclaredSize(buf, 0, 2 * SMALL_ENTRY + 10),
  );
  const { parent, target } = freshTarget();
  const e = await failure(extractZipAtomic(f, target));
  assert.equal(e.kind, 'corrupt');
  assert.match(e.detail, /short\.bin: 2097152 bytes, declared 2097162/);
  assert.deepEqual(listTree(parent), []);
});

void test('a small entry carrying less data than it declares is caught too (one-piece path)', async () => {
  const f = await zipFile([{ name: 'short.txt', data: 'abc' }], (buf) => patchDeclaredSize(buf, 0, 10));
  const { parent, target } = freshTarget();
  const e = await failure(extractZipAtomic(f, target));
  assert.equal(e.kind, 'corrupt');
  assert.match(e.detail, /short\.txt: 3 bytes, declared 10/);
  assert.deepEqual(listTree(parent), []);
});

/** A disk that accepts `limit` bytes, then fails with `code` (or runs `onWrite` on the first write). */
function failingFs(limit: number, code: string, onWrite?: () => void): WriteFs {
  let written = 0;
  return {
    createWriteStream: () =>
      new Writable({
        write(chunk: Buffer, _enc, cb) {
          onWrite?.();
          written += chunk.length;
          if (written > limit) {
            const err = new Error(`${code}: injected`) as NodeJS.ErrnoException;
            err.code = code;
            cb(err);
          } else cb();
        },
      }),
  };
}

void test('the disk filling up in the middle of a streamed entry is "disk full"; nothing is kept', async () => {
  const f = await zipFile([{ name: 'big.bin', data: pattern(BIG) }]);
  const { parent, target } = freshTarget();
  const e = await failure(extractZipAtomic(f, target, { fs: failingFs(SMALL_ENTRY, 'ENOSPC') }));
  assert.equal(e.kind, 'diskFull');
  assert.equal(e.message, 'Not enough disk space to extract the artifacts. Nothing was kept.');
  assert.match(e.detail, /^writing big\.bin: ENOSPC/);
  assert.deepEqual(listTree(parent), []);
});

void test('a read-only disk during a streamed entry says which errno and to pick another folder', async () => {
  const f = await zipFile([{ name: 'big.bin', data: pattern(BIG) }]);
  const { parent, target } = freshTarget();
  const e = await failure(extractZipAtomic(f, target, { fs: failingFs(0, 'EROFS') }));
  assert.equal(e.kind, 'io');
  assert.equal(e.message, 'Cannot write the artifacts there (EROFS). Pick another folder.');
  assert.deepEqual(listTree(parent), []);
});

void test('cancelling while a large entry streams stops it and keeps nothing', async () => {
  const f = await zipFile([{ name: 'big.bin', data: pattern(BIG) }]);
  const { parent, target } = freshTarget();
  const ac = new AbortController();
  const e = await failure(
    extractZipAtomic(f, target, { signal: ac.signal, fs: failingFs(Infinity, 'EIO', () => ac.abort()) }),
  );
  assert.equal(e.kind, 'cancelled');
  assert.deepEqual(listTree(parent), []);
});
