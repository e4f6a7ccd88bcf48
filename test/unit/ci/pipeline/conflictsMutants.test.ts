// Mutation survivors of src/ci/pipeline/conflicts.ts (docs/mutation.md, "pipeline: path conflicts and glob
// overlap"). Expected values are the runner's: gitlab-runner commands/helpers/file_archiver.go cleans each
// artifacts:paths entry (filepath.Join in processPath), globs it with doublestar v4 and walks every match whole;
// artifacts:exclude is doublestar.Match on each walked path. Archives are extracted in dependency-list order and
// the later copy of a path wins (spec R4.2, R7.1–R7.3). Conflicts are compared whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findConflicts, MAX_OVERLAP_CHECKS, overlap } from '../../../../src/ci/pipeline/conflicts';
import type { JobDef } from '../../../../src/ci/jobs/jobTypes';
import type { ArtifactSource, PathConflict } from '../../../../src/ci/model';
import { job, run } from '../helpers';

const conflicts = async (yaml: string, consumer = 'd'): Promise<PathConflict[]> =>
  job(await run(yaml), consumer).conflicts;

void test('file_archiver.go cleans a path before globbing: leading ./ runs go, a dot inside a name stays', () => {
  const rows: [string, string, string | undefined][] = [
    ['././out', 'out', 'out'],
    ['./././out/app.log', 'out', 'out/app.log'],
    ['lib./x', 'libx', undefined],
    ['v1./notes', 'v1notes', undefined],
  ];
  for (const [a, b, shape] of rows) assert.equal(overlap(a, b), shape, `${a} and ${b}`);
});

void test('one job declaring a path twice conflicts with nobody; a second job makes one conflict', async () => {
  const alone = `
a: {stage: build, script: x, artifacts: {paths: [out/, ./out, out]}}
d: {stage: test, script: x}
`;
  assert.deepEqual(await conflicts(alone), []);
  const two = `${alone}b: {stage: build, script: x, artifacts: {paths: [out/]}}\n`;
  assert.deepEqual(await conflicts(two), [{ path: 'out', jobs: ['a', 'b'], likelyWinner: 'b' }]);
});

void test('artifacts:exclude drops the shared file from a writer (doublestar.Match on each walked path)', async () => {
  // c excludes everything below out/ (and out itself): its archive holds nothing a's could overwrite.
  assert.deepEqual(
    await conflicts(`
a: {stage: build, script: x, artifacts: {paths: [out/]}}
c: {stage: build, script: x, artifacts: {paths: [out/], exclude: ["out/**"]}}
d: {stage: test, script: x}
`),
    [],
  );
  // a excludes the log files it would bring from out/: b alone writes out/app.log.
  assert.deepEqual(
    await conflicts(`
a: {stage: build, script: x, artifacts: {paths: [out/], exclude: ["out/*.log"]}}
b: {stage: build, script: x, artifacts: {paths: [out/app.log]}}
d: {stage: test, script: x}
`),
    [],
  );
  // b leaves out its source maps only: every other entry of dist/ is still written by both.
  assert.deepEqual(
    await conflicts(`
a: {stage: build, script: x, artifacts: {paths: ["dist/*"]}}
b: {stage: build, script: x, artifacts: {paths: ["dist/*"], exclude: ["dist/*.map"]}}
d: {stage: test, script: x}
`),
    [{ path: 'dist/*', jobs: ['a', 'b'], likelyWinner: 'b' }],
  );
  // Three writers of out/, one excluding all of it: the other two still conflict.
  assert.deepEqual(
    await conflicts(`
a: {stage: build, script: x, artifacts: {paths: [out/]}}
b: {stage: build, script: x, artifacts: {paths: [out/], exclude: ["out/**"]}}
c: {stage: build, script: x, artifacts: {paths: [out/]}}
d: {stage: test, script: x}
`),
    [{ path: 'out', jobs: ['a', 'c'], likelyWinner: 'c' }],
  );
});

void test('only archives the job downloads count: not an on_failure archive, not another project', async () => {
  // a uploads its archive only when it fails, and d runs only after a succeeded (spec R4.3): d gets b's out/ only.
  assert.deepEqual(
    await conflicts(`
a: {stage: build, script: x, artifacts: {paths: [out/], when: on_failure}}
b: {stage: build, script: x, artifacts: {paths: [out/]}}
d: {stage: test, script: x}
`),
    [],
  );
  // The cross-project job x is not this pipeline's x: its paths are unknown here, so no conflict is claimed.
  assert.deepEqual(
    await conflicts(`
stages: [build, test, deploy]
a: {stage: build, script: x, artifacts: {paths: [out/]}}
x: {stage: deploy, script: x, artifacts: {paths: [out/]}}
d: {stage: test, script: x, needs: [a, {project: grp/lib, job: x, ref: main, artifacts: true}]}
`),
    [],
  );
});

void test('untracked files conflict only between two jobs that both add them', async () => {
  const one = `
a: {stage: build, script: x, artifacts: {untracked: true}}
b: {stage: build, script: x, artifacts: {paths: [out/]}}
d: {stage: test, script: x}
`;
  assert.deepEqual(await conflicts(one), []);
  assert.deepEqual(await conflicts(`${one}c: {stage: build, script: x, artifacts: {untracked: true}}\n`), [
    { path: '(untracked files)', jobs: ['a', 'c'], likelyWinner: 'c' },
  ]);
});

void test('globs are compared with every path they can reach, whatever their literal prefix', async () => {
  const rows: [string, string, PathConflict[]][] = [
    // out/* matches the folder out/sub, which the archiver walks whole.
    ['out/*', 'out/sub/file.txt', [{ path: 'out/sub/file.txt', jobs: ['a', 'b'], likelyWinner: 'b' }]],
    ['*.log', 'build.log', [{ path: 'build.log', jobs: ['a', 'b'], likelyWinner: 'b' }]],
    // Both write any one-character .log file at the root.
    ['*.log', '?.log', [{ path: '*.log', jobs: ['a', 'b'], likelyWinner: 'b' }]],
    ['?.log', '*.log', [{ path: '?.log', jobs: ['a', 'b'], likelyWinner: 'b' }]],
    ['[ab]*', 'a/x', [{ path: 'a/x', jobs: ['a', 'b'], likelyWinner: 'b' }]],
  ];
  for (const [pa, pb, expected] of rows) {
    const yaml = `
a: {stage: build, script: x, artifacts: {paths: ["${pa}"]}}
b: {stage: build, script: x, artifacts: {paths: ["${pb}"]}}
d: {stage: test, script: x}
`;
    assert.deepEqual(await conflicts(yaml), expected, `${pa} and ${pb}`);
  }
});

void test('conflicts come in declaration order, jobs in extraction order, the last extracted as likely winner', async () => {
  // Overlaps are listed by the later declaration, then the earlier: out/b (declared first) before out/a.
  assert.deepEqual(
    await conflicts(`
a: {stage: build, script: x, artifacts: {paths: [out/b]}}
b: {stage: build, script: x, artifacts: {paths: [out/a]}}
c: {stage: build, script: x, artifacts: {paths: ["out/*"]}}
d: {stage: test, script: x}
`),
    [
      { path: 'out/b', jobs: ['a', 'c'], likelyWinner: 'c' },
      { path: 'out/a', jobs: ['b', 'c'], likelyWinner: 'c' },
    ],
  );
  assert.deepEqual(
    await conflicts(`
a: {stage: build, script: x, artifacts: {paths: [b/, a/]}}
b: {stage: build, script: x, artifacts: {paths: [b/x, a/x]}}
d: {stage: test, script: x}
`),
    [
      { path: 'b/x', jobs: ['a', 'b'], likelyWinner: 'b' },
      { path: 'a/x', jobs: ['a', 'b'], likelyWinner: 'b' },
    ],
  );
  // b/x meets b/ at the third declaration, a/x meets a/ only at the fourth (a/x itself came first).
  assert.deepEqual(
    await conflicts(`
a: {stage: build, script: x, artifacts: {paths: [a/x, b/]}}
b: {stage: build, script: x, artifacts: {paths: [b/x, a/]}}
d: {stage: test, script: x}
`),
    [
      { path: 'b/x', jobs: ['a', 'b'], likelyWinner: 'b' },
      { path: 'a/x', jobs: ['a', 'b'], likelyWinner: 'b' },
    ],
  );
  // x/ comes from a and c, x/f from b: all three write x/f, extracted a, b, c (spec T46: creation order).
  assert.deepEqual(
    await conflicts(`
a: {stage: build, script: x, artifacts: {paths: [x/]}}
b: {stage: build, script: x, artifacts: {paths: [x/f]}}
c: {stage: build, script: x, artifacts: {paths: [x/]}}
d: {stage: test, script: x}
`),
    [
      { path: 'x', jobs: ['a', 'c'], likelyWinner: 'c' },
      { path: 'x/f', jobs: ['a', 'b', 'c'], likelyWinner: 'c' },
    ],
  );
});

void test('a path of one job meets a path two jobs declare: the file both write is a conflict', async () => {
  // b's out/a/* writes out/a/x.txt, which a's out/*/x.txt writes too (whichever of the two sorts first).
  assert.deepEqual(
    await conflicts(`
a: {stage: build, script: x, artifacts: {paths: ["out/*/x.txt", "out/a/*"]}}
b: {stage: build, script: x, artifacts: {paths: ["out/a/*"]}}
d: {stage: test, script: x}
`),
    [
      { path: 'out/a/*', jobs: ['a', 'b'], likelyWinner: 'b' },
      { path: 'out/a/x.txt', jobs: ['a', 'b'], likelyWinner: 'b' },
    ],
  );
  assert.deepEqual(
    await conflicts(`
a: {stage: build, script: x, artifacts: {paths: [out/f.txt, "out/*.txt"]}}
b: {stage: build, script: x, artifacts: {paths: ["out/*.txt"]}}
d: {stage: test, script: x}
`),
    [
      { path: 'out/*.txt', jobs: ['a', 'b'], likelyWinner: 'b' },
      { path: 'out/f.txt', jobs: ['a', 'b'], likelyWinner: 'b' },
    ],
  );
});

// The bounds are ours (a limit of this tool, said in the conflicts-partial note), not GitLab's: pinned exactly,
// since the note says how many pairs were checked.
const source = (name: string): ArtifactSource => ({
  job: name,
  scope: 'local',
  files: true,
  dotenv: false,
  via: 'stage',
  optional: false,
  reason: 'test',
});
const producer = (paths: string[]): JobDef =>
  ({ artifacts: { paths, exclude: [], untracked: false } }) as unknown as JobDef;

/** Paths in folders g0/, g1/, … of the given sizes: every pair inside a folder shares the prefix, none overlap. */
function folders(sizes: readonly number[]): string[] {
  return sizes.flatMap((n, k) => Array.from({ length: n }, (_, i) => `g${k}/*-${i}.x`));
}

void test('checks past MAX_OVERLAP_CHECKS stop the search and say it is partial', () => {
  assert.equal(MAX_OVERLAP_CHECKS, 200_000);
  // Two writers of every path: each same-folder pair is one check. 632, 35, 4, 3 → 199,396 + 595 + 6 + 3.
  const exact = folders([632, 35, 4, 3]);
  const byName = (paths: string[]): Map<string, JobDef> =>
    new Map([
      ['a', producer(paths)],
      ['b', producer(paths)],
    ]);
  const at = findConflicts([source('a'), source('b')], byName(exact));
  assert.equal(at.partial, false);
  assert.equal(at.conflicts.length, exact.length);
  const past = findConflicts([source('a'), source('b')], byName(folders([632, 35, 4, 3, 2])));
  assert.equal(past.partial, true);
  assert.ok(past.conflicts.length > 0);
});

void test('candidate pairs past 5,000,000 stop the search too, even when all are one producer', () => {
  // One producer: no pair is checked, every same-folder pair is a candidate. 3162, 70, 9, 4, 2, 2 → 4,997,541 + 2,415 + 36 + 6 + 1 + 1.
  const exact = findConflicts([source('a')], new Map([['a', producer(folders([3162, 70, 9, 4, 2, 2]))]]));
  assert.deepEqual(exact, { conflicts: [], partial: false });
  const past = findConflicts([source('a')], new Map([['a', producer(folders([3162, 70, 9, 4, 2, 2, 2]))]]));
  assert.deepEqual(past, { conflicts: [], partial: true });
});
