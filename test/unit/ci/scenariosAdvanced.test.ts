// Spec §11 scenarios T38–T50: parent/child, trigger forwarding, dotenv format, only/except, matrix rules,
// limits, classification, overwrite order, cross-project, YAML 1.1 typing, rules+only, workflow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoErrors, codes, errors, included, job, mrContext, run, scheduleContext, sources } from './helpers';
import { parseDotenv } from '../../../src/ci/dotenv';

void test("T38 parent/child: needs:pipeline:job brings the parent job's files and dotenv; dependencies: [] clears only local", async () => {
  const files = {
    '.gitlab-ci.yml': `
mk:  {stage: build, script: x, artifacts: {paths: [a.txt], reports: {dotenv: m.env}}}
kid: {stage: test, trigger: {include: child.yml}, variables: {PARENT_PIPELINE_ID: $CI_PIPELINE_ID}}
`,
    'child.yml': `
prep: {stage: build, script: x, artifacts: {paths: [p/]}}
use: {stage: test, script: x, needs: [{pipeline: $PARENT_PIPELINE_ID, job: mk}], dependencies: []}
`,
  };
  const parent = await run(files);
  assertNoErrors(parent);
  assert.equal(job(parent, 'kid').kind, 'trigger');
  assert.equal(job(parent, 'kid').triggers, 'child.yml');
  const { analyze, defaultContext } = await import('../../../src/ci/analyze');
  const { memoryReader } = await import('./helpers');
  const child = await analyze({
    root: 'child.yml',
    reader: memoryReader(files),
    context: { ...defaultContext(), source: 'parent_pipeline' },
  });
  assertNoErrors(child);
  assert.deepEqual(sources(child, 'use', true), ['parent:mk (files, dotenv)']);
  assert.equal(job(child, 'use').sources[0]?.scope, 'parent');
});

void test('T39 a trigger job forwards dotenv only with forward:pipeline_variables', async () => {
  const yaml = (forward: boolean) => `
ver: {stage: build, script: 'echo V=1 > v.env', artifacts: {reports: {dotenv: v.env}}}
down: {stage: test, trigger: {include: c.yml${forward ? ', forward: {pipeline_variables: true}' : ''}}}
`;
  const on = await run(yaml(true));
  assert.deepEqual(sources(on, 'down', true), ['ver (dotenv)']);
  assert.ok(codes(on, 'info').includes('dotenv-forwarded'));
  const off = await run(yaml(false));
  assert.ok(codes(off, 'info').includes('dotenv-not-forwarded'));
});

void test('T40 dotenv format failures reject the whole file', () => {
  assert.deepEqual(parseDotenv('A=1\n\nB=2\n'), { ok: false, error: 'Invalid Format' });
  const bad = parseDotenv('MY-VAR=1\n');
  assert.equal(bad.ok, false);
  assert.match(bad.ok ? '' : bad.error, /can contain only letters, digits and '_'\.$/);
  const many = Array.from({ length: 21 }, (_, i) => `K${i}=v`).join('\n');
  assert.deepEqual(parseDotenv(many), { ok: false, error: 'Dotenv files cannot have more than 20 variables' });
  assert.deepEqual(parseDotenv('V="x y"\n'), { ok: true, variables: { V: '"x y"' } });
  assert.deepEqual(parseDotenv('\uFEFFA = 1\nA=2'), { ok: true, variables: { A: '2' } });
  assert.deepEqual(parseDotenv('x'.repeat(5120)), {
    ok: false,
    error: 'Dotenv Artifact Too Big. Maximum Allowable Size: 5120',
  });
});

void test('T41 only/except with schedules and MR pipelines', async () => {
  const yaml = `
a: {script: x, only: [branches]}
b: {script: x, only: [branches], except: [schedules]}
c: {script: x}
`;
  assert.deepEqual(included(await run(yaml, scheduleContext)), ['a', 'c']);
  assert.deepEqual(included(await run(yaml, mrContext)), []);
});

void test('T42 rules filtering matrix instances breaks a plain need; optional fixes it', async () => {
  const yaml = (need: string) => `
build: {stage: build, script: x, parallel: {matrix: [{P: [aws, gcp]}]}, rules: [{if: '$P == "aws"'}]}
test:  {stage: test, script: x, needs: [${need}]}
`;
  const m = await run(yaml('build'));
  assert.equal(errors(m).length, 1);
  assert.match(
    errors(m)[0]!,
    /^'test' job needs 'build: \[gcp\]' job, but 'build: \[gcp\]' does not exist in the pipeline\. /,
  );
  const opt = await run(yaml('{job: build, optional: true}'));
  assertNoErrors(opt);
  assert.deepEqual(sources(opt, 'test'), ['build: [aws]']);
});

void test('T43 the needs limit applies after expansion', async () => {
  const m = await run(`
build: {stage: build, script: x, parallel: 60}
test:  {stage: test, script: x, needs: [build]}
`);
  assert.deepEqual(errors(m), [
    'test: one job can only need 50 others, but you have listed 60. See needs keyword documentation for more details',
  ]);
});

void test('T44 a needs-only job without a script is a bridge', async () => {
  const m = await run(`
a: {stage: build, script: x}
b: {stage: test, needs: [a]}
`);
  assert.deepEqual(errors(m), ['jobs:b config should contain either a trigger or a needs:pipeline']);
});

void test('T45 unknown stage', async () => {
  const m = await run(`j: {stage: qa, script: x}`);
  assert.deepEqual(errors(m), [
    'j job: chosen stage qa does not exist; available stages are .pre, build, test, deploy, .post',
  ]);
});

void test('T46 overwrite order follows creation order, not the order in needs', async () => {
  const m = await run(`
a: {stage: build, script: 'echo A > out/v', artifacts: {paths: [out/]}}
b: {stage: build, script: 'echo B > out/v', artifacts: {paths: [out/]}}
t1: {stage: test, script: 'cat out/v'}
t2: {stage: test, script: 'cat out/v', needs: [b, a]}
`);
  assertNoErrors(m);
  for (const name of ['t1', 't2']) {
    assert.deepEqual(sources(m, name), ['a', 'b']);
    assert.deepEqual(job(m, name).conflicts, [{ path: 'out', jobs: ['a', 'b'], likelyWinner: 'b' }]);
  }
});

void test('T47 a cross-project need is extracted after local ones', async () => {
  const m = await run(`
b: {stage: build, script: x, artifacts: {paths: [lib/]}}
t: {stage: test, script: x, needs: [b, {project: grp/lib, job: package, ref: main, artifacts: true}]}
`);
  assertNoErrors(m);
  assert.deepEqual(sources(m, 't'), ['b', 'grp/lib:package@main']);
  assert.equal(job(m, 't').sources[1]?.scope, 'project');
});

void test('T48 YAML 1.1 typing in matrix names; floats are rejected', async () => {
  const t = await run(`t: {script: x, parallel: {matrix: [{NODE: [010, "010"]}]}}`);
  assertNoErrors(t);
  assert.deepEqual(
    t.jobs.map((j) => j.name),
    ['t: [8]', 't: [010]'],
  );
  const u = await run(`u: {script: x, parallel: {matrix: [{PY: [3.10, "3.11"]}]}}`);
  assert.deepEqual(errors(u), [
    'jobs:u:parallel:matrix:variables config should be a hash of key value pairs, value can be an array',
  ]);
});

void test('T49 rules together with only', async () => {
  const m = await run(`j: {script: x, only: [main], rules: [{when: always}]}`);
  assert.deepEqual(errors(m), ['jobs:j config key may not be used with `rules`: only']);
});

void test('T50 a workflow:rules rejection', async () => {
  const m = await run(`
workflow: {rules: [{if: '$CI_PIPELINE_SOURCE == "schedule"'}]}
j: {script: x}
`);
  assert.deepEqual(m.pipeline, {
    created: false,
    message: 'The pipeline did not run. Review the workflow:rules configuration for the pipeline.',
  });
  assert.deepEqual(included(m), []);
  assert.deepEqual(
    included(
      await run(
        `
workflow: {rules: [{if: '$CI_PIPELINE_SOURCE == "schedule"'}]}
j: {script: x}
`,
        scheduleContext,
      ),
    ),
    ['j'],
  );
});
