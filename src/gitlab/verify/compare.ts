// Where GitLab's CI lint and our model disagree, for the same pipeline: a push pipeline on one ref (what GitLab's
// dry run simulates). The headline is the verdict (valid or not); then, when both created a pipeline, the jobs:
// only in GitLab, only in ours, and fields that differ (stage, `when`, needs). Needs come from GitLab's static
// check (its dry run does not list them), limited to the jobs the dry run created: an optional need on a job the
// pipeline leaves out is dropped at creation, as in our model.
import type { OurJob, OurSide } from '../../ci/verify/ourSide';
import type { LintAnswer, LintJob } from './lint';

export interface FieldDifference {
  job: string;
  field: 'stage' | 'when' | 'needs';
  gitlab: string;
  ours: string;
}

export interface Comparison {
  /** GitLab's verdict (its dry run) and ours (a created pipeline without error diagnostics). */
  gitlabValid: boolean;
  oursValid: boolean;
  gitlabErrors: string[];
  gitlabWarnings: string[];
  /** Our error diagnostics and, when no pipeline is created, why (as GitLab words it). */
  ourErrors: string[];
  /** False when either side created no pipeline: there are no jobs to compare. */
  jobsCompared: boolean;
  /** Jobs both lists hold with the same stage, `when` and needs. */
  agreeing: number;
  onlyInGitLab: { name: string; stage: string; when: string }[];
  onlyInOurs: { name: string; stage: string; when: string; assumed?: string }[];
  differing: FieldDifference[];
  /** Why needs were not compared, when they were not. */
  needsNotCompared?: string;
  /** Verdict disagreement (1) plus every job difference. */
  differences: number;
}

export function compare(ours: OurSide, dryRun: LintAnswer, staticCheck: LintAnswer | { error: string }): Comparison {
  const gitlabValid = dryRun.valid && dryRun.errors.length === 0;
  const oursValid = ours.created && ours.errors.length === 0;
  const ourErrors = ours.errors.map((e) => e.message);
  if (!ours.created && ours.message !== undefined && !ourErrors.includes(ours.message)) ourErrors.push(ours.message);
  const base = {
    gitlabValid,
    oursValid,
    gitlabErrors: dryRun.errors,
    gitlabWarnings: dryRun.warnings,
    ourErrors,
  };
  if (!gitlabValid || !ours.created) {
    return {
      ...base,
      jobsCompared: false,
      agreeing: 0,
      onlyInGitLab: [],
      onlyInOurs: [],
      differing: [],
      differences: gitlabValid === oursValid ? 0 : 1,
    };
  }
  const needs = gitlabNeeds(dryRun.jobs, staticCheck);
  const jobs = compareJobs(ours.jobs, dryRun.jobs, needs.byJob);
  const differences =
    (gitlabValid === oursValid ? 0 : 1) + jobs.onlyInGitLab.length + jobs.onlyInOurs.length + jobs.differing.length;
  return {
    ...base,
    jobsCompared: true,
    ...jobs,
    ...(needs.why !== undefined ? { needsNotCompared: needs.why } : {}),
    differences,
  };
}

function compareJobs(
  ourJobs: readonly OurJob[],
  theirJobs: readonly LintJob[],
  needsOf: ReadonlyMap<string, string[]> | undefined,
): Pick<Comparison, 'agreeing' | 'onlyInGitLab' | 'onlyInOurs' | 'differing'> {
  const mine = new Map(ourJobs.map((j) => [j.name, j]));
  const theirs = new Map(theirJobs.map((j) => [j.name, j]));
  const onlyInGitLab = theirJobs
    .filter((j) => !mine.has(j.name))
    .map((j) => ({ name: j.name, stage: j.stage, when: j.when ?? '?' }));
  const onlyInOurs = ourJobs
    .filter((j) => !theirs.has(j.name))
    .map((j) => ({ name: j.name, stage: j.stage, when: j.when, ...(j.assumed ? { assumed: j.assumed } : {}) }));
  const differing: FieldDifference[] = [];
  let agreeing = 0;
  for (const our of ourJobs) {
    const their = theirs.get(our.name);
    if (!their) continue;
    const before = differing.length;
    if (their.stage !== our.stage) {
      differing.push({ job: our.name, field: 'stage', gitlab: their.stage, ours: our.stage });
    }
    if (their.when !== undefined && their.when !== our.when) {
      differing.push({ job: our.name, field: 'when', gitlab: their.when, ours: our.when });
    }
    const theirNeeds = needsOf?.get(our.name);
    if (theirNeeds !== undefined) {
      const a = listText(theirNeeds);
      const b = listText(our.needs ?? []);
      if (a !== b) differing.push({ job: our.name, field: 'needs', gitlab: a, ours: b });
    }
    if (differing.length === before) agreeing += 1;
  }
  return { agreeing, onlyInGitLab, onlyInOurs, differing };
}

/** Each created job's needs from the static check, restricted to the jobs the dry run created. */
function gitlabNeeds(
  created: readonly LintJob[],
  staticCheck: LintAnswer | { error: string },
): { byJob?: Map<string, string[]>; why?: string } {
  if ('error' in staticCheck) return { why: `GitLab's static check failed: ${staticCheck.error}` };
  if (!staticCheck.valid) return { why: "GitLab's static check found the configuration invalid" };
  const names = new Set(created.map((j) => j.name));
  const byJob = new Map<string, string[]>();
  for (const j of staticCheck.jobs) {
    if (!names.has(j.name)) continue;
    if (j.needs === undefined) return { why: 'this GitLab does not list needs in its CI lint answer' };
    byJob.set(
      j.name,
      (j.needs ?? []).map((n) => n.name).filter((n) => names.has(n)),
    );
  }
  return { byJob };
}

/** Needs as a set: their order does not change what a job waits for. */
function listText(names: readonly string[]): string {
  return names.length === 0 ? '(none)' : [...new Set(names)].sort().join(', ');
}

/** One line for a notification: "GitLab agrees: 42 jobs", "GitLab agrees: the configuration is invalid", … */
export function summaryLine(c: Comparison): string {
  if (c.differences === 0) {
    if (!c.gitlabValid) return 'GitLab agrees: the configuration is invalid';
    return `GitLab agrees: ${c.agreeing} job${c.agreeing === 1 ? '' : 's'}`;
  }
  if (c.gitlabValid !== c.oursValid) {
    return c.gitlabValid
      ? 'GitLab finds the configuration valid; we report errors'
      : 'GitLab finds the configuration invalid; we do not';
  }
  return `${c.differences} difference${c.differences === 1 ? '' : 's'} from GitLab`;
}
