// The check memo (incremental/checkMemo.ts) skips a job's static checks while everything they read is the same and
// they found nothing before. Each sequence changes one thing a check reads between analyses of one session, in a
// way that makes a finding come and go: every analysis must equal a fresh one (replay.ts), and the findings are
// GitLab's (spec R8.3's `rules:when` warning, Entry::Job's `when`, the needs' stage order of spec R5.2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editor, replay } from './replay';
import type { FlowModel } from '../../../../src/ci/model';

function findings(m: FlowModel): string[] {
  return m.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.severity} ${d.code}`);
}

void test('check memo: the rules check reads whether the file has workflow:rules (the definition kept)', async () => {
  // spec R8.3: a last rule that is only `when: always` warns when the file has no workflow:rules. b's lines do not
  // move and the entry after it is the one parsed again, so b's mapping is the same object in every analysis.
  const jobs = 'b: {script: x, rules: [{when: always}]}\nc: {script: x}\n';
  const run = editor();
  const seen: string[][] = [];
  for (const files of [jobs, `${jobs}workflow: {rules: [{when: always}]}\n`, jobs, `${jobs}workflow: {rules: []}\n`]) {
    seen.push(findings(await run(files)));
  }
  const warned = ['warning multiple-pipelines'];
  assert.deepEqual(seen, [warned, [], warned, []]);
});

void test('check memo: a value with no exact key (a __proto__ key) is checked every time', async () => {
  // nodeIds.ts gives such a value no id: the job is never remembered as clean, so a finding that comes back after a
  // clean analysis is reported again.
  const job = (rule: string): string => `b: {script: x, rules: [{${rule}, variables: {__proto__: p}}]}\n`;
  const models = await replay([
    job("if: '$CI_COMMIT_BRANCH =='"),
    job("if: '$CI_COMMIT_BRANCH'"),
    job("if: '$CI_COMMIT_BRANCH =='"),
    job("if: '$CI_COMMIT_BRANCH', when: sometimes"),
    job("if: '$CI_COMMIT_BRANCH'"),
    job("if: '$CI_COMMIT_BRANCH', when: sometimes"),
  ]);
  assert.deepEqual(
    models.map((m) => findings(m).length > 0),
    [true, false, true, true, false, true],
  );
});

void test('check memo: the needs check reads the stage order and whether includes are all read', async () => {
  // A need of a job in a later stage is GitLab's error (spec R5.2); with an include that is not read offline, a
  // need of a job that is nowhere here may be defined there (no error). b's own mapping is the same throughout.
  const jobs = (needs: string): string =>
    `a: {stage: build, script: x}\nb: {stage: test, script: x, needs: [${needs}]}\n`;
  const ordered = 'stages: [build, test]\n';
  const lenient = `include: [{project: g/p, file: t.yml}]\n${ordered}`;
  const models = await replay([
    ordered + jobs('a'),
    'stages: [test, build]\n' + jobs('a'),
    ordered + jobs('a'),
    lenient + jobs('a, nope'),
    ordered + jobs('a, nope'),
    lenient + jobs('a, nope'),
  ]);
  const needErrors = models.map((m) => m.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code));
  assert.deepEqual(needErrors, [[], ['need-stage'], [], [], ['undefined-need'], []]);
});

void test('check memo: a job renamed, or made parallel, with the same keys is checked under its own name', async () => {
  const models = await replay([
    "b: {script: x, rules: [{if: '$A =='}]}\n",
    "b: {script: x, rules: [{if: '$A'}]}\n",
    "c: {script: x, rules: [{if: '$A'}]}\n",
    "c: {script: x, parallel: 2, rules: [{if: '$A =='}]}\n",
    "c: {script: x, parallel: 2, rules: [{if: '$A'}]}\n",
    "c: {script: x, parallel: 3, rules: [{if: '$A'}]}\n",
  ]);
  assert.deepEqual(
    models.map((m) => m.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)),
    [
      ['jobs:b:rules:rule if invalid expression syntax'],
      [],
      [],
      ['jobs:c:rules:rule if invalid expression syntax'],
      [],
      [],
    ],
  );
});
