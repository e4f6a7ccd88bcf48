// No false errors from what could not be read. With an include that is not read offline (here a project include
// and no fetcher) the engine is lenient: a `!reference` it cannot find stands for null (merge/reference.ts). GitLab
// finds it in the include and checks the value it names, so a check must not judge that null: each says "not
// checked" and names the reference (merge/unresolved.ts), and what depends on it is assumed, never dropped silently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errors, job, memoryReader, run } from './helpers';
import type { FlowModel } from '../../../src/ci/model';
import { analyze, defaultContext } from '../../../src/ci/analyze';
import { createParseCache } from '../../../src/ci/yaml/parseCache';
import { JobInclusionCache } from '../../../src/ci/incremental/jobInclusionCache';
import { CheckMemo } from '../../../src/ci/incremental/checkMemo';

const HEAD = 'include: [{project: g/p, file: t.yml}]\nstages: [build, test]\n';

/** The "not checked" notes: `location <- reference`. */
function unknowns(m: FlowModel): string[] {
  return m.diagnostics
    .filter((d) => d.code === 'reference-unknown-value')
    .map((d) => {
      assert.equal(d.severity, 'info');
      const match = /^`([^`]+)` is not checked: its value comes from `([^`]+)`, probably defined in an include/.exec(
        d.message,
      );
      assert.ok(match, d.message);
      return `${match[1]} <- ${match[2]}`;
    });
}

async function lenient(body: string, files: Record<string, string> = {}): Promise<FlowModel> {
  return run({ '.gitlab-ci.yml': HEAD + body, ...files });
}

void test('needs: a job, pipeline or project named by an unresolved reference is unknown, not "should be a string"', async () => {
  const m = await lenient(
    'a: {stage: build, script: x}\n' +
      'b: {stage: test, script: x, needs: [{job: !reference [.t, job]}, a]}\n' +
      'c: {stage: test, script: x, needs: [{pipeline: !reference [.t, p], job: a}]}\n' +
      'd: {stage: test, script: x, needs: [{project: !reference [.t, p], job: a, ref: main}]}\n',
  );
  assert.deepEqual(errors(m), []);
  assert.equal(m.pipeline.created, true);
  assert.deepEqual(unknowns(m), [
    'jobs:b:needs:need:job <- !reference [".t", "job"]',
    'jobs:c:needs:need:pipeline <- !reference [".t", "p"]',
    'jobs:d:needs:need:project <- !reference [".t", "p"]',
  ]);
  // The known need is kept; no need is made up for the unknown one.
  assert.deepEqual(job(m, 'b').needs, ['a']);
});

void test('needs: an unresolved item, whole value or boolean is unknown and said so (was: silently no need)', async () => {
  const m = await lenient(
    'a: {stage: build, script: x}\n' +
      'b: {stage: test, script: x, needs: [!reference [.t, n]]}\n' +
      'c: {stage: test, script: x, needs: !reference [.t, needs]}\n' +
      'd: {stage: test, script: x, needs: [{job: a, artifacts: !reference [.t, x], optional: !reference [.t, y]}]}\n',
  );
  assert.deepEqual(errors(m), []);
  assert.deepEqual(unknowns(m), [
    'jobs:b:needs:need <- !reference [".t", "n"]',
    'jobs:c:needs <- !reference [".t", "needs"]',
    'jobs:d:needs:need:artifacts <- !reference [".t", "x"]',
    'jobs:d:needs:need:optional <- !reference [".t", "y"]',
  ]);
  assert.deepEqual(job(m, 'd').needs, ['a']);
});

void test('needs: a known wrong value beside an unresolved one is still an error', async () => {
  const m = await lenient(
    'a: {stage: build, script: x}\nb: {stage: test, script: x, needs: [{job: !reference [.t, j]}, {job: 5}]}\n',
  );
  assert.deepEqual(errors(m), ['jobs:b:needs:need job should be a string']);
});

void test('dependencies: an unresolved name is unknown; the known names are still checked', async () => {
  const m = await lenient(
    'a: {stage: build, script: x}\n' +
      'b: {stage: test, script: x, dependencies: [!reference [.t, job], a]}\n' +
      'c: {stage: test, script: x, dependencies: !reference [.t, deps]}\n',
  );
  assert.deepEqual(errors(m), []);
  assert.deepEqual(unknowns(m), [
    'jobs:b:dependencies <- !reference [".t", "job"]',
    'jobs:c:dependencies <- !reference [".t", "deps"]',
  ]);
  const bad = await lenient('b: {stage: test, script: x, dependencies: [!reference [.t, job], 5]}\n');
  assert.deepEqual(errors(bad), ['jobs:b dependencies should be an array of strings']);
});

void test('trigger:include: an artifact whose job is an unresolved reference is not "must specify the job"', async () => {
  const m = await lenient(
    'a: {stage: build, script: x}\n' +
      'b: {stage: test, trigger: {include: [{artifact: x.yml, job: !reference [.t, job]}]}}\n',
  );
  assert.deepEqual(errors(m), []);
  assert.deepEqual(unknowns(m), ['jobs:b:trigger:include:job <- !reference [".t", "job"]']);
  // Without the reference it is GitLab's error, as before.
  const blank = await lenient('b: {stage: test, trigger: {include: [{artifact: x.yml, job: ""}]}}\n');
  assert.deepEqual(errors(blank), [
    'jobs:b:trigger:include:include config must specify the job where to fetch the artifact from',
  ]);
});

void test('include:rules holding a !reference: the tag object GitLab validates, or an assumption said so', async () => {
  // Includes are expanded before any reference is resolved (includeRuleChecks.ts, header): GitLab's rules hold the
  // tag object itself, which fails their validations where includeRuleChecks.ts judges it (the file is still shown).
  const files = { 'a.yml': 'inc: {stage: test, script: x}\n' };
  const refused: [string, string][] = [
    ['!reference [.t, rules]', 'include:rules config should be an array'],
    ['[!reference [.t, rules]]', 'include:rule config should be a hash'],
    ['[{if: !reference [.t, rules]}]', 'include:rule if invalid expression syntax'],
    ['[{exists: !reference [.t, rules]}]', 'include:rule:exists should be a string, an array of strings, or a hash'],
    [
      '[{if: \'$NOPE == "1"\', when: !reference [.t, rules]}]',
      'include:rule when unknown value: #<gitlab::ci::config::yaml::tags::reference:0x…>',
    ],
  ];
  for (const [rules, error] of refused) {
    const m = await run({
      '.gitlab-ci.yml': `include: [{project: g/p, file: t.yml}, {local: a.yml, rules: ${rules}}]\nb: {script: x}\n`,
      ...files,
    });
    assert.deepEqual(errors(m), [error], rules);
    assert.ok(
      m.jobs.some((j) => j.name === 'inc'),
      `the file's job is shown for ${rules}`,
    );
    assert.equal(m.diagnostics.filter((d) => d.code === 'include-rules-reference').length, 0, rules);
  }
  // Deeper inside a clause it is not judged: the file is included on an assumption, with a warning.
  const deep = await run({
    '.gitlab-ci.yml':
      'include: [{project: g/p, file: t.yml}, {local: a.yml, rules: [{exists: [!reference [.t, rules]]}]}]\n' +
      'b: {script: x}\n',
    ...files,
  });
  assert.deepEqual(errors(deep), []);
  assert.ok(deep.jobs.some((j) => j.name === 'inc'));
  const w = deep.diagnostics.filter((d) => d.code === 'include-rules-reference');
  assert.equal(w.length, 1);
  assert.equal(w[0]?.severity, 'warning');
  assert.match(
    w[0]?.message ?? '',
    /^include:rules of `a\.yml` cannot be decided: they hold `!reference \[".t", "rules"\]`/,
  );
  // The same without an unresolved include: the reference's target does not matter.
  const strict = await run({
    '.gitlab-ci.yml':
      '.t: {rules: [{when: never}]}\ninclude: [{local: a.yml, rules: !reference [.t, rules]}]\nb: {script: x}\n',
    ...files,
  });
  assert.deepEqual(errors(strict), ['include:rules config should be an array']);
  assert.ok(strict.jobs.some((j) => j.name === 'inc'));
});

void test("without an unresolved include a missing reference is still GitLab's error", async () => {
  const m = await run('a: {script: x}\nb: {script: x, needs: [{job: !reference [.t, job]}]}\n');
  assert.deepEqual(errors(m), ['!reference [".t", "job"] could not be found']);
  assert.deepEqual(unknowns(m), []);
});

void test('rules: an unresolved rule, or a rule holding one, is not judged, and the job is included on that assumption', async () => {
  for (const rules of [
    '!reference [.t, rules]',
    '[!reference [.t, rules]]',
    '[{if: !reference [.t, rules]}]',
    "[{if: '$CI_COMMIT_BRANCH', when: !reference [.t, rules]}]",
    '[{changes: {paths: !reference [.t, rules]}}]',
    '[{exists: !reference [.t, rules]}]',
    "[{if: '$CI_COMMIT_BRANCH', variables: !reference [.t, rules]}]",
    "[{if: '$CI_COMMIT_BRANCH', allow_failure: !reference [.t, rules]}]",
    "[{if: '$CI_COMMIT_BRANCH', needs: [!reference [.t, rules]]}]",
    '[[!reference [.t, rules]], {when: never}]',
  ]) {
    const m = await lenient(`b: {stage: test, script: x, rules: ${rules}}\n`);
    assert.deepEqual(errors(m), [], rules);
    assert.equal(m.pipeline.created, true, rules);
    const b = job(m, 'b');
    assert.equal(b.inPipeline, true, rules);
    assert.equal(
      b.assumed,
      'its inclusion depends on `!reference [".t", "rules"]`, probably defined in an include that is not resolved offline',
      rules,
    );
    // Said where the rule is checked (a rule's needs also where the job's needs are read), never an error.
    assert.ok(unknowns(m).length > 0, rules);
    for (const u of unknowns(m)) {
      assert.match(u, /^jobs:b:rules(:rule(:needs:need)?)? <- !reference \[".t", "rules"\]$/);
    }
  }
});

void test('rules: a rule that decides before the unresolved one keeps its certain answer; a known bad rule is still an error', async () => {
  const never = await lenient(
    "b: {stage: test, script: x, rules: [{if: '$CI_COMMIT_BRANCH', when: never}, !reference [.t, r]]}\n",
  );
  assert.equal(job(never, 'b').inPipeline, false);
  assert.equal(job(never, 'b').assumed, undefined);
  const runs = await lenient("b: {stage: test, script: x, rules: [{if: '$CI_COMMIT_BRANCH'}, !reference [.t, r]]}\n");
  assert.equal(job(runs, 'b').inPipeline, true);
  assert.equal(job(runs, 'b').assumed, undefined);
  const bad = await lenient('b: {stage: test, script: x, rules: [!reference [.t, r], {when: sometimes}]}\n');
  assert.deepEqual(errors(bad), ['jobs:b:rules:rule when unknown value: sometimes']);
});

void test('workflow:rules holding an unresolved reference: no "should be an array", the pipeline is created on an assumption', async () => {
  for (const rules of ['!reference [.t, rules]', '[!reference [.t, rules]]', '[{if: !reference [.t, rules]}]']) {
    const m = await lenient(`workflow: {rules: ${rules}}\nb: {stage: test, script: x}\n`);
    assert.deepEqual(errors(m), [], rules);
    assert.equal(m.pipeline.created, true, rules);
    assert.equal(
      m.pipeline.assumed,
      'its workflow:rules depend on `!reference [".t", "rules"]`, probably defined in an include that is not resolved offline',
      rules,
    );
  }
});

void test('when, start_in, allow_failure, interruptible, only, except from an unresolved reference: not checked, said so', async () => {
  const m = await lenient(
    'a: {stage: test, script: x, when: !reference [.t, w]}\n' +
      'b: {stage: test, script: x, when: delayed, start_in: !reference [.t, s]}\n' +
      'c: {stage: test, script: x, start_in: 1 day, when: !reference [.t, w]}\n' +
      'd: {stage: test, script: x, allow_failure: !reference [.t, af], interruptible: !reference [.t, i]}\n' +
      'e: {stage: test, script: x, only: {refs: !reference [.t, o]}}\n' +
      'f: {stage: test, script: x, except: [!reference [.t, o]]}\n',
  );
  assert.deepEqual(errors(m), []);
  assert.deepEqual(unknowns(m), [
    'jobs:a:when <- !reference [".t", "w"]',
    'jobs:b:start_in <- !reference [".t", "s"]',
    'jobs:c:when <- !reference [".t", "w"]',
    'jobs:d:allow_failure <- !reference [".t", "af"]',
    'jobs:d:interruptible <- !reference [".t", "i"]',
    'jobs:e:only <- !reference [".t", "o"]',
    'jobs:f:except <- !reference [".t", "o"]',
  ]);
  for (const name of ['a', 'c', 'e', 'f']) {
    assert.match(job(m, name).assumed ?? '', /^its inclusion depends on `!reference/, name);
    assert.equal(job(m, name).inPipeline, true, name);
  }
  // Known wrong values beside them are still GitLab's errors.
  const bad = await lenient('b: {stage: test, script: x, when: !reference [.t, w], interruptible: 3}\n');
  assert.deepEqual(errors(bad), ['jobs:b:interruptible config should be a boolean value']);
});

void test('a variable whose value is an unresolved reference is unknown to rules:if (was: read as unset, the job dropped)', async () => {
  const m = await lenient(
    'b: {stage: test, script: x, variables: {DEPLOY: !reference [.t, v]}, rules: [{if: \'$DEPLOY == "yes"\'}]}\n' +
      'variables: {GLOBAL: {value: !reference [.t, g]}}\n' +
      "c: {stage: test, script: x, rules: [{if: '$GLOBAL'}]}\n" +
      "d: {stage: test, script: x, variables: !reference [.t, all], rules: [{if: '$ANY'}]}\n" +
      "e: {stage: test, script: x, variables: {KNOWN: 'no'}, rules: [{if: '$KNOWN == \"yes\"'}]}\n",
  );
  assert.deepEqual(errors(m), []);
  for (const name of ['b', 'c', 'd']) {
    assert.equal(job(m, name).inPipeline, true, name);
    assert.ok(job(m, name).assumed, name);
  }
  assert.match(job(m, 'd').assumed ?? '', /^its rules read variables from `!reference \[".t", "all"\]`/);
  assert.equal(job(m, 'e').inPipeline, false);
});

void test('incremental: a written null and an unresolved reference, or two references, are never the same cached answer', async () => {
  const caches = { cache: createParseCache(), jobInclusions: new JobInclusionCache(), checks: new CheckMemo() };
  const analyzeBoth = async (body: string): Promise<[FlowModel, FlowModel]> => {
    const files = { '.gitlab-ci.yml': HEAD + body };
    const context = defaultContext();
    const cached = await analyze({ root: '.gitlab-ci.yml', reader: memoryReader(files), context, ...caches });
    return [cached, await analyze({ root: '.gitlab-ci.yml', reader: memoryReader(files), context })];
  };
  for (const body of [
    "b: {stage: test, script: x, when: ~, rules: [{if: '$NOPE'}, {when: ~}]}\n",
    "b: {stage: test, script: x, when: !reference [.t, w], rules: [{if: '$NOPE'}, {when: !reference [.t, w]}]}\n",
    "b: {stage: test, script: x, when: !reference [.t, v], rules: [{if: '$NOPE'}, {when: !reference [.t, v]}]}\n",
    "b: {stage: test, script: x, when: ~, rules: [{if: '$NOPE'}, {when: ~}]}\n",
  ]) {
    const [cached, fresh] = await analyzeBoth(body);
    assert.deepEqual(cached.jobs, fresh.jobs, body);
    assert.deepEqual(cached.diagnostics, fresh.diagnostics, body);
  }
});

void test('artifacts: an unresolved value or path is not checked (was: "paths should be an array of strings")', async () => {
  const m = await lenient(
    'a: {stage: test, script: x, artifacts: !reference [.t, artifacts]}\n' +
      'b: {stage: test, script: x, artifacts: {paths: [!reference [.t, p], known/], when: !reference [.t, w]}}\n' +
      "c: {stage: test, script: x, artifacts: {expose_as: 'Report', paths: !reference [.t, p]}}\n",
  );
  assert.deepEqual(errors(m), []);
  assert.deepEqual(unknowns(m), [
    'jobs:a:artifacts <- !reference [".t", "artifacts"]',
    'jobs:b:artifacts:paths <- !reference [".t", "p"]',
    'jobs:b:artifacts:when <- !reference [".t", "w"]',
    'jobs:c:artifacts:paths <- !reference [".t", "p"]',
  ]);
  const bad = await lenient('b: {stage: test, script: x, artifacts: {paths: [!reference [.t, p]], when: later}}\n');
  assert.deepEqual(errors(bad), ['jobs:b:artifacts when should be one of: on_success, on_failure, always']);
});

void test('parallel: an unresolved count or matrix part is not checked; the job is shown unexpanded', async () => {
  const m = await lenient(
    'a: {stage: test, script: x, parallel: !reference [.t, n]}\n' +
      'b: {stage: test, script: x, parallel: {matrix: !reference [.t, m]}}\n' +
      'c: {stage: test, script: x, parallel: {matrix: [!reference [.t, m]]}}\n' +
      'd: {stage: test, script: x, parallel: {matrix: [{A: !reference [.t, m]}]}}\n' +
      'e: {stage: test, script: x, needs: [{job: d, parallel: {matrix: [{A: !reference [.t, m]}]}}]}\n',
  );
  assert.deepEqual(errors(m), []);
  assert.deepEqual(unknowns(m), [
    'jobs:a:parallel <- !reference [".t", "n"]',
    'jobs:b:parallel:matrix <- !reference [".t", "m"]',
    'jobs:c:parallel:matrix <- !reference [".t", "m"]',
    'jobs:d:parallel:matrix <- !reference [".t", "m"]',
    'jobs:e:needs:need:parallel:matrix <- !reference [".t", "m"]',
  ]);
  assert.deepEqual(
    m.jobs.map((j) => j.name),
    ['a', 'b', 'c', 'd', 'e'],
  );
});

void test('a job whose whole definition is an unresolved reference is not shown, with a warning; no "at least one visible job"', async () => {
  const m = await lenient('b: !reference [.t, job]\n');
  assert.deepEqual(errors(m), []);
  const w = m.diagnostics.find((d) => d.code === 'job-unresolved');
  assert.equal(w?.severity, 'warning');
  assert.equal(
    w?.message,
    'jobs:b is not shown: its definition comes from `!reference [".t", "job"]`, probably defined in an include that is not resolved offline',
  );
  assert.ok(m.diagnostics.some((d) => d.code === 'no-jobs-here' && d.severity === 'warning'));
  // Not "would have been empty" either: the jobs are probably in the unread include.
  assert.deepEqual(m.pipeline, {
    created: true,
    assumed: 'no job is visible here; the includes not resolved offline probably define them',
  });
  assert.ok(!m.diagnostics.some((d) => d.code === 'empty-pipeline'));
  const onlyInclude = await run('include: [{project: g/p, file: t.yml}]\n.h: {script: x}\n');
  assert.deepEqual(errors(onlyInclude), []);
  assert.equal(onlyInclude.pipeline.created, true);
  // Visible jobs that all stay out are still an empty pipeline, as before.
  const out = await lenient("b: {stage: test, script: x, rules: [{if: '$NOPE'}]}\n");
  assert.equal(out.pipeline.created, false);
  // Without an unresolved include, a configuration with no visible job is still GitLab's error.
  const strict = await run('.h: {script: x}\n');
  assert.deepEqual(errors(strict), ['jobs config should contain at least one visible job']);
});

void test('a stage from an unresolved reference is unknown, with no place in the stage order (was: "test" silently, then need-stage errors)', async () => {
  const m = await lenient('a: {stage: !reference [.t, s], script: x}\nb: {stage: build, script: x, needs: [a]}\n');
  assert.deepEqual(errors(m), []);
  assert.deepEqual(unknowns(m), ['jobs:a:stage <- !reference [".t", "s"]']);
  assert.equal(job(m, 'a').stageIndex, -1);
  assert.equal(job(m, 'a').stage, '!reference [".t", "s"]');
  assert.deepEqual(job(m, 'b').needs, ['a']);
});

void test('dependencies beside a need named by an unresolved reference are not "should be part of needs"', async () => {
  const m = await lenient(
    'a: {stage: build, script: x}\nc: {stage: build, script: x}\n' +
      'b: {stage: test, script: x, needs: [{job: !reference [.t, j]}, c], dependencies: [a]}\n',
  );
  assert.deepEqual(errors(m), []);
  const known = await lenient(
    'a: {stage: build, script: x}\nc: {stage: build, script: x}\n' +
      'b: {stage: test, script: x, needs: [c], dependencies: [a]}\n',
  );
  assert.deepEqual(errors(known), ['jobs:b dependencies the a should be part of needs']);
});

void test('trigger: a target or include part from an unresolved reference is said to be unknown (was: silently nothing triggered)', async () => {
  const m = await lenient(
    'a: {stage: build, script: x}\n' +
      'b: {stage: test, trigger: !reference [.t, trigger]}\n' +
      'c: {stage: test, trigger: {include: !reference [.t, inc]}}\n' +
      'd: {stage: test, trigger: {include: [{local: !reference [.t, f]}]}}\n' +
      'e: {stage: test, trigger: {include: [{artifact: !reference [.t, f], job: a}]}}\n',
  );
  assert.deepEqual(errors(m), []);
  assert.deepEqual(unknowns(m), [
    'jobs:b:trigger <- !reference [".t", "trigger"]',
    'jobs:c:trigger <- !reference [".t", "inc"]',
    'jobs:d:trigger:include <- !reference [".t", "f"]',
    'jobs:e:trigger:include <- !reference [".t", "f"]',
  ]);
  // The known job of an artifact entry is still looked up: offline it may be in the include (a warning), else an error.
  const bad = await lenient('e: {stage: test, trigger: {include: [{artifact: !reference [.t, f], job: nope}]}}\n');
  assert.deepEqual(
    bad.diagnostics.filter((d) => d.code === 'trigger-include-undefined-job').map((d) => d.severity),
    ['warning'],
  );
  const strict = await run('e: {stage: test, trigger: {include: [{artifact: x.yml, job: nope}]}}\n');
  assert.deepEqual(errors(strict), ['e job: undefined dependency: nope']);
});

void test('default: from an unresolved reference is said to be unknown; a job value from one is not replaced by the default', async () => {
  const whole = await lenient('default: !reference [.t, d]\nb: {stage: test, script: x}\n');
  assert.deepEqual(errors(whole), []);
  assert.deepEqual(unknowns(whole), ['default <- !reference [".t", "d"]']);
  const own = await lenient(
    'default: {artifacts: {paths: [from-default/]}}\nb: {stage: test, script: x, artifacts: !reference [.t, a]}\n',
  );
  assert.deepEqual(unknowns(own), ['jobs:b:artifacts <- !reference [".t", "a"]']);
  assert.equal(job(own, 'b').artifacts, null);
  // A written null still takes the default (spec R2.5).
  const written = await lenient(
    'default: {artifacts: {paths: [from-default/]}}\nb: {stage: test, script: x, artifacts: ~}\n',
  );
  assert.deepEqual(job(written, 'b').artifacts?.paths, ['from-default/']);
});

void test('workflow or global variables from an unresolved reference: the pipeline and the jobs whose rules read them are assumed', async () => {
  const wf = await lenient('workflow: !reference [.t, w]\nb: {stage: test, script: x}\n');
  assert.deepEqual(errors(wf), []);
  assert.equal(wf.pipeline.created, true);
  assert.match(wf.pipeline.assumed ?? '', /^its workflow:rules depend on `!reference \[".t", "w"\]`/);
  const vars = await lenient(
    'variables: !reference [.t, v]\n' +
      'workflow: {rules: [{if: \'$RUN == "1"\'}]}\n' +
      "b: {stage: test, script: x, rules: [{if: '$DEPLOY'}]}\n" +
      'c: {stage: test, script: x}\n' +
      "d: {stage: test, script: x, inherit: {variables: false}, rules: [{if: '$DEPLOY'}]}\n",
  );
  assert.deepEqual(errors(vars), []);
  assert.equal(vars.pipeline.created, true);
  assert.match(vars.pipeline.assumed ?? '', /^its rules read variables from `!reference \[".t", "v"\]`/);
  assert.equal(job(vars, 'b').inPipeline, true);
  assert.match(job(vars, 'b').assumed ?? '', /^its rules read variables from/);
  assert.equal(job(vars, 'c').assumed, undefined);
  assert.equal(job(vars, 'd').inPipeline, false);
});

void test('inherit: from an unresolved reference is not checked (was: "config should be an array of strings")', async () => {
  const m = await lenient(
    'default: {image: a}\n' +
      'b: {stage: test, script: x, inherit: !reference [.t, i]}\n' +
      'c: {stage: test, script: x, inherit: {default: [!reference [.t, i], image]}}\n',
  );
  assert.deepEqual(errors(m), []);
  assert.deepEqual(unknowns(m), [
    'jobs:b:inherit <- !reference [".t", "i"]',
    'jobs:c:inherit:default <- !reference [".t", "i"]',
  ]);
  const bad = await lenient('b: {stage: test, script: x, inherit: {default: !reference [.t, i], variables: [5]}}\n');
  assert.deepEqual(errors(bad), ['jobs:b:inherit:variables config should be an array of strings']);
});

void test('stages: from an unresolved reference (whole or an item) make unlisted stages unknown, not "does not exist"', async () => {
  for (const stages of ['[build, !reference [.t, s]]', '!reference [.t, s]']) {
    const m = await run(
      `include: [{project: g/p, file: t.yml}]\nstages: ${stages}\nb: {stage: deploy, script: x}\nc: {stage: build, script: x}\n`,
    );
    assert.deepEqual(errors(m), [], stages);
    assert.deepEqual(unknowns(m), ['stages <- !reference [".t", "s"]'], stages);
    assert.equal(job(m, 'b').stageIndex, -1, stages);
    assert.ok(
      m.diagnostics.some((d) => d.code === 'stage-unresolved' && d.job === 'b'),
      stages,
    );
  }
  // The whole list unknown: no order is made up for the default stages either.
  const whole = await run(
    'include: [{project: g/p, file: t.yml}]\nstages: !reference [.t, s]\nc: {stage: build, script: x}\n',
  );
  assert.equal(job(whole, 'c').stageIndex, -1);
});

void test('needs:parallel from an unresolved reference is said to be unknown', async () => {
  const m = await lenient(
    'a: {stage: build, script: x, parallel: 2}\nb: {stage: test, script: x, needs: [{job: a, parallel: !reference [.t, p]}]}\n',
  );
  assert.deepEqual(errors(m), []);
  assert.deepEqual(unknowns(m), ['jobs:b:needs:need:parallel <- !reference [".t", "p"]']);
});
