// Each job's dependency list, missing sources and path conflicts kept between analyses (pipeline/flowJobs.ts).
// A job's list is computed from its own definition (reused while its entry is unchanged: entryJobs.ts), its
// effective needs and dependencies, its `when` in this pipeline, and what every other job offers it: for each job
// its name, kind, stage and place in the stage order and in the configuration, where its stage is written, its
// `when`, `allow_failure` and artifacts, and why it is not in this pipeline (pipeline/dependencies.ts,
// missingSources.ts, receiving.ts, conflicts.ts read nothing else of them), plus the stages and the parent
// pipeline. The pipeline's part is one fingerprint list per analysis, made of each job's part (kept per job
// definition: most are unchanged); equal fingerprints, equal offers. Typing in one job's script changes that job
// alone: every other job's list is reused. Weak: kept only while the job definitions are.
import type { ArtifactSource, ConfigSource, FlowJob, MissingSource, PathConflict } from '../model';
import type { JobInclusion } from '../pipeline/inclusion';
import type { JobDef, NameRef } from '../jobs/jobTypes';
import type { ExpandedNeed } from '../jobs/references';
import { get, toPlain } from '../yaml/node';
import { sameItems } from './sameItems';

export interface FlowResult {
  readonly sources: ArtifactSource[];
  readonly missing: MissingSource[];
  readonly conflicts: PathConflict[];
  /** The conflict search stopped at its bound. */
  readonly partial: boolean;
}

/** What one job offers the others (see the file comment), by definition: definitions are immutable. */
const OFFERS = new WeakMap<JobDef, string>();

function offerOf(job: JobDef): string {
  let text = OFFERS.get(job);
  if (text === undefined) {
    text = JSON.stringify([
      job.name,
      job.group,
      job.kind,
      job.stage,
      job.stageIndex,
      job.stageRange,
      job.order,
      job.when,
      job.artifacts,
      toPlain(get(job.node, 'allow_failure')) ?? null,
    ]);
    OFFERS.set(job, text);
  }
  return text;
}

/**
 * The pipeline's part of every job's key: the stages, then each job's offer and why it is not in this pipeline.
 * A list, not one text: the offers of unchanged definitions are the very strings kept above, so comparing two lists
 * mostly compares references, and no text of the whole pipeline (hundreds of kilobytes) is built per analysis.
 */
export type Fingerprint = readonly string[];

/**
 * Recent fingerprints (the editor's and the panel's contexts alternate). An equal list is handed back as the very
 * list kept here, so each job's key compares it by reference.
 */
const RECENT: Fingerprint[] = [];
const MAX_RECENT = 4;

/** The pipeline's part of every job's key in this analysis. */
export function flowFingerprint(
  jobs: readonly JobDef[],
  stages: readonly string[],
  exclusion: (name: string) => string | undefined,
): Fingerprint {
  const parts = [JSON.stringify(stages)];
  for (const j of jobs) parts.push(offerOf(j), exclusion(j.name) ?? '');
  const known = RECENT.find((r) => sameItems(r, parts));
  if (known !== undefined) return known;
  RECENT.unshift(parts);
  const dropped = RECENT.length > MAX_RECENT ? RECENT.pop() : undefined;
  if (dropped !== undefined) STAGE_LISTS.delete(dropped);
  return parts;
}

/**
 * The lists every stage-scheduled job of a stage shares (pipeline/flowJobs.ts), by fingerprint: with the same
 * offers from every job, a stage's list is the one the earlier analysis made. Kept for the recent fingerprints
 * only; not for a child pipeline (its parent's jobs are not in the fingerprint).
 */
const STAGE_LISTS = new Map<Fingerprint, Map<string, FlowResult>>();

export function stageListsFor(fingerprint: Fingerprint, parent: unknown): Map<string, FlowResult> {
  if (parent !== undefined) return new Map();
  let lists = STAGE_LISTS.get(fingerprint);
  if (!lists) STAGE_LISTS.set(fingerprint, (lists = new Map<string, FlowResult>()));
  return lists;
}

interface Remembered {
  readonly inputs: readonly unknown[];
  readonly result: FlowResult;
}

/**
 * A job's latest results, newest first: two, because the editor and the graph panel may show two pipeline
 * contexts of one session, analysed in turn (one slot would make each undo the other's).
 */
const FLOWS = new WeakMap<JobDef, Remembered[]>();
const SLOTS = 2;

/** `item` first in `list`, at most SLOTS of them. */
function keep<T>(list: T[] | undefined, item: T): T[] {
  return [item, ...(list ?? [])].slice(0, SLOTS);
}

/** What a job's list is computed from besides its definition, in the order `remembered` compares them. */
export function flowInputs(
  needs: ExpandedNeed[] | null,
  dependencies: NameRef[] | null,
  when: string,
  fingerprint: Fingerprint,
  parent: unknown,
): readonly unknown[] {
  return [needs, dependencies, when, fingerprint, parent];
}

/** The job's result from an earlier analysis with the same inputs, or undefined. */
export function rememberedFlow(job: JobDef, inputs: readonly unknown[]): FlowResult | undefined {
  return FLOWS.get(job)?.find((k) => sameItems(k.inputs, inputs))?.result;
}

export function rememberFlow(job: JobDef, inputs: readonly unknown[], result: FlowResult): void {
  FLOWS.set(job, keep(FLOWS.get(job), { inputs, result }));
}

/** What a FlowJob is made of besides its definition (pipeline/flowJobs.ts flowJobOf), and the FlowJob. */
interface Settled {
  readonly included: boolean;
  readonly uncertain: boolean;
  readonly when: string;
  readonly reason: string;
  readonly needs: readonly string[] | undefined;
  readonly result: FlowResult | undefined;
  readonly consumers: readonly string[];
  /** The configuration sources of a trigger job, as JSON (a few items, made anew by each analysis). */
  readonly config: string | undefined;
  readonly flow: FlowJob;
}

/** Each definition's FlowJobs of its latest analyses (SLOTS, newest first). Weak. */
const SETTLED = new WeakMap<JobDef, Settled[]>();

/**
 * The FlowJob of a job's parts: the earlier analysis's object when every part is the same (the same definition and
 * lists, an equal inclusion, equal names and configuration sources), else the one `make` builds. Nothing changes a
 * FlowJob once its analysis is done, so the earlier one stands for the new one exactly, and an unchanged job costs
 * no new object (its JSON is then written once, ever: editor/modelDelta.ts).
 */
export function settledFlow(
  part: { job: JobDef; inc: JobInclusion; needs?: string[]; result?: FlowResult },
  consumers: string[],
  configSources: ConfigSource[] | undefined,
  make: () => FlowJob,
): FlowJob {
  const { job, inc } = part;
  const config = configSources === undefined ? undefined : JSON.stringify(configSources);
  const kept = SETTLED.get(job);
  const prev = kept?.find(
    (k) =>
      k.result === part.result &&
      k.included === inc.included &&
      k.uncertain === inc.uncertain &&
      k.when === inc.when &&
      k.reason === inc.reason &&
      k.config === config &&
      sameNames(k.needs, part.needs) &&
      sameNames(k.consumers, consumers),
  );
  if (prev) return prev.flow;
  const flow = make();
  const settled: Settled = {
    included: inc.included,
    uncertain: inc.uncertain,
    when: inc.when,
    reason: inc.reason,
    needs: part.needs,
    result: part.result,
    consumers,
    config,
    flow,
  };
  SETTLED.set(job, keep(kept, settled));
  return flow;
}

/** Equal name lists, or both absent. */
function sameNames(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return a === undefined || b === undefined ? a === b : sameItems(a, b);
}
