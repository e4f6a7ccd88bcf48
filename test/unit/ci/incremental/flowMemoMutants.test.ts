// Dependency lists and FlowJobs kept between analyses (incremental/flowMemo.ts): a job's list is reused while its
// definition, its needs, dependencies and `when` in this pipeline, and what every other job offers it are the same.
// Each sequence changes one of those between analyses of one session while the consumer's own definition stays
// the same object (its lines are not touched): every analysis must equal a fresh one (replay.ts), and the
// sequence must change what the consumer is shown (spec R5.3 who receives what, R4.3 artifacts:when).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replay, type Step } from './replay';
import type { FlowJob, FlowModel } from '../../../../src/ci/model';

/** The consumer `z`, defined first so that edits below it never move it. */
const Z = 'z: {stage: test, script: cat out/x}\n';
const STAGES = 'stages: [build, test]\n';

function shown(m: FlowModel, name = 'z'): FlowJob {
  const j = m.jobs.find((x) => x.name === name);
  assert.ok(j, name);
  return j;
}

/** Every step's view of the consumer must differ from the step before (the sequence is not vacuous). */
async function changes(steps: (Step | string)[], name = 'z', what = ''): Promise<FlowModel[]> {
  const models = await replay(steps);
  for (let i = 1; i < models.length; i++) {
    assert.notDeepEqual(shown(models[i]!, name), shown(models[i - 1]!, name), `${what} step ${i} changes ${name}`);
  }
  return models;
}

const producer = (body: string): string => `a: {stage: build, script: make, ${body}}\n`;
const ART = 'artifacts: {paths: [out/]}';
const ON_FAILURE = 'artifacts: {paths: [out/], when: on_failure}';

void test('what another job offers: its artifacts, when, allow_failure, stage, name, and whether it runs', async () => {
  for (const [what, steps] of [
    ['artifacts', [producer(ART), producer('artifacts: {reports: {junit: r.xml}}'), producer(ART)]],
    ['artifacts:when', [producer(ART), producer(ON_FAILURE), producer(ART)]],
    // receiving.ts: files uploaded only on failure reach an on_success job only from a job allowed to fail
    // (job.rb `ignored?`: allow_failure, or a manual job).
    ['when', [producer(ON_FAILURE), producer(`${ON_FAILURE}, when: manual`), producer(ON_FAILURE)]],
    ['allow_failure', [producer(ON_FAILURE), producer(`${ON_FAILURE}, allow_failure: true`), producer(ON_FAILURE)]],
    ['stage', [producer(ART), `a: {stage: test, script: make, ${ART}}\n`, producer(ART)]],
    ['name', [producer(ART), `b: {stage: build, script: make, ${ART}}\n`, producer(ART)]],
    ['rules', [producer(ART), producer(`${ART}, rules: [{when: never}]`), producer(ART)]],
  ] as const) {
    const models = await changes(
      steps.map((p) => Z + STAGES + p),
      'z',
      what,
    );
    assert.ok(models.length > 1, what);
  }
});

void test("what another job offers: whether it runs in this context (its definition and the consumer's unchanged)", async () => {
  const files = Z + STAGES + producer(`${ART}, rules: [{if: '$V == "1"'}]`);
  await changes([
    { files, context: { variables: { V: '1' } } },
    { files, context: { variables: { V: '2' } } },
    { files, context: { variables: { V: '1' } } },
  ]);
});

void test('what another job offers: the stage order and where its definition is', async () => {
  const c = `c: {stage: build, script: make c, artifacts: {paths: [out/c]}}\n`;
  const a = producer(ART);
  await changes([Z + STAGES + a + c, Z + STAGES + c + a, Z + STAGES + a + c]);
  // A stage list written elsewhere in the file: the stages' order decides who is earlier.
  await changes([Z + a + STAGES, Z + a + 'stages: [test, build]\n', Z + a + STAGES]);
});

void test("the consumer's needs, dependencies and when in this pipeline (its definition unchanged)", async () => {
  const rules = (clause: string): string =>
    `z: {stage: test, script: cat out/x, rules: [{if: '$V == "1"', ${clause}}, {when: on_success}]}\n`;
  const both = STAGES + producer(ART) + `c: {stage: build, script: make c, artifacts: {paths: [out/c]}}\n`;
  for (const clause of ['needs: [a]', 'needs: [c]', 'when: on_failure', 'when: manual']) {
    await changes(['1', '2', '1'].map((v) => ({ files: rules(clause) + both, context: { variables: { V: v } } })));
  }
  // Dependencies: the same list, a producer that runs or not.
  const deps = 'z: {stage: test, script: cat out/x, dependencies: [a]}\n';
  const files = deps + STAGES + producer(`${ART}, rules: [{if: '$V == "1"'}]`);
  await changes(['1', '2', '1'].map((v) => ({ files, context: { variables: { V: v } } })));
});

void test('a FlowJob is kept only when all of it is the same: its needs, assumption and consumers', async () => {
  // Needs shown are those of jobs in this pipeline (an optional need of a job left out is not shown).
  const needs = `z: {stage: test, script: x, needs: [{job: a, optional: true}]}\n${STAGES}`;
  const files = needs + producer(`${ART}, rules: [{if: '$V == "1"'}]`);
  await changes(['1', '2', '1'].map((v) => ({ files, context: { variables: { V: v } } })));
  // A rules:changes clause is unknown on a push without its changed files (an assumption), known with them.
  const changed = `z: {stage: test, script: x, rules: [{changes: [src/*]}]}\n${STAGES}`;
  await changes([{ files: changed }, { files: changed, changedFiles: ['src/a'] }, { files: changed }]);
  // The producer's consumers: a job that comes and goes in this context.
  const consumers = `a: {stage: build, script: make, ${ART}}\n${STAGES}c: {stage: test, script: x, rules: [{if: '$V == "1"'}]}\n`;
  await changes(
    ['1', '2', '1'].map((v) => ({ files: consumers, context: { variables: { V: v } } })),
    'a',
  );
});

void test('why another job is not in this pipeline is part of what it offers', async () => {
  // A dependency left out by rules is a missing source, with the reason rules give (spec R5.3, R8.3).
  const files =
    'z: {stage: test, script: cat out/x, dependencies: [a]}\n' +
    STAGES +
    producer(`${ART}, rules: [{if: '$V == "2"', when: never}, {if: '$V == "1"'}]`);
  await changes(['2', '3', '2'].map((v) => ({ files, context: { variables: { V: v } } })));
});

void test("a trigger job's configuration source: available or not, the trigger job unchanged", async () => {
  // trigger:include:artifact: GitLab reads the child configuration from the job's artifacts; a job not in this
  // pipeline has none (spec R5.4).
  const files =
    't: {stage: test, trigger: {include: [{artifact: gen.yml, job: g}]}}\n' +
    STAGES +
    `g: {stage: build, script: make, artifacts: {paths: [gen.yml]}, rules: [{if: '$V == "1"'}]}\n`;
  const models = await changes(
    ['1', '2', '1'].map((v) => ({ files, context: { variables: { V: v } } })),
    't',
  );
  assert.deepEqual(
    models.map((m) => shown(m, 't').configSources?.map((c) => c.available)),
    [[true], [false], [true]],
  );
});

void test("a producer's consumers change while nothing it is offered changes: a new FlowJob", async () => {
  // c stops downloading a's archive (`dependencies: []`, spec R5.3.1) without changing what c offers others: a's
  // own list is the earlier one, only the names of its consumers differ.
  const a = `a: {stage: build, script: make, ${ART}}\n${STAGES}`;
  await changes(
    [
      `${a}c: {stage: test, script: x}\n`,
      `${a}c: {stage: test, script: x, dependencies: []}\n`,
      `${a}c: {stage: test, script: x}\n`,
    ],
    'a',
  );
});
