// What the runner archives for an entry (gitlab-runner file_archiver.go, doublestar v4), where two entries meet:
// a name is never empty, so two `*` meet on a name (`out/*` takes every folder of out/ whole, so it meets
// `out/*/report.xml`); two entries made of `**` alone write every file; a literal path is made absolute and cleaned
// (filepath.Abs): `a/./b` is `a/b`, `a/../b` is `b`, and `.` or `./` is the whole project directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeArtifactPath, overlap } from '../../../../src/ci/pipeline/conflicts';
import { globIntersection } from '../../../../src/ci/pipeline/globOverlap';

void test('two stars meet on a name they both accept', () => {
  assert.equal(overlap('out/*', 'out/*/report.xml'), 'out/*/report.xml');
  assert.equal(overlap('*/a', '*/a/b'), '*/a/b');
  assert.equal(globIntersection('*', '*')?.witness, 'x');
  assert.equal(globIntersection('a*', '*b')?.witness, 'ab');
  // Still apart: no name ends in both .o and .a.
  assert.equal(overlap('build/*.o', 'build/*.a'), undefined);
  assert.equal(overlap('**/*.log', '**/*.txt'), undefined);
});

void test('entries made of ** alone write every file', () => {
  assert.deepEqual(globIntersection('**', '**/**'), { witness: 'x', shape: '**' });
  assert.equal(overlap('**', 'out/a.txt'), 'out/a.txt');
});

void test('a literal path is cleaned as the runner cleans it; a glob is kept as written', () => {
  const cases: [string, string][] = [
    ['a/./b', 'a/b'],
    ['a/../b', 'b'],
    ['./a/b/../c/', 'a/c'],
    ['.', '**'],
    ['./', '**'],
    ['../x', '../x'],
    ['a/../../x', '../x'],
    ['out/./*.txt', 'out/./*.txt'],
  ];
  for (const [written, cleaned] of cases) assert.equal(normalizeArtifactPath(written), cleaned, written);
  assert.equal(overlap('a/./b', 'a/b'), 'a/b');
  assert.equal(overlap('a/../b', 'b/c.txt'), 'b/c.txt');
  assert.equal(overlap('./', 'dist/app.js'), 'dist/app.js');
  // Above the project directory the runner archives nothing: it meets nothing in it.
  assert.equal(overlap('../x', 'x'), undefined);
});
