// The comparison of GitLab's CI lint with our model, for the same push pipeline: agreement, a job only in GitLab,
// a job only in ours, differing stage / when / needs, and the verdict disagreeing either way; plus the lint answer
// read defensively and the report's wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compare, summaryLine } from '../../../src/gitlab/verify/compare';
import { type LintAnswer, readAnswer } from '../../../src/gitlab/verify/lint';
import { formatReport } from '../../../src/gitlab/verify/report';
import type { OurJob, OurSide } from '../../../src/ci/verify/ourSide';
import { defaultContext } from '../../../src/ci/analyze';

function ours(jobs: OurJob[], extra: Partial<OurSide> = {}): OurSide {
  return { context: defaultContext(), jobs, created: true, errors: [], incomplete: [], ...extra };
}

function answer(jobs: LintAnswer['jobs'], extra: Partial<LintAnswer> = {}): LintAnswer {
  return { valid: true, errors: [], warnings: [], jobs, ...extra };
}

const build: OurJob = { name: 'build', stage: 'build', when: 'on_success' };
const test1: OurJob = { name: 'test 1/2', stage: 'test', when: 'on_success', needs: ['build'] };
const test2: OurJob = { name: 'test 2/2', stage: 'test', when: 'on_success', needs: ['build'] };
const dry = answer([
  { name: 'build', stage: 'build', when: 'on_success' },
  { name: 'test 1/2', stage: 'test', when: 'on_success' },
  { name: 'test 2/2', stage: 'test', when: 'on_success' },
]);
const stat = answer([
  { name: 'build', stage: 'build', needs: null },
  { name: 'test 1/2', stage: 'test', needs: [{ name: 'build', artifacts: true, optional: false }] },
  { name: 'test 2/2', stage: 'test', needs: [{ name: 'build' }] },
]);

void test('agreement: same jobs, stages, when and needs', () => {
  const c = compare(ours([build, test1, test2]), dry, stat);
  assert.equal(c.differences, 0);
  assert.equal(c.agreeing, 3);
  assert.equal(summaryLine(c), 'GitLab agrees: 3 jobs');
  assert.equal(c.needsNotCompared, undefined);
});

void test('a job only in GitLab and a job only in ours (with our assumption named)', () => {
  const assumed: OurJob = { name: 'nightly', stage: 'test', when: 'on_success', assumed: 'rule on $CI_COMMIT_MESSAGE' };
  const c = compare(ours([build, test1, assumed]), dry, stat);
  assert.deepEqual(c.onlyInGitLab, [{ name: 'test 2/2', stage: 'test', when: 'on_success' }]);
  assert.deepEqual(c.onlyInOurs, [
    { name: 'nightly', stage: 'test', when: 'on_success', assumed: 'rule on $CI_COMMIT_MESSAGE' },
  ]);
  assert.equal(c.differences, 2);
  assert.equal(summaryLine(c), '2 differences from GitLab');
});

void test('differing stage, when and needs are each listed; needs compare as sets', () => {
  const mine: OurJob[] = [
    { ...build, stage: 'compile' },
    { ...test1, when: 'manual' },
    { ...test2, needs: [] },
  ];
  const c = compare(ours(mine), dry, stat);
  assert.deepEqual(c.differing, [
    { job: 'build', field: 'stage', gitlab: 'build', ours: 'compile' },
    { job: 'test 1/2', field: 'when', gitlab: 'on_success', ours: 'manual' },
    { job: 'test 2/2', field: 'needs', gitlab: 'build', ours: '(none)' },
  ]);
  assert.equal(c.agreeing, 0);
  const reordered = compare(
    ours([{ ...build, needs: ['b', 'a'] }]),
    answer([
      { name: 'build', stage: 'build', when: 'on_success' },
      ...['a', 'b'].map((n) => ({ name: n, stage: 'x' })),
    ]),
    answer([{ name: 'build', stage: 'build', needs: [{ name: 'a' }, { name: 'b' }] }]),
  );
  assert.deepEqual(reordered.differing, []);
});

void test('a need on a job the dry run did not create is not counted (dropped at creation, as in ours)', () => {
  const c = compare(
    ours([{ ...test1, needs: [] }]),
    answer([{ name: 'test 1/2', stage: 'test', when: 'on_success' }]),
    answer([{ name: 'test 1/2', stage: 'test', needs: [{ name: 'lint', optional: true }] }]),
  );
  assert.equal(c.differences, 0);
});

void test('GitLab invalid while we say valid, and the other way round, is the headline', () => {
  const invalid = answer([], { valid: false, errors: ['jobs:build config contains unknown keys: scrpt'] });
  const c1 = compare(ours([build]), invalid, invalid);
  assert.equal(c1.gitlabValid, false);
  assert.equal(c1.oursValid, true);
  assert.equal(c1.jobsCompared, false);
  assert.equal(c1.differences, 1);
  assert.equal(summaryLine(c1), 'GitLab finds the configuration invalid; we do not');

  const ourError = { message: 'jobs:build config contains unknown keys: scrpt', at: '.gitlab-ci.yml:1' };
  const c2 = compare(ours([], { created: false, errors: [ourError] }), dry, stat);
  assert.equal(c2.differences, 1);
  assert.equal(summaryLine(c2), 'GitLab finds the configuration valid; we report errors');
  assert.deepEqual(c2.ourErrors, [ourError.message]);

  const c3 = compare(ours([], { created: false, errors: [ourError] }), invalid, invalid);
  assert.equal(c3.differences, 0);
  assert.equal(summaryLine(c3), 'GitLab agrees: the configuration is invalid');
});

void test('a pipeline both sides filter out by workflow rules agrees; our message is listed once', () => {
  const message = 'Pipeline filtered out by workflow rules.';
  const c = compare(ours([], { created: false, message }), answer([], { valid: false, errors: [message] }), stat);
  assert.equal(c.differences, 0);
  assert.deepEqual(c.ourErrors, [message]);
});

void test('needs are not compared when the static check fails or does not list them, and the report says why', () => {
  const failed = compare(ours([build]), answer([{ name: 'build', stage: 'build', when: 'on_success' }]), {
    error: '403 Forbidden',
  });
  assert.equal(failed.differences, 0);
  assert.match(failed.needsNotCompared ?? '', /403 Forbidden/);
  const old = compare(
    ours([{ ...build, needs: ['x'] }]),
    answer([{ name: 'build', stage: 'build', when: 'on_success' }]),
    answer([{ name: 'build', stage: 'build' }]),
  );
  assert.equal(old.differences, 0);
  assert.match(old.needsNotCompared ?? '', /does not list needs/);
  const text = formatReport({
    project: 'grp/app',
    ref: 'main',
    refKind: 'branch',
    comparison: failed,
    sent: { form: 'merged', files: ['.gitlab-ci.yml'], inlined: [], sent: [], notSent: [] },
    notes: ['a note'],
  });
  assert.match(text, /^Compare with GitLab: grp\/app, a push pipeline on branch main\n/);
  assert.match(text, /Result: GitLab agrees: 1 job\n/);
  assert.match(text, /Needs not compared: GitLab's static check failed: 403 Forbidden/);
  assert.match(text, /Notes \(1\):\n {2}- a note/);
});

void test('a lint answer is read field by field; anything else is refused, not taken as agreement', () => {
  assert.throws(() => readAnswer({ status: 'valid' }), /no `valid` field/);
  assert.throws(() => readAnswer('<html>'), /no `valid` field/);
  const a = readAnswer({
    valid: true,
    errors: [],
    warnings: ['jobs:x may allow multiple pipelines', 3],
    jobs: [{ name: 'a', stage: 's', when: 'manual', needs: [{ name: 'b' }, 'c', { nope: 1 }] }, { stage: 'no name' }],
  });
  assert.deepEqual(a.warnings, ['jobs:x may allow multiple pipelines']);
  assert.deepEqual(a.jobs, [{ name: 'a', stage: 's', when: 'manual', needs: [{ name: 'b' }, { name: 'c' }] }]);
});
