// Every job of one pipeline as a FlowJob (spec R5.3.1, R7.3): each included job with its dependency list, the
// sources it misses and its path conflicts, within our bounds (which it reports, never silently).
import type { DiagnosticSink } from '../diagnostics';
import type { ConfigSource, FlowJob } from '../model';
import type { BuiltJobs } from '../jobs/buildJobs';
import type { JobDef } from '../jobs/jobTypes';
import type { ExpandedNeed, JobRefs } from '../jobs/references';
import { computeDependencies, creationOrder } from './dependencies';
import type { DependencyScope } from './dependencyInputs';
import { findConflicts, MAX_OVERLAP_CHECKS } from './conflicts';
import type { JobInclusion } from './inclusion';
import type { ParentPipeline } from './parentPipeline';
import {
  flowFingerprint,
  type Fingerprint,
  flowInputs,
  rememberedFlow,
  rememberFlow,
  stageListsFor,
  type FlowResult,
} from '../incremental/flowMemo';

/**
 * The most source links (one job receiving another's artifacts) the model lists. Our limit, not GitLab's:
 * a late stage without `dependencies` receives every earlier job, so 5,000 jobs make millions of links,
 * more than an editor panel or a JSON reader can hold.
 */
export const MAX_SOURCE_LINKS = 500_000;

/** What the steps after inclusion read: who is in this pipeline, and each job's effective needs. */
export interface Evaluation {
  readonly built: BuiltJobs;
  readonly refs: Map<string, JobRefs>;
  readonly sink: DiagnosticSink;
  readonly byName: ReadonlyMap<string, JobDef>;
  readonly inclusion: ReadonlyMap<string, JobInclusion>;
  /** Why a job is not in this pipeline, or undefined when it is. */
  readonly exclusion: (name: string) => string | undefined;
  readonly needsOf: ReadonlyMap<string, ExpandedNeed[] | null>;
}

/**
 * One job of the pipeline before its consumers are known (evaluatePipeline.ts makes the FlowJob: flowJobOf): an
 * unchanged job's parts are the very objects of the earlier analysis (its inclusion and its lists are kept), so
 * the FlowJob made of them is found again without building one (flowMemo.ts settledFlow).
 */
export interface FlowPart {
  readonly job: JobDef;
  readonly inc: JobInclusion;
  /** The names of its effective local needs in this pipeline; absent without `needs` or when it is not in it. */
  readonly needs?: string[];
  /** Its sources, missing sources and conflicts; absent when it is not in this pipeline or past the link bound. */
  readonly result?: FlowResult;
}

/** Every job's part; each included one with its sources, missing sources and path conflicts, within our bounds. */
export function listFlow(ev: Evaluation, parent: ParentPipeline | undefined): FlowPart[] {
  const { built, refs, sink, byName, inclusion, exclusion, needsOf } = ev;
  let eligible: JobDef[] | undefined;
  let eligibleSet: Set<JobDef> | undefined;
  const depScope: DependencyScope = {
    jobs: built.jobs,
    byName,
    stages: built.stages,
    exclusion,
    ...(parent ? { parent } : {}),
    eligible: () =>
      (eligible ??= built.jobs.filter((j) => j.kind === 'job' && exclusion(j.name) === undefined).sort(creationOrder)),
    eligibleSet: () => (eligibleSet ??= new Set(depScope.eligible())),
  };
  let print: Fingerprint | undefined;
  const fingerprint = (): Fingerprint => (print ??= flowFingerprint(built.jobs, built.stages, exclusion));
  // Keyed by stage and by what the receiver can take (trigger jobs, `when`: see receiving.ts); those of an earlier
  // analysis with the same offers are kept (flowMemo.ts). `listed`: the stages listed by this analysis.
  let byStage: Map<string, FlowResult> | undefined;
  const stageLists = (): Map<string, FlowResult> => (byStage ??= stageListsFor(fingerprint(), parent));
  const listed = new Set<string>();
  let links = 0;
  const unlisted: JobDef[] = [];
  const partialConflicts: JobDef[] = [];
  const parts: FlowPart[] = built.jobs.map((job) => {
    const inc = inclusion.get(job.name)!;
    if (!inc.included) return { job, inc };
    const needs = needsOf.get(job.name) ?? null;
    const part =
      needs === null
        ? { job, inc }
        : {
            job,
            inc,
            needs: [
              ...new Set(needs.filter((n) => n.type === 'job' && exclusion(n.name) === undefined).map((n) => n.name)),
            ],
          };
    const dependencies = refs.get(job.name)?.dependencies ?? null;
    // Every stage-scheduled job of a stage receives the same list (all earlier stages): compute it once.
    // In a large stage-based pipeline this is most jobs, each with hundreds of sources.
    const cacheable = needs === null && dependencies === null && job.stageIndex >= 0;
    const stageKey = `${job.stageIndex}|${job.kind}|${inc.when}`;
    const shared = cacheable ? stageLists().get(stageKey) : undefined;
    // One job's list is bounded by the job count; the total over all jobs is what grows quadratically.
    if (unlisted.length > 0) {
      unlisted.push(job);
      return part;
    }
    // Unchanged since an earlier analysis, with the same offers from every other job: the same list.
    const inputs = flowInputs(needs, dependencies, inc.when, fingerprint(), parent);
    const known = shared ?? rememberedFlow(job, inputs);
    const deps = known ?? computeDependencies({ job, needs, dependencies, when: inc.when }, depScope);
    if (links + deps.sources.length > MAX_SOURCE_LINKS) {
      unlisted.push(job);
      return part;
    }
    links += deps.sources.length;
    const result =
      known ??
      (() => {
        const search = findConflicts(deps.sources, byName);
        const found = { ...deps, conflicts: search.conflicts, partial: search.partial };
        rememberFlow(job, inputs, found);
        return found;
      })();
    // Said once per list (not for the other jobs of a stage that share one; a job with needs has its own).
    if (result.partial && (!cacheable || !listed.has(stageKey))) partialConflicts.push(job);
    if (cacheable) {
      stageLists().set(stageKey, result);
      listed.add(stageKey);
    }
    return { ...part, result };
  });
  reportBounds(sink, unlisted, partialConflicts);
  return parts;
}

/** Says so when our bounds left jobs without sources, or conflicts checked only in part (never silently). */
function reportBounds(sink: DiagnosticSink, unlisted: readonly JobDef[], partialConflicts: readonly JobDef[]): void {
  const first = unlisted[0];
  if (first) {
    const names = unlisted
      .slice(0, 3)
      .map((f) => f.name)
      .join(', ');
    sink.warning(
      'too-many-sources',
      `Artifact sources are not listed for ${unlisted.length} jobs (${names}${unlisted.length > 3 ? ', …' : ''}): the model would hold more than ${MAX_SOURCE_LINKS.toLocaleString('en-US')} source links (a limit of this tool, not of GitLab, which passes them all)`,
      first.keyRange,
      first.name,
    );
  }
  const cut = partialConflicts[0];
  if (cut) {
    sink.info(
      'conflicts-partial',
      `Path conflicts of ${partialConflicts.length} job${partialConflicts.length > 1 ? 's' : ''} (${cut.name}${partialConflicts.length > 1 ? ', …' : ''}) were checked for the first ${MAX_OVERLAP_CHECKS.toLocaleString('en-US')} comparisons of artifact paths only (each pair of brace alternatives counts as one); more may exist (a limit of this tool)`,
      cut.keyRange,
      cut.name,
    );
  }
}

/**
 * The FlowJob of a part, with its consumers and, for a trigger job in the pipeline, where its child's configuration
 * comes from. Keys in the order the model's JSON has always had them.
 */
export function flowJobOf(part: FlowPart, consumers: string[], configSources: ConfigSource[] | undefined): FlowJob {
  const { job, inc, result } = part;
  const flow: FlowJob = {
    name: job.name,
    group: job.group,
    stage: job.stage,
    stageIndex: job.stageIndex,
    kind: job.kind,
    file: job.keyRange.file,
    line: job.keyRange.line,
    range: job.keyRange,
    inPipeline: inc.included,
    when: inc.when,
    artifacts: job.artifacts,
    sources: result?.sources ?? [],
    missing: result?.missing ?? [],
    conflicts: result?.conflicts ?? [],
    consumers,
  };
  if (!inc.included) flow.excludedReason = inc.reason;
  else if (inc.uncertain) flow.assumed = inc.reason;
  if (job.parallel) flow.parallel = job.parallel;
  if (job.triggers !== undefined) flow.triggers = job.triggers;
  if (part.needs) flow.needs = part.needs;
  if (configSources) flow.configSources = configSources;
  return flow;
}
