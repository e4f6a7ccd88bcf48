// Mutation survivors of src/ci/pipeline/globOverlap.ts (docs/mutation.md, "pipeline: path conflicts and glob
// overlap"). Expected values are doublestar v4's (github.com/bmatcuk/doublestar/v4 match.go and glob.go, which
// gitlab-runner's commands/helpers/file_archiver.go uses for artifacts:paths and artifacts:exclude): `*` and `?`
// stay inside a segment, `[...]` is a class (`!` or `^` negates, `lo-hi` a range, a `-` before `]` a plain `-`),
// `{a,b}` alternatives nest and `\` escapes, also a `,` or `{` inside them; the archiver walks a matched
// directory whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globIntersection, matchesGlob } from '../../../../src/ci/pipeline/globOverlap';
import { job, run } from '../helpers';

/** [a, b, the shape globIntersection(a, b) names, or undefined when no file is written by both]. */
const ROWS: [string, string, string | undefined][] = [
  // Two wildcards meet on some character: a one-character name, whatever it is.
  ['a/?.txt', 'a/*.txt', 'a/?.txt'],
  ['b*', '*aa?', '*aa?'],
  ['a*', '*b', 'a*'],
  ['?/*a', 'a/b*', 'a/*a'],
  ['a/a', '**', 'a/a'],
  ['**', '*', '*'],
  ['**/a', '**/b/a', 'a/b/a'],
  ['*.gz', '*.tar.gz', '*.tar.gz'],
  // Names beyond ASCII are names like any other.
  ['résumé.txt', 'r?sum?.txt', 'résumé.txt'],
  // Classes.
  ['x[ab]', 'xb', 'xb'],
  ['x[ab]', 'xx', undefined],
  ['x[a^]', 'x^', 'x^'],
  ['x[^a]', 'xa', undefined],
  ['x[^a]', 'xb', 'xb'],
  ['a[!x]', 'a!', 'a!'],
  ['x[0-9]', 'x5', 'x5'],
  ['x[0-9]', 'xa', undefined],
  ['x[5-9]', 'x1', undefined],
  ['x[azc]', 'xz', 'xz'],
  ['x[azc]', 'xb', undefined],
  ['x[a-]', 'x-', 'x-'],
  ['[ab][cd].txt', 'bc.txt', 'bc.txt'],
  // An unclosed class is a bad pattern (ValidatePattern): the runner archives nothing for it.
  ['a[b', 'ab', undefined],
  ['a[b', 'zzz', undefined],
  // Alternatives.
  ['{a,b}', '*e', undefined],
  ['x{a,b}', 'xa', 'xa'],
  ['x{a,b}', 'xb', 'xb'],
  ['{a,{b,c}x}', 'bx', 'bx'],
  ['{ab,c}', 'ab', 'ab'],
  ['{a\\,b,c}', 'b', undefined],
  ['{a\\,b,c}', 'c', 'c'],
  ['tpl/\\{{a,b}\\}.txt', 'tpl/\\{a\\}.txt', 'tpl/\\{a\\}.txt'],
  ['x{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}', 'xbbbbbb', 'xbbbbbb'], // 64 alternatives, all expanded
  // Escapes.
  ['\\*.txt', '\\a.txt', undefined],
  ['\\*.txt', '*.txt', '\\*.txt'],
];

for (const [a, b, shape] of ROWS) {
  void test(`doublestar: ${a} and ${b} ${shape === undefined ? 'never write the same file' : `share ${shape}`}`, () => {
    const r = globIntersection(a, b);
    assert.equal(r?.shape, shape);
    const back = globIntersection(b, a);
    assert.equal(back === undefined, shape === undefined, 'symmetric');
    for (const w of [r?.witness, back?.witness]) {
      if (w === undefined) continue;
      // The witness is a real path both entries write: no empty segment, matched by each (or below a match).
      assert.ok(!w.split('/').includes(''), `witness ${JSON.stringify(w)}`);
      assert.ok(matchesGlob(a, w) || matchesGlob(`${a}/**`, w), `${a} writes ${w}`);
      assert.ok(matchesGlob(b, w) || matchesGlob(`${b}/**`, w), `${b} writes ${w}`);
    }
  });
}

void test('doublestar.Match as artifacts:exclude applies it to one walked path', () => {
  const rows: [string, string, boolean][] = [
    ['**/*.log', 'a.txt', false],
    ['**/*.log', 'a/b/c.log', true],
    ['out/**', 'out', true], // a trailing /** also matches the folder itself (isZeroLengthPattern)
    ['a/**/b', 'a/x/y/b', true],
    ['a/**/b', 'a', false],
    ['a/**', 'b', false],
    ['a/b', 'a', false],
    ['a/*/b', 'a/x/y/b', false],
    ['*', 'a/b', false],
    ['*.log', 'a.txt', false],
    ['{a,b}/*.log', 'b/x.log', true],
    ['\\*.log', 'x.log', false],
    ['\\*.log', '*.log', true],
    ['[ab].log', '[ab].log', false],
    ['[ab].log', 'a.log', true],
    ['x\\[1\\]', 'x[1]', true],
    ['\\{a,b\\}', '{a,b}', true],
    ['?', '{', true],
    ['*', '*', true],
    ['a?c', 'a]c', true],
  ];
  for (const [glob, path, expected] of rows) assert.equal(matchesGlob(glob, path), expected, `${glob} ${path}`);
});

void test('the shared file is a concrete name: an exclude of that one file removes the conflict', async () => {
  // out/[.-0].txt and out/[!.].txt both write out/0.txt only (a name never holds `/`, `.` is refused by [!.]).
  const yaml = (exclude: string): string => `
a: {stage: build, script: x, artifacts: {paths: ["out/[.-0].txt"]}}
b: {stage: build, script: x, artifacts: {paths: ["out/[!.].txt"], exclude: [${exclude}]}}
d: {stage: test, script: x}
`;
  assert.deepEqual(job(await run(yaml('out/1.txt')), 'd').conflicts, [
    { path: 'out/[.-0].txt', jobs: ['a', 'b'], likelyWinner: 'b' },
  ]);
  assert.deepEqual(job(await run(yaml('out/0.txt')), 'd').conflicts, []);
});
