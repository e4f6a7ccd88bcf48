import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ArtifactError } from '../../../src/gitlab/errors';
import { extractZipAtomic } from '../../../src/gitlab/zipExtract';
import { DEFAULT_LIMITS } from '../../../src/gitlab/zipPlan';
import type { WriteFs } from '../../../src/gitlab/zipWrite';
import { checkEntryName, checkSymlinkTarget } from '../../../src/gitlab/zipSafety';
import { patchDeclaredSize, type ZipEntrySpec } from '../../support/fakeGitLab/zips';
import { listTree } from '../../support/fakeGitLab/helpers';
import { artifactFailure, zipScratch } from '../../support/zipScratch';

const scratch = zipScratch('af-zip-');
const { zipFile, freshTarget } = scratch;
const refused = (p: Promise<unknown>): Promise<ArtifactError> =>
  artifactFailure(p, 'expected the archive to be refused');

void test('extracts files, directories, executable bits and inside symlinks', async () => {
  const f = await zipFile([
    { name: 'build/', dir: true },
    { name: 'build/app.js', data: 'console.log(1)' },
    { name: 'bin/run.sh', data: '#!/bin/sh\n', mode: 0o100755 },
    { name: 'deep/a/b/c.txt', data: 'c' },
    { name: 'links/current', symlink: '../build' },
    { name: 'build.env', data: 'A=1\n' },
  ]);
  const { target } = freshTarget();
  const report = await extractZipAtomic(f, target);
  assert.equal(report.files, 4);
  assert.equal(report.symlinks, 1);
  assert.deepEqual(listTree(target), [
    '.artifact-flow.json',
    'bin/',
    'bin/run.sh',
    'build/',
    'build/app.js',
    'build.env',
    'deep/',
    'deep/a/',
    'deep/a/b/',
    'deep/a/b/c.txt',
    'links/',
    'links/current@',
  ]);
  assert.equal(readFileSync(join(target, 'build/app.js'), 'utf8'), 'console.log(1)');
  assert.equal(readlinkSync(join(target, 'links/current')), '../build');
});

const hostile: [string, ZipEntrySpec[], RegExp][] = [
  [
    'zip-slip ../',
    [
      { name: 'ok.txt', data: 'ok' },
      { name: '../evil.txt', data: 'x' },
    ],
    /escapes the target/,
  ],
  ['nested zip-slip a/../../', [{ name: 'a/../../evil.txt', data: 'x' }], /escapes the target/],
  ['absolute path', [{ name: '/tmp/evil-abs.txt', data: 'x' }], /absolute path/],
  ['drive letter', [{ name: 'C:/Windows/evil.txt', data: 'x' }], /drive letter/],
  ['backslash slip', [{ name: '..\\evil.txt', data: 'x' }], /escapes the target/],
  ['symlink to /etc', [{ name: 'etc', symlink: '/etc' }], /symlink to an absolute path/],
  ['symlink pointing outside', [{ name: 'sub/up', symlink: '../../..' }], /pointing outside/],
  [
    'write through a symlink',
    [
      { name: 'link', symlink: 'real' },
      { name: 'real/', dir: true },
      { name: 'link/x.txt', data: 'x' },
    ],
    /goes through the symlink/,
  ],
  [
    'symlink chain that re-points ..',
    [
      { name: 'b', symlink: '.' },
      { name: 'a', symlink: 'b/..' },
    ],
    /through another symlink/,
  ],
];

for (const [label, entries, reason] of hostile) {
  void test(`refuses a hostile archive (${label}), reports it and writes nothing`, async () => {
    const f = await zipFile(entries);
    const { parent, target } = freshTarget();
    const e = await refused(extractZipAtomic(f, target));
    assert.equal(e.kind, 'refused');
    assert.ok(e.refused.length >= 1);
    assert.ok(
      e.refused.some((r) => reason.test(r.reason)),
      JSON.stringify(e.refused),
    );
    assert.match(e.message, /Nothing was written/);
    assert.deepEqual(listTree(parent), [], 'nothing at all in the target parent');
    assert.ok(!existsSync(join(scratch.dir(), 'evil.txt')) && !existsSync('/tmp/evil-abs.txt'));
  });
}

void test('an archive over the entry cap is refused before anything is written', async () => {
  const f = await zipFile(Array.from({ length: 1001 }, (_, i) => ({ name: `f${i}.txt`, data: '' })));
  const { parent, target } = freshTarget();
  const e = await refused(extractZipAtomic(f, target, { maxEntries: 1000 }));
  assert.equal(e.kind, 'limits');
  assert.match(e.message, /1001 entries, more than the limit of 1000/);
  assert.deepEqual(listTree(parent), []);
  const ok = await extractZipAtomic(f, target, { maxEntries: 1001 });
  assert.equal(ok.files, 1001);
});

void test('defaults are 4 GiB and 100,000 entries', () => {
  assert.equal(DEFAULT_LIMITS.maxTotalBytes, 4 * 1024 ** 3);
  assert.equal(DEFAULT_LIMITS.maxEntries, 100_000);
});

void test('a zip bomb whose declared size exceeds the default 4 GiB cap is refused up front', async () => {
  const f = await zipFile(
    [
      { name: 'a.bin', zeros: 1024 },
      { name: 'b.bin', zeros: 1024 },
    ],
    (b) => patchDeclaredSize(patchDeclaredSize(b, 0, 0xfffffff0), 1, 0xfffffff0),
  );
  const { parent, target } = freshTarget();
  const e = await refused(extractZipAtomic(f, target));
  assert.equal(e.kind, 'limits');
  assert.match(e.message, /more than the limit of 4 GiB/);
  assert.deepEqual(listTree(parent), []);
});

void test('a real bomb (highly compressed zeros) over a configured cap is refused', async () => {
  const f = await zipFile([{ name: 'bomb.bin', zeros: 8 * 1024 * 1024 }]);
  const { parent, target } = freshTarget();
  const e = await refused(extractZipAtomic(f, target, { maxTotalBytes: 1024 * 1024 }));
  assert.equal(e.kind, 'limits');
  assert.deepEqual(listTree(parent), []);
});

void test('an entry that lies about its size (more data than declared) is caught while streaming; nothing is kept', async () => {
  const f = await zipFile(
    [
      { name: 'small.txt', data: 'fine' },
      { name: 'liar.bin', zeros: 4 * 1024 * 1024 },
    ],
    (b) => patchDeclaredSize(b, 1, 100),
  );
  const { parent, target } = freshTarget();
  const e = await refused(extractZipAtomic(f, target));
  assert.equal(e.kind, 'corrupt');
  assert.deepEqual(listTree(parent), []);
});

void test('a file that is not a zip is reported as corrupt', async () => {
  const f = join(scratch.dir(), 'notzip.zip');
  writeFileSync(f, '{"message":"404 Not found"}');
  const { parent, target } = freshTarget();
  const e = await refused(extractZipAtomic(f, target));
  assert.equal(e.kind, 'corrupt');
  assert.match(e.message, /not a valid zip/);
  assert.deepEqual(listTree(parent), []);
});

void test('disk full while writing (injected ENOSPC) leaves nothing half-written and keeps the previous folder', async () => {
  const f = await zipFile([
    { name: 'a.txt', data: 'a'.repeat(1000) },
    { name: 'b.txt', data: 'b'.repeat(100_000) },
  ]);
  const { parent, target } = freshTarget();
  await extractZipAtomic(await zipFile([{ name: 'previous.txt', data: 'old' }]), target);
  let written = 0;
  const fullFs: WriteFs = {
    createWriteStream: () =>
      new Writable({
        write(chunk: Buffer, _enc, cb) {
          written += chunk.length;
          if (written > 50_000) {
            const err = new Error('ENOSPC: no space left on device, write') as NodeJS.ErrnoException;
            err.code = 'ENOSPC';
            cb(err);
          } else cb();
        },
      }),
  };
  const e = await refused(extractZipAtomic(f, target, { fs: fullFs }));
  assert.equal(e.kind, 'diskFull');
  assert.match(e.message, /disk space/);
  assert.deepEqual(
    listTree(parent),
    ['out/', 'out/.artifact-flow.json', 'out/previous.txt'],
    'temp folder removed; previous extraction untouched',
  );
});

void test('an unwritable target (parent is a file) gives a clear io error and leaves nothing', async () => {
  const f = await zipFile([{ name: 'a.txt', data: 'a' }]);
  const blocker = scratch.name('blocker');
  writeFileSync(blocker, 'not a folder');
  const e = await refused(extractZipAtomic(f, join(blocker, 'sub', 'out')));
  assert.equal(e.kind, 'io');
  assert.match(e.message, /Could not write|Cannot write/);
});

void test('cancellation before writing leaves nothing', async () => {
  const f = await zipFile([{ name: 'a.txt', data: 'a' }]);
  const { parent, target } = freshTarget();
  const ac = new AbortController();
  ac.abort();
  const e = await refused(extractZipAtomic(f, target, { signal: ac.signal }));
  assert.equal(e.kind, 'cancelled');
  assert.deepEqual(listTree(parent), []);
});

void test('re-extracting replaces the previous folder atomically', async () => {
  const { target } = freshTarget();
  await extractZipAtomic(await zipFile([{ name: 'old.txt', data: '1' }]), target);
  await extractZipAtomic(await zipFile([{ name: 'new.txt', data: '2' }]), target);
  assert.deepEqual(listTree(target), ['.artifact-flow.json', 'new.txt']);
});

void test('name and symlink checks (pure)', () => {
  assert.deepEqual(checkEntryName('./a//b/'), { ok: true, path: 'a/b' });
  assert.equal(checkEntryName('a/\u0000b').ok, false);
  assert.equal(checkEntryName('\\\\server\\share\\x').ok, false);
  assert.deepEqual(checkSymlinkTarget('a/b/link', '../c', new Set()), { ok: true, path: 'a/c' });
  assert.equal(checkSymlinkTarget('link', '..', new Set()).ok, false);
  assert.equal(checkSymlinkTarget('link', 'C:/x', new Set()).ok, false);
});

// Names that are harmless on Linux but unsafe where the files may be opened next (Windows, macOS).
const unportable: [string, string, RegExp][] = [
  ['a Windows device name', 'logs/CON', /Windows device name/],
  ['a device name with an extension, any case', 'nul.txt', /Windows device name/],
  ['COM1 with an extension', 'dir/com1.log', /Windows device name/],
  ['LPT9', 'Lpt9', /Windows device name/],
  ['a device name before the dot with spaces', 'aux .txt', /Windows device name/],
  ['an NTFS alternate data stream', 'report.txt:hidden', /NTFS alternate data stream/],
  ['a trailing dot', 'dir./x.txt', /ends with a dot or a space/],
  ['a trailing space', 'file.txt ', /ends with a dot or a space/],
  ['a character Windows refuses', 'what?.txt', /Windows does not allow/],
  ['a pipe', 'a|b', /Windows does not allow/],
  ['a control character', 'bell\u0007.txt', /control character/],
  ['an escape sequence', 'x\u001b[31m.txt', /control character/],
];

for (const [label, name, reason] of unportable) {
  void test(`refuses ${label} (${JSON.stringify(name)}) like ../, writing nothing`, async () => {
    const f = await zipFile([
      { name: 'ok.txt', data: 'ok' },
      { name, data: 'x' },
    ]);
    const { parent, target } = freshTarget();
    const e = await refused(extractZipAtomic(f, target));
    assert.equal(e.kind, 'refused');
    assert.ok(
      e.refused.some((r) => reason.test(r.reason)),
      JSON.stringify(e.refused),
    );
    assert.deepEqual(listTree(parent), []);
  });
}

void test('ordinary names that merely resemble device names are fine', () => {
  for (const name of ['console.log', 'auxiliary/x', 'com10', 'lpt', 'con-fig.txt', 'a.b.c', '.hidden', 'dir/.env']) {
    assert.equal(checkEntryName(name).ok, true, name);
  }
});

// On a case-insensitive (or normalisation-insensitive) file system these names are the symlink's.
const caseSmuggling: [string, ZipEntrySpec[], RegExp][] = [
  [
    'a file through a symlink spelled in another case',
    [
      { name: 'Link', symlink: 'real' },
      { name: 'real/', dir: true },
      { name: 'link/x.txt', data: 'x' },
    ],
    /goes through the symlink Link/,
  ],
  [
    'a file through a symlink spelled in NFD',
    [
      { name: '\u00e4', symlink: 'real' },
      { name: 'real/', dir: true },
      { name: 'a\u0308/x.txt', data: 'x' },
    ],
    /goes through the symlink/,
  ],
  [
    'a symlink target that walks through another symlink in another case',
    [
      { name: 'b', symlink: '.' },
      { name: 'a', symlink: 'B/..' },
    ],
    /through another symlink/,
  ],
  [
    'a symlink and a file that differ only by case',
    [
      { name: 'data', data: 'file' },
      { name: 'DATA', symlink: 'x' },
      { name: 'x', data: 'x' },
    ],
    /case-insensitive file system/,
  ],
];

for (const [label, entries, reason] of caseSmuggling) {
  void test(`refuses ${label}`, async () => {
    const f = await zipFile(entries);
    const { parent, target } = freshTarget();
    const e = await refused(extractZipAtomic(f, target));
    assert.equal(e.kind, 'refused');
    assert.ok(
      e.refused.some((r) => reason.test(r.reason)),
      JSON.stringify(e.refused),
    );
    assert.deepEqual(listTree(parent), []);
  });
}

void test('an archive with its own root .artifact-flow.json is refused (never silently dropped); a nested one is kept', async () => {
  const { parent, target } = freshTarget();
  const e = await refused(
    extractZipAtomic(
      await zipFile([
        { name: 'a.txt', data: 'a' },
        { name: '.Artifact-Flow.json', data: '{}' },
      ]),
      target,
    ),
  );
  assert.equal(e.kind, 'refused');
  assert.ok(
    e.refused.some((r) => /its own \.artifact-flow\.json at its root/.test(r.reason)),
    JSON.stringify(e.refused),
  );
  assert.deepEqual(listTree(parent), []);
  await extractZipAtomic(await zipFile([{ name: 'sub/.artifact-flow.json', data: '{"tool":"x"}' }]), target);
  assert.equal(readFileSync(join(target, 'sub', '.artifact-flow.json'), 'utf8'), '{"tool":"x"}');
});

void test('extraction refuses a target that is not ours and leaves it exactly as it was', async () => {
  const f = await zipFile([{ name: 'a.txt', data: 'new' }]);
  const { parent, target } = freshTarget();
  mkdirSync(target);
  writeFileSync(join(target, 'precious.txt'), 'mine');
  const e = await refused(extractZipAtomic(f, target));
  assert.equal(e.kind, 'target');
  assert.match(e.message, /not empty and was not created by a download.*Pick an empty or new folder/);
  assert.deepEqual(listTree(parent), ['out/', 'out/precious.txt']);
});
