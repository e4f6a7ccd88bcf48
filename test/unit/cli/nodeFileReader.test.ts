// The CLI's file reader: only regular files inside the project folder, never a blocking open, a size cap,
// and a bounded listing that never follows a symlinked folder out of the project.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { READER_LIMITS, nodeFileReader } from '../../../src/cli/nodeFileReader';
import { runFlow } from '../../../src/cli/flowCommand';
import type { FlowModel } from '../../../src/ci/model';

function project(): string {
  const base = mkdtempSync(join(tmpdir(), 'af-reader-'));
  writeFileSync(join(base, 'secret.yml'), 'secret: {script: x}\n');
  mkdirSync(join(base, 'elsewhere'));
  writeFileSync(join(base, 'elsewhere', 'other.yml'), 'other: {script: x}\n');
  const dir = join(base, 'project');
  mkdirSync(join(dir, 'ci'), { recursive: true });
  writeFileSync(join(dir, 'ci', 'a.yml'), 'a: {script: x}\n');
  return dir;
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const r = e as { name?: string; reason?: string };
    return `${r.name ?? '?'}:${r.reason ?? '?'}`;
  }
  return 'read';
}

void test('reads files inside the project, with or without a leading slash; missing files are undefined', async () => {
  const dir = project();
  symlinkSync('a.yml', join(dir, 'ci', 'inner.yml'));
  const reader = nodeFileReader(dir);
  assert.equal(await reader.read('ci/a.yml'), 'a: {script: x}\n');
  assert.equal(await reader.read('/ci/a.yml'), 'a: {script: x}\n');
  assert.equal(await reader.read('ci/inner.yml'), 'a: {script: x}\n', 'a symlink that stays inside is read');
  assert.equal(await reader.read('ci/none.yml'), undefined);
  assert.equal(await reader.read('ci'), undefined, 'a folder is not a file');
});

void test('refuses .., symlinks to files or through folders outside, FIFOs, devices and files over 1 MiB', async () => {
  const dir = project();
  symlinkSync(join(dir, '..', 'secret.yml'), join(dir, 'link.yml'));
  symlinkSync(join(dir, '..', 'elsewhere'), join(dir, 'out'));
  symlinkSync('/dev/zero', join(dir, 'zero.yml'));
  execFileSync('mkfifo', [join(dir, 'pipe.yml')]);
  writeFileSync(join(dir, 'big.yml'), Buffer.alloc(READER_LIMITS.maxFileBytes + 1, 0x61));
  writeFileSync(join(dir, 'edge.yml'), Buffer.alloc(READER_LIMITS.maxFileBytes, 0x61));
  const reader = nodeFileReader(dir);
  assert.equal(await refusal(reader.read('../secret.yml')), 'ReadRefused:outside-project');
  assert.equal(await refusal(reader.read('ci/../../secret.yml')), 'ReadRefused:outside-project');
  assert.equal(await refusal(reader.read('link.yml')), 'ReadRefused:outside-project');
  assert.equal(await refusal(reader.read('out/other.yml')), 'ReadRefused:outside-project');
  assert.equal(await refusal(reader.read('zero.yml')), 'ReadRefused:outside-project');
  assert.equal(await refusal(reader.read('pipe.yml')), 'ReadRefused:not-a-file');
  assert.equal(await refusal(reader.read('big.yml')), 'ReadRefused:too-large');
  assert.equal((await reader.read('edge.yml'))?.length, READER_LIMITS.maxFileBytes);
});

void test('listing: symlinked folders are not entered, symlinks are listed as files, and the walk is bounded', async () => {
  const dir = project();
  symlinkSync(join(dir, '..', 'elsewhere'), join(dir, 'out'));
  symlinkSync(join(dir, '..', 'secret.yml'), join(dir, 'link.yml'));
  assert.deepEqual(await nodeFileReader(dir).list(), ['ci/a.yml', 'link.yml', 'out']);
  for (let i = 0; i < 30; i++) writeFileSync(join(dir, `f${i}.yml`), '');
  const saved = READER_LIMITS.maxFiles;
  READER_LIMITS.maxFiles = 10;
  try {
    assert.equal((await nodeFileReader(dir).list()).length, 10);
  } finally {
    READER_LIMITS.maxFiles = saved;
  }
});

void test('the CLI reports a refused root file as a located error, exit code 1, no crash', async () => {
  const dir = project();
  execFileSync('mkfifo', [join(dir, '.gitlab-ci.yml')]);
  let out = '';
  const code = await runFlow([join(dir, '.gitlab-ci.yml'), '--format', 'json'], {
    stdout: (s) => {
      out += s;
    },
    stderr: () => undefined,
  });
  assert.equal(code, 1);
  const m = JSON.parse(out) as FlowModel;
  assert.deepEqual(
    m.diagnostics.map((d) => [d.code, d.message, d.line]),
    [
      [
        'file-refused',
        'Local file `.gitlab-ci.yml` is not read: it is not a regular file (a FIFO, socket or device)',
        1,
      ],
    ],
  );
  assert.equal(m.pipeline.created, false);
});
