// Conflicts from real glob semantics (issue 10, item 4): two artifacts:paths entries conflict only when some file
// can be written by both, under the runner's doublestar globs (gitlab-runner commands/helpers/file_archiver.go:
// doublestar.Glob per entry, a matched directory added with everything below it; artifacts:exclude applied to
// each file with doublestar.PathMatch), and the likely winner is chosen among the sources that really write it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globIntersection, matchesGlob } from '../../../src/ci/pipeline/globOverlap';
import { job, run } from './helpers';

const ROWS: [string, string, string | undefined][] = [
  ['out/app.log', 'out/*.txt', undefined],
  ['build/*.o', 'build/*.a', undefined],
  ['out', 'out/*.bin', 'out/*.bin'],
  ['out/*', 'out/sub/file.txt', 'out/sub/file.txt'], // out/* matches the folder out/sub, which brings its files
  ['**/*.log', '**/*.txt', undefined], // a folder named x.log is not assumed (see globOverlap.ts)
  ['**/*.log', 'logs/app.log', 'logs/app.log'],
  ['dist/**/*.js', 'dist/vendor', 'dist/vendor/*.js'],
  ['{a,b}/x', 'b/x', 'b/x'],
  ['a/[0-9]*.txt', 'a/x*.txt', undefined],
  ['a/[!x]*.txt', 'a/x1.txt', undefined],
  ['a/?.txt', 'a/ab.txt', undefined],
  ['a/?.txt', 'a/b.txt', 'a/b.txt'],
  ['*.tar.gz', '*.gz', '*.tar.gz'],
  ['report-*.xml', 'report-2024.xml', 'report-2024.xml'],
  ['bin', 'binaries', undefined],
  ['a\\*b', 'a*b', 'a\\*b'], // shapes are globs: the escaped literal
];

for (const [a, b, shape] of ROWS) {
  void test(`file_archiver.go doublestar: ${a} and ${b} ${shape ? `share ${shape}` : 'never write the same file'}`, () => {
    const r = globIntersection(a, b);
    assert.equal(r?.shape, shape);
    if (r) {
      // The witness is a real path both entries write.
      assert.ok(matchesGlob(`${a}/**`, r.witness) || matchesGlob(a, r.witness), `${a} writes ${r.witness}`);
      assert.ok(matchesGlob(`${b}/**`, r.witness) || matchesGlob(b, r.witness), `${b} writes ${r.witness}`);
    }
    assert.equal(globIntersection(b, a)?.witness === undefined, shape === undefined, 'symmetric');
  });
}

void test('doublestar PathMatch for artifacts:exclude', () => {
  assert.ok(matchesGlob('out/*.log', 'out/app.log'));
  assert.ok(!matchesGlob('out/*.log', 'out/sub/app.log'));
  assert.ok(matchesGlob('out/**/*.log', 'out/sub/app.log'));
  assert.ok(matchesGlob('**/*.log', 'app.log'));
  assert.ok(!matchesGlob('out', 'out/app.log'));
});

void test('file_archiver.go: the conflicts of a job, excludes applied, winner among the sources that write the file', async () => {
  const m = await run(`
a: {stage: build, script: x, artifacts: {paths: [out/]}}
b: {stage: build, script: x, artifacts: {paths: [out/app.log, "build/*.o"]}}
c: {stage: build, script: x, artifacts: {paths: [out/, "build/*.a"], exclude: ["out/*.log"]}}
d: {stage: test, script: x}
`);
  assert.deepEqual(job(m, 'd').conflicts, [
    { path: 'out', jobs: ['a', 'c'], likelyWinner: 'c' },
    // c extracts last but excludes out/*.log: b's copy of out/app.log is the one that stays, unless a's.
    { path: 'out/app.log', jobs: ['a', 'b'], likelyWinner: 'b' },
  ]);
  const plain = await run(`
a: {stage: build, script: x, artifacts: {paths: [out/app.log, "build/*.o"]}}
b: {stage: build, script: x, artifacts: {paths: ["out/*.txt", "build/*.a"]}}
d: {stage: test, script: x}
`);
  assert.deepEqual(job(plain, 'd').conflicts, []);
});
