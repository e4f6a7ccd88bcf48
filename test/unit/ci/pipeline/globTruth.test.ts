// Path conflicts as the runner archives, three places where the engine used to differ from GitLab (docs/mutation.md,
// "pipeline: path conflicts and glob overlap", rows 2, 5 and 6). Expected values are gitlab-runner's
// commands/helpers/file_archiver.go with bmatcuk/doublestar v4: processPath cleans each artifacts:paths entry
// (filepath.Join), doublestar.Glob refuses a bad pattern before looking at a file (glob.go → validate.go
// ValidatePattern; the runner logs a warning and archives nothing for the entry), every match is walked whole, and
// isExcluded runs doublestar.Match of each exclude against each walked path, so an exclude is not recursive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findConflicts, MAX_OVERLAP_CHECKS } from '../../../../src/ci/pipeline/conflicts';
import {
  alternativeCount,
  cleanSlashPath,
  refusedPattern,
  runnerRefusal,
} from '../../../../src/ci/pipeline/globSyntax';
import { globIntersection, matchesGlob } from '../../../../src/ci/pipeline/globOverlap';
import type { JobDef } from '../../../../src/ci/jobs/jobTypes';
import type { ArtifactSource, PathConflict } from '../../../../src/ci/model';
import { job, run } from '../helpers';

const conflicts = async (yaml: string): Promise<PathConflict[]> => job(await run(yaml), 'd').conflicts;

/** Jobs a and b in build, each with its own artifacts flow mapping, and the consumer d in test. */
const twoProducers = (a: string, b: string): string => `
a: {stage: build, script: x, artifacts: ${a}}
b: {stage: build, script: x, artifacts: ${b}}
d: {stage: test, script: x}
`;

void test('row 2: an exclude naming the folder drops only the folder entry; its files are still archived', async () => {
  const out: PathConflict[] = [{ path: 'out', jobs: ['a', 'b'], likelyWinner: 'b' }];
  // `out` and `out/` are the same exclude once cleaned (findRelativePathInProject: filepath.Abs): Match(out, out/x)
  // is false, so every file below out/ is still in b's archive.
  for (const exclude of ['out', 'out/', './out']) {
    assert.deepEqual(
      await conflicts(twoProducers('{paths: [out/]}', `{paths: [out/], exclude: ["${exclude}"]}`)),
      out,
      exclude,
    );
  }
  // `out/**` matches out itself and everything below it (isZeroLengthPattern): b archives nothing of out/.
  assert.deepEqual(await conflicts(twoProducers('{paths: [out/]}', '{paths: [out/], exclude: ["out/**"]}')), []);
  // Excludes without `**` match paths of their own depth only: the files one level deeper are still b's.
  for (const exclude of ['out, "out/*"', 'out, "out/*", "out/*/*", "out/*/*/*"']) {
    assert.deepEqual(
      await conflicts(twoProducers('{paths: [out/]}', `{paths: [out/], exclude: [${exclude}]}`)),
      out,
      exclude,
    );
  }
  // With `**`: `out/**/?` takes one-character names only, `out/**/[!x]` all but x; other files stay b's.
  for (const exclude of ['"out/**/?"', '"out/**/[!x]"', '"out/**/x"']) {
    assert.deepEqual(
      await conflicts(twoProducers('{paths: [out/]}', `{paths: [out/], exclude: [out, ${exclude}]}`)),
      out,
      exclude,
    );
  }
  assert.deepEqual(await conflicts(twoProducers('{paths: [out/]}', '{paths: [out/], exclude: [out, "out/**/*"]}')), []);
});

void test('row 2 for different entries: out/* with exclude out/* still archives what is below each folder', async () => {
  assert.deepEqual(await conflicts(twoProducers('{paths: [out/]}', '{paths: ["out/*"], exclude: ["out/*"]}')), [
    { path: 'out/*', jobs: ['a', 'b'], likelyWinner: 'b' },
  ]);
  assert.deepEqual(await conflicts(twoProducers('{paths: [out/]}', '{paths: ["out/*"], exclude: ["out/**"]}')), []);
  // A shared name that looks like a file (app.log) is taken as a file: the exclude that matches it ends the conflict.
  assert.deepEqual(
    await conflicts(twoProducers('{paths: [out/], exclude: ["out/*.log"]}', '{paths: [out/app.log]}')),
    [],
  );
});

void test('row 5: validate.go refuses an unclosed or empty class, a trailing escape, an unbalanced brace', () => {
  const rows: [string, string | undefined][] = [
    ['a[b', 'unclosed class'],
    ['a[!', 'unclosed class'],
    ['a[', 'unclosed class'],
    ['[]a]', 'empty class'],
    ['[!]a]', 'empty class'],
    ['out\\', 'trailing escape'],
    ['out/{a,b', 'unclosed brace'],
    ['out/a}', 'unmatched brace'],
    ['{a,b}}', 'unmatched brace'],
    ['a[\\]]', undefined],
    ['[a-]', undefined],
    ['x\\[1\\]', undefined],
    ['\\{a,b\\}', undefined],
    ['{a,{b,c}}', undefined],
  ];
  for (const [p, reason] of rows) assert.equal(refusedPattern(p), reason, p);
  // match.go reads a `}` that closes nothing as a plain character; the rest Match refuses when it gets there.
  assert.equal(refusedPattern('out/a}', true), undefined);
  assert.equal(refusedPattern('a}[b', true), 'unclosed class');
});

void test('row 5: the runner cleans the entry first, and a Windows runner reads \\ as a separator', () => {
  assert.equal(cleanSlashPath('./a//b/./c/../d/'), 'a/b/d');
  assert.equal(cleanSlashPath('./'), '.');
  assert.equal(cleanSlashPath('/../a'), '/a');
  assert.equal(cleanSlashPath('../../a'), '../../a');
  assert.deepEqual(runnerRefusal('out/a[b'), { where: 'all', reason: 'unclosed class' });
  // The bad part cleaned away (`a[/..`) leaves a good pattern: the runner globs `b`.
  assert.equal(runnerRefusal('a[/../b'), undefined);
  // `out\`: an escape of nothing on Linux, the folder `out/` on Windows.
  assert.deepEqual(runnerRefusal('out\\'), { where: 'linux', reason: 'trailing escape' });
  assert.equal(runnerRefusal('out\\*.txt'), undefined);
});

void test('row 5: an entry doublestar refuses writes nothing, so it meets nothing', async () => {
  const apart: [string, string][] = [
    ['a[b', 'a?b'],
    ['out/[]a]', 'out/*'],
    ['out/{a,b', 'out/*'],
    ['out/a}', 'out/*'],
    ['out/a[b', 'out/'],
  ];
  for (const [x, y] of apart) {
    assert.equal(globIntersection(x, y), undefined, `${x} and ${y}`);
    assert.equal(globIntersection(y, x), undefined, `${y} and ${x}`);
    assert.deepEqual(await conflicts(twoProducers(`{paths: ["${x}"]}`, `{paths: ["${y}"]}`)), [], `${x} and ${y}`);
  }
  // Two jobs declaring the same refused entry write nothing either.
  assert.deepEqual(await conflicts(twoProducers('{paths: ["out/[x"]}', '{paths: ["out/[x"]}')), []);
  // Beside a refused entry, the job's good entries still conflict.
  assert.deepEqual(await conflicts(twoProducers('{paths: ["a[b", out/]}', '{paths: [out/]}')), [
    { path: 'out', jobs: ['a', 'b'], likelyWinner: 'b' },
  ]);
});

void test('row 5: a bad exclude matches nothing where Match errs, and a lone } is a plain character', async () => {
  assert.equal(matchesGlob('out/[ab', 'out/a'), false);
  assert.equal(matchesGlob('out/x\\', 'out/x'), false);
  assert.equal(matchesGlob('out/{a', 'out/{a'), false);
  assert.equal(matchesGlob('out/a}', 'out/a}'), true);
  // match.go tries alternatives in order: the first matches before the bad one is reached; otherwise the error ends it.
  assert.equal(matchesGlob('{a,[}', 'a'), true);
  assert.equal(matchesGlob('{a,[}', 'b'), false);
  // b's exclude is refused: it excludes nothing, and b still writes out/.
  assert.deepEqual(await conflicts(twoProducers('{paths: [out/]}', '{paths: [out/], exclude: ["out/[x"]}')), [
    { path: 'out', jobs: ['a', 'b'], likelyWinner: 'b' },
  ]);
});

void test('braces: alternatives are split as doublestar splits them, a `,` inside a class separates nothing', () => {
  const counts: [string, number][] = [
    ['x', 1],
    ['{a,b}{c,d,e}', 6],
    ['{a,{b,c}x}', 3],
    ['{a,b', 1],
    ['{a,b}{c', 2],
    ['\\{a,b\\}', 1],
    ['{[,]a,b}', 2],
    ['{a,b,}', 3],
  ];
  for (const [glob, n] of counts) assert.equal(alternativeCount(glob, 1000), n, glob);
  assert.equal(alternativeCount('{a,b}'.repeat(40), 1000), 1001, 'counted up to the cap + 1');
  assert.equal(globIntersection('x{[,]a,b}', 'x,a')?.shape, 'x,a');
  assert.equal(globIntersection('x{[,]a,b}', 'xb')?.shape, 'xb');
  assert.equal(globIntersection('x{[,]a,b}', 'x]a'), undefined);
});

void test('row 6: more than 64 alternatives are compared, not taken as written', async () => {
  const glob = `x${'{a,b}'.repeat(7)}`; // 128 alternatives
  assert.equal(alternativeCount(glob, 4096), 128);
  assert.equal(globIntersection(glob, 'xaaaaaaa')?.shape, 'xaaaaaaa');
  assert.equal(globIntersection('xbbbbbbb', glob)?.shape, 'xbbbbbbb');
  assert.equal(globIntersection(glob, 'xaaaaaac'), undefined);
  assert.equal(matchesGlob(glob, 'xabababa'), true);
  assert.deepEqual(await conflicts(twoProducers(`{paths: ["${glob}"]}`, '{paths: [xaaaaaaa]}')), [
    { path: 'xaaaaaaa', jobs: ['a', 'b'], likelyWinner: 'b' },
  ]);
  // Past the bound the caller gave, nothing is built: a RangeError, never an answer from the braces read literally.
  assert.throws(() => globIntersection(`x${'{a,b}'.repeat(13)}`, 'x'), RangeError);
  assert.throws(() => matchesGlob(`x${'{a,b}'.repeat(13)}`, 'x'), RangeError);
});

const source = (name: string): ArtifactSource => ({
  job: name,
  scope: 'local',
  files: true,
  dotenv: false,
  via: 'stage',
  optional: false,
  reason: 'test',
});
const producer = (paths: string[], exclude: string[] = []): JobDef =>
  ({ artifacts: { paths, exclude, untracked: false } }) as unknown as JobDef;

void test('row 6: each pair of alternatives is a check of the bound; past it the search says it is partial', () => {
  const search = (a: string[], b: string[], excludeB: string[] = []) =>
    findConflicts(
      [source('a'), source('b')],
      new Map([
        ['a', producer(a)],
        ['b', producer(b, excludeB)],
      ]),
    );
  // 2^17 = 131,072 pairs: within MAX_OVERLAP_CHECKS, compared and found.
  const within = `x${'{a,b}'.repeat(17)}`;
  assert.ok(2 ** 17 <= MAX_OVERLAP_CHECKS);
  assert.deepEqual(search([within], [`x${'b'.repeat(17)}`]), {
    conflicts: [{ path: `x${'b'.repeat(17)}`, jobs: ['a', 'b'], likelyWinner: 'b' }],
    partial: false,
  });
  // 2^18 = 262,144 pairs: more than the bound, so not compared (nor expanded) and the search is partial.
  const past = `x${'{a,b}'.repeat(18)}`;
  assert.deepEqual(search([past], [`x${'b'.repeat(18)}`]), { conflicts: [], partial: true });
  // 2^40 alternatives: counted up to the cap only, never built.
  assert.deepEqual(search([`x${'{a,b}'.repeat(40)}`], ['x*']), { conflicts: [], partial: true });
  // An exclude past the bound: b is not counted as a writer, and the search says it is partial.
  assert.deepEqual(search(['out/'], ['out/'], [`out/${'{a,b}'.repeat(18)}`]), { conflicts: [], partial: true });
  // Within it, an exclude with groups is matched alternative by alternative.
  assert.deepEqual(search(['out/'], ['out/'], ['{out,dist}/**']), { conflicts: [], partial: false });
  assert.deepEqual(search(['out/'], ['out/'], ['{dist,tmp}/**']), {
    conflicts: [{ path: 'out', jobs: ['a', 'b'], likelyWinner: 'b' }],
    partial: false,
  });
});

void test('row 5: a warning where the entry is written: the runner archives nothing for it, or excludes nothing', async () => {
  const m = await run(`a:
  stage: build
  script: x
  artifacts:
    paths:
      - out/
      - "a[b"
      - "out\\\\"
      - "$DIR/[x"
    exclude: ["out/[x", "{a,[}", "out/a}"]
b: {stage: build, script: x, parallel: 2, artifacts: {paths: ["{x,y"]}}
d: {stage: test, script: x}
`);
  const said = m.diagnostics
    .filter((d) => d.code.startsWith('artifact-') && d.code.endsWith('-refused'))
    .map((d) => `${d.severity} ${d.code} ${d.line}:${d.column} ${d.message}`);
  assert.deepEqual(said, [
    `warning artifact-path-refused 7:9 a job: artifacts:paths entry "a[b" is a pattern the runner's glob library refuses (unclosed class): the runner logs "syntax error in pattern" and archives nothing for it (the job does not fail)`,
    `warning artifact-path-refused 8:9 a job: artifacts:paths entry "out\\\\" is a pattern the runner's glob library refuses (trailing escape) on Linux, where \\ escapes the next character: a Linux runner archives nothing for it (the job does not fail); a Windows runner reads \\ as a folder separator`,
    `warning artifact-exclude-refused 10:15 a job: artifacts:exclude entry "out/[x" is a pattern the runner's glob library refuses (unclosed class): it excludes nothing, and the runner says nothing about it`,
    // One warning for the group b, not one per parallel copy.
    `warning artifact-path-refused 11:63 b job: artifacts:paths entry "{x,y" is a pattern the runner's glob library refuses (unclosed brace): the runner logs "syntax error in pattern" and archives nothing for it (the job does not fail)`,
  ]);
  // No warning for good patterns, nor for an entry with a variable the runner expands first.
  const clean = await run(
    `a: {stage: build, script: x, artifacts: {paths: ["out/[ab]*", "$D/[x", "x\\\\[1"], exclude: ["**/*.map"]}}\n`,
  );
  assert.deepEqual(
    clean.diagnostics.filter((d) => d.code.endsWith('-refused')),
    [],
  );
});

void test('sized and linear: many one-alternative groups, many ** against a deep path', async () => {
  // 2,000 groups of one alternative each: one pattern, built without a rescan or a recursion per group.
  const groups = '{a}'.repeat(2000);
  assert.equal(alternativeCount(groups, 4096), 1);
  assert.equal(globIntersection(groups, 'a'.repeat(2000))?.shape, 'a'.repeat(2000));
  // Twelve `**` against a path of 31 parts: answered on (segment, part) states, not on their C(30, 12) placements.
  assert.equal(matchesGlob(`${'**/a/'.repeat(12)}b`, `${'a/'.repeat(30)}c`), false);
  assert.equal(matchesGlob(`${'**/a/'.repeat(12)}b`, `${'a/'.repeat(30)}b`), true);
  // The same exclude on a job: its deep candidates (past the exclude's 25 levels) are matched the same way.
  const exclude = `out/${'**/a/'.repeat(12)}b`;
  assert.deepEqual(await conflicts(twoProducers('{paths: [out/]}', `{paths: [out/], exclude: ["${exclude}"]}`)), [
    { path: 'out', jobs: ['a', 'b'], likelyWinner: 'b' },
  ]);
});

void test('the deep files below a shared folder stop at 64 levels; an exclude deeper makes the search partial', () => {
  // out and every depth below it down to n levels excluded by b: only a file deeper than n levels is still b's.
  const covering = (n: number): string[] => ['out', ...Array.from({ length: n }, (_, k) => `out${'/*'.repeat(k + 1)}`)];
  const search = (exclude: string[]) =>
    findConflicts(
      [source('a'), source('b')],
      new Map([
        ['a', producer(['out/'])],
        ['b', producer(['out/'], exclude)],
      ]),
    );
  const out = [{ path: 'out', jobs: ['a', 'b'], likelyWinner: 'b' }];
  assert.deepEqual(search(covering(62)), { conflicts: out, partial: false });
  // 63 levels: the file 64 levels down is still b's (out/* … 63 times is the deepest exclude, 64 parts).
  assert.deepEqual(search(covering(63)), { conflicts: out, partial: false });
  // 64: past MAX_BELOW, no deeper file is tried; the conflict may exist, and the search says it is partial.
  assert.deepEqual(search(covering(64)), { conflicts: [], partial: true });
  // One exclude of 10,000 levels: out/x is still b's, found; no path 10,001 levels deep is built; partial.
  assert.deepEqual(search(['out', `out${'/*'.repeat(10_000)}`]), { conflicts: out, partial: true });
});

void test('a \\ in a path the runner accepts: said to depend on the runner; conflicts read it as Windows does', async () => {
  // file_archiver.go processPath: filepath.ToSlash makes \ a separator on Windows; on Linux doublestar reads it as
  // an escape. The job's tags choose the runner: not known here, so the entry says both readings.
  const m = await run(twoProducers('{paths: ["out\\\\a"]}', '{paths: [out/a]}'));
  assert.deepEqual(job(m, 'd').conflicts, [{ path: 'out/a', jobs: ['a', 'b'], likelyWinner: 'b' }]);
  assert.deepEqual(
    m.diagnostics.filter((d) => d.code === 'artifact-path-backslash').map((d) => `${d.severity} ${d.job} ${d.message}`),
    [
      'info a a job: artifacts:paths entry "out\\\\a" depends on the runner: a Windows runner reads \\ as a folder separator ("out/a"), a Linux runner as an escape of the next character ("outa"); which runner takes the job is not known here, and path conflicts are compared as a Windows runner reads it',
    ],
  );
  // Not for an entry the runner refuses (already warned), nor one with a variable, nor a plain path.
  const quiet = await run(twoProducers('{paths: ["out\\\\", "$D\\\\a", out/b]}', '{paths: [x]}'));
  assert.deepEqual(
    quiet.diagnostics.filter((d) => d.code === 'artifact-path-backslash'),
    [],
  );
});
