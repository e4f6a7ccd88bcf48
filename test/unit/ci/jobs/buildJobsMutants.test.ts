// Survivors of src/ci/jobs/buildJobs.ts (docs/mutation.md, "jobs: key validation, …"): the root entries that are
// not jobs, job names (processable.rb: `validates :name, presence: true`, `length: { maximum: 255 }`), jobs.rb's
// "at least one visible job", stages (spec R1.3, and the offline warnings when an include is not read), our own
// bound on job instances, and the places later checks point at (the `stage`, `needs` and `dependencies` keys).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../helpers';
import { diagnosticLines, UNRESOLVED_INCLUDE } from './diagnosticLines';
import { buildJobs, MAX_JOBS } from '../../../../src/ci/jobs/buildJobs';
import { DiagnosticSink } from '../../../../src/ci/diagnostics';
import { loadYaml } from '../../../../src/ci/yaml/loadYaml';
import type { YMap } from '../../../../src/ci/yaml/node';

function load(text: string): YMap {
  const root = loadYaml(text, '.gitlab-ci.yml', new DiagnosticSink()).root;
  assert.ok(root);
  return root;
}

const lines = (sink: DiagnosticSink): string[] =>
  sink.items.map((d) => `${d.severity} ${d.code} ${d.line}:${d.column} ${d.message}`);

void test("hidden.rb: a hidden entry without a value can't be blank; hidden names are kept in order", async () => {
  assert.deepEqual(await diagnosticLines('.x: \n.y: {script: a}\nj: {script: x}\n'), [
    "error job-blank 1:1 jobs:.x config can't be blank [.x]",
  ]);
  const sink = new DiagnosticSink();
  assert.deepEqual(buildJobs(load('.x: {script: a}\nj: {script: x}\n.y: {script: b}\n'), sink).hidden, ['.x', '.y']);
  assert.deepEqual(buildJobs(load('j: {script: x}\n'), sink).hidden, []);
});

void test('processable.rb: a null key is a job without a name (Validator names it by its class: `job`)', async () => {
  assert.deepEqual(await diagnosticLines('~: {script: x}\nj: {script: x}\n'), [
    "error job-name-type 1:1 jobs:job name can't be blank []",
  ]);
});

void test('processable.rb: a job name of 255 characters is accepted, 256 is too long', async () => {
  const ok = 'a'.repeat(255);
  const long = `b${ok}`;
  assert.deepEqual(await diagnosticLines(`${ok}: {script: x}\n${long}: {script: x}\n`), [
    `error job-name-length 2:1 jobs:${long} name is too long (maximum is 255 characters) [${long}]`,
  ]);
});

void test('jobs.rb: only hidden entries: no visible job', async () => {
  assert.deepEqual(await diagnosticLines('.x: {script: a}\n'), [
    'error no-jobs 1:1 jobs config should contain at least one visible job',
  ]);
});

void test('an entry that is not a job is left out of the jobs (after its error)', () => {
  const sink = new DiagnosticSink();
  const built = buildJobs(load('j: {stage: test}\nk: {script: x}\nl: a\n'), sink);
  assert.deepEqual(
    built.jobs.map((j) => j.name),
    ['k'],
  );
});

void test('workflow: is the keyword only under its own name; default: is not workflow', () => {
  const sink = new DiagnosticSink();
  assert.equal(buildJobs(load('default: {image: i}\nj: {script: x}\n'), sink).workflow, undefined);
  assert.equal(buildJobs(load('workflow: {rules: [{when: always}]}\nj: {script: x}\n'), sink).workflow?.kind, 'map');
});

void test("called without the offline flags (a parent pipeline read for context): GitLab's errors, not warnings", () => {
  const sink = new DiagnosticSink();
  const built = buildJobs(load('stages: [build]\nj: {stage: build}\nk: {stage: lint, script: x}\n'), sink);
  assert.deepEqual(lines(sink), [
    'error job-type 2:1 jobs j config should implement the script:, run:, or trigger: keyword',
    'error unknown-stage 3:12 k job: chosen stage lint does not exist; available stages are .pre, build, .post',
  ]);
  assert.deepEqual(
    built.jobs.map((j) => j.name),
    ['k'],
  );
});

void test("offline: no stage: and no test stage, or a stage the known stages lack, are warnings; with the root file's own stages an unknown stage is an error", async () => {
  const info =
    'info include-unresolved 1:11 include:project g/t:s.yml is not resolved offline; jobs and templates it defines are missing from this view';
  assert.deepEqual(await diagnosticLines(`${UNRESOLVED_INCLUDE}stages: [build]\nj: {script: x}\n`), [
    info,
    'warning stage-unresolved 3:1 j job: no stage: here, and the default stage test does not exist; the stage probably comes from an include that is not resolved offline [j]',
  ]);
  assert.deepEqual(await diagnosticLines(`${UNRESOLVED_INCLUDE}j: {stage: lint, script: x}\n`), [
    info,
    'warning stage-unresolved 2:12 j job: stage lint is not in the stages known here (.pre, build, test, deploy, .post); they probably come from an include that is not resolved offline, so its place in the stage order is unknown [j]',
  ]);
  assert.deepEqual(await diagnosticLines('stages: [build]\nj: {stage: lint, script: x}\n'), [
    'error unknown-stage 2:12 j job: chosen stage lint does not exist; available stages are .pre, build, .post [j]',
  ]);
});

void test('a stage-scheduled source points at the stage: key of the job it comes from, or at its name without one', async () => {
  const m = await run(
    'stages: [test, deploy]\na: {script: x, stage: test, artifacts: {paths: [o]}}\nb: {script: x, artifacts: {paths: [p]}}\nd: {stage: deploy, script: x}\n',
  );
  const d = m.jobs.find((j) => j.name === 'd');
  assert.ok(d);
  assert.deepEqual(
    d.sources.map((s) => `${s.job} ${s.at?.line}:${s.at?.column}`),
    ['a 2:16', 'b 3:1'],
  );
});

void test('the needs and dependencies keys are where the checks of the whole list point', async () => {
  assert.deepEqual(
    await diagnosticLines('a: {stage: build, script: x, needs: [b]}\nb: {stage: build, script: x, needs: [a]}\n'),
    [
      'error needs-cycle 1:30 The pipeline has circular dependencies: topological sort failed: ["a", "b"] [a]',
      'info need-without-artifacts 1:38 a job: needed job b declares no artifacts: nothing is downloaded from it (artifacts: false would say so) [a]',
      'info need-without-artifacts 2:38 b job: needed job a declares no artifacts: nothing is downloaded from it (artifacts: false would say so) [b]',
    ],
  );
  const deps = await diagnosticLines(
    'a: {stage: build, script: x}\nc: {stage: build, script: x}\nb: {stage: test, script: x, needs: [c], dependencies: [a]}\n',
  );
  assert.deepEqual(deps.slice(0, 2), [
    'error dependencies-needs 3:41 jobs:b dependencies the a should be part of needs [b]',
    "warning dependencies-with-needs 3:41 b job: dependencies combined with needs: the job receives only jobs listed in both (with artifacts: true); GitLab's docs advise against combining them [b]",
  ]);
});

void test('our bound: a job whose instances would pass 10,000 is left out, and so is every later job, even a small one', () => {
  const text = [
    ...Array.from({ length: 49 }, (_, i) => `p${i}: {script: x, parallel: 200}`),
    ...Array.from({ length: 100 }, (_, i) => `s${i}: {script: x}`),
    'big: {script: x, parallel: 200}',
    'last: {script: x}',
    '',
  ].join('\n');
  const sink = new DiagnosticSink();
  const built = buildJobs(load(text), sink);
  assert.equal(built.jobs.length, 49 * 200 + 100);
  assert.ok(built.jobs.length < MAX_JOBS);
  assert.ok(!built.jobs.some((j) => j.group === 'big' || j.name === 'last'));
  assert.equal(built.truncated, true);
  assert.deepEqual(lines(sink), [
    'warning too-many-jobs 150:1 This configuration defines more than 10,000 jobs after parallel expansion; big and the 1 jobs after it are left out of this view (a limit of this tool, not of GitLab)',
  ]);
});
