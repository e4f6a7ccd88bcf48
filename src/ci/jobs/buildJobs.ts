// From the resolved configuration to pipeline jobs (spec R1.1–R1.3, R2.5, R2.6, R5.2): classify root keys,
// compute stages, copy `default:` keywords (jobDefaults.ts), expand parallel instances and read
// needs/dependencies/artifacts. What each root entry is: classifyJob.ts.
import { RecordingSink, type DiagnosticSink } from '../diagnostics';
import type { SourceRange } from '../model';
import type { YEntry, YMap, YNode } from '../yaml/node';
import { flattenSeq, get, getEntry, isNull, scalarString } from '../yaml/node';
import { readArtifacts } from './artifacts';
import type { JobDef } from './jobTypes';
import { DEFAULT_STAGES, RESERVED_ROOT_KEYS, SOFT_ROOT_KEYS } from './keywords';
import { readDependencies, readNeeds, triggerTarget } from './needs';
import { expandParallel } from './parallel';
import { predictDotenvKeys, predictDotenvRejection } from './dotenvKeys';
import { entryMessage, isString } from './entryMessage';
import { checkJobName } from './jobName';
import { classify, looksLikeJob, reportNoJobs } from './classifyJob';
import { applyDefaults, artifactsSink, defaults } from './jobDefaults';
import { rememberJobs, reusedJobs } from '../incremental/entryJobs';
import { checkJobValues, checkRootValues } from './valueChecks';
import { findUnresolved, reportedReference } from '../merge/unresolved';

export interface BuiltJobs {
  stages: string[];
  jobs: JobDef[];
  /** Hidden (`.`-prefixed) entries, for hover provenance and `extends` targets. */
  hidden: string[];
  /** `workflow:` when it is the global keyword. */
  workflow?: YNode;
  /** Global `variables:`. */
  variables?: YNode;
  /** Jobs past MAX_JOBS were left out: names may refer to jobs the model does not hold. */
  truncated?: boolean;
  /** No visible job here, and includes not read offline probably define them: whether a pipeline is made is unknown. */
  jobsElsewhere?: boolean;
}

/**
 * The most job instances (after parallel expansion) one analysis builds. Our limit, not GitLab's (its own is
 * the plan's `ci_pipeline_size`, unlimited by default on self-managed): 1 MiB of YAML can define 50,000 jobs
 * of `parallel: 200` each, ten million instances.
 */
export const MAX_JOBS = 10_000;

const MAX_STAGES_NESTING = 10;
const STAGES_MESSAGE = `stages config should be an array of strings or a nested array of strings up to ${MAX_STAGES_NESTING} levels deep`;

export function computeStages(config: YMap): string[] {
  const node = get(config, 'stages');
  if (node === undefined || isNull(node)) return findUnresolved(node) ? ['.pre', '.post'] : DEFAULT_STAGES.slice();
  const listed = flattenSeq(node)
    .map((n) => scalarString(n))
    .filter((s): s is string => s !== undefined);
  // `stages: []` skips the wrapping: no stage exists at all (spec R1.3, derived).
  if (listed.length === 0) return [];
  const user = [...new Set(listed.filter((s) => s !== '.pre' && s !== '.post'))];
  return ['.pre', ...user, '.post'];
}

/**
 * `lenient`: see resolveExtends — parts of jobs may live in includes we cannot read offline.
 * `stagesUncertain`: the stage list itself may come from such an include (the root file does not set `stages:`).
 */
/** Entry::Stages: `nested_array_of_strings` with max_level 10 (validators.rb NestedArrayHelpers, ported as written). */
function stagesValid(node: YNode): boolean {
  const nested = (v: YNode, level: number): boolean => {
    if (isString(v)) return true;
    if (level > MAX_STAGES_NESTING || v.kind !== 'seq') return false;
    return v.items.flatMap((i) => (i.kind === 'seq' ? i.items : [i])).every((e) => nested(e, level + 1));
  };
  return node.kind === 'seq' && nested(node, 1);
}

/**
 * Reports `stages:` that Entry::Stages refuses; true when it did. Offline (`lenient`), an unresolved `!reference`
 * inside may stand for a string: only a full view is judged.
 */
function checkStages(config: YMap, sink: DiagnosticSink, lenient: boolean): boolean {
  const node = get(config, 'stages');
  if (lenient || node === undefined || isNull(node) || stagesValid(node)) return false;
  sink.error('stages-shape', STAGES_MESSAGE, node.range);
  return true;
}

export function buildJobs(config: YMap, sink: DiagnosticSink, lenient = false, stagesUncertain = false): BuiltJobs {
  // GitLab stops at an invalid `stages:`: the jobs' stages are never checked against it (yaml_processor.rb).
  const stagesInvalid = checkStages(config, sink, lenient);
  const stages = computeStages(config);
  const defs = defaults(config, sink);
  checkRootValues(config, lenient, sink);
  const ctx: BuildContext = { stages, defs, lenient, stagesUncertain, stagesInvalid };
  // What every job is built with besides its own entry, as identities (incremental/entryJobs.ts).
  const shared: unknown[] = [stages.join('\n'), lenient, stagesUncertain, stagesInvalid];
  for (const [key, e] of defs) shared.push(key, e.value, e.keyRange);
  const jobs: JobDef[] = [];
  const hidden: string[] = [];
  let workflow: YNode | undefined;
  let order = 0;
  const skipped: { name: string; range: SourceRange }[] = [];

  for (const entry of config.entries) {
    const { key: name, value } = entry;
    if (RESERVED_ROOT_KEYS.has(name)) continue;
    if (SOFT_ROOT_KEYS.has(name) && !looksLikeJob(value)) {
      if (name === 'workflow') workflow = value;
      continue;
    }
    if (name.startsWith('.')) {
      hidden.push(name);
      if (isNull(value)) {
        sink.error('job-blank', entryMessage(`jobs:${name}`, "config can't be blank"), entry.keyRange, name);
      }
      continue;
    }
    // An entry unchanged since an earlier analysis gives the same jobs, and reports what building it reported.
    const inputs = [name, entry.keyKind, entry.keyRange, ...shared];
    const reused = skipped.length === 0 ? reusedJobs(value, inputs, order) : undefined;
    if (reused && jobs.length + reused.jobs.length <= MAX_JOBS) {
      for (const d of reused.findings) sink.add({ ...d });
      jobs.push(...reused.jobs);
      order += reused.jobs.length;
      continue;
    }
    const own = new RecordingSink(sink);
    const built = entryJobs(entry, ctx, own, order, skipped.length > 0 ? -1 : MAX_JOBS - jobs.length);
    if (built === 'over') skipped.push({ name, range: entry.keyRange });
    if (built === 'over' || built === undefined) continue;
    jobs.push(...built);
    order += built.length;
    rememberJobs(value, inputs, built, own.reported);
  }
  const elsewhere = jobs.length === 0 && !sink.hasErrors && reportNoJobs(sink, lenient, config.range);
  const out: BuiltJobs = { stages, jobs, hidden };
  if (elsewhere) out.jobsElsewhere = true;
  const first = skipped[0];
  if (first) {
    sink.warning(
      'too-many-jobs',
      `This configuration defines more than ${MAX_JOBS.toLocaleString('en-US')} jobs after parallel expansion; ${first.name} and the ${skipped.length - 1} jobs after it are left out of this view (a limit of this tool, not of GitLab)`,
      first.range,
      first.name,
    );
    out.truncated = true;
  }
  if (workflow) out.workflow = workflow;
  const variables = get(config, 'variables');
  if (variables) out.variables = variables;
  return out;
}

/** What every job of one analysis is built with besides its own entry. */
interface BuildContext {
  stages: string[];
  defs: Map<string, YEntry>;
  lenient: boolean;
  stagesUncertain: boolean;
  stagesInvalid: boolean;
}

/**
 * The jobs one root entry (not a reserved key, `workflow:` or a hidden entry) becomes, numbered from `order`:
 * undefined when it is no job, 'over' when its instances do not fit in `room` (-1: jobs are already left out).
 */
function entryJobs(
  entry: YEntry,
  { stages, defs, lenient, stagesUncertain, stagesInvalid }: BuildContext,
  sink: DiagnosticSink,
  order: number,
  room: number,
): JobDef[] | 'over' | undefined {
  const { key: name, value } = entry;
  checkJobName(entry, sink);
  const kind = classify(name, entry, sink, lenient);
  if (kind === undefined || value.kind !== 'map') return undefined;
  // The job's own values: those it takes from `default:` are checked there, at GitLab's location for them.
  checkJobValues(name, kind, value, lenient, sink);
  const node = applyDefaults(name, value, kind, defs, sink);
  const instances = expandParallel(name, kind, get(node, 'parallel'), sink);
  // Sized before built: a job whose instances would pass the limit is left out, and so is every later one.
  if ((instances?.length ?? 1) > room) return 'over';
  // yaml_processor.rb checks each normalized job: a parallel job's stage error names its first instance.
  const checked = { stages, lenient, stagesUncertain, stagesInvalid, shownName: instances?.[0]?.name ?? name };
  const base = makeJob(name, kind, node, entry.keyRange, checked, sink);
  // `base` is a single job's own record: completed in place (see below for why not a spread).
  if (!instances) return [Object.assign(base, { order })];
  return instances.map((inst, i) => {
    const parallel = inst.matrix
      ? { index: inst.index, total: inst.total, matrix: inst.matrix }
      : { index: inst.index, total: inst.total };
    // Assigned rather than spread: measured, instances made by spreading were slower to read in every later stage
    // (srsRAN's 1,421 instances: about 10 ms of CPU a keystroke), presumably a slower object shape in V8.
    return Object.assign({}, base, { name: inst.name, parallel, order: order + i });
  });
}

/** What the stage check of a job needs to know: the stages, whether they are certain, the name GitLab names. */
interface StageCheck {
  stages: string[];
  lenient: boolean;
  stagesUncertain: boolean;
  stagesInvalid: boolean;
  /** The job's name in yaml_processor.rb's message: its first instance's for a parallel job. */
  shownName: string;
}

function makeJob(
  name: string,
  kind: 'job' | 'trigger',
  node: YMap,
  keyRange: SourceRange,
  { stages, lenient, stagesUncertain, stagesInvalid, shownName }: StageCheck,
  sink: DiagnosticSink,
): Omit<JobDef, 'order'> {
  const stageEntry = getEntry(node, 'stage');
  // A stage from an include not read offline is unknown: named by its reference, with no place in the stage order.
  const unresolvedStage = stageEntry && reportedReference(sink, `jobs:${name}:stage`, stageEntry.value, name);
  const stage = unresolvedStage ?? scalarString(stageEntry?.value) ?? 'test';
  const stageRange = stageEntry?.keyRange ?? keyRange;
  if (stagesInvalid || unresolvedStage) {
    // Reported once, on `stages:` itself (or above: the stage is unknown).
  } else if (!stages.includes(stage) && lenient && !stageEntry) {
    sink.warning(
      'stage-unresolved',
      `${name} job: no stage: here, and the default stage test does not exist; the stage probably comes from an include that is not resolved offline`,
      keyRange,
      name,
    );
  } else if (!stages.includes(stage) && stagesUncertain) {
    // `stages:` may come from an include we cannot read (only the root file's own `stages:` beats every
    // include): not an error, and no made-up place in the stage order (stageIndex stays -1).
    sink.warning(
      'stage-unresolved',
      `${name} job: stage ${stage} is not in the stages known here (${stages.join(', ')}); they probably come from an include that is not resolved offline, so its place in the stage order is unknown`,
      stageEntry?.value.range ?? keyRange,
      name,
    );
  } else if (!stages.includes(stage)) {
    sink.error(
      'unknown-stage',
      `${shownName} job: chosen stage ${stage} does not exist; available stages are ${stages.join(', ')}`,
      stageEntry?.value.range ?? keyRange,
      name,
    );
  }
  const needsEntry = getEntry(node, 'needs');
  const depsEntry = getEntry(node, 'dependencies');
  const whenNode = get(node, 'when');
  const job: Omit<JobDef, 'order'> = {
    name,
    group: name,
    kind,
    node,
    keyRange,
    stage,
    stageIndex: stages.indexOf(stage),
    stageRange,
    needs: readNeeds(name, kind, needsEntry?.value, sink),
    dependencies: kind === 'job' ? readDependencies(name, depsEntry?.value, sink) : null,
    // `default:artifacts` is judged once, where it is written (valueChecks.ts); the job only reads what it uploads.
    artifacts: kind === 'job' ? readArtifacts(name, get(node, 'artifacts'), artifactsSink(node, sink)) : null,
    when: scalarString(whenNode) ?? 'on_success',
  };
  if (needsEntry) job.needsRange = needsEntry.keyRange;
  if (depsEntry) job.dependenciesRange = depsEntry.keyRange;
  if (job.artifacts && job.artifacts.dotenv.length > 0) {
    const rejected = predictDotenvRejection(node, job.artifacts.dotenv);
    if (rejected) {
      // The whole report is refused when uploaded: none of its keys arrive anywhere.
      job.artifacts.dotenvRejected = rejected.message;
      const at = get(get(get(node, 'artifacts'), 'reports'), 'dotenv')?.range ?? keyRange;
      sink.warning(
        'dotenv-rejected',
        `${name} job: GitLab would reject its whole dotenv report (${rejected.message}) because of \`${rejected.line}\`: none of its variables reach other jobs`,
        at,
        name,
      );
    } else job.artifacts.dotenvKeys = predictDotenvKeys(node, job.artifacts.dotenv);
  }
  const target = kind === 'trigger' ? triggerTarget(node) : undefined;
  if (target !== undefined) job.triggers = target;
  return job;
}
