// Hand-written models with downstream pipelines, shaped by the model contract (src/ci/model.ts, DownstreamPipeline):
// a local child fed by a needs:pipeline:job, a dynamic child that could not be fetched, and a trigger:project.
// Shared by the layout unit tests and the webview tier.
import type { DownstreamPipeline, FlowJob, FlowModel } from '../../../src/ci/model';
import { artifacts, job, model, range, source } from '../../fixtures/models/builders';

const PARENT_STAGES = ['build', 'test', 'deploy'];
const CHILD_STAGES = ['build', 'test'];

/** A child pipeline as the engine reports it; `jobs` are the child's own (names unique within the child only). */
export function childPipeline(jobs: FlowJob[], extra: Partial<NonNullable<DownstreamPipeline['pipeline']>> = {}) {
  return {
    root: 'ci/child.yml',
    stages: CHILD_STAGES,
    created: true,
    jobs,
    diagnostics: [],
    includes: [],
    ...extra,
  } satisfies NonNullable<DownstreamPipeline['pipeline']>;
}

/** The local child's jobs: `compile` takes the parent's `build` (needs:pipeline:job); `test` shares a parent name. */
export function childJobs(): FlowJob[] {
  const j = (name: string, stage: string, extra: Partial<FlowJob> = {}): FlowJob =>
    job(name, stage, CHILD_STAGES, { file: 'ci/child.yml', ...extra });
  const compile = j('compile', 'build', {
    artifacts: artifacts(['out/']),
    needs: [],
    sources: [
      source('build', {
        scope: 'parent',
        dotenv: true,
        via: 'needs',
        reason: 'needs:pipeline:job: build of the parent pipeline',
        at: range(3, 'ci/child.yml'),
      }),
    ],
  });
  const test = j('test', 'test', { sources: [source('compile')] });
  compile.consumers = ['test'];
  return [compile, test];
}

/** `count` plain jobs for a child too big to be drawn expanded by default. */
export function bigChildJobs(count: number): FlowJob[] {
  return Array.from({ length: count }, (_, i) =>
    job(`part ${i + 1}`, i % 2 === 0 ? 'build' : 'test', CHILD_STAGES, { file: 'ci/big.yml' }),
  );
}

export interface DownstreamFixture {
  /** Extra downstream entries (a grandchild is put inside the local child's pipeline). */
  grandchild?: boolean;
  /** Jobs of the local child; default childJobs(). */
  child?: FlowJob[];
}

/** The parent: build → test → deploy, with three trigger jobs and what they create. */
export function downstreamModel(options: DownstreamFixture = {}): FlowModel {
  const j = (name: string, stage: string, extra: Partial<FlowJob> = {}): FlowJob =>
    job(name, stage, PARENT_STAGES, extra);
  const jobs: FlowJob[] = [
    j('build', 'build', {
      artifacts: artifacts(['dist/'], { dotenv: ['build.env'], dotenvKeys: ['VERSION'] }),
    }),
    j('generate', 'build', { artifacts: artifacts(['gen.yml']) }),
    j('test', 'test', { sources: [source('build')] }),
    j('child', 'test', { kind: 'trigger', triggers: 'ci/child.yml' }),
    j('dynamic', 'test', {
      kind: 'trigger',
      configSources: [{ job: 'generate', artifact: 'gen.yml', available: true, reason: 'trigger:include:artifact' }],
    }),
    j('downstream-deploy', 'deploy', { kind: 'trigger', triggers: 'group/other' }),
    j('deploy', 'deploy', { sources: [source('build'), source('test', { files: false })] }),
  ];
  const childJobList = options.child ?? childJobs();
  const local: DownstreamPipeline = {
    trigger: 'child',
    kind: 'child',
    label: 'ci/child.yml',
    pipeline: childPipeline(childJobList, {
      diagnostics: [
        { ...range(9, 'ci/child.yml'), severity: 'warning', code: 'no-artifacts', message: 'a warning', job: 'test' },
      ],
    }),
  };
  if (options.grandchild) {
    local.pipeline!.jobs = [...childJobList, job('nested', 'test', CHILD_STAGES, { kind: 'trigger' })];
    local.pipeline!.downstream = [
      {
        trigger: 'nested',
        kind: 'child',
        label: 'ci/grand.yml',
        pipeline: {
          ...childPipeline([job('leaf', 'build', CHILD_STAGES, { file: 'ci/grand.yml' })]),
          root: 'ci/grand.yml',
        },
      },
    ];
  }
  const downstream: DownstreamPipeline[] = [
    local,
    {
      trigger: 'dynamic',
      kind: 'dynamic',
      label: 'gen.yml from generate',
      unknown: 'not connected to GitLab: the generated configuration is only known from a real pipeline',
    },
    { trigger: 'downstream-deploy', kind: 'project', label: 'group/other', project: 'group/other', ref: 'main' },
  ];
  return model(PARENT_STAGES, jobs, { downstream });
}

/** The same three downstream kinds as YAML, for the engine's own output (a child fed by needs:pipeline:job). */
export const DOWNSTREAM_FILES: Record<string, string> = {
  '.gitlab-ci.yml': `stages: [build, test, deploy]
build:
  stage: build
  script: echo "VERSION=1" >> build.env
  artifacts:
    paths: [dist/]
    reports:
      dotenv: build.env
generate:
  stage: build
  script: make gen.yml
  artifacts:
    paths: [gen.yml]
test:
  stage: test
  script: make test
child:
  stage: test
  trigger:
    include: ci/child.yml
  variables:
    PARENT_PIPELINE_ID: $CI_PIPELINE_ID
dynamic:
  stage: test
  trigger:
    include:
      - artifact: gen.yml
        job: generate
deploy-other:
  stage: deploy
  trigger:
    project: group/other
    branch: main
`,
  'ci/child.yml': `stages: [build, test]
compile:
  stage: build
  script: make
  needs:
    - pipeline: $PARENT_PIPELINE_ID
      job: build
  artifacts:
    paths: [out/]
test:
  stage: test
  script: make test
`,
};
