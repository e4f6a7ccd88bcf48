// Survivors of src/ci/jobs/classifyJob.ts (docs/mutation.md, "jobs: key validation, …"): what a root entry is
// (spec R1.2; GitLab's jobs.rb tries Hidden, Job, Bridge in that order: job.rb `matching?` is a Hash with `script`
// or `run`, bridge.rb a Hash with `trigger` or `needs`), under the soft root keys `default` and `workflow` too,
// and the messages of processable.rb, job.rb, bridge.rb and jobs.rb.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../helpers';
import { diagnosticLines, UNRESOLVED_INCLUDE } from './diagnosticLines';

const kinds = async (yaml: string): Promise<string[]> => (await run(yaml)).jobs.map((j) => `${j.name}:${j.kind}`);

void test('spec R1.1: default and workflow holding script, run or trigger are jobs of that name', async () => {
  assert.deepEqual(await kinds('workflow: {script: x}\ndefault: {run: [{name: a, script: b}]}\n'), [
    'workflow:job',
    'default:job',
  ]);
  assert.deepEqual(await kinds('workflow: {trigger: {include: c.yml}}\n'), ['workflow:trigger']);
  assert.deepEqual(await kinds('variables: {A: b}\nj: {run: [{name: a, script: b}]}\n'), ['j:job']);
});

void test('bridge.rb: default holding only needs is a bridge without a trigger', async () => {
  assert.deepEqual(await diagnosticLines('workflow: {trigger: a}\ndefault: {needs: [x]}\n'), [
    'error job-type 2:1 jobs:default config should contain either a trigger or a needs:pipeline [default]',
  ]);
});

void test('null default and workflow are the keywords, not jobs, and not a crash', async () => {
  assert.deepEqual(await kinds('workflow: ~\ndefault: ~\nj: {script: x}\n'), ['j:job']);
});

void test('jobs.rb: a scalar, or a mapping without script, run, trigger or needs, implements nothing', async () => {
  const implement = (name: string, line: number): string =>
    `error job-type ${line}:1 jobs ${name} config should implement the script:, run:, or trigger: keyword [${name}]`;
  assert.deepEqual(await diagnosticLines('j: a\nk: {script: x}\n'), [implement('j', 1)]);
  assert.deepEqual(await diagnosticLines('k: {script: x}\nj: {stage: test}\n'), [implement('j', 2)]);
});

void test("processable.rb: script and trigger, run and trigger, cannot be used together (keys in the job's order)", async () => {
  // GitLab also reports `config contains unknown keys: trigger` for the first (job.rb's allowed keys have no
  // trigger): not asserted here, see docs/mutation.md ("found, not fixed").
  const together = async (yaml: string): Promise<string[]> =>
    (await diagnosticLines(yaml)).filter((l) => l.includes('cannot be used together'));
  assert.deepEqual(await together('j: {stage: test, trigger: a, image: i, script: x}\n'), [
    'error job-keys 1:1 jobs:j config these keys cannot be used together: trigger, script [j]',
  ]);
  assert.deepEqual(await together('j: {image: i, run: [{name: a, script: b}], trigger: a}\n'), [
    'error job-keys 1:1 jobs:j config these keys cannot be used together: run, trigger [j]',
  ]);
});

void test('job.rb / bridge.rb: unknown keys, named in order, on the first of them', async () => {
  assert.deepEqual(await diagnosticLines('j: {stage: test, foo: 1, bar: 2, script: x}\nu: {trigger: a, image: x}\n'), [
    'error job-keys 1:18 jobs:j config contains unknown keys: foo, bar [j]',
    'error job-keys 2:17 jobs:u config contains unknown keys: image [u]',
  ]);
});

void test('offline, a mapping without script completes a job from an unresolved include: a warning, and a job', async () => {
  const yaml = `${UNRESOLVED_INCLUDE}j: {stage: build}\n`;
  assert.deepEqual(await diagnosticLines(yaml), [
    'info include-unresolved 1:11 include:project g/t:s.yml is not resolved offline; jobs and templates it defines are missing from this view',
    'warning job-incomplete 2:1 jobs:j has no script:, run: or trigger: here; it probably completes a job from an include that is not resolved offline [j]',
  ]);
  assert.deepEqual(await kinds(yaml), ['j:job']);
});

void test('offline too, a scalar completes no job: it replaces whatever an include defines (jobs.rb: not a Hash)', async () => {
  assert.deepEqual(await diagnosticLines(`${UNRESOLVED_INCLUDE}j: a\nk: {script: x}\n`), [
    'info include-unresolved 1:11 include:project g/t:s.yml is not resolved offline; jobs and templates it defines are missing from this view',
    'error job-type 2:1 jobs j config should implement the script:, run:, or trigger: keyword [j]',
  ]);
});
