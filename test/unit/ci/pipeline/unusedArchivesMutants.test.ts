// Answers the mutation survivors of src/ci/pipeline/unusedArchives.ts (docs/mutation.md, "pipeline: unused archives
// and dotenv use"). The hint is this tool's guess, not a GitLab message; what it rests on is GitLab's: a job with
// no `needs` and no `dependencies` downloads the archive of every job of every earlier stage (spec R5.3.1,
// app/models/ci/build_dependencies.rb), and `dependencies: []` stops that (and its dotenv variables, R6.2). The
// rules of the guess are the file's header: a path counts as named when any literal part of it, a literal piece of
// a wildcard part, or a variable in it appears anywhere in the job's configuration or the global variables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowModel } from '../../../../src/ci/model';
import { run } from '../helpers';

/** The hints and their count note as `code job@line`. */
const notes = (m: FlowModel): string[] =>
  m.diagnostics.filter((d) => d.code.startsWith('unused-archives')).map((d) => `${d.code} ${d.job ?? '-'}@${d.line}`);
const hinted = (m: FlowModel): string[] =>
  m.diagnostics.filter((d) => d.code === 'unused-archives').map((d) => d.job ?? '-');

const GUESS =
  'If its scripts do not use these files, `dependencies: []` skips the download. ' +
  'This is a guess from the script text: a program the script runs may still read them.';

void test('the hint names the earlier jobs with archives and their paths, three of each before "…"', async () => {
  // prep (no artifacts) sends no archive; d's p1/ is the same path as a's: named once.
  const m = await run(`stages: [build, test]
prep: {stage: build, script: x}
a: {stage: build, script: x, artifacts: {paths: [p1/]}}
b: {stage: build, script: x, artifacts: {paths: [p2/, p3/]}}
c: {stage: build, script: x, artifacts: {paths: [p4/]}}
d: {stage: build, script: x, artifacts: {paths: [p1/]}}
t: {stage: test, script: [echo]}
`);
  assert.deepEqual(
    m.diagnostics.filter((d) => d.code === 'unused-archives').map((d) => d.message),
    [
      't downloads the archives of 4 jobs of earlier stages (a, b, c, …), but nothing in its configuration names ' +
        `any of their paths (p1/, p2/, p3/, …). ${GUESS}`,
    ],
  );
  const three = await run(`stages: [build, test]
a: {stage: build, script: x, artifacts: {paths: [p1/, p2/]}}
b: {stage: build, script: x, artifacts: {paths: [p3/]}}
c: {stage: build, script: x, artifacts: {paths: [p1/]}}
t: {stage: test, script: [echo]}
`);
  assert.deepEqual(
    three.diagnostics.filter((d) => d.code === 'unused-archives').map((d) => d.message),
    [
      't downloads the archives of 3 jobs of earlier stages (a, b, c), but nothing in its configuration names ' +
        `any of their paths (p1/, p2/, p3/). ${GUESS}`,
    ],
  );
});

void test('what names a path: a literal part, a wildcard piece, a variable; not a fragment, not a join', async () => {
  // [paths of the earlier job, the test job's script, global variables, hinted?]
  const rows: [string, string, string, boolean][] = [
    ['out/bin/', 'ls bin', '{}', false], // one part of two is enough
    ['dist\\win\\app.exe', 'run app.exe', '{}', false], // a backslash separates parts too
    ['$OUT/bin.tar', 'echo $OUT', '{}', false], // the variable's name
    ['${OUT}/bin.tar', 'echo ${OUT}', '{}', false],
    ['$OUT/bin.tar', 'echo OK', '{}', true], // a letter of the variable's name is not its name
    ['$OUT/bin.tar', 'date UTC', '{}', true],
    ['pkg-$VERSION.tar', 'tar xf x.tar', '{}', false], // a variable is a wildcard: `.tar` is a piece
    ['pkg-*.tgz', 'ls pkg-*', '{}', false], // the piece before a wildcard
    ['pkg-*.tgz', 'tar xf a.tgz', '{}', false], // the piece after it
    ['out/*--*', 'ls --all', '{}', true], // pieces only of dots, dashes, underscores name nothing
    ['makedocs/', "make', 'docs", '{}', true], // two script lines are not one word
    ['rePORT/', 'echo', '{X: re, PORT: html}', true], // nor a value and the next key
    ['public/here/', 'echo hi', '{}', true],
    ['null/', 'echo', '{}', true], // `image: null` (unspecified, as Entry::Factory reads nil) is no text
  ];
  for (const [path, script, globals, hint] of rows) {
    const yaml = `stages: [build, test]\nvariables: ${globals}\nb: {stage: build, script: x, artifacts: {paths: ['${path}']}}\nt: {stage: test, image: null, script: ['${script}']}\n`;
    assert.deepEqual(hinted(await run(yaml)), hint ? ['t'] : [], `${path} / ${script}`);
  }
});

void test('who is hinted: a stage-scheduled job of this pipeline with a script, every parallel copy alike', async () => {
  const base = 'stages: [build, test]\nb: {stage: build, script: x, artifacts: {paths: [out/]}}\n';
  const rows: [string, string, string[]][] = [
    ['plain', 't: {stage: test, script: [echo]}', ['t']],
    // A job this pipeline leaves out downloads nothing.
    ['excluded', 't: {stage: test, rules: [{if: $NOPE}], script: [echo]}', []],
    // `dependencies: []` would also drop d's dotenv variables (spec R6.2): not a free change.
    [
      'a dotenv among the sources',
      "d: {stage: build, script: ['echo V=1 >> d.env'], artifacts: {reports: {dotenv: d.env}}}\nt: {stage: test, script: [echo]}",
      [],
    ],
    // Steps (`run:`) are not script text this tool reads.
    ['run', 't: {stage: test, run: [{name: s, script: echo}]}', []],
    // A rule's needs make the x copy DAG-scheduled: `dependencies: []` on the group would change both copies.
    [
      'matrix copies scheduled differently',
      't: {stage: test, parallel: {matrix: [{ARCH: [x, y]}]}, rules: [{if: \'$ARCH == "y"\', needs: [b]}, {when: on_success}], script: [echo]}',
      [],
    ],
  ];
  for (const [name, jobs, want] of rows) assert.deepEqual(hinted(await run(`${base}${jobs}\n`)), want, name);
});

void test('ten hints at most; the rest counted in one note at the tenth', async () => {
  const yaml = (n: number): string =>
    'stages: [build, test]\nb: {stage: build, script: x, artifacts: {paths: [out/]}}\n' +
    Array.from({ length: n }, (_, i) => `t${i}: {stage: test, script: [echo]}\n`).join('');
  const ten = Array.from({ length: 10 }, (_, i) => `unused-archives t${i}@${i + 3}`);
  assert.deepEqual(notes(await run(yaml(10))), ten);
  const eleven = await run(yaml(11));
  assert.deepEqual(notes(eleven), [...ten, 'unused-archives-more -@12']);
  assert.equal(
    eleven.diagnostics.at(-1)?.message,
    '1 more job also downloads archives that nothing in its configuration names; only the first 10 are marked.',
  );
  const twelve = await run(yaml(12));
  assert.deepEqual(notes(twelve), [...ten, 'unused-archives-more -@12']);
  assert.equal(
    twelve.diagnostics.at(-1)?.message,
    '2 more jobs also download archives that nothing in their configuration names; only the first 10 are marked.',
  );
});

/** b sends 1000 one-token paths; `burn` consumers name only the last, so each costs exactly 1000 lookups. */
function lookups(before: string, burn: number, after: string): string {
  const paths = Array.from({ length: 1000 }, (_, i) => `d${String(i).padStart(4, '0')}x/`);
  const burners = Array.from({ length: burn }, (_, i) => `c${i}: {stage: test, script: [ls d0999x]}`);
  return [
    'stages: [build, test]',
    `b: {stage: build, script: x, artifacts: {paths: [${paths.join(', ')}]}}`,
    before,
    ...burners,
    after,
  ].join('\n');
}

void test('the 200,000 lookups: a job checked to the last one is hinted, one past it is not, the note at the first job', async () => {
  const note =
    'Not every job was checked for archives it downloads without naming them: the check stops after 200,000 path ' +
    'lookups (a limit of this tool).';
  // 199 × 1000, then t's first copy uses the last 1000: it is hinted; the second copy is not checked.
  const exact = await run(lookups('', 199, 't: {stage: test, parallel: 2, script: [echo]}'));
  assert.deepEqual(notes(exact), ['unused-archives t 1/2@203', 'unused-archives-more -@2']);
  assert.equal(exact.diagnostics.at(-1)?.message, note);
  // One lookup more (f names the first path): t runs out before its last path, so it is not hinted.
  const over = await run(lookups('f: {stage: test, script: [ls d0000x]}', 199, 't: {stage: test, script: [echo]}'));
  assert.deepEqual(notes(over), ['unused-archives-more -@2']);
});
