// Which error names a refused pipeline (src/ci/jobs/firstError.ts), for the mutation survivors of its first run.
// GitLab's order: Pipeline::Chain::Config::Process reports `result.errors.first`; YamlProcessor#execute returns the
// entry tree's errors (Validatable#errors: an entry's own messages, then its children's, depth first, children in
// declaration order: Root's entries, then `jobs`) and only without them runs run_logical_validations! over
// `normalized_jobs` (validate_job!: stage, dependencies, needs, trigger:include jobs; each raises at its first error),
// then check_circular_dependencies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstConfigError } from '../../../../src/ci/jobs/firstError';
import type { JobDef } from '../../../../src/ci/jobs/jobTypes';
import type { Diagnostic } from '../../../../src/ci/model';
import { run } from '../helpers';

async function pipelineMessage(yaml: string): Promise<string | undefined> {
  const m = await run({ '.gitlab-ci.yml': yaml });
  assert.equal(m.pipeline.created, false);
  return m.pipeline.message;
}

/** An error as the engine's checks report it; the range plays no part in the choice. */
function finding(code: string, job: string | undefined, message: string): Diagnostic {
  const at = { file: '.gitlab-ci.yml', line: 1, column: 1, endLine: 1, endColumn: 1 };
  return { ...at, severity: 'error', code, message, ...(job === undefined ? {} : { job }) };
}

/** The choice reads only a job's name and group (its place in the normalized jobs). */
function jobDefs(...names: string[]): JobDef[] {
  return names.map((name) => ({ name, group: name }) as JobDef);
}

void test('a pipeline refused only for a needs cycle is named by the cycle (check_circular_dependencies runs last)', async () => {
  const message = await pipelineMessage('a:\n  script: x\n  needs: [b]\nb:\n  script: y\n  needs: [a]\n');
  assert.match(message ?? '', /^The pipeline has circular dependencies: /);
});

void test('the root’s entries and the jobs entry’s own messages come before any job’s, though found after them', async () => {
  // Root composes its declared entries (workflow among them) before compose_jobs! adds `jobs`.
  const workflow = await pipelineMessage('a:\n  script: x\n  foo: 1\nworkflow:\n  rules: 1\n');
  assert.equal(workflow, 'workflow:rules config should be an array');
  // jobs.rb's own validation names a key that is no job before any job entry is composed.
  const notAJob = await pipelineMessage('a:\n  script: x\n  foo: 1\nb:\n  foo: 1\n');
  assert.equal(notAJob, 'jobs b config should implement the script:, run:, or trigger: keyword');
});

void test('a parallel job’s instances are checked in its place; a later job of the same name keeps that place', async () => {
  const inPlace = await pipelineMessage(
    'build:\n  script: x\n  parallel: 2\n  needs: [nope2]\nlater:\n  script: y\n  needs: [nope]\n',
  );
  assert.equal(inPlace, 'build 1/2 job: undefined need: nope2');
  // normalizer.rb fills a Hash by name: the literal `build 1/2` replaces the instance's config at the instance's
  // (first) position, so it is validated before `other`.
  const sameName = await pipelineMessage(
    'build:\n  script: x\n  parallel: 2\nother:\n  script: y\n  needs: [nope]\n"build 1/2":\n  script: z\n  needs: [nope2]\n',
  );
  assert.equal(sameName, 'build 1/2 job: undefined need: nope2');
});

void test('within one job: its stage, then its dependencies, then its needs, whatever order they were found in', () => {
  const jobs = jobDefs('a', 'b');
  const need = finding('undefined-need', 'a', 'a job: undefined need: n1');
  const dependency = finding('undefined-dependency', 'a', 'a job: undefined dependency: n1');
  const stage = finding('unknown-stage', 'a', 'a job: chosen stage nope does not exist; available stages are test');
  const later = finding('unknown-stage', 'b', 'b job: chosen stage nope does not exist; available stages are test');
  assert.equal(firstConfigError([later, need, dependency, stage], jobs), stage);
  assert.equal(firstConfigError([need, later, dependency], jobs), dependency);
  assert.equal(firstConfigError([later, need], jobs), need);
  const needStage = finding('need-stage', 'a', 'a job: need b is not defined in current or prior stages');
  const depStage = finding('dependency-stage', 'a', 'a job: dependency b is not defined in current or prior stages');
  assert.equal(firstConfigError([needStage, depStage], jobs), depStage);
});

void test('among equal checks the first need in the list is named (validate_needs_specification! walks them in order)', async () => {
  assert.equal(await pipelineMessage('a:\n  script: x\n  needs: [n1, n2]\n'), 'a job: undefined need: n1');
  const stages =
    'a:\n  script: x\n  needs: [b, c]\nb:\n  stage: deploy\n  script: x\nc:\n  stage: deploy\n  script: x\n';
  assert.equal(await pipelineMessage(stages), 'a job: need b is not defined in current or prior stages');
});

void test('a job named like another job’s key path does not enclose that job’s messages (`test` and `test:rules`)', async () => {
  const message = await pipelineMessage(
    'test:\n  script: x\n  rules: [{if: "$A =="}]\n"test:rules":\n  script: y\n  foo: 1\n',
  );
  assert.equal(message, 'jobs:test:rules:rule if invalid expression syntax');
});

void test('a job name with a space: its needs entry’s own message still comes before a need’s', async () => {
  const cross = Array.from({ length: 6 }, (_, i) => `{pipeline: "1", job: c${i}}`).join(', ');
  const message = await pipelineMessage(
    `"unit tests":\n  script: x\n  needs: [{job: b, pipeline: "1", foo: 1}, ${cross}]\nb:\n  script: y\n`,
  );
  assert.equal(message, 'jobs:unit tests:needs config must be less than or equal to 5');
});

void test('a message that keeps the job name’s capitals (an UnknownStrategy’s) is named before a later key’s', async () => {
  // Inherit::Default::UnknownStrategy#errors is not downcased (validator.rb downcases only validator messages), and
  // Processable declares `inherit` before job.rb declares `needs`.
  const message = await pipelineMessage('Build:\n  script: x\n  inherit:\n    default: 1\n  needs: {}\n');
  assert.equal(message, 'jobs:Build:inherit:default should be a bool or array of strings');
  // The job's own message still comes first: its entry is not composed at all (Configurable#compose! returns
  // unless valid?), so GitLab names nothing of its keys.
  const own = await pipelineMessage('Build:\n  script: x\n  inherit:\n    default: 1\n  allow_failure: 1\n');
  assert.equal(own, 'jobs:build allow failure should be a hash or a boolean value');
});

void test('a shorter path of another key does not enclose: job.rb declares needs before parallel', () => {
  const need = finding('needs-keys', 'a', 'jobs:a:needs:need config contains unknown keys: foo');
  const parallel = finding('parallel', 'a', 'jobs:a:parallel config must be greater than or equal to 1');
  assert.equal(firstConfigError([need, parallel], jobDefs('a')), need);
  const needs = finding('needs-cross-limit', 'a', 'jobs:a:needs config must be less than or equal to 5');
  assert.equal(firstConfigError([need, parallel, needs], jobDefs('a')), needs);
});
