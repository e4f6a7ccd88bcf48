// The error a refused pipeline is named by (src/ci/jobs/firstError.ts): yaml_processor.rb returns the entry errors
// when there are any and runs its logical checks only without them, stopping at the first, job by job (stage,
// dependencies, needs), cycles last. Every problem is still listed; only the pipeline's message is GitLab's one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from './helpers';

async function verdict(yaml: string): Promise<{ message: string | undefined; errors: string[] }> {
  const m = await run({ '.gitlab-ci.yml': yaml });
  assert.equal(m.pipeline.created, false);
  return {
    message: m.pipeline.message,
    errors: m.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
  };
}

void test('an entry error is named before any logical one, though the engine found the stage error first', async () => {
  const v = await verdict('a:\n  script: x\n  stage: nope\nb:\n  script: y\n  foo: 1\n');
  assert.equal(v.message, 'jobs:b config contains unknown keys: foo');
  // Both are listed: the stage error is what GitLab names once the unknown key is gone.
  assert.equal(v.errors.length, 2);
});

void test('logical errors: job by job in the configuration order, whatever check found them first', async () => {
  const v = await verdict('a:\n  script: x\n  needs: [n1]\nb:\n  script: y\n  stage: nope\n');
  assert.equal(v.message, 'a job: undefined need: n1');
  assert.deepEqual(
    new Set(v.errors),
    new Set(['a job: undefined need: n1', v.errors.find((e) => e.startsWith('b job'))]),
  );
});

void test('logical errors within a job: its stage, then its dependencies, then its needs', async () => {
  const stage = await verdict('a:\n  script: x\n  needs: [n1]\n  stage: nope\n');
  assert.match(stage.message ?? '', /^a job: chosen stage nope does not exist/);
  // (dependencies within needs: otherwise job.rb's entry error comes first)
  const deps = await verdict('a:\n  script: x\n  needs: [n1]\n  dependencies: [n1]\n');
  assert.equal(deps.message, 'a job: undefined dependency: n1');
  assert.ok(deps.errors.includes('a job: undefined need: n1'), deps.errors.join('\n'));
});

void test('needs cycles come after every job’s own checks', async () => {
  const v = await verdict(
    'a:\n  stage: test\n  script: x\n  needs: [b]\nb:\n  stage: test\n  script: y\n  needs: [a]\nc:\n  script: z\n  needs: [nope]\n',
  );
  assert.equal(v.message, 'c job: undefined need: nope');
  assert.ok(
    v.errors.some((e) => e.startsWith('The pipeline has circular dependencies')),
    v.errors.join('\n'),
  );
});

void test('a parallel job’s stage error names its first instance, as yaml_processor.rb checks normalized jobs', async () => {
  const n = await verdict('build:\n  script: x\n  stage: nope\n  parallel: 3\n');
  assert.match(n.message ?? '', /^build 1\/3 job: chosen stage nope does not exist/);
  const matrix = await verdict('build:\n  script: x\n  stage: nope\n  parallel:\n    matrix:\n      - A: [x, y]\n');
  assert.match(matrix.message ?? '', /^build: \[x\] job: chosen stage nope does not exist/);
  // One error per job definition, not one per instance.
  assert.equal(n.errors.length, 1);
});

void test('entry errors in the entry tree’s order: jobs in order, a job’s own messages before its keys’', async () => {
  const own = await verdict('a:\n  script: x\n  rules: [{if: "$A =="}]\n  foo: 1\n');
  assert.equal(own.message, 'jobs:a config contains unknown keys: foo');
  const byJob = await verdict('a:\n  script: x\n  rules: [{if: "$A =="}]\nb:\n  script: x\n  foo: 1\n');
  assert.equal(byJob.message, 'jobs:a:rules:rule if invalid expression syntax');
  const reversed = await verdict('b:\n  script: x\n  foo: 1\na:\n  script: x\n  rules: [{if: "$A =="}]\n');
  assert.equal(reversed.message, 'jobs:b config contains unknown keys: foo');
});

void test('an entry’s own messages before those of the entries inside it: needs before needs:need', async () => {
  const cross = Array.from({ length: 6 }, (_, i) => `{pipeline: "1", job: c${i}}`).join(', ');
  const v = await verdict(`a:\n  script: x\n  needs: [{job: b, pipeline: "1", foo: 1}, ${cross}]\nb:\n  script: y\n`);
  assert.equal(v.message, 'jobs:a:needs config must be less than or equal to 5');
  assert.ok(v.errors.includes('jobs:a:needs:need config contains unknown keys: foo'), v.errors.join('\n'));
});

void test('list items share their path text: an item’s own message encloses only its own children', async () => {
  // composable_array.rb: item 0's errors (its own, then its children's) before item 1's. `rules:rule` names every
  // rule, so the second rule's unknown key must not be taken as enclosing the first rule's `changes`.
  const rules = await verdict(
    'a:\n  script: x\n  rules:\n    - if: $A\n      changes: {paths: 1}\n    - if: $B\n      foo: 1\n',
  );
  assert.equal(rules.message, 'jobs:a:rules:rule:changes paths should be an array of strings');
  assert.ok(rules.errors.includes('jobs:a:rules:rule config contains unknown keys: foo'), rules.errors.join('\n'));
  const jobs = 'b: {script: x}\nc: {script: x}\n';
  const needs = await verdict(
    `a:\n  script: x\n  needs:\n    - {job: b, parallel: {matrix: 1}}\n    - {job: c, foo: 1}\n${jobs}`,
  );
  assert.equal(needs.message, 'jobs:a:needs:need:parallel:matrix config should be an array of hashes');
  // In one item its own message still comes first.
  const same = await verdict(`a:\n  script: x\n  needs:\n    - {job: b, parallel: {matrix: 1}, foo: 1}\n${jobs}`);
  assert.equal(same.message, 'jobs:a:needs:need config contains unknown keys: foo');
  // A second item's own message before the first item's child, in the other order of items.
  const later = await verdict(
    `a:\n  script: x\n  needs:\n    - {job: c, foo: 1}\n    - {job: b, parallel: {matrix: 1}}\n${jobs}`,
  );
  assert.equal(later.message, 'jobs:a:needs:need config contains unknown keys: foo');
});

void test('every logical check waits for the entry errors, whichever job comes first', async () => {
  const later = 'z:\n  script: z\n  foo: 1\n';
  const logical = [
    'a:\n  script: x\n  dependencies: [nope]\n',
    'a:\n  stage: test\n  script: x\n  dependencies: [b]\nb:\n  stage: deploy\n  script: y\n',
    'a:\n  stage: test\n  script: x\n  needs: [b]\nb:\n  stage: deploy\n  script: y\n',
    'a:\n  script: x\n  needs: [b, b]\nb:\n  script: y\n',
    `a:\n  script: x\n  needs: [${'n'.repeat(256)}]\n`,
  ];
  for (const yaml of logical) {
    const v = await verdict(yaml + later);
    assert.equal(v.message, 'jobs:z config contains unknown keys: foo', yaml);
    assert.ok(v.errors.length >= 2, v.errors.join('\n'));
  }
});

void test('only errors name a pipeline: an earlier info or warning does not', async () => {
  const m = await run({
    '.gitlab-ci.yml': 'include: [{project: g/p, file: x.yml}]\nj:\n  script: x\n  foo: 1\n',
  });
  assert.ok(m.diagnostics.some((d) => d.severity === 'info'));
  assert.equal(m.pipeline.message, 'jobs:j config contains unknown keys: foo');
});

void test('a parallel job is placed by its group: its stage error comes before a later job’s', async () => {
  const v = await verdict('build:\n  script: x\n  stage: nope\n  parallel: 2\nlater:\n  script: y\n  needs: [nope]\n');
  assert.match(v.message ?? '', /^build 1\/2 job: chosen stage nope does not exist/);
});

void test("a need of a job that rules leave out is no configuration error: GitLab names the configuration's own", async () => {
  // seed/build.rb raises the missing need only when seeding a valid configuration; yaml_processor.rb names z's.
  const v = await verdict(
    'r:\n  script: x\n  rules: [{when: never}]\nt:\n  script: y\n  needs: [r]\nz:\n  script: z\n  needs: [nope]\n',
  );
  assert.equal(v.message, 'z job: undefined need: nope');
  // Both are listed: the missing need is what GitLab says once z is fixed.
  assert.ok(v.errors.some((e) => e.startsWith("'t' job needs 'r' job, but 'r' does not exist in the pipeline")));
});

void test("a trigger:include artifact job is checked after the job's needs, as yaml_processor.rb does", async () => {
  // validate_job! runs validate_job_needs! before validate_dynamic_child_pipeline_dependencies!.
  const v = await verdict('t:\n  needs: [missing]\n  trigger:\n    include:\n      - { artifact: x.yml, job: nope }\n');
  assert.equal(v.message, 't job: undefined need: missing');
  assert.deepEqual(new Set(v.errors), new Set(['t job: undefined need: missing', 't job: undefined dependency: nope']));
});

void test("a job's own key message comes before its items' whatever the job name's case", async () => {
  // Validator messages are downcased (config/entry/validator.rb), an unknown strategy's keep the key's case.
  const pipelines = [1, 2, 3, 4, 5, 6].map((i) => `    - {pipeline: $P${i}, job: j${i}}\n`).join('');
  const v = await verdict(`Build:\n  script: x\n  needs:\n    - 1\n${pipelines}`);
  assert.equal(v.message, 'jobs:build:needs config must be less than or equal to 5');
  assert.ok(v.errors.includes('jobs:Build:needs:need has an unsupported type'));
});
