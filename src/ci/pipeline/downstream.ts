// Child and multi-project pipelines (spec R5.4, issue 12): for every trigger job of an analysed pipeline, in job
// order, what it creates — a multi-project pipeline (an external node: project and ref), or a child pipeline
// analysed by the same engine (downstreamChild.ts), its own children included down to GitLab's depth. A trigger
// job the context leaves out creates nothing: its entry says why instead. Bounds are checked before each child is
// built: GitLab's depth, a number of analysed children per model, and one job budget shared with the parent.
import type { FileReader } from '../fileReader';
import type { BuiltJobs } from '../jobs/buildJobs';
import { MAX_JOBS } from '../jobs/buildJobs';
import type { JobDef } from '../jobs/jobTypes';
import type { DownstreamPipeline, FlowJob, FlowModel, PipelineContext } from '../model';
import type { PipelineResult } from './evaluatePipeline';
import type { IncludeFetcher } from '../include/fetcher';
import type { ParentPipeline } from './parentPipeline';
import { planTrigger, triggerVariables } from './downstreamPlan';
import { analyzeChild, childCache } from './downstreamChild';
import { createParseCache, type ParseCache } from '../yaml/parseCache';
import { layerVariables } from '../rules/variables';
import { toPlain } from '../yaml/node';
import { indexByName } from '../indexByName';

export const DOWNSTREAM_LIMITS = {
  /** GitLab: child pipelines nest at most two levels below the parent (Ci::CreateDownstreamPipelineService). */
  maxDepth: 2,
  /** Ours: child pipelines analysed for one model, grandchildren included. */
  maxPipelines: 100,
  /** Ours: the engine's job budget, shared by the parent and all its children. */
  maxJobs: MAX_JOBS,
};

/** GitLab's failure reason when a grandchild would trigger a child (reached_max_descendant_pipelines_depth). */
export const DEPTH_MESSAGE = 'You reached the maximum depth of child pipelines';

/** Counts shared by one model's whole tree of pipelines. */
export interface DownstreamBudget {
  pipelines: number;
  jobs: number;
}

/** Set on the analysis of a child pipeline: its parent's jobs, its depth below the analysed file, the budget. */
export interface DownstreamScope {
  parent: ParentPipeline;
  depth: number;
  budget: DownstreamBudget;
}

/** The options of `analyze` the walk reads and passes on (declared here: the engine imports this module). */
export interface DownstreamOptions {
  root: string;
  reader: FileReader;
  context: PipelineContext;
  fetcher?: IncludeFetcher;
  cache?: ParseCache;
  childCache?: ParseCache;
  downstream?: DownstreamScope;
}

/** What the walk needs of the analysis that found the trigger jobs. */
interface DownstreamInput {
  /** The file this pipeline's configuration is read from (the parent of its children). */
  root: string;
  context: PipelineContext;
  built: BuiltJobs;
  jobs: FlowJob[];
  /** What rules add to the variables the trigger jobs pass down. */
  passed: PipelineResult['passed'];
  reader: FileReader;
  fetcher: IncludeFetcher | undefined;
  /** This pipeline's own scope when it is itself a child; undefined for the analysed file. */
  scope: DownstreamScope | undefined;
  /** The engine on a child document, with the child's scope. */
  run(root: string, reader: FileReader, context: PipelineContext, scope: DownstreamScope): Promise<FlowModel>;
}

/**
 * The pipelines the trigger jobs of one analysed pipeline create, in job order. `engine` is `analyze` itself: a
 * child is analysed with the same options (fetcher, changed files), its own document, context and scope.
 */
export async function analyzeDownstream<O extends DownstreamOptions>(
  options: O,
  built: BuiltJobs,
  result: Pick<PipelineResult, 'jobs' | 'passed'>,
  engine: (options: O) => Promise<FlowModel>,
): Promise<DownstreamPipeline[]> {
  const { jobs } = result;
  // A child's own jobs count as soon as they are built, before its own children are sized against the budget.
  if (options.downstream) options.downstream.budget.jobs += jobs.length;
  if (!jobs.some((j) => j.kind === 'trigger')) return [];
  // Without a cache (the CLI), children of the same files still parse them once: one cache for the whole tree.
  const cache = childCache(options.childCache ?? options.cache ?? createParseCache());
  return walk({
    root: options.root,
    context: options.context,
    built,
    jobs,
    passed: result.passed,
    reader: options.reader,
    fetcher: options.fetcher,
    scope: options.downstream,
    run: (root, reader, context, scope) => engine({ ...options, root, reader, context, downstream: scope, cache }),
  });
}

async function walk(input: DownstreamInput): Promise<DownstreamPipeline[]> {
  const triggers = input.jobs.filter((j) => j.kind === 'trigger');
  const budget = input.scope?.budget ?? { pipelines: 0, jobs: input.jobs.length };
  const depth = (input.scope?.depth ?? 0) + 1;
  // Shared indexes (indexByName.ts): a pipeline without trigger jobs builds none of its own at each keystroke.
  const defs = indexByName(input.built.jobs);
  const parentJobs = indexByName(input.jobs);
  const reader = listedOnce(input.reader);
  const out: DownstreamPipeline[] = [];
  for (const flow of triggers) {
    const def = defs.get(flow.name);
    if (!def) continue;
    const entry = await downstreamOf({ input, flow, def, depth, budget, parentJobs, reader });
    if (entry) out.push(entry);
  }
  return out;
}

interface OneTrigger {
  input: DownstreamInput;
  flow: FlowJob;
  def: JobDef;
  depth: number;
  budget: DownstreamBudget;
  parentJobs: ReadonlyMap<string, FlowJob>;
  reader: FileReader;
}

async function downstreamOf(t: OneTrigger): Promise<DownstreamPipeline | undefined> {
  const { input, flow, def } = t;
  const passed = triggerVariables(def, input.built, input.context, {
    workflow: input.passed.workflow,
    rule: input.passed.rules.get(def.name) ?? {},
  });
  const seen = layerVariables({
    context: input.context,
    global: toPlain(input.built.variables, 'text'),
    workflow: input.passed.workflow,
    job: passed,
  });
  const plan = planTrigger(def, seen);
  if (!plan) return undefined;
  const base: DownstreamPipeline = { trigger: flow.name, kind: plan.kind, label: plan.label };
  if (plan.kind === 'project') {
    base.project = plan.project;
    if (plan.ref !== undefined) base.ref = plan.ref;
  }
  if (!flow.inPipeline) {
    return { ...base, unknown: `\`${flow.name}\` is not in this pipeline (${flow.excludedReason ?? 'excluded'})` };
  }
  if (plan.kind === 'project') return base;
  const limit = limitReached(t.depth, t.budget);
  if (limit !== undefined) return { ...base, unknown: limit };
  t.budget.pipelines += 1;
  const context: PipelineContext = {
    ...input.context,
    source: 'parent_pipeline',
    variables: { ...input.context.variables, ...passed },
  };
  const parent: ParentPipeline = {
    file: input.root,
    trigger: flow.name,
    artifacts: new Map(input.built.jobs.map((j) => [j.name, j.artifacts] as const)),
  };
  const scope: DownstreamScope = { parent, depth: t.depth, budget: t.budget };
  const child = await analyzeChild({
    trigger: flow.name,
    plan,
    context,
    parentJobs: t.parentJobs,
    reader: t.reader,
    fetcher: input.fetcher,
    run: (root, reader, ctx) => input.run(root, reader, ctx, scope),
  });
  return { ...base, ...child };
}

/** Why one more child is not analysed: GitLab's depth, or one of this view's bounds (said to be ours). */
function limitReached(depth: number, budget: DownstreamBudget): string | undefined {
  if (depth > DOWNSTREAM_LIMITS.maxDepth) {
    return `${DEPTH_MESSAGE}: GitLab nests child pipelines at most ${DOWNSTREAM_LIMITS.maxDepth} levels below the parent, so this trigger job would fail`;
  }
  if (budget.pipelines >= DOWNSTREAM_LIMITS.maxPipelines) {
    return `Not analysed: this view analyses at most ${DOWNSTREAM_LIMITS.maxPipelines} child pipelines per configuration (a limit of this tool, not of GitLab)`;
  }
  if (budget.jobs >= DOWNSTREAM_LIMITS.maxJobs) {
    return `Not analysed: this pipeline and its children already hold ${DOWNSTREAM_LIMITS.maxJobs.toLocaleString('en-US')} jobs, the most this view builds (a limit of this tool, not of GitLab)`;
  }
  return undefined;
}

/** The project's file list is asked for once for all children (each analysis lists the project). */
function listedOnce(base: FileReader): FileReader {
  let listed: Promise<string[]> | undefined;
  return {
    read: (path) => base.read(path),
    list: () => (listed ??= base.list()),
  };
}
