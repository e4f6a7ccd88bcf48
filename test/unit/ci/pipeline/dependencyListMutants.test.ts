// Mutation survivors of src/ci/pipeline/dependencies.ts, missingSources.ts, receiving.ts and parentPipeline.ts
// (docs/mutation.md, "pipeline: dependency lists, missing sources, receiving"). Expected values are GitLab's:
// Ci::BuildDependencies (app/models/ci/build_dependencies.rb: local = earlier stages, or needs with
// artifacts: true, intersected with `dependencies`; then cross_pipeline, then cross_project), the dependency
// checks of lib/gitlab/ci/yaml_processor.rb (a dependency must be in an earlier stage, or in needs), and
// ../shared/spec/gitlab-ci-semantics.md §5–§7. Every source and every "missing" entry is compared whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, defaultContext } from '../../../../src/ci/analyze';
import type { ArtifactSource, FlowModel, MissingSource } from '../../../../src/ci/model';
import { job, memoryReader, run } from '../helpers';

type Plain = Record<string, unknown>;

/** A source or missing entry with its range reduced to `line:column`, so whole objects can be compared. */
function plain(x: ArtifactSource | MissingSource): Plain {
  const { at, ...rest } = x;
  return at === undefined ? rest : { ...rest, at: `${at.line}:${at.column}` };
}

const flow = (m: FlowModel, name: string): { sources: Plain[]; missing: Plain[] } => ({
  sources: job(m, name).sources.map(plain),
  missing: job(m, name).missing.map(plain),
});

const STAGES = `
stages: [build, test, deploy]
a: {stage: build, script: x, artifacts: {paths: [a/], reports: {dotenv: a.env}}}
b: {stage: test, script: x, artifacts: {paths: [b/]}}
b2: {stage: test, script: x, artifacts: {paths: [b2/]}}
c: {stage: deploy, script: x, dependencies: [a, b]}
d: {stage: build, script: x, dependencies: [a]}
e: {stage: test, script: x, dependencies: []}
`;

void test('build_dependencies.rb: without needs, every job of an earlier stage, none of the same stage', async () => {
  const m = await run(STAGES);
  const stage = (j: string, files: boolean, dotenv: boolean, at: string): Plain => ({
    job: j,
    scope: 'local',
    files,
    dotenv,
    via: 'stage',
    optional: false,
    reason: 'stage build runs before stage test',
    at,
  });
  // b is in stage index 1: a and d (stage index 0, the first stage) qualify; b2 (same stage) and c (later) not.
  assert.deepEqual(flow(m, 'b'), {
    sources: [stage('a', true, true, '3:5'), stage('d', false, false, '7:5')],
    missing: [],
  });
  // A job of the first stage receives nothing by stage order.
  assert.deepEqual(flow(m, 'a'), { sources: [], missing: [] });
});

void test('build_dependencies.rb: dependencies narrows to the listed jobs, each from an earlier stage', async () => {
  const m = await run(STAGES);
  assert.deepEqual(flow(m, 'c'), {
    sources: [
      {
        job: 'a',
        scope: 'local',
        files: true,
        dotenv: true,
        via: 'dependencies',
        optional: false,
        reason: 'listed in dependencies (stage build is before deploy)',
        at: '6:46',
      },
      {
        job: 'b',
        scope: 'local',
        files: true,
        dotenv: false,
        via: 'dependencies',
        optional: false,
        reason: 'listed in dependencies (stage test is before deploy)',
        at: '6:49',
      },
    ],
    missing: [],
  });
  // `dependencies: []` clears every local source.
  assert.deepEqual(flow(m, 'e'), { sources: [], missing: [] });
});

void test('yaml_processor.rb: a dependency in the same (first) stage never arrives, and says why', async () => {
  const m = await run(STAGES);
  // GitLab: "d job: dependency a is not defined in current or prior stages"; we keep it a warning and explain.
  assert.ok(m.diagnostics.some((x) => x.code === 'same-stage-dependency'));
  assert.deepEqual(flow(m, 'd'), {
    sources: [],
    missing: [
      {
        job: 'a',
        code: 'same-stage-dependency',
        reason: 'same-stage dependency ignored: only earlier stages are searched; use needs to get its artifacts',
        at: '7:45',
      },
    ],
  });
});

const DAG = `
stages: [build, test]
a: {stage: build, script: x, artifacts: {paths: [a/]}}
m: {stage: build, script: x, parallel: {matrix: [{P: [one, two]}]}, artifacts: {paths: [m/]}}
o: {stage: build, script: x, artifacts: {paths: [o/]}, rules: [{if: $NOPE}]}
q: {stage: build, script: x, artifacts: {paths: [q/]}}
r: {stage: build, script: x, artifacts: {paths: [r/]}, rules: [{if: $NOPE}]}
t: {stage: test, script: x, needs: [a, {job: m, parallel: {matrix: [{P: one}]}}, {job: o, optional: true}, {job: q, artifacts: false}, r], dependencies: [a, m, q, r]}
u: {stage: test, script: x, needs: [m, a], dependencies: [q]}
v: {stage: test, script: x, needs: [m, {job: a, optional: true}, {job: q, artifacts: false}]}
`;
const NOPE = "rules[0]: if '$NOPE' is false for a branch pipeline";

void test('build_dependencies.rb: needs with artifacts, intersected with dependencies; what is left out and why', async () => {
  const m = await run(DAG);
  assert.deepEqual(flow(m, 't'), {
    sources: [
      {
        job: 'a',
        scope: 'local',
        files: true,
        dotenv: false,
        via: 'needs',
        optional: false,
        reason: 'listed in needs and in dependencies',
        at: '8:37',
      },
      {
        job: 'm: [one]',
        scope: 'local',
        files: true,
        dotenv: false,
        via: 'needs',
        optional: false,
        reason: 'needs m (parallel:matrix selects this instance) and in dependencies',
        at: '8:40',
      },
    ],
    missing: [
      { job: 'o', code: 'optional-need-absent', reason: `needed job is not in this pipeline: ${NOPE}`, at: '8:82' },
      {
        job: 'q',
        code: 'need-without-artifacts',
        reason: 'needs with artifacts: false: the job waits for it but downloads nothing and gets no dotenv variables',
        at: '8:108',
      },
      { job: 'r', code: 'need-absent', reason: `needed job is not in this pipeline: ${NOPE}`, at: '8:136' },
      {
        job: 'm: [two]',
        code: 'dependency-not-needed',
        reason: 'listed in dependencies but not in needs with artifacts: the intersection drops it',
        at: '8:158',
      },
      {
        job: 'q',
        code: 'dependency-not-needed',
        reason: 'listed in dependencies but not in needs with artifacts: the intersection drops it',
        at: '8:161',
      },
      {
        job: 'r',
        code: 'dependency-absent',
        reason: `no source: the job is not in this pipeline type (${NOPE}); artifacts never cross pipelines`,
        at: '8:164',
      },
    ],
  });
});

void test('build_dependencies.rb: needs without dependencies; every parallel instance; optional kept', async () => {
  const m = await run(DAG);
  const need = (j: string, reason: string, at: string, optional = false): Plain => ({
    job: j,
    scope: 'local',
    files: true,
    dotenv: false,
    via: 'needs',
    optional,
    reason,
    at,
  });
  assert.deepEqual(flow(m, 'v'), {
    sources: [
      need('a', 'listed in needs', '10:40', true),
      need('m: [one]', 'needs m: every parallel instance', '10:37'),
      need('m: [two]', 'needs m: every parallel instance', '10:37'),
    ],
    missing: [
      {
        job: 'q',
        code: 'need-without-artifacts',
        reason: 'needs with artifacts: false: the job waits for it but downloads nothing and gets no dotenv variables',
        at: '10:66',
      },
    ],
  });
});

void test('build_dependencies.rb: needs not in dependencies are intersected away', async () => {
  const m = await run(DAG);
  const notIn = (j: string, at: string): Plain => ({
    job: j,
    code: 'need-not-in-dependencies',
    reason: 'needed, but not listed in dependencies: needs and dependencies intersect',
    at,
  });
  assert.deepEqual(flow(m, 'u'), {
    sources: [],
    missing: [
      notIn('m: [one]', '9:37'),
      notIn('m: [two]', '9:37'),
      notIn('a', '9:40'),
      {
        job: 'q',
        code: 'dependency-not-needed',
        reason: 'listed in dependencies but not in needs with artifacts: the intersection drops it',
        at: '9:59',
      },
    ],
  });
});

const PARENT = `
gen: {stage: build, script: x, artifacts: {paths: [g/], reports: {dotenv: g.env}}}
bare: {stage: build, script: x}
kid: {stage: test, trigger: {include: child.yml}}
`;
const CHILD = `c: {script: x, needs: [{pipeline: $PARENT_PIPELINE_ID, job: gen}, {pipeline: $PARENT_PIPELINE_ID, job: bare}, {pipeline: $PARENT_PIPELINE_ID, job: nowhere}, {project: grp/p, job: j, ref: main}, {project: grp/p, job: j2, ref: main, artifacts: false}]}
`;

const analyzeAs = (root: string, files: Record<string, string>): Promise<FlowModel> =>
  analyze({ root, reader: memoryReader(files), context: defaultContext() });

void test('build_dependencies.rb cross_pipeline then cross_project: the parent job described from its definition', async () => {
  const m = await analyzeAs('child.yml', { '.gitlab-ci.yml': PARENT, 'child.yml': CHILD });
  const parent = (j: string, files: boolean, dotenv: boolean, at: string): Plain => ({
    job: j,
    scope: 'parent',
    reason: `needs:pipeline:job: ${j} of the parent pipeline (.gitlab-ci.yml, which triggers this file from kid)`,
    files,
    dotenv,
    via: 'needs',
    optional: false,
    at,
  });
  assert.deepEqual(flow(m, 'c'), {
    sources: [
      parent('gen', true, true, '1:24'),
      parent('bare', false, false, '1:67'),
      {
        job: 'nowhere',
        scope: 'parent',
        reason:
          'needs:pipeline:job from pipeline $PARENT_PIPELINE_ID; its definition is not in this view, so its dotenv is unknown',
        files: true,
        dotenv: false,
        via: 'needs',
        optional: false,
        at: '1:111',
      },
      // artifacts: false on j2: no source (build_dependencies.rb selects cross_dependencies with artifacts).
      {
        job: 'j',
        scope: 'project',
        reason: 'needs:project: latest successful j on main in grp/p',
        files: true,
        dotenv: false,
        via: 'needs',
        optional: false,
        at: '1:158',
        project: 'grp/p',
        ref: 'main',
      },
    ],
    missing: [],
  });
});

void test('parentPipeline.ts: no parent when the root is not triggered by .gitlab-ci.yml, or is .gitlab-ci.yml', async () => {
  const other = await analyzeAs('other.yml', {
    '.gitlab-ci.yml': PARENT,
    'other.yml': 'c: {script: x, needs: [{pipeline: $PARENT_PIPELINE_ID, job: gen}]}\n',
  });
  assert.equal(
    job(other, 'c').sources[0]?.reason,
    'needs:pipeline:job from pipeline $PARENT_PIPELINE_ID; its definition is not in this view, so its dotenv is unknown',
  );
  assert.deepEqual([job(other, 'c').sources[0]?.files, job(other, 'c').sources[0]?.dotenv], [true, false]);
  // A parent whose trigger is not a trigger job of this file: a script job naming child.yml in a variable.
  const notTrigger = await analyzeAs('child.yml', {
    '.gitlab-ci.yml':
      'gen: {script: x, artifacts: {reports: {dotenv: g.env}}}\nkid: {script: x, variables: {F: child.yml}}\n',
    'child.yml': 'c: {script: x, needs: [{pipeline: $PARENT_PIPELINE_ID, job: gen}]}\n',
  });
  assert.equal(job(notTrigger, 'c').sources[0]?.dotenv, false);
  // An unreadable parent: no description.
  const noParent = await analyzeAs('child.yml', {
    'child.yml': 'c: {script: x, needs: [{pipeline: $PARENT_PIPELINE_ID, job: gen}]}\n',
  });
  assert.equal(job(noParent, 'c').sources[0]?.dotenv, false);
});

void test('stages: .pre is the first stage (index 0): its jobs are earlier than every other stage', async () => {
  const m = await run(`
p: {stage: .pre, script: x, artifacts: {paths: [p/]}}
b: {stage: build, script: x}
c: {stage: build, script: x, dependencies: [p]}
`);
  assert.deepEqual(
    flow(m, 'b').sources.map((s) => [s.job, s.via, s.reason]),
    [['p', 'stage', 'stage .pre runs before stage build']],
  );
  assert.deepEqual(flow(m, 'c'), {
    sources: [
      {
        job: 'p',
        scope: 'local',
        files: true,
        dotenv: false,
        via: 'dependencies',
        optional: false,
        reason: 'listed in dependencies (stage .pre is before build)',
        at: '4:45',
      },
    ],
    missing: [],
  });
});

// `stages:` from an include that is not read offline: the order of an unknown stage is unknown (spec §5).
const UNKNOWN = `include:
  - project: gnome/citemplates
    file: templates/stages.yml
s: {stage: analysis, script: x, artifacts: {paths: [s/]}}
p: {stage: .pre, script: x, artifacts: {paths: [p/]}}
b: {stage: build, script: x, artifacts: {paths: [b/]}}
t: {stage: test, script: x, dependencies: [s, p]}
u: {stage: analysis, script: x, dependencies: [p, b]}
w: {stage: analysis, script: x}
`;

void test('unknown stage order: listed dependencies are kept and said so; stage order brings nothing', async () => {
  const m = await run(UNKNOWN);
  const dep = (j: string, reason: string, at: string): Plain => ({
    job: j,
    scope: 'local',
    files: true,
    dotenv: false,
    via: 'dependencies',
    optional: false,
    reason,
    at,
  });
  // Where an unknown stage falls in the creation order is unknown too: compared by name.
  const byName = (x: Plain[]): Plain[] => [...x].sort((a, b) => String(a.job).localeCompare(String(b.job)));
  assert.deepEqual(byName(flow(m, 't').sources), [
    dep('p', 'listed in dependencies (stage .pre is before test)', '7:47'),
    dep('s', 'listed in dependencies (the order of stages analysis and test is not known here)', '7:44'),
  ]);
  assert.deepEqual(flow(m, 't').missing, []);
  assert.deepEqual(byName(flow(m, 'u').sources), [
    dep('b', 'listed in dependencies (the order of stages build and analysis is not known here)', '8:51'),
    dep('p', 'listed in dependencies (the order of stages .pre and analysis is not known here)', '8:48'),
  ]);
  assert.deepEqual(flow(m, 'u').missing, []);
  // Scheduled by stage alone in an unknown stage: which earlier jobs it receives from is unknown.
  assert.deepEqual(flow(m, 'w'), {
    sources: [],
    missing: [
      {
        job: 'w',
        code: 'stage-unknown',
        reason:
          'stage analysis is not in the stages known here (they probably come from an include that is not resolved offline): which earlier jobs it receives artifacts from is unknown',
      },
    ],
  });
  // A known-stage job receives nothing from the unknown stage by stage order.
  assert.deepEqual(
    flow(m, 'b').sources.map((s) => s.job),
    ['p'],
  );
});

void test('cross needs are not local needs, even when a local job and a parent or project job share a name', async () => {
  const m = await analyzeAs('child.yml', {
    '.gitlab-ci.yml': PARENT,
    'child.yml': `gen: {stage: build, script: x, artifacts: {paths: [local/]}}
c: {stage: test, script: x, needs: [{pipeline: $PARENT_PIPELINE_ID, job: bare}, {project: grp/p, job: gen, ref: main}]}
`,
  });
  assert.deepEqual(
    flow(m, 'c').sources.map((s) => [s.job, s.scope, s.files, s.dotenv, s.reason]),
    [
      [
        'bare',
        'parent',
        false,
        false,
        'needs:pipeline:job: bare of the parent pipeline (.gitlab-ci.yml, which triggers this file from kid)',
      ],
      ['gen', 'project', true, false, 'needs:project: latest successful gen on main in grp/p'],
    ],
  );
  assert.deepEqual(flow(m, 'c').missing, []);
});

void test('stages: two .pre jobs share the first stage; a dependency between them never arrives', async () => {
  const m = await run(`
p: {stage: .pre, script: x, artifacts: {paths: [p/]}}
p2: {stage: .pre, script: x, dependencies: [p]}
b: {stage: build, script: x}
`);
  assert.deepEqual(flow(m, 'p2'), {
    sources: [],
    missing: [
      {
        job: 'p',
        code: 'same-stage-dependency',
        reason: 'same-stage dependency ignored: only earlier stages are searched; use needs to get its artifacts',
        at: '3:45',
      },
    ],
  });
  // The first stage is a known stage: nothing is unknown about what p receives (nothing).
  assert.deepEqual(flow(m, 'p'), { sources: [], missing: [] });
});

void test('yaml_processor.rb: an undefined dependency is an error, and no source nor explanation', async () => {
  const m = await run(`
a: {stage: build, script: x, artifacts: {paths: [a/]}}
b: {stage: test, script: x, dependencies: [nope, a]}
`);
  assert.ok(m.diagnostics.some((x) => x.severity === 'error' && /nope/.test(x.message)));
  assert.deepEqual(
    flow(m, 'b').sources.map((s) => s.job),
    ['a'],
  );
  assert.deepEqual(flow(m, 'b').missing, []);
});

void test('artifacts.rb when: always or on_success, a consumer that runs only on success: nothing to add', async () => {
  const m = await run(`
al: {stage: build, script: x, artifacts: {when: always, paths: [a/]}}
ok: {stage: build, script: x, artifacts: {paths: [o/]}}
c: {stage: test, script: x}
`);
  assert.deepEqual(
    flow(m, 'c').sources.map((s) => [s.job, s.files, s.reason]),
    [
      ['al', true, 'stage build runs before stage test'],
      ['ok', true, 'stage build runs before stage test'],
    ],
  );
});

void test('artifacts.rb when: on_failure decides only the archive: a dotenv-only producer is told plainly', async () => {
  const m = await run(`
p: {stage: build, script: x, artifacts: {when: on_failure, reports: {dotenv: p.env}}}
c: {stage: test, script: x}
`);
  assert.deepEqual(flow(m, 'c').sources, [
    {
      job: 'p',
      scope: 'local',
      files: false,
      dotenv: true,
      via: 'stage',
      optional: false,
      reason: 'stage build runs before stage test',
      at: '2:5',
    },
  ]);
});

void test('ee build_dependencies.rb: a cross-project job per project, job and ref; the same one twice fails the job', async () => {
  // EE looks up max_build_id_by(job, ref, project) per need and unions the results: two refs give two jobs.
  const twoRefs = await analyzeAs('.gitlab-ci.yml', {
    '.gitlab-ci.yml': `c: {script: x, needs: [{project: g/p, job: build, ref: main}, {project: g/p, job: build, ref: v1}]}\n`,
  });
  assert.deepEqual(
    flow(twoRefs, 'c').sources.map((s) => [s.job, s.project, s.ref]),
    [
      ['build', 'g/p', 'main'],
      ['build', 'g/p', 'v1'],
    ],
  );
  assert.deepEqual(
    twoRefs.diagnostics.filter((d) => d.code === 'cross-project-need-twice'),
    [],
  );
  // The same entry twice: the UNION finds one job for two entries, and valid_cross_project? (found = listed) fails.
  const twice = await analyzeAs('.gitlab-ci.yml', {
    '.gitlab-ci.yml': `c:\n  script: x\n  needs:\n    - {project: g/p, job: build, ref: main}\n    - {project: g/p, job: build, ref: main}\n`,
  });
  assert.deepEqual(
    flow(twice, 'c').sources.map((s) => [s.job, s.project, s.ref]),
    [['build', 'g/p', 'main']],
  );
  assert.deepEqual(
    twice.diagnostics
      .filter((d) => d.code === 'cross-project-need-twice')
      .map((d) => [d.severity, d.line, d.column, d.job, d.message]),
    [
      [
        'warning',
        5,
        7,
        'c',
        'c job: needs:project lists build of g/p on main twice: GitLab finds one job for both entries, so when a runner takes this job it fails with a missing dependency failure',
      ],
    ],
  );
  // A parent job listed twice is looked up by name in its pipeline: one job, each entry satisfied (no finding).
  const parent = await analyzeAs('child.yml', {
    '.gitlab-ci.yml': PARENT,
    'child.yml': `c: {script: x, needs: [{pipeline: $PARENT_PIPELINE_ID, job: gen}, {pipeline: $PARENT_PIPELINE_ID, job: gen}]}\n`,
  });
  assert.deepEqual(
    flow(parent, 'c').sources.map((s) => [s.job, s.scope]),
    [['gen', 'parent']],
  );
  assert.deepEqual(
    parent.diagnostics.filter((d) => d.code === 'cross-project-need-twice'),
    [],
  );
});
