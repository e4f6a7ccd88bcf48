// Path overlap between artifact declarations (spec R7.2, R7.3): literal paths, folders, globs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { overlap, normalizeArtifactPath } from '../../../src/ci/pipeline/conflicts';
import { job, run } from './helpers';

void test('normalisation: ./, duplicate and trailing slashes', () => {
  assert.equal(normalizeArtifactPath('./out//bin/'), 'out/bin');
});

void test('literal paths: same path, folder containing a file, unrelated', () => {
  assert.equal(overlap('out/', './out'), 'out');
  assert.equal(overlap('out/', 'out/app.bin'), 'out/app.bin');
  assert.equal(overlap('out/a', 'out/b'), undefined);
  assert.equal(overlap('output', 'out'), undefined);
});

void test('globs: matching paths, globs inside folders, root globs that cannot meet', () => {
  assert.equal(overlap('*.log', 'build.log'), 'build.log');
  assert.equal(overlap('build/*.o', 'build'), 'build/*.o');
  assert.equal(overlap('app-*.tgz', 'bin/'), undefined);
  // The shape shown is the shared part (the more specific glob), no longer the wider one.
  assert.equal(overlap('app-*.tgz', '*.tgz'), 'app-*.tgz');
  assert.equal(overlap('app-*.tgz', '*.zip'), undefined);
  assert.equal(overlap('**/*.xml', 'reports'), 'reports/*.xml');
  assert.equal(overlap('dist/**', 'dist/x/y.js'), 'dist/x/y.js');
});

void test('conflicts name every source writing the path and the later extracted one as likely winner', async () => {
  const m = await run(`
a: {stage: build, script: x, artifacts: {paths: [out/, a.log]}}
b: {stage: build, script: x, artifacts: {paths: ["out/*.bin"], untracked: true}}
c: {stage: test, script: x, artifacts: {untracked: true}}
d: {stage: deploy, script: x}
`);
  assert.deepEqual(job(m, 'd').conflicts, [
    { path: 'out/*.bin', jobs: ['a', 'b'], likelyWinner: 'b' },
    { path: '(untracked files)', jobs: ['b', 'c'], likelyWinner: 'c' },
  ]);
});
