// Mutation survivors of src/ci/pipeline/evaluatePipeline.ts (docs/mutation.md, "pipeline: evaluation and flow
// jobs"). Expected values are GitLab's: the creation checks of lib/gitlab/ci/pipeline/seed/build.rb (`needs_errors`:
// the limit, then "does not exist in the pipeline", over the job-level `needs_attributes` of
// yaml_processor/result.rb, which holds `needs:job` only), chain/seed.rb (the errors joined with "\n"),
// lib/gitlab/ci/build/rules.rb (`Result#build_attributes`: a rule's `needs:job`, dropped by `compact` when absent),
// and ../shared/spec/gitlab-ci-semantics.md §1.3 (the empty pipeline), R5.2.2, R5.3.1, R5.4 and R8.6.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowModel } from '../../../../src/ci/model';
import { codes, errors, job, run, sources } from '../helpers';

const missing = (j: string, need: string): string =>
  `'${j}' job needs '${need}' job, but '${need}' does not exist in the pipeline. This might be because of the only, except, or rules keywords. To need a job that sometimes does not exist in the pipeline, use needs:optional.`;
const EMPTY = 'The resulting pipeline would have been empty. Review the rules configuration for the relevant jobs.';
const REJECTED = 'The pipeline did not run. Review the workflow:rules configuration for the pipeline.';

/** A diagnostic of `code` as `message @ line:column` (its job too when it names one). */
function at(m: FlowModel, code: string): string[] {
  return m.diagnostics
    .filter((d) => d.code === code)
    .map((d) => `${d.message} @ ${d.line}:${d.column}${d.job === undefined ? '' : ` (${d.job})`}`);
}

void test('workflow:rules decided on an assumption: the pipeline says so, at the workflow rules', async () => {
  const m = await run('workflow:\n  rules:\n    - changes: [a.txt]\na: {script: x}\n');
  const assumed = 'workflow:rules[0]: assumed: changes [a.txt] cannot be known statically, when: always';
  assert.deepEqual(m.pipeline, { created: true, assumed });
  assert.deepEqual(at(m, 'workflow-assumed'), [`The pipeline is created on an assumption: ${assumed} @ 3:5`]);
  // Without an assumption the outcome has no `assumed` key at all.
  assert.deepEqual((await run('a: {script: x}\n')).pipeline, { created: true });
});

void test('workflow:rules that do not create the pipeline: every job is out, with the reason, and no need check', async () => {
  const m = await run(`workflow: {rules: [{if: $NOPE}]}
a: {script: x, when: manual, needs: [b]}
b: {script: x, rules: [{when: never}]}
`);
  assert.deepEqual(m.pipeline, { created: false, message: REJECTED });
  const a = job(m, 'a');
  assert.deepEqual(
    [a.inPipeline, a.when, a.excludedReason, 'assumed' in a],
    [false, 'manual', 'workflow:rules do not create this pipeline', false],
  );
  assert.deepEqual(errors(m), []);
});

void test('an invalid configuration names the error GitLab names, not the first one found', async () => {
  // firstConfigError: the entry error of b before the stage error of a (yaml_processor.rb runs logical checks last).
  const m = await run('a:\n  script: x\n  stage: nope\nb:\n  script: y\n  foo: 1\n');
  assert.deepEqual(m.pipeline, { created: false, message: 'jobs:b config contains unknown keys: foo' });
  // A need of a job that rules leave out is found only when seeding a valid configuration (seed/build.rb): the
  // configuration's error names the pipeline, though the job that needs comes first.
  const seeded = await run(
    'a: {script: x, needs: [g]}\ng: {script: x, rules: [{when: never}]}\nb: {script: y, foo: 1}\n',
  );
  assert.deepEqual(seeded.pipeline, { created: false, message: 'jobs:b config contains unknown keys: foo' });
});

void test('needs of included jobs must exist in the pipeline; optional, cross-project and excluded jobs are not checked', async () => {
  const m = await run(`stages: [build, test]
b: {stage: build, script: x, needs: [gone2]}
t: {stage: test, script: x, needs: [gone, {job: gone2, optional: true}, {project: grp/p, job: gone, ref: main}, b]}
skipped: {stage: test, script: x, needs: [gone], rules: [{when: never}]}
gone: {stage: build, script: x, rules: [{when: never}]}
gone2: {stage: build, script: x, rules: [{when: never}]}
`);
  // chain/seed.rb joins the seeds' errors with "\n" (here stage order and file order agree).
  assert.deepEqual(m.pipeline, { created: false, message: `${missing('b', 'gone2')}\n${missing('t', 'gone')}` });
  assert.deepEqual(at(m, 'need-not-in-pipeline'), [
    `${missing('b', 'gone2')} @ 2:38 (b)`,
    `${missing('t', 'gone')} @ 3:37 (t)`,
  ]);
  // A refused pipeline is not also called empty, though only `.pre` jobs would remain in it.
  const pre = await run(
    'p: {stage: .pre, script: x, needs: [gone]}\ngone: {stage: .pre, script: x, rules: [{when: never}]}\n',
  );
  assert.deepEqual(pre.pipeline, { created: false, message: missing('p', 'gone') });
  assert.deepEqual(codes(pre, 'error'), ['need-not-in-pipeline']);
  assert.equal(codes(pre).includes('empty-pipeline'), false);
});

/** `count` build jobs n0, n1, … and a test job `j` with `needs` as given. */
function needing(count: number, needs: string): string {
  const names = Array.from({ length: count }, (_, i) => `n${i}`);
  return `stages: [build, test]\n${names.map((n) => `${n}: {stage: build, script: x}`).join('\n')}\nj:\n  stage: test\n  script: x\n  needs: [${needs.replace('ALL', names.join(', '))}]\n`;
}

void test('the needs limit: 50 job needs pass, 51 do not; cross-project needs do not count', async () => {
  const fifty = await run(needing(50, 'ALL, {project: grp/p, job: lib, ref: main}'));
  assert.deepEqual([fifty.pipeline, errors(fifty)], [{ created: true }, []]);
  const over = await run(needing(51, 'ALL'));
  const message =
    'j: one job can only need 50 others, but you have listed 51. See needs keyword documentation for more details';
  assert.deepEqual(over.pipeline, { created: false, message });
  // At the job's `needs` key (line 56).
  assert.deepEqual(at(over, 'needs-limit'), [`${message} @ 56:3 (j)`]);
});

void test('a pipeline of .pre and .post jobs only, or of no included job, is empty (spec §1.3)', async () => {
  const edges = await run('p: {stage: .pre, script: x}\nq: {stage: .post, script: x}\n');
  assert.deepEqual(edges.pipeline, { created: false, message: EMPTY });
  assert.deepEqual(at(edges, 'empty-pipeline'), [`${EMPTY} @ 1:1`]);
  const none = await run('p: {stage: .pre, script: x}\nb: {script: x, rules: [{when: never}]}\n');
  assert.deepEqual([none.pipeline, codes(none, 'warning')], [{ created: false, message: EMPTY }, ['empty-pipeline']]);
  const real = await run('p: {stage: .pre, script: x}\nb: {script: x}\n');
  assert.deepEqual([real.pipeline, codes(real)], [{ created: true }, []]);
});

void test('rules:needs: a matched rule with needs replaces the job needs; one with `needs: []` or none keeps them', async () => {
  const m = await run(`stages: [build, test]
a: {stage: build, script: x}
b: {stage: build, script: x}
viaRule: {stage: test, script: x, needs: [a], rules: [{if: $NOPE, needs: [a]}, {if: $CI_COMMIT_BRANCH, needs: [b]}]}
emptyRule: {stage: test, script: x, needs: [a], rules: [{if: $CI_COMMIT_BRANCH, needs: []}]}
plainRule: {stage: test, script: x, needs: [a], rules: [{if: $CI_COMMIT_BRANCH}]}
nullRule: {stage: test, script: x, needs: [a], rules: [{if: $CI_COMMIT_BRANCH, needs: null}]}
stageJob: {stage: test, script: x, rules: [{if: $CI_COMMIT_BRANCH, needs: []}]}
`);
  assert.deepEqual(
    ['viaRule', 'emptyRule', 'plainRule', 'nullRule', 'stageJob'].map((n) => [n, job(m, n).needs, sources(m, n)]),
    [
      ['viaRule', ['b'], ['b']],
      // Rules::Result#build_attributes: `needs&.dig(:job)` of an empty needs entry is nil, and `compact` drops it.
      ['emptyRule', ['a'], ['a']],
      ['plainRule', ['a'], ['a']],
      // A null entry is an unspecified one (lib/gitlab/config/entry/factory.rb): no needs from the rule.
      ['nullRule', ['a'], ['a']],
      ['stageJob', undefined, ['a', 'b']],
    ],
  );
});

void test('variables in needs:project and needs:pipeline are expanded with the job variables; job needs are not', async () => {
  const m = await run(`stages: [build, test]
b$X: {stage: build, script: x}
j:
  stage: test
  script: x
  variables: {P: grp/p, R: main, J: lib, ID: "42", X: "1"}
  needs: ['b$X', {project: $P, job: $J, ref: $R}, {pipeline: $ID, job: $J}]
`);
  assert.deepEqual(job(m, 'j').needs, ['b$X']);
  // build_dependencies.rb: local, then cross_pipeline, then cross_project.
  assert.deepEqual(
    job(m, 'j').sources.map((s) => [s.scope, s.job, s.project, s.ref, s.reason]),
    [
      ['local', 'b$X', undefined, undefined, 'listed in needs'],
      [
        'parent',
        'lib',
        undefined,
        undefined,
        'needs:pipeline:job from pipeline 42; its definition is not in this view, so its dotenv is unknown',
      ],
      ['project', 'lib', 'grp/p', 'main', 'needs:project: latest successful lib on main in grp/p'],
    ],
  );
});

const TRIGGERS = `stages: [build, test]
gen: {stage: build, script: x, artifacts: {paths: [c.yml, d.yml]}}
gone: {stage: build, script: x, rules: [{when: never}]}
t: {stage: test, trigger: {include: [{artifact: c.yml, job: gen}, {artifact: d.yml, job: gone}, {local: f.yml, job: gen}]}}
plain: {stage: test, trigger: {include: e.yml}}
skipped: {stage: test, trigger: {include: [{artifact: c.yml, job: gen}]}, rules: [{when: never}]}
`;

void test('trigger:include artifacts name their producer, available or not (spec R5.4)', async () => {
  const m = await run(TRIGGERS);
  assert.deepEqual(
    job(m, 't').configSources?.map((c) => [c.job, c.artifact, c.available, c.reason, `${c.at?.line}:${c.at?.column}`]),
    [
      ['gen', 'c.yml', true, 'child pipeline configuration c.yml from the artifacts of gen', '4:38'],
      [
        'gone',
        'd.yml',
        false,
        'child pipeline configuration d.yml from gone, which is not in this pipeline (rules[0]: no clauses, when: never): there is no file to create the child pipeline from',
        '4:67',
      ],
    ],
  );
  // A trigger of a file from the repository, and a trigger job not in the pipeline, have none.
  assert.deepEqual(
    [Object.hasOwn(job(m, 'plain'), 'configSources'), Object.hasOwn(job(m, 'skipped'), 'configSources')],
    [false, false],
  );
  // An artifact without its job is a configuration error (Entry::Include), and no configuration source; so is a
  // job with both `script` and `trigger` (Entry::Job: "these keys cannot be used together"), which triggers nothing.
  const bad = await run(`gen: {script: x, artifacts: {paths: [c.yml]}}
t: {trigger: {include: [{artifact: c.yml}]}}
both: {stage: test, script: x, trigger: {include: [{artifact: c.yml, job: gen}]}}
`);
  assert.deepEqual(
    ['t', 'both'].map((n) => Object.hasOwn(job(bad, n), 'configSources')),
    [false, false],
  );
});

void test('a producer outside this configuration is named as such', async () => {
  // `job` names no job: an "undefined dependency" error, and the source says why there is no file.
  const m = await run('t: {trigger: {include: [{artifact: c.yml, job: nope}]}}\n');
  assert.deepEqual(
    job(m, 't').configSources?.map((c) => [c.available, c.reason]),
    [
      [
        false,
        'child pipeline configuration c.yml from nope, which is not in this pipeline (not defined in this configuration): there is no file to create the child pipeline from',
      ],
    ],
  );
});

void test('consumers: a job lists the jobs that receive its artifacts in this pipeline, not those of a project need', async () => {
  const m = await run(`stages: [build, test]
lib: {stage: build, script: x, artifacts: {paths: [lib/]}}
use: {stage: test, script: x}
cross: {stage: test, script: x, needs: [{project: grp/p, job: lib, ref: main}]}
`);
  assert.deepEqual(job(m, 'lib').consumers, ['use']);
});
