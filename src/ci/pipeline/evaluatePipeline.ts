// Pipeline creation for one context (spec R0.1 step 11, §8): workflow:rules, each job's inclusion, the
// needs-existence check (R8.6) and the needs limit, the empty-pipeline check; then each included job's
// dependency list (R5.3.1), path conflicts (R7.3) and consumers (flowJobs.ts).
import type { DiagnosticSink } from '../diagnostics';
import type { ConfigSource, FlowJob } from '../model';
import type { BuiltJobs } from '../jobs/buildJobs';
import type { JobDef } from '../jobs/jobTypes';
import type { ExpandedNeed, JobRefs } from '../jobs/references';
import { flattenSeq, get, scalarString } from '../yaml/node';
import { readNeeds } from '../jobs/needs';
import { firstConfigError } from '../jobs/firstError';
import { expandExisting } from '../rules/clauses';
import type { JobInclusion, RuleScope, WorkflowOutcome } from './inclusion';
import type { ParentPipeline } from './parentPipeline';
import { flowJobOf, listFlow, type Evaluation } from './flowJobs';
import { settledFlow } from '../incremental/flowMemo';
import { indexByName } from '../indexByName';

export { MAX_SOURCE_LINKS } from './flowJobs';

export const NEEDS_LIMIT = 50;
const EMPTY_PIPELINE =
  'The resulting pipeline would have been empty. Review the rules configuration for the relevant jobs.';

export interface PipelineInput {
  built: BuiltJobs;
  refs: Map<string, JobRefs>;
  scope: RuleScope;
  sink: DiagnosticSink;
  /** False when static validation failed: GitLab would not create any pipeline. */
  configValid: boolean;
  parent?: ParentPipeline;
}

export interface PipelineResult {
  pipeline: { created: boolean; message?: string; assumed?: string };
  jobs: FlowJob[];
  /**
   * What rules add to the variables trigger jobs pass down (Seed::Build's yaml_variables): the matched
   * `workflow:rules` entry's variables (inherited like global ones) and each trigger job's matched rule's.
   */
  passed: { workflow: Readonly<Record<string, string>>; rules: ReadonlyMap<string, Readonly<Record<string, string>>> };
}

export function missingNeedMessage(job: string, need: string): string {
  return `'${job}' job needs '${need}' job, but '${need}' does not exist in the pipeline. This might be because of the only, except, or rules keywords. To need a job that sometimes does not exist in the pipeline, use needs:optional.`;
}

const NOWHERE = { file: '', line: 1, column: 1, endLine: 1, endColumn: 1 };
const NOTHING: readonly never[] = [];
/** Shared by every job nothing receives from (frozen: a FlowJob is never changed once made). */
const NO_CONSUMERS = Object.freeze([]) as unknown as string[];

/** The steps run in GitLab's order: workflow:rules, each job's rules, the needs checks, the empty check; then the flow. */
export function evaluatePipeline(input: PipelineInput): PipelineResult {
  const { built, refs, scope, sink } = input;
  // The configuration's own errors are those found before this evaluation: what it finds (a need of a job that
  // rules leave out, too many needs) GitLab finds only when seeding a valid configuration (seed/build.rb).
  const configErrors = sink.items.length;
  const workflow = scope.workflow(built.workflow, built.variables);
  if (workflow.assumed !== undefined) {
    const at = get(built.workflow, 'rules')?.range ?? built.jobs[0]?.keyRange ?? NOWHERE;
    sink.info('workflow-assumed', `The pipeline is created on an assumption: ${workflow.assumed}`, at);
  }
  const inclusion = includeJobs(built, scope, workflow);
  const ev: Evaluation = {
    built,
    refs,
    sink,
    inclusion,
    byName: indexByName(built.jobs),
    exclusion: (name) => {
      const inc = inclusion.get(name);
      return inc === undefined ? 'not defined in this configuration' : inc.included ? undefined : inc.reason;
    },
    needsOf: effectiveNeeds(built, refs, inclusion, sink),
  };
  const creationErrors = workflow.created ? checkNeeds(ev) : [];
  const pipeline = pipelineOutcome(ev, input.configValid, workflow, creationErrors, configErrors);
  const parts = listFlow(ev, input.parent);
  // Who receives each job's artifacts: by name, the last job of a name taking them (ev.byName keeps the last). Lists
  // are made only for jobs that have consumers: most jobs of a large pipeline have none, or are not in it.
  const consumersOf = new Map<JobDef, string[]>();
  for (const p of parts) {
    for (const s of p.result?.sources ?? NOTHING) {
      const producer = s.scope === 'local' ? ev.byName.get(s.job) : undefined;
      if (producer === undefined) continue;
      const list = consumersOf.get(producer);
      if (list) list.push(p.job.name);
      else consumersOf.set(producer, [p.job.name]);
    }
  }
  // A job equal in every part to its earlier analysis's is that object (flowMemo.ts settledFlow).
  const jobs = parts.map((p) => {
    const def = ev.byName.get(p.job.name);
    const config = def?.kind === 'trigger' && p.inc.included ? configSources(def, ev.exclusion) : [];
    const sources = config.length > 0 ? config : undefined;
    const consumers = consumersOf.get(p.job) ?? NO_CONSUMERS;
    return settledFlow(p, consumers, sources, () => flowJobOf(p, consumers, sources));
  });
  const rules = new Map<string, Readonly<Record<string, string>>>();
  for (const job of built.jobs) {
    const own = job.kind === 'trigger' ? inclusion.get(job.name)?.ruleVariables : undefined;
    if (own) rules.set(job.name, own);
  }
  return { pipeline, jobs, passed: { workflow: workflow.variables, rules } };
}

/** Each job's inclusion; when workflow:rules do not create the pipeline, no job is in it. */
function includeJobs(built: BuiltJobs, scope: RuleScope, workflow: WorkflowOutcome): Map<string, JobInclusion> {
  const hasWorkflowRules = get(built.workflow, 'rules') !== undefined;
  const inclusion = new Map<string, JobInclusion>();
  for (const job of built.jobs) {
    inclusion.set(
      job.name,
      workflow.created
        ? scope.job(job, built.variables, workflow.variables, hasWorkflowRules)
        : {
            included: false,
            uncertain: false,
            when: job.when,
            reason: 'workflow:rules do not create this pipeline',
            variables: {},
          },
    );
  }
  return inclusion;
}

/** Effective needs: a matched rule's needs replace the job's (not parallel-expanded, spec R5.2.2). */
function effectiveNeeds(
  built: BuiltJobs,
  refs: Map<string, JobRefs>,
  inclusion: ReadonlyMap<string, JobInclusion>,
  sink: DiagnosticSink,
): Map<string, ExpandedNeed[] | null> {
  const needsOf = new Map<string, ExpandedNeed[] | null>();
  for (const job of built.jobs) {
    const inc = inclusion.get(job.name);
    const ruleNeeds = inc?.ruleIndex !== undefined ? ruleNeedsOf(job, inc.ruleIndex, sink) : null;
    const needs = ruleNeeds && ruleNeeds.length > 0 ? ruleNeeds : (refs.get(job.name)?.needs ?? null);
    // Only cross-pipeline and cross-project needs are expanded: a list without them is kept as it is (the same
    // list from one analysis to the next, which incremental/flowMemo.ts keys on).
    const external = needs?.some((n) => n.type === 'pipeline' || n.type === 'project') === true;
    needsOf.set(job.name, needs && inc && external ? needs.map((n) => expandExternal(n, inc.variables)) : needs);
  }
  return needsOf;
}

/** The checks that stop pipeline creation: a needed job not in the pipeline, and the needs limit. */
function checkNeeds({ built, refs, sink, byName, inclusion, exclusion }: Evaluation): string[] {
  const creationErrors: string[] = [];
  // seed/pipeline.rb collects the errors stage by stage (each stage's jobs in order): a stable sort by stage.
  const jobs = built.jobs.filter((j) => inclusion.get(j.name)?.included).sort((a, b) => a.stageIndex - b.stageIndex);
  for (const job of jobs) {
    // Seed::Build#needs_errors reads the job-level `needs:job` list (@needs_attributes, taken before a rule's
    // needs are merged, spec R8.6): over the limit, that message alone; else each absent, required need.
    const own = (refs.get(job.name)?.needs ?? []).filter((n) => n.type === 'job');
    if (own.length > NEEDS_LIMIT) {
      const message = `${job.name}: one job can only need ${NEEDS_LIMIT} others, but you have listed ${own.length}. See needs keyword documentation for more details`;
      creationErrors.push(message);
      sink.error('needs-limit', message, job.needsRange ?? job.keyRange, job.name);
      continue;
    }
    for (const n of own) {
      if (n.optional || exclusion(n.name) === undefined) continue;
      if (!byName.has(n.name)) continue; // already an "undefined need" config error
      const message = missingNeedMessage(job.name, n.name);
      creationErrors.push(message);
      sink.error('need-not-in-pipeline', message, n.range, job.name);
    }
  }
  return creationErrors;
}

/** The assumption a pipeline with no visible job is shown on, offline (buildJobs.ts `jobsElsewhere`). */
const JOBS_ELSEWHERE = 'no job is visible here; the includes not resolved offline probably define them';

/** Whether GitLab creates the pipeline, and the message it gives when not (the first reason wins). */
function pipelineOutcome(
  { built, sink, inclusion }: Evaluation,
  configValid: boolean,
  workflow: WorkflowOutcome,
  creationErrors: readonly string[],
  configErrors: number,
): PipelineResult['pipeline'] {
  // `.pre` and `.post` jobs alone do not make a pipeline.
  const real = built.jobs.filter((j) => inclusion.get(j.name)?.included && j.stage !== '.pre' && j.stage !== '.post');
  // No job visible here at all, offline: the includes not read probably hold them, so "empty" is not known.
  const elsewhere = built.jobsElsewhere === true;
  if (configValid && workflow.created && creationErrors.length === 0 && real.length === 0 && !elsewhere) {
    sink.warning('empty-pipeline', EMPTY_PIPELINE, built.jobs[0]?.keyRange ?? NOWHERE);
  }
  if (!configValid) {
    return {
      created: false,
      message: firstConfigError(sink.items.slice(0, configErrors), built.jobs)?.message ?? 'Invalid configuration',
    };
  }
  if (!workflow.created) {
    return {
      created: false,
      message:
        workflow.message ?? 'The pipeline did not run. Review the workflow:rules configuration for the pipeline.',
    };
  }
  if (creationErrors.length > 0) return { created: false, message: creationErrors.join('\n') };
  if (elsewhere) return { created: true, assumed: JOBS_ELSEWHERE };
  if (real.length === 0) return { created: false, message: EMPTY_PIPELINE };
  return workflow.assumed !== undefined ? { created: true, assumed: workflow.assumed } : { created: true };
}

/** GitLab expands variables in `needs:pipeline:job` and `needs:project` entries when the job starts (spec R5.3.1). */
function expandExternal(n: ExpandedNeed, vars: Readonly<Record<string, string>>): ExpandedNeed {
  if (n.type !== 'pipeline' && n.type !== 'project') return n;
  const x = (s: string | undefined): string | undefined => (s === undefined ? undefined : expandExisting(s, vars));
  const out: ExpandedNeed = { ...n, job: x(n.job) ?? n.job, name: x(n.name) ?? n.name };
  const [project, ref, pipeline] = [x(n.project), x(n.ref), x(n.pipeline)];
  if (project !== undefined) out.project = project;
  if (ref !== undefined) out.ref = ref;
  if (pipeline !== undefined) out.pipeline = pipeline;
  return out;
}

function ruleNeedsOf(job: JobDef, ruleIndex: number, sink: DiagnosticSink): ExpandedNeed[] | null {
  // The rules engine numbers rules after flattening nested lists (they may come from !reference).
  const node = get(flattenSeq(get(job.node, 'rules'))[ruleIndex], 'needs');
  if (node === undefined) return null;
  const needs = readNeeds(job.group, job.kind, node, sink, `jobs:${job.group}:rules:rule:needs`, true);
  return needs === null ? null : needs.map((n) => ({ ...n, name: n.job }));
}

/** `trigger:include` entries with `artifact` and `job` (spec R5.4): the dynamic child configuration's producer. */
function configSources(job: JobDef, exclusion: (name: string) => string | undefined): ConfigSource[] {
  const out: ConfigSource[] = [];
  for (const item of flattenSeq(get(get(job.node, 'trigger'), 'include'))) {
    const producer = scalarString(get(item, 'job'));
    const artifact = scalarString(get(item, 'artifact'));
    if (producer === undefined || artifact === undefined) continue;
    const why = exclusion(producer);
    const reason =
      why === undefined
        ? `child pipeline configuration ${artifact} from the artifacts of ${producer}`
        : `child pipeline configuration ${artifact} from ${producer}, which is not in this pipeline (${why}): there is no file to create the child pipeline from`;
    out.push({ job: producer, artifact, available: why === undefined, reason, at: item.range });
  }
  return out;
}
