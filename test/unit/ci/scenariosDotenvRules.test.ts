// Spec §11 scenarios T19–T37: dotenv, report files, rules and pipeline types, defaults, extends, includes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoErrors, codes, errors, included, job, mrContext, run, sources, tagContext } from './helpers';

void test('T19 dotenv via stage default; the producer has no archive', async () => {
  const m = await run(`
ver: {stage: build, script: 'echo V=fromdotenv > v.env', artifacts: {reports: {dotenv: v.env}}}
use: {stage: test, script: 'echo $V', variables: {V: fromyaml}}
`);
  assertNoErrors(m);
  assert.deepEqual(sources(m, 'use', true), ['ver (dotenv)']);
  assert.equal(job(m, 'ver').artifacts?.archive, false);
});

void test('T20 dotenv blocked by needs:artifacts: false', async () => {
  const m = await run(`
ver: {stage: build, script: 'echo V=fromdotenv > v.env', artifacts: {reports: {dotenv: v.env}}}
use: {stage: test, script: 'echo $V', variables: {V: fromyaml}, needs: [{job: ver, artifacts: false}]}
`);
  assertNoErrors(m);
  assert.deepEqual(sources(m, 'use'), []);
});

void test('T21 dotenv variables are not visible to rules', async () => {
  const m = await run(`
ver: {stage: build, script: 'echo GO=yes > g.env', artifacts: {reports: {dotenv: g.env}}}
gate: {stage: test, script: x, rules: [{if: '$GO == "yes"'}]}
`);
  assert.equal(job(m, 'gate').inPipeline, false);
  assert.deepEqual(job(m, 'gate').sources, []);
});

void test('T22 report files are not downloaded; paths make them present', async () => {
  const m = await run(`
unit: {stage: test, script: x, artifacts: {reports: {junit: r.xml}}}
pub:  {stage: deploy, script: 'ls r.xml'}
`);
  assert.deepEqual(sources(m, 'pub', true), ['unit']);
  const withPaths = await run(`
unit: {stage: test, script: x, artifacts: {paths: [r.xml], reports: {junit: r.xml}}}
pub:  {stage: deploy, script: 'ls r.xml'}
`);
  assert.deepEqual(sources(withPaths, 'pub', true), ['unit (files)']);
});

const T23 = (optional: boolean) => `
b: {stage: build, script: x, rules: [{if: '$CI_COMMIT_TAG'}], artifacts: {paths: [b/]}}
t: {stage: test, script: x, needs: [{job: b${optional ? ', optional: true' : ''}}]}
`;

void test('T23 optional need on a job excluded by rules', async () => {
  const push = await run(T23(true));
  assertNoErrors(push);
  assert.equal(job(push, 'b').inPipeline, false);
  assert.deepEqual(sources(push, 't'), []);
  assert.equal(job(push, 't').missing[0]?.code, 'optional-need-absent');
  const tag = await run(T23(true), tagContext);
  assertNoErrors(tag);
  assert.deepEqual(sources(tag, 't', true), ['b (files)']);
});

void test('T24 non-optional need on an excluded job fails pipeline creation', async () => {
  const m = await run(T23(false));
  const message =
    "'t' job needs 'b' job, but 'b' does not exist in the pipeline. This might be because of the only, except, or rules keywords. To need a job that sometimes does not exist in the pipeline, use needs:optional.";
  assert.deepEqual(errors(m), [message]);
  assert.deepEqual(m.pipeline, { created: false, message });
});

void test('T25 default:artifacts is replaced, not merged', async () => {
  const m = await run(`
default: {artifacts: {reports: {dotenv: d.env}}}
a: {stage: build, script: x, artifacts: {paths: [out/]}}
b: {stage: build, script: x}
c: {stage: test, script: x}
`);
  assertNoErrors(m);
  assert.deepEqual(job(m, 'a').artifacts?.dotenv, []);
  assert.deepEqual(job(m, 'b').artifacts?.dotenv, ['d.env']);
  assert.deepEqual(sources(m, 'c', true), ['a (files)', 'b (dotenv)']);
});

void test('T26 inherit:default: false', async () => {
  const m = await run(`
default: {artifacts: {reports: {dotenv: d.env}}}
a: {stage: build, script: x, artifacts: {paths: [out/]}}
b: {stage: build, script: x, inherit: {default: false}}
c: {stage: test, script: x}
`);
  assertNoErrors(m);
  assert.equal(job(m, 'b').artifacts, null);
  assert.deepEqual(sources(m, 'c', true), ['a (files)', 'b']);
});

void test('T27 extends deep-merges artifacts', async () => {
  const m = await run(`
.env: {artifacts: {reports: {dotenv: e.env}}}
a: {stage: build, script: x, extends: .env, artifacts: {paths: [out/]}}
c: {stage: test, script: x}
`);
  assertNoErrors(m);
  assert.deepEqual(sources(m, 'c', true), ['a (files, dotenv)']);
});

void test('T28 extends replaces arrays; needs: null clears them', async () => {
  const m = await run(`
.base: {stage: test, script: x, needs: [a]}
a: {stage: build, script: x, artifacts: {paths: [a/]}}
b: {stage: build, script: x, artifacts: {paths: [b/]}}
j1: {extends: .base, needs: [b]}
j2: {extends: .base, needs: null}
`);
  assertNoErrors(m);
  assert.deepEqual(sources(m, 'j1'), ['b']);
  assert.deepEqual(sources(m, 'j2'), ['a', 'b']);
  assert.equal(job(m, 'j2').sources[0]?.via, 'stage');
});

void test('T29 multiple parents: the later parent wins', async () => {
  const m = await run(`
.p1: {stage: build, artifacts: {paths: [one/]}}
.p2: {stage: test,  artifacts: {paths: [two/]}}
j: {extends: [.p1, .p2], script: x}
`);
  assertNoErrors(m);
  assert.equal(job(m, 'j').stage, 'test');
  assert.deepEqual(job(m, 'j').artifacts?.paths, ['two/']);
});

void test('T30 extends on an unknown key', async () => {
  const m = await run(`j: {extends: .missing, script: x}`);
  assert.deepEqual(errors(m), ['j: unknown keys in `extends` (.missing)']);
  assert.equal(m.pipeline.created, false);
});

void test('T31 extends cycle', async () => {
  const m = await run(`
.a: {extends: .b}
.b: {extends: .a}
j: {extends: .a, script: x}
`);
  assert.deepEqual(errors(m), ['.a: circular dependency detected in `extends`']);
});

void test('T32 extends depth: 11 parents are fine, 12 are not', async () => {
  const chain = (n: number) =>
    [
      'j: {extends: .p1, script: x}',
      ...Array.from(
        { length: n },
        (_, i) => `.p${i + 1}: {${i + 1 < n ? `extends: .p${i + 2}, ` : ''}variables: {L${i + 1}: "1"}}`,
      ),
    ].join('\n');
  assertNoErrors(await run(chain(11)));
  assert.deepEqual(errors(await run(chain(12))), ['.p11: nesting too deep in `extends`']);
});

void test('T33 !reference resolution and a missing path rejecting the whole configuration', async () => {
  const ok = await run(`
.s: {script: [echo a]}
j: {script: [!reference [.s, script], echo b]}
`);
  assertNoErrors(ok);
  const bad = await run(`
.s: {script: [echo a]}
j: {script: [!reference [.s, script], echo b]}
k: {script: [!reference [.s, after_script]]}
`);
  assert.deepEqual(errors(bad), ['!reference [".s", "after_script"] could not be found']);
  assert.equal(bad.jobs.length, 0);
});

void test('T34 include merge order', async () => {
  const m = await run({
    'inc1.yml': 'build: {stage: build, script: old, artifacts: {paths: [x/]}}\n',
    'inc2.yml': 'build: {artifacts: {reports: {dotenv: b.env}}}\n',
    '.gitlab-ci.yml': 'include: [inc1.yml, inc2.yml]\nbuild: {script: new}\ntest: {stage: test, script: t}\n',
  });
  assertNoErrors(m);
  const build = job(m, 'build');
  assert.equal(build.stage, 'build');
  assert.deepEqual(build.artifacts?.paths, ['x/']);
  assert.deepEqual(build.artifacts?.dotenv, ['b.env']);
  assert.deepEqual(sources(m, 'test', true), ['build (files, dotenv)']);
  assert.deepEqual(
    m.includes.map((i) => i.files),
    [['inc1.yml'], ['inc2.yml']],
  );
});

const T35 = `
build: {stage: build, script: x, artifacts: {paths: [b/]}}
test:  {stage: test, script: x, needs: [build], rules: [{if: '$CI_PIPELINE_SOURCE == "merge_request_event"'}]}
`;

void test('T35 MR pipeline without workflow:rules drops plain jobs', async () => {
  const m = await run(T35, mrContext);
  assert.equal(job(m, 'build').inPipeline, false);
  assert.deepEqual(errors(m), [
    "'test' job needs 'build' job, but 'build' does not exist in the pipeline. This might be because of the only, except, or rules keywords. To need a job that sometimes does not exist in the pipeline, use needs:optional.",
  ]);
  const withWorkflow = await run(
    `workflow: {rules: [{if: '$CI_PIPELINE_SOURCE == "merge_request_event"'}, {if: '$CI_COMMIT_BRANCH'}]}\n${T35}`,
    mrContext,
  );
  assertNoErrors(withWorkflow);
  assert.deepEqual(sources(withWorkflow, 'test', true), ['build (files)']);
});

const T36 = `
pkg: {stage: build, script: x, artifacts: {paths: [p/]}, rules: [{if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH'}]}
use: {stage: test, script: x}
`;

void test('T36 default-branch rule across pipeline types', async () => {
  assert.deepEqual(sources(await run(T36), 'use', true), ['pkg (files)']);
  const feat = await run(T36, { branch: 'feat' });
  assert.equal(job(feat, 'pkg').inPipeline, false);
  assert.deepEqual(sources(feat, 'use'), []);
  const mr = await run(T36, mrContext);
  assert.deepEqual(included(mr), []);
  const mrWorkflow = await run(
    `workflow: {rules: [{if: '$CI_MERGE_REQUEST_IID'}, {if: '$CI_COMMIT_BRANCH'}]}\n${T36}`,
    mrContext,
  );
  assert.deepEqual(included(mrWorkflow), ['use']);
});

void test('T37 the first matching rule wins; never excludes', async () => {
  const yaml = `j: {script: x, rules: [{if: '$CI_COMMIT_BRANCH == "main"', when: never}, {when: on_success}]}`;
  const main = await run(yaml);
  assert.equal(job(main, 'j').inPipeline, false);
  const other = await run(yaml, { branch: 'feat' });
  assert.equal(job(other, 'j').inPipeline, true);
  assert.ok(codes(other, 'warning').includes('multiple-pipelines'));
});
