// Child and multi-project pipelines (src/ci/pipeline/downstream*.ts): each trigger job's downstream pipeline in the
// model — local and external children analysed by the same engine (needs:pipeline:job naming parent jobs, trigger
// variables in the child's rules), dynamic children through the fetcher or unknown with the reason, trigger:project,
// GitLab's depth, this view's caps, and the parent's own diagnostics unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, defaultContext } from '../../../src/ci/analyze';
import type { FetchOutcome, IncludeFetcher } from '../../../src/ci/include/fetcher';
import type { DownstreamPipeline, FlowModel, PipelineContext } from '../../../src/ci/model';
import { DEPTH_MESSAGE, DOWNSTREAM_LIMITS } from '../../../src/ci/pipeline/downstream';
import { memoryReader, mrContext, sources } from './helpers';

function runFiles(
  files: Record<string, string>,
  extra: { fetcher?: IncludeFetcher; context?: Partial<PipelineContext> } = {},
): Promise<FlowModel> {
  return analyze({
    root: '.gitlab-ci.yml',
    reader: memoryReader(files),
    context: { ...defaultContext(), ...extra.context },
    ...(extra.fetcher ? { fetcher: extra.fetcher } : {}),
  });
}

function down(m: FlowModel, trigger: string): DownstreamPipeline {
  const d = m.downstream?.find((x) => x.trigger === trigger);
  assert.ok(d, `downstream of ${trigger} (have: ${(m.downstream ?? []).map((x) => x.trigger).join(', ')})`);
  return d;
}

/** The child as a model, for the helpers that read jobs and sources. */
function childModel(d: DownstreamPipeline): FlowModel {
  assert.ok(d.pipeline, `a pipeline for ${d.trigger} (unknown: ${d.unknown ?? ''})`);
  return { ...defaultModel(), jobs: d.pipeline.jobs, diagnostics: d.pipeline.diagnostics };
}

function defaultModel(): FlowModel {
  return {
    schema: 1,
    context: defaultContext(),
    stages: [],
    pipeline: { created: true },
    jobs: [],
    diagnostics: [],
    includes: [],
    root: '',
  };
}

function included(d: DownstreamPipeline): string[] {
  return (d.pipeline?.jobs ?? []).filter((j) => j.inPipeline).map((j) => j.name);
}

/** External files by kind and location; dynamic children by `job path@ref`. Every call is logged. */
function testFetcher(files: Record<string, string>, withArtifacts = true): IncludeFetcher & { calls: string[] } {
  const calls: string[] = [];
  const answer = (key: string, project?: { path: string; ref: string }): Promise<FetchOutcome> => {
    calls.push(key);
    const text = files[key];
    if (text === undefined) return Promise.resolve({ error: `Included file \`${key}\` is empty or does not exist!` });
    const at = project ? { project: { ...project, sha: 'a'.repeat(40) } } : {};
    return Promise.resolve({ file: { text, via: 'api', ...at } });
  };
  const fetcher: IncludeFetcher & { calls: string[] } = {
    calls,
    project: (path, ref, file) => answer(`project ${path} ${file}`, { path, ref: ref ?? 'main' }),
    remote: (url) => answer(`remote ${url}`),
    template: (name) => answer(`template ${name}`),
    component: (address) => answer(`component ${address}`, { path: 'grp/comps', ref: '1.0' }),
  };
  if (withArtifacts) {
    fetcher.artifact = (job, path, ref) => {
      calls.push(`artifact ${job} ${path}@${ref}`);
      const text = files[`artifact ${job} ${path}`];
      return Promise.resolve(
        text === undefined
          ? { error: `\`${path}\` is not in the artifacts of \`${job}\`` }
          : { file: { text, via: 'api' } },
      );
    };
  }
  return fetcher;
}

const T38 = `
mk: {stage: build, script: x, artifacts: {paths: [a.txt], reports: {dotenv: m.env}}}
kid: {stage: test, trigger: {include: child.yml}, variables: {PARENT_PIPELINE_ID: $CI_PIPELINE_ID}}
`;

void test('a local child: its jobs, and needs:pipeline:job sources naming the parent job (T38)', async () => {
  const m = await runFiles({
    '.gitlab-ci.yml': T38,
    'child.yml': 'use: {script: x, needs: [{pipeline: $PARENT_PIPELINE_ID, job: mk}], dependencies: []}\n',
  });
  const d = down(m, 'kid');
  assert.equal(d.kind, 'child');
  assert.equal(d.label, 'child.yml');
  assert.equal(d.pipeline?.root, 'child.yml');
  assert.equal(d.pipeline?.created, true);
  const child = childModel(d);
  assert.deepEqual(sources(child, 'use', true), ['parent:mk (files, dotenv)']);
  const source = child.jobs[0]?.sources[0];
  assert.match(source?.reason ?? '', /parent pipeline \(\.gitlab-ci\.yml, which triggers this file from kid\)/);
  assert.equal(child.jobs[0]?.file, 'child.yml');
  assert.deepEqual(
    d.pipeline?.includes.map((i) => [i.kind, i.location, i.from.file]),
    [['local', 'child.yml', '.gitlab-ci.yml']],
  );
});

void test("a child's problems stay in the child; the parent's diagnostics do not change", async () => {
  const good = await runFiles({ '.gitlab-ci.yml': T38, 'child.yml': 'use: {script: x}\n' });
  const bad = await runFiles({ '.gitlab-ci.yml': T38, 'child.yml': 'use: {script: x, needs: [nothere]}\n' });
  const missing = await runFiles({ '.gitlab-ci.yml': T38 });
  assert.deepEqual(bad.diagnostics, good.diagnostics);
  assert.deepEqual(missing.diagnostics, good.diagnostics);
  assert.deepEqual(bad.jobs, good.jobs);
  const badChild = down(bad, 'kid').pipeline;
  assert.ok(badChild?.diagnostics.some((d) => d.code === 'undefined-need' && d.file === 'child.yml'));
  const gone = down(missing, 'kid').pipeline;
  assert.equal(gone?.created, false);
  const err = gone?.diagnostics.find((d) => d.severity === 'error');
  assert.equal(err?.message, 'Local file `child.yml` does not exist!');
  // GitLab's child document is not the user's: the error is shown where trigger:include is written.
  assert.equal(err?.file, '.gitlab-ci.yml');
  assert.equal(err?.line, 3);
});

void test('a child job may share a parent job name: each pipeline keeps its own', async () => {
  const m = await runFiles({
    '.gitlab-ci.yml':
      'build: {stage: build, script: p, artifacts: {paths: [p/]}}\nkid: {stage: test, trigger: {include: c.yml}}\n',
    'c.yml': 'build: {stage: build, script: c, artifacts: {paths: [c/]}}\ntest: {stage: test, script: t}\n',
  });
  assert.deepEqual(
    m.jobs.map((j) => j.name),
    ['build', 'kid'],
  );
  const child = childModel(down(m, 'kid'));
  assert.deepEqual(
    child.jobs.map((j) => j.name),
    ['build', 'test'],
  );
  assert.deepEqual(sources(child, 'test'), ['build']);
  assert.deepEqual(child.jobs[0]?.artifacts?.paths, ['c/']);
});

void test('trigger variables (global and job, not with forward:yaml_variables false) and parent_pipeline reach child rules', async () => {
  const m = await runFiles({
    '.gitlab-ci.yml': `
variables: {TIER: gold}
go: {trigger: {include: c.yml}, variables: {DEPLOY: "yes", REF: $CI_COMMIT_BRANCH}}
stay: {trigger: {include: c.yml}}
quiet: {trigger: {include: c.yml, forward: {yaml_variables: false}}, variables: {DEPLOY: "yes"}}
`,
    'c.yml': `
deploy: {script: d, rules: [{if: '$DEPLOY == "yes"'}]}
gold: {script: g, rules: [{if: '$TIER == "gold"'}]}
onmain: {script: m, rules: [{if: '$REF == "main"'}]}
child: {script: c, rules: [{if: '$CI_PIPELINE_SOURCE == "parent_pipeline"'}]}
`,
  });
  assert.deepEqual(included(down(m, 'go')), ['deploy', 'gold', 'onmain', 'child']);
  assert.deepEqual(included(down(m, 'stay')), ['gold', 'child']);
  assert.deepEqual(included(down(m, 'quiet')), ['child']);
});

void test("rules add to what a trigger passes down: workflow:rules variables (inherited like globals) and the trigger's matched rule's", async () => {
  const m = await runFiles({
    '.gitlab-ci.yml': `
workflow: {rules: [{if: '$CI_COMMIT_BRANCH', variables: {PIPE: branch}}]}
fast:
  trigger: {include: c.yml}
  variables: {MODE: slow}
  rules: [{if: '$CI_COMMIT_BRANCH == "main"', variables: {MODE: fast}}]
plain: {trigger: {include: c.yml}, variables: {MODE: slow}}
alone: {trigger: {include: c.yml}, inherit: {variables: false}}
`,
    'c.yml': `
quick: {script: q, rules: [{if: '$MODE == "fast"'}]}
branchy: {script: b, rules: [{if: '$PIPE == "branch"'}]}
always: {script: a}
`,
  });
  assert.deepEqual(included(down(m, 'fast')), ['quick', 'branchy', 'always']);
  assert.deepEqual(included(down(m, 'plain')), ['branchy', 'always']);
  assert.deepEqual(included(down(m, 'alone')), ['always']);
});

void test('project, template and component children are read through the fetcher; jobs carry their origins', async () => {
  const fetcher = testFetcher({
    'project grp/lib ci/child.yml': 'lib: {script: l}\n',
    'template Jobs/Kid.gitlab-ci.yml': 'tpl: {script: t}\n',
    'component gitlab.example.com/grp/comps/unit@1.0': 'unit: {script: u}\n',
  });
  const m = await runFiles(
    {
      '.gitlab-ci.yml': `
p: {trigger: {include: [{project: grp/lib, file: ci/child.yml, ref: v1}]}}
t: {trigger: {include: [{template: Jobs/Kid.gitlab-ci.yml}]}}
c: {trigger: {include: [{component: gitlab.example.com/grp/comps/unit@1.0}]}}
`,
    },
    { fetcher, context: { serverUrl: 'https://gitlab.example.com' } },
  );
  assert.equal(down(m, 'p').label, 'project:grp/lib@v1:ci/child.yml');
  assert.equal(down(m, 't').label, 'template:Jobs/Kid.gitlab-ci.yml');
  assert.equal(down(m, 'c').label, 'component:gitlab.example.com/grp/comps/unit@1.0');
  assert.deepEqual(
    down(m, 'p').pipeline?.jobs.map((j) => [j.name, j.file]),
    [['lib', 'project:grp/lib@v1:/ci/child.yml']],
  );
  assert.deepEqual(
    down(m, 't').pipeline?.jobs.map((j) => [j.name, j.file]),
    [['tpl', 'template:Jobs/Kid.gitlab-ci.yml']],
  );
  assert.deepEqual(
    down(m, 'c').pipeline?.jobs.map((j) => j.name),
    ['unit'],
  );
  assert.equal(down(m, 'p').pipeline?.root, 'project:grp/lib@v1:/ci/child.yml');
});

const DYNAMIC = `
generate: {stage: build, script: gen, artifacts: {paths: [gen.yml]}}
run: {stage: test, trigger: {include: [{artifact: gen.yml, job: generate}]}}
`;

void test('a dynamic child: drawn from the fetched artifact, with a note that it is the latest successful one', async () => {
  const fetcher = testFetcher({ 'artifact generate gen.yml': 'one: {script: a}\ntwo: {script: b, needs: [one]}\n' });
  const m = await runFiles({ '.gitlab-ci.yml': DYNAMIC }, { fetcher });
  const d = down(m, 'run');
  assert.equal(d.kind, 'dynamic');
  assert.equal(d.label, 'gen.yml from generate');
  assert.equal(d.unknown, undefined);
  assert.deepEqual(fetcher.calls, ['artifact generate gen.yml@main']);
  assert.deepEqual(
    d.pipeline?.jobs.map((j) => [j.name, j.file]),
    [
      ['one', 'artifact:generate:gen.yml'],
      ['two', 'artifact:generate:gen.yml'],
    ],
  );
  assert.deepEqual(
    d.pipeline?.includes.map((i) => [i.kind, i.location]),
    [['artifact', 'gen.yml']],
  );
  const note = d.pipeline?.diagnostics.find((x) => x.code === 'dynamic-child-fetched');
  assert.match(note?.message ?? '', /latest successful `generate` job on `main`/);
  assert.equal(note?.file, '.gitlab-ci.yml');
  // Nothing of the child in the parent's own findings.
  assert.ok(!m.diagnostics.some((x) => x.code === 'dynamic-child-fetched'));
});

void test('a dynamic child that cannot be read is unknown, and says why', async () => {
  const offline = down(await runFiles({ '.gitlab-ci.yml': DYNAMIC }), 'run');
  assert.equal(offline.pipeline, undefined);
  assert.match(offline.unknown ?? '', /^Generated by job `generate` at run time; connect to GitLab/);
  const noMethod = down(await runFiles({ '.gitlab-ci.yml': DYNAMIC }, { fetcher: testFetcher({}, false) }), 'run');
  assert.match(
    noMethod.unknown ?? '',
    /connect to GitLab to draw it from the latest successful `generate` job on `main`/,
  );
  const missing = down(await runFiles({ '.gitlab-ci.yml': DYNAMIC }, { fetcher: testFetcher({}) }), 'run');
  assert.match(missing.unknown ?? '', /is not in the artifacts of `generate`/);
  const mrFetcher = testFetcher({ 'artifact generate gen.yml': 'x: {script: x}\n' });
  const mr = down(await runFiles({ '.gitlab-ci.yml': DYNAMIC }, { fetcher: mrFetcher, context: mrContext }), 'run');
  assert.match(mr.unknown ?? '', /merge request pipeline/);
  assert.deepEqual(mrFetcher.calls, [], 'no guess at a ref for an MR pipeline');
  const gone = await runFiles(
    {
      '.gitlab-ci.yml': DYNAMIC.replace(
        'artifacts: {paths: [gen.yml]}',
        'artifacts: {paths: [gen.yml]}, rules: [{when: never}]',
      ),
    },
    { fetcher: mrFetcher },
  );
  assert.match(down(gone, 'run').unknown ?? '', /`generate` is not in this pipeline/);
});

void test('trigger:project: an external node with the project and branch, never analysed', async () => {
  const m = await runFiles({
    '.gitlab-ci.yml':
      'variables: {GRP: ops}\na: {trigger: grp/app}\nb: {trigger: {project: $GRP/deploy, branch: stable}}\n',
  });
  assert.deepEqual(down(m, 'a'), { trigger: 'a', kind: 'project', label: 'grp/app', project: 'grp/app' });
  assert.deepEqual(down(m, 'b'), {
    trigger: 'b',
    kind: 'project',
    label: 'ops/deploy',
    project: 'ops/deploy',
    ref: 'stable',
  });
});

void test('a trigger job the context leaves out creates nothing, and says why', async () => {
  const m = await runFiles({
    '.gitlab-ci.yml': 'a: {script: a}\nkid: {trigger: {include: c.yml}, rules: [{if: $NEVER}]}\n',
    'c.yml': 'x: {script: x}\n',
  });
  const d = down(m, 'kid');
  assert.equal(d.pipeline, undefined);
  assert.match(d.unknown ?? '', /^`kid` is not in this pipeline \(/);
});

void test("GitLab's depth: a grandchild's trigger job is not followed, with GitLab's words; a self-trigger ends", async () => {
  const m = await runFiles({
    '.gitlab-ci.yml': 'a: {trigger: {include: a.yml}}\n',
    'a.yml': 'b: {trigger: {include: b.yml}}\n',
    'b.yml': 'c: {trigger: {include: c.yml}}\n',
    'c.yml': 'x: {script: x}\n',
  });
  const grandchild = down(m, 'a').pipeline?.downstream?.[0];
  assert.equal(grandchild?.trigger, 'b');
  assert.deepEqual(
    grandchild?.pipeline?.jobs.map((j) => j.name),
    ['c'],
  );
  const tooDeep = grandchild?.pipeline?.downstream?.[0];
  assert.equal(tooDeep?.pipeline, undefined);
  assert.ok(tooDeep?.unknown?.startsWith(DEPTH_MESSAGE));
  const self = await runFiles({ '.gitlab-ci.yml': 'a: {trigger: {include: .gitlab-ci.yml}}\n' });
  const depthOf = (d: DownstreamPipeline | undefined): number =>
    d?.pipeline ? 1 + depthOf(d.pipeline.downstream?.[0]) : 0;
  assert.equal(depthOf(self.downstream?.[0]), DOWNSTREAM_LIMITS.maxDepth);
});

void test('caps: at most 100 children analysed per model, and one job budget for the whole tree', async () => {
  const many = Array.from({ length: 105 }, (_, i) => `k${i}: {trigger: {include: c.yml}}`).join('\n');
  const m = await runFiles({ '.gitlab-ci.yml': many, 'c.yml': 'x: {script: x}\n' });
  const analysed = (m.downstream ?? []).filter((d) => d.pipeline);
  assert.equal(analysed.length, DOWNSTREAM_LIMITS.maxPipelines);
  assert.match(m.downstream?.[104]?.unknown ?? '', /at most 100 child pipelines/);

  const big = Array.from({ length: 26 }, (_, i) => `j${i}: {script: x, parallel: 200}`).join('\n');
  const b = await runFiles({
    '.gitlab-ci.yml':
      'k1: {trigger: {include: big.yml}}\nk2: {trigger: {include: big.yml}}\nk3: {trigger: {include: big.yml}}\n',
    'big.yml': big,
  });
  assert.equal(down(b, 'k1').pipeline?.jobs.length, 5200);
  assert.equal(down(b, 'k2').pipeline?.jobs.length, 5200);
  assert.equal(down(b, 'k3').pipeline, undefined);
  assert.match(down(b, 'k3').unknown ?? '', /already hold 10,000 jobs/);
});

void test('a model without trigger jobs has no downstream field (schema 1 unchanged)', async () => {
  const m = await runFiles({ '.gitlab-ci.yml': 'a: {script: a}\n' });
  assert.equal('downstream' in m, false);
});
