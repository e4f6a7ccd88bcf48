// The artifact-flow model: what the engine computes, what the CLI prints as JSON (schema 1) and what the
// host posts to the webview. Plain JSON only (no classes, Maps or undefined-only semantics) so it survives
// postMessage and JSON.stringify unchanged. Optional fields are omitted rather than set to undefined.

/** A range in one file. Lines and columns are 1-based; the end is exclusive, as in an editor selection. */
export interface SourceRange {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic extends SourceRange {
  severity: Severity;
  /** Stable machine-readable code, e.g. `undefined-need`, `same-stage-dependency`. */
  code: string;
  /** GitLab's exact message where GitLab has one; our own wording otherwise. */
  message: string;
  job?: string;
}

/** `CI_PIPELINE_SOURCE` values (spec R8.1). */
export const PIPELINE_SOURCES = [
  'push',
  'web',
  'trigger',
  'schedule',
  'api',
  'external',
  'pipeline',
  'chat',
  'webide',
  'merge_request_event',
  'external_pull_request_event',
  'parent_pipeline',
  'ondemand_dast_scan',
  'ondemand_dast_validation',
  'security_orchestration_policy',
  'container_registry_push',
  'duo_workflow',
  'pipeline_execution_policy_schedule',
  'dependency_management_security_update',
] as const;
export type PipelineSource = (typeof PIPELINE_SOURCES)[number];

/** The pipeline a user asks about: which ref, which event, which extra variables. */
export interface PipelineContext {
  source: PipelineSource;
  /** What the pipeline's ref is: a branch, a tag, or a merge request's `refs/merge-requests/<iid>/head`. */
  refKind: 'branch' | 'tag' | 'mr';
  /** Branch name for branch pipelines; the MR source branch for MR pipelines. */
  branch?: string;
  tag?: string;
  defaultBranch: string;
  mrSource?: string;
  mrTarget?: string;
  mrIid?: string;
  /** Project path (`group/project`), for `only: [ref@group/project]` and `CI_PROJECT_PATH`. */
  projectPath?: string;
  /**
   * The GitLab instance URL (`https://gitlab.example.com`, a relative root kept), for `CI_SERVER_URL`,
   * `CI_SERVER_HOST/PORT/PROTOCOL/FQDN`, `CI_PROJECT_URL`, `CI_API_V4_URL`. Optional (added within schema 1):
   * without it those variables are unknown to rules, not empty.
   */
  serverUrl?: string;
  /** User-supplied variables (project/group/instance/pipeline variables). */
  variables: Record<string, string>;
}

export type ArtifactsWhen = 'on_success' | 'on_failure' | 'always';

export interface ArtifactSpec {
  paths: string[];
  exclude: string[];
  untracked: boolean;
  when: ArtifactsWhen;
  expireIn: string | null;
  /** `artifacts:reports:dotenv` file names. */
  dotenv: string[];
  /** Report types declared (junit, dotenv, …). Only dotenv reaches dependents (spec R4.4). */
  reports: string[];
  /** True when the job uploads a downloadable archive: `paths` or `untracked` (spec R4.2). */
  archive: boolean;
  /** Keys the job's script is seen writing into its dotenv report (a static prediction; may be incomplete). */
  dotenvKeys: string[];
  /**
   * GitLab's message when the report its script writes would be rejected whole (parse_dotenv_artifact_service.rb:
   * a line without `=`, a bad key, more than 20 variables, 5 KiB): then no variable arrives and `dotenvKeys` is
   * empty. Added within schema 1.
   */
  dotenvRejected?: string;
}

export type SourceScope = 'local' | 'parent' | 'project';
export type SourceVia = 'stage' | 'needs' | 'dependencies';

/** One entry of a job's dependency list (spec R5.3.1), in extraction order. */
export interface ArtifactSource {
  job: string;
  scope: SourceScope;
  /** The source uploads an archive that is extracted into the job's workspace. */
  files: boolean;
  /** The source has a dotenv report whose variables the job receives. */
  dotenv: boolean;
  via: SourceVia;
  optional: boolean;
  project?: string;
  ref?: string;
  /** Why this source is in the list, in words (e.g. "stage build is before stage test"). */
  reason: string;
  /** Where the rule that put it there is written (`needs:` entry, `dependencies:` entry, or the job's `stage:`). */
  at?: SourceRange;
}

/**
 * A source the user may expect but the job does not get, and why: a need on a job that this pipeline
 * type excludes (spec R6.6), a same-stage `dependencies` entry (T6), `artifacts: false`, …
 */
export interface MissingSource {
  job: string;
  reason: string;
  code: string;
  at?: SourceRange;
}

export interface PathConflict {
  /** The path or glob declared by more than one source. */
  path: string;
  /** Jobs declaring it, in extraction order. */
  jobs: string[];
  /** The later extracted source: its copy is likely the one the job sees (spec R7.3). */
  likelyWinner: string;
}

export interface FlowJob {
  name: string;
  /** The job name before parallel/matrix expansion; equal to `name` for plain jobs. */
  group: string;
  stage: string;
  stageIndex: number;
  kind: 'job' | 'trigger';
  file: string;
  line: number;
  /** The range of the job's key in its defining file. */
  range: SourceRange;
  inPipeline: boolean;
  /** Why the context excludes the job (only when `inPipeline` is false). */
  excludedReason?: string;
  /**
   * Set when the job is in the pipeline only on an assumption: its deciding rule (or only/except clause) depends
   * on something this analysis cannot know — a `changes`/`exists` clause, or a predefined variable such as
   * `$CI_SERVER_HOST` without a server URL. The text names the rule and the variables. Added within schema 1.
   */
  assumed?: string;
  /** The effective `when` (rules may change it). */
  when: string;
  artifacts: ArtifactSpec | null;
  sources: ArtifactSource[];
  missing: MissingSource[];
  conflicts: PathConflict[];
  /** Jobs whose dependency list contains this job (filled for included jobs). */
  consumers: string[];
  /**
   * The jobs of this pipeline it `needs` (after parallel expansion, `artifacts: false` included), when the job is
   * DAG-scheduled; absent for stage-scheduled jobs. It orders execution even where nothing is downloaded.
   */
  needs?: string[];
  /** Parallel instance info: `index`/`total` for `parallel: N`, `matrix` values for `parallel:matrix`. */
  parallel?: { index: number; total: number; matrix?: Record<string, string> };
  /** For trigger jobs: what they trigger (`child.yml`, `group/project`), when known. */
  triggers?: string;
  /**
   * For trigger jobs: where a dynamic child pipeline's configuration comes from (`trigger:include:artifact` with
   * `job`). Its own kind of edge — GitLab reads that file from the job's artifacts to create the child pipeline;
   * nothing is downloaded into a workspace, so it is not in `sources`. Added within schema 1.
   */
  configSources?: ConfigSource[];
}

/** `trigger:include: [{artifact: gen.yml, job: generate}]`: the child configuration is a file of `job`'s artifacts. */
export interface ConfigSource {
  job: string;
  /** The artifact path of the configuration file. */
  artifact: string;
  /** False when the job is not in this pipeline: GitLab then has no file to create the child pipeline from. */
  available: boolean;
  reason: string;
  at?: SourceRange;
}

export interface IncludeInfo {
  kind: 'local' | 'project' | 'remote' | 'template' | 'component' | 'artifact';
  /** The location as written (`/ci/build.yml`, `group/project:file.yml@ref`, a URL, …). */
  location: string;
  /** Which file included it, and where. */
  from: SourceRange;
  resolved: boolean;
  /**
   * The files it brought in: repository-relative paths for local includes (after wildcard expansion); for
   * external includes, the origin label of the fetched file, which is also the `file` of every job and
   * diagnostic written in it: `project:grp/lib@v1.2.0:/ci/build.yml`, `template:Jobs/Build.gitlab-ci.yml`,
   * `remote:https://…/ci.yml`, `component:gitlab.example.com/grp/comps/unit@2.1.0` (see src/ci/include/fetcher.ts).
   */
  files: string[];
  /**
   * External includes, when fetched (added within schema 1): how — `api` (repository files, templates or release
   * APIs), `lint` (a template the templates API does not serve, expanded by the instance's CI lint), `cache`
   * (offline: the cached copy only, fetched at `asOf`, an ISO time).
   */
  via?: 'api' | 'lint' | 'cache';
  asOf?: string;
  /** Project and component includes: the commit the ref or version resolved to. */
  sha?: string;
  /** Component includes: the version `~latest` or a partial version (`1`, `1.2`) resolved to. */
  version?: string;
  /**
   * Set when the entry is taken on an assumption (added within schema 1): its `include:rules` cannot be decided
   * here, and the file is included as if they matched. The text says why. Its jobs are marked `assumed`.
   */
  assumed?: string;
  /** GitLab's message when the include fails (the same text is an error diagnostic at `from`). */
  error?: string;
}

/** A pipeline a trigger job of this pipeline creates (spec: trigger:include / trigger:project). Added within schema 1. */
export interface DownstreamPipeline {
  /** The trigger job of this pipeline that creates it (a FlowJob name with kind 'trigger'). */
  trigger: string;
  /** `child`: trigger:include of files (local, project, template, component); `dynamic`: trigger:include:artifact;
   *  `project`: trigger:project (a multi-project pipeline, drawn as an external node). */
  kind: 'child' | 'dynamic' | 'project';
  /** What a reader recognises: the child's files (`ci/child.yml`, `template:…`, origin labels), `gen.yml from generate`,
   *  or the project path. */
  label: string;
  /** trigger:project: the project path and `trigger:branch` when written. */
  project?: string;
  ref?: string;
  /** The child pipeline as analysed (CI_PIPELINE_SOURCE parent_pipeline, same ref and variables as the parent, plus
   *  trigger variables); absent for `project` and for a dynamic child whose file could not be fetched. Its jobs are
   *  FlowJobs of the child: names are unique within the child only (a child job may share a parent job's name).
   *  A child job's sources with scope 'parent' name jobs of THIS (the parent) pipeline: `needs:pipeline:job` edges. */
  pipeline?: {
    root: string;
    stages: string[];
    created: boolean;
    message?: string;
    jobs: FlowJob[];
    diagnostics: Diagnostic[];
    includes: IncludeInfo[];
    /** Grandchildren (GitLab allows a depth of 2 below the parent). */
    downstream?: DownstreamPipeline[];
  };
  /** Why nothing more is known (a dynamic child without a connection or pipeline, a depth limit, the trigger job not
   *  in this pipeline, a file that could not be read): text for the placeholder. */
  unknown?: string;
}

export interface FlowModel {
  schema: 1;
  context: PipelineContext;
  /** Stage list, `.pre` and `.post` included (spec R1.3). */
  stages: string[];
  /** `assumed`: created only on an assumption about `workflow:rules` (the reason, naming what is unknown). */
  pipeline: { created: boolean; message?: string; assumed?: string };
  jobs: FlowJob[];
  diagnostics: Diagnostic[];
  includes: IncludeInfo[];
  /** The root configuration file, repository-relative. */
  root: string;
  /** Pipelines this pipeline's trigger jobs create (child, dynamic child, multi-project). Added within schema 1. */
  downstream?: DownstreamPipeline[];
}
