// Answers the mutation survivors of src/ci/pipeline/downstream.ts and src/ci/pipeline/downstreamPlan.ts
// (docs/mutation.md, "pipeline: downstream pipelines"). Expected values are GitLab's where GitLab decides them:
// the depth failure reason (app/presenters/commit_status_presenter.rb), what a trigger job passes down
// (trigger:forward, inherit:variables, parallel:matrix; spec R2.6, R5.4), and entry shapes the model promises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, defaultContext } from '../../../../src/ci/analyze';
import type { FileReader } from '../../../../src/ci/fileReader';
import type { DownstreamPipeline, FlowModel } from '../../../../src/ci/model';
import { DEPTH_MESSAGE, DOWNSTREAM_LIMITS } from '../../../../src/ci/pipeline/downstream';
import { entryLabel } from '../../../../src/ci/pipeline/downstreamPlan';
import { memoryReader } from '../helpers';
import { recordingCache } from './recordingParseCache';

function runFiles(files: Record<string, string>, reader: FileReader = memoryReader(files)): Promise<FlowModel> {
  return analyze({ root: '.gitlab-ci.yml', reader, context: defaultContext() });
}

function down(m: FlowModel, trigger: string): DownstreamPipeline {
  const d = m.downstream?.find((x) => x.trigger === trigger);
  assert.ok(d, `downstream of ${trigger} (have: ${(m.downstream ?? []).map((x) => x.trigger).join(', ')})`);
  return d;
}

/** The child's jobs in the pipeline (rules decided with what the trigger passed down). */
function childIncluded(m: FlowModel, trigger: string): string[] {
  return (down(m, trigger).pipeline?.jobs ?? []).filter((j) => j.inPipeline).map((j) => j.name);
}

void test("the depth limit speaks GitLab's failure reason word for word", async () => {
  // CommitStatusPresenter: reached_max_descendant_pipelines_depth.
  assert.equal(DEPTH_MESSAGE, 'You reached the maximum depth of child pipelines');
  const m = await runFiles({ '.gitlab-ci.yml': 'a: {trigger: {include: .gitlab-ci.yml}}\n' });
  const tooDeep = down(m, 'a').pipeline?.downstream?.[0]?.pipeline?.downstream?.[0];
  assert.equal(
    tooDeep?.unknown,
    'You reached the maximum depth of child pipelines: GitLab nests child pipelines at most 2 levels below the parent, so this trigger job would fail',
  );
});

void test('each entry holds exactly its fields: a project without branch has no ref, a child no project', async () => {
  const m = await runFiles({
    '.gitlab-ci.yml': `
a: {trigger: {project: grp/app}}
b: {trigger: {include: c.yml}, rules: [{if: $NEVER}]}
`,
    'c.yml': 'x: {script: x}\n',
  });
  assert.deepStrictEqual(down(m, 'a'), { trigger: 'a', kind: 'project', label: 'grp/app', project: 'grp/app' });
  const b = down(m, 'b');
  assert.deepStrictEqual(Object.keys(b).sort(), ['kind', 'label', 'trigger', 'unknown']);
  assert.equal(b.kind, 'child');
});

void test('only a trigger job that names a project or an include creates a pipeline (and the analysis goes on)', async () => {
  // trigger.rb: `{forward}` alone is a CrossProjectTrigger without `project`, `''` a blank SimpleTrigger. A job
  // with `script` is a runner job whatever else it holds (Processable refuses `script` with `trigger`).
  const m = await runFiles({
    '.gitlab-ci.yml': `
a: {script: a}
fwd: {trigger: {forward: {yaml_variables: false}}}
blank: {trigger: ''}
both: {script: x, trigger: {include: c.yml}}
kid: {trigger: {include: c.yml}}
`,
    'c.yml': 'x: {script: x}\n',
  });
  assert.deepStrictEqual(
    m.downstream?.map((d) => d.trigger),
    ['kid'],
  );
});

void test('the job budget is full at exactly 10,000 jobs: the next child is not analysed, one fewer and it is', async () => {
  // Parent: two trigger jobs and `others` jobs; each child holds one job. After k1's child the tree holds
  // 2 + others + 1 jobs.
  const parent = (others: number): string => {
    const lines = ['k1: {trigger: {include: c.yml}}', 'k2: {trigger: {include: c.yml}}'];
    for (let i = 0; others > 0; i++, others -= Math.min(200, others)) {
      lines.push(`j${i}: {script: x, parallel: ${Math.min(200, others)}}`);
    }
    return lines.join('\n') + '\n';
  };
  const full = await runFiles({ '.gitlab-ci.yml': parent(DOWNSTREAM_LIMITS.maxJobs - 3), 'c.yml': 'x: {script: x}\n' });
  assert.equal(full.jobs.length, DOWNSTREAM_LIMITS.maxJobs - 1);
  assert.equal(down(full, 'k1').pipeline?.jobs.length, 1);
  assert.equal(down(full, 'k2').pipeline, undefined);
  assert.match(down(full, 'k2').unknown ?? '', /already hold 10,000 jobs/);
  const room = await runFiles({ '.gitlab-ci.yml': parent(DOWNSTREAM_LIMITS.maxJobs - 4), 'c.yml': 'x: {script: x}\n' });
  assert.equal(down(room, 'k2').pipeline?.jobs.length, 1);
});

void test("the project's file list is asked for once for every child, and each child's wildcard include sees it", async () => {
  const files = {
    '.gitlab-ci.yml':
      'k1: {trigger: {include: c.yml}}\nk2: {trigger: {include: c.yml}}\nk3: {trigger: {include: d.yml}}\n',
    'c.yml': 'include: "ci/*.yml"\n',
    'd.yml': "include: 'ci/*.yml'\nk4: {trigger: {include: c.yml}}\n",
    'ci/a.yml': 'fromA: {script: a}\n',
    'ci/b.yml': 'fromB: {script: b}\n',
  };
  const base = memoryReader(files);
  let listed = 0;
  const reader: FileReader = { read: (p) => base.read(p), list: () => ((listed += 1), base.list()) };
  const m = await runFiles(files, reader);
  for (const k of ['k1', 'k2', 'k3']) assert.deepEqual(childIncluded(m, k).slice(0, 2), ['fromA', 'fromB'], k);
  const grandchild = down(m, 'k3').pipeline?.downstream?.[0];
  assert.deepEqual(
    grandchild?.pipeline?.jobs.map((j) => j.name),
    ['fromA', 'fromB'],
  );
  // Once for the analysed file, once for the whole tree of children.
  assert.equal(listed, 2);
});

void test("children's files go to childCache when it is given, else to cache (AnalyzeOptions)", async () => {
  const files = { '.gitlab-ci.yml': 'kid: {trigger: {include: c.yml}}\n', 'c.yml': 'x: {script: x}\n' };
  const cache = recordingCache();
  const childCache = recordingCache();
  const opts = { root: '.gitlab-ci.yml', reader: memoryReader(files), context: defaultContext() };
  await analyze({ ...opts, cache, childCache });
  assert.deepEqual(cache.sets, ['.gitlab-ci.yml']);
  assert.deepEqual(childCache.sets, ['c.yml']);
  const only = recordingCache();
  await analyze({ ...opts, cache: only });
  assert.deepEqual(only.sets, ['.gitlab-ci.yml', 'c.yml']);
});

void test('entry labels: paths without leading slashes, origins, and `include` for what names nothing', () => {
  const cases: [unknown, string][] = [
    ['/ci/a.yml', 'ci/a.yml'],
    ['//ci/a.yml', 'ci/a.yml'],
    ['ci/a/b.yml', 'ci/a/b.yml'],
    [{ local: 'ci/a/b.yml' }, 'ci/a/b.yml'],
    [{ local: '//ci/a.yml' }, 'ci/a.yml'],
    [{ artifact: 'gen.yml', job: 'generate' }, 'gen.yml from generate'],
    [{ artifact: 'gen.yml' }, 'gen.yml from ?'],
    [{ template: 'Jobs/Kid.gitlab-ci.yml' }, 'template:Jobs/Kid.gitlab-ci.yml'],
    [{ component: 'gitlab.example.com/g/c/unit@1.0' }, 'component:gitlab.example.com/g/c/unit@1.0'],
    [{ remote: 'https://example.com/ci.yml' }, 'remote:https://example.com/ci.yml'],
    [{ project: 'grp/lib', file: 'ci/x.yml' }, 'project:grp/lib:ci/x.yml'],
    [{ project: 'grp/lib', file: 'ci/x.yml', ref: 'v1' }, 'project:grp/lib@v1:ci/x.yml'],
    // An empty `ref:` is nil to GitLab: the project's default branch, no ref of its own.
    [{ project: 'grp/lib', file: 'ci/x.yml', ref: null }, 'project:grp/lib:ci/x.yml'],
    [{ project: 'grp/lib', file: ['a.yml', 'b.yml'] }, 'project:grp/lib:a.yml, b.yml'],
    [{ project: 'grp/lib' }, 'project:grp/lib:?'],
    [{}, 'include'],
    [{ inputs: { a: 1 } }, 'include'],
    [null, 'include'],
    [5, 'include'],
  ];
  for (const [entry, label] of cases) assert.equal(entryLabel(entry), label, JSON.stringify(entry));
});

void test("a trigger's label joins its entries; a `job` only makes an `artifact` entry dynamic", async () => {
  const m = await runFiles({
    '.gitlab-ci.yml': `
g: {stage: build, script: g, artifacts: {paths: [gen.yml]}}
two: {stage: test, trigger: {include: [a.yml, {local: /b.yml}]}}
withjob: {stage: test, trigger: {include: [{local: a.yml, job: g}]}}
`,
    'a.yml': 'fromA: {script: a}\n',
    'b.yml': 'fromB: {script: b}\n',
  });
  assert.equal(down(m, 'two').label, 'a.yml, b.yml');
  assert.deepEqual(childIncluded(m, 'two'), ['fromA', 'fromB']);
  // Entry::Include allows `job` beside `local`; only `{artifact, job}` reads a job's artifacts.
  assert.equal(down(m, 'withjob').kind, 'child');
  assert.deepEqual(childIncluded(m, 'withjob'), ['fromA']);
  const noJob = await runFiles({ '.gitlab-ci.yml': 'kid: {trigger: {include: [{artifact: gen.yml}]}}\n' });
  // GitLab refuses it (`must specify the job where to fetch the artifact from`): no job to draw a file from.
  assert.equal(down(noJob, 'kid').kind, 'child');
  assert.doesNotMatch(down(noJob, 'kid').unknown ?? '', /undefined/);
});

const CHILD_RULES = `
sawA: {script: x, rules: [{if: '$A == "1"'}]}
sawB: {script: x, rules: [{if: '$B == "2"'}]}
sawOwn: {script: x, rules: [{if: '$OWN == "3"'}]}
sawV: {script: x, rules: [{if: '$V == "blue"'}]}
`;

void test('what a trigger passes down: forward (absent, null, other keys, false), inherit lists, matrix values', async () => {
  const m = await runFiles({
    '.gitlab-ci.yml': `
variables: {A: "1", B: "2"}
plain: {trigger: {include: c.yml}, variables: {OWN: "3"}}
nul: {trigger: {include: c.yml, forward: ~}, variables: {OWN: "3"}}
pipe: {trigger: {include: c.yml, forward: {pipeline_variables: true}}, variables: {OWN: "3"}}
quiet: {trigger: {include: c.yml, forward: {yaml_variables: false}}, variables: {OWN: "3"}}
onlyb: {trigger: {include: c.yml}, inherit: {variables: [B]}}
mx: {trigger: {include: c.yml}, inherit: {variables: false}, parallel: {matrix: [{V: [blue]}]}}
`,
    'c.yml': CHILD_RULES,
  });
  // Trigger::Forward defaults to yaml_variables: true; a nil entry takes the default (Entry::Factory).
  for (const k of ['plain', 'nul', 'pipe']) assert.deepEqual(childIncluded(m, k), ['sawA', 'sawB', 'sawOwn'], k);
  assert.deepEqual(childIncluded(m, 'quiet'), []);
  assert.deepEqual(childIncluded(m, 'onlyb'), ['sawB']);
  assert.deepEqual(childIncluded(m, 'mx: [blue]'), ['sawV']);
});
