// Spec §11 scenarios T1–T18: which jobs' artifacts each job receives, and GitLab's static errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoErrors, codes, errors, job, run, sources } from './helpers';

void test('T1 stage-based default with default stages', async () => {
  const m = await run(`
build: {stage: build, script: make, artifacts: {paths: [bin/]}}
lint:  {stage: build, script: lint}
test:  {script: test}
deploy: {stage: deploy, script: ship}
`);
  assertNoErrors(m);
  assert.deepEqual(m.stages, ['.pre', 'build', 'test', 'deploy', '.post']);
  assert.deepEqual(sources(m, 'build'), []);
  assert.deepEqual(sources(m, 'lint'), []);
  assert.deepEqual(sources(m, 'test', true), ['build (files)', 'lint']);
  assert.deepEqual(sources(m, 'deploy', true), ['build (files)', 'lint', 'test']);
  assert.equal(job(m, 'test').stage, 'test');
  assert.equal(job(m, 'test').sources[0]?.via, 'stage');
});

void test('T2 dependencies: [] downloads nothing, not even dotenv', async () => {
  const m = await run(`
build: {stage: build, script: make, artifacts: {paths: [bin/], reports: {dotenv: b.env}}}
test:  {stage: test, script: t, dependencies: []}
`);
  assertNoErrors(m);
  assert.deepEqual(sources(m, 'test'), []);
});

void test('T3 dependencies narrows the set', async () => {
  const m = await run(`
a: {stage: build, script: x, artifacts: {paths: [a/]}}
b: {stage: build, script: x, artifacts: {paths: [b/]}}
c: {stage: test, script: x, dependencies: [b]}
`);
  assertNoErrors(m);
  assert.deepEqual(sources(m, 'c', true), ['b (files)']);
  assert.equal(job(m, 'c').sources[0]?.via, 'dependencies');
});

void test('T4 dependency on a later stage', async () => {
  const m = await run(`
t: {stage: test, script: x, dependencies: [d]}
d: {stage: deploy, script: x}
`);
  assert.deepEqual(errors(m), ['t job: dependency d is not defined in current or prior stages']);
  assert.equal(m.pipeline.created, false);
});

void test('T5 undefined or hidden dependency', async () => {
  const m = await run(`
.tpl: {script: x}
t: {stage: test, script: x, dependencies: [.tpl]}
`);
  assert.deepEqual(errors(m), ['t job: undefined dependency: .tpl']);
});

void test('T6 same-stage dependency is silently empty, with a warning', async () => {
  const m = await run(`
a: {stage: test, script: x, artifacts: {paths: [a/]}}
b: {stage: test, script: x, dependencies: [a]}
`);
  assertNoErrors(m);
  assert.deepEqual(sources(m, 'b'), []);
  assert.ok(codes(m, 'warning').includes('same-stage-dependency'));
  assert.match(
    m.diagnostics.find((d) => d.code === 'same-stage-dependency')!.message,
    /same-stage dependency ignored; use needs/,
  );
  assert.equal(job(m, 'b').missing[0]?.code, 'same-stage-dependency');
});

void test('T7 needs: [] receives nothing', async () => {
  const m = await run(`
a: {stage: build, script: x, artifacts: {paths: [a/]}}
z: {stage: deploy, script: x, needs: []}
`);
  assertNoErrors(m);
  assert.deepEqual(sources(m, 'z'), []);
});

void test('T8 needs with artifacts: false', async () => {
  const m = await run(`
a: {stage: build, script: x, artifacts: {paths: [a/], reports: {dotenv: a.env}}}
b: {stage: test, script: x, needs: [{job: a, artifacts: false}]}
`);
  assertNoErrors(m);
  assert.deepEqual(sources(m, 'b'), []);
  assert.equal(job(m, 'b').missing[0]?.code, 'need-without-artifacts');
});

void test('T9 needs and dependencies intersect', async () => {
  const m = await run(`
a: {stage: build, script: x, artifacts: {paths: [a/]}}
b: {stage: build, script: x, artifacts: {paths: [b/]}}
c: {stage: test, script: x, needs: [a, b], dependencies: [a]}
`);
  assertNoErrors(m);
  assert.deepEqual(sources(m, 'c', true), ['a (files)']);
  assert.ok(codes(m, 'warning').includes('dependencies-with-needs'));
});

void test('T10 dependencies not covered by needs', async () => {
  const m = await run(`
a: {stage: build, script: x}
b: {stage: build, script: x}
c: {stage: test, script: x, needs: [a], dependencies: [a, b]}
`);
  assert.deepEqual(errors(m), ['jobs:c dependencies the b should be part of needs']);
});

void test('T10b the combination message is lowercased whole', async () => {
  const m = await run(`
a: {stage: build, script: x}
B: {stage: build, script: x}
Deploy: {stage: test, script: x, needs: [a], dependencies: [a, B]}
`);
  assert.deepEqual(errors(m), ['jobs:deploy dependencies the b should be part of needs']);
});

void test('T11 need on a later stage', async () => {
  const m = await run(`
b: {stage: build, script: x, needs: [t]}
t: {stage: test, script: x}
`);
  assert.deepEqual(errors(m), ['b job: need t is not defined in current or prior stages']);
});

void test('T12 same-stage need is allowed', async () => {
  const m = await run(`
gen:  {stage: test, script: x, artifacts: {paths: [gen/]}}
use:  {stage: test, script: x, needs: [gen]}
`);
  assertNoErrors(m);
  assert.deepEqual(sources(m, 'use', true), ['gen (files)']);
});

void test('T13 duplicate needs', async () => {
  const m = await run(`
a: {stage: build, script: x}
b: {stage: test, script: x, needs: [a, {job: a, artifacts: false}]}
`);
  assert.deepEqual(errors(m), ['b has the following needs duplicated: a.']);
});

void test('T14 self need and cycles', async () => {
  const self = await run(`a: {stage: test, script: x, needs: [a]}`);
  assert.deepEqual(errors(self), ['The pipeline has circular dependencies: self-dependency: a']);
  const cycle = await run(`
a: {stage: test, script: x, needs: [b]}
b: {stage: test, script: x, needs: [a]}
`);
  assert.equal(errors(cycle).length, 1);
  assert.match(errors(cycle)[0]!, /^The pipeline has circular dependencies: topological sort failed: /);
});

void test('T15 parallel: N naming, needs expansion and the overwrite conflict', async () => {
  const m = await run(`
build: {stage: build, script: x, parallel: 3, artifacts: {paths: [out/]}}
test:  {stage: test, script: x, needs: [build]}
`);
  assertNoErrors(m);
  assert.deepEqual(
    m.jobs.map((j) => j.name),
    ['build 1/3', 'build 2/3', 'build 3/3', 'test'],
  );
  assert.deepEqual(sources(m, 'test'), ['build 1/3', 'build 2/3', 'build 3/3']);
  const conflicts = job(m, 'test').conflicts;
  assert.equal(conflicts.length, 1);
  assert.equal(conflicts[0]?.path, 'out');
  assert.equal(conflicts[0]?.likelyWinner, 'build 3/3');
  assert.equal(job(m, 'build 2/3').group, 'build');
  assert.deepEqual(job(m, 'build 2/3').parallel, { index: 2, total: 3 });
});

const T16 = (matrix: string) => `
build:
  stage: build
  script: x
  parallel: {matrix: [{PROVIDER: aws, STACK: [mon, app1]}, {PROVIDER: gcp, STACK: app1}]}
  artifacts: {paths: [out/]}
test:
  stage: test
  script: x
  needs: [{job: build, parallel: {matrix: [${matrix}]}}]
`;

void test('T16 needs:parallel:matrix selects a subset', async () => {
  const m = await run(T16('{PROVIDER: aws, STACK: app1}'));
  assertNoErrors(m);
  assert.deepEqual(
    m.jobs.map((j) => j.name),
    ['build: [aws, mon]', 'build: [aws, app1]', 'build: [gcp, app1]', 'test'],
  );
  assert.deepEqual(sources(m, 'test'), ['build: [aws, app1]']);
  assert.deepEqual(job(m, 'build: [gcp, app1]').parallel?.matrix, { PROVIDER: 'gcp', STACK: 'app1' });
});

void test('T17 matrix need in the wrong variable order', async () => {
  const m = await run(T16('{STACK: app1, PROVIDER: aws}'));
  assert.deepEqual(errors(m), ['test job: undefined need: build: [app1, aws]']);
});

void test('T18 dependencies on a parallel job expand to all instances', async () => {
  const m = await run(`
build: {stage: build, script: x, parallel: 2, artifacts: {paths: [o/]}}
deploy: {stage: deploy, script: x, dependencies: [build]}
`);
  assertNoErrors(m);
  assert.deepEqual(sources(m, 'deploy'), ['build 1/2', 'build 2/2']);
});

void test('the model lists what a DAG job needs, artifacts: false included; stage-scheduled jobs have no needs list', async () => {
  const m = await run(`
a: {stage: build, script: x}
b: {stage: build, script: x, parallel: 2}
c: {stage: test, script: x, needs: [{job: a, artifacts: false}, b]}
d: {stage: test, script: x}
`);
  assert.deepEqual(job(m, 'c').needs, ['a', 'b 1/2', 'b 2/2']);
  assert.equal(job(m, 'd').needs, undefined);
});
