// The jobs one root entry became in an earlier analysis, reused while everything they were built from is the same.
// Building a job (jobs/buildJobs.ts: its name check, classification, `default:` keywords, parallel instances,
// stage, needs, dependencies, artifacts, dotenv prediction) reads only the entry's resolved value, its key (name,
// kind, position), the `default:` entries, the stages and the analysis's flags. Trees are immutable and the
// resolved value of an unchanged entry is the same object from one analysis to the next (merge/extends.ts,
// merge/reference.ts), so equal inputs by identity give equal jobs: the earlier objects are handed back, and
// every later cache that keys on a job's mapping finds it unchanged. What building reported is kept with the jobs
// and reported again on reuse: its messages and positions come from the same inputs, so they are the same, and no
// message is ever skipped (an entry with findings used to be built again at every keystroke: srsRAN has thirteen).
// Weak: kept only while the parsed tree is.
import type { Diagnostic } from '../model';
import type { JobDef } from '../jobs/jobTypes';
import type { YNode } from '../yaml/node';
import { sameItems } from './sameItems';

/** The jobs an entry became and what building them reported, in order. */
export interface BuiltEntry {
  readonly jobs: readonly JobDef[];
  readonly findings: readonly Diagnostic[];
}

const BUILT = new WeakMap<YNode, { inputs: readonly unknown[] } & BuiltEntry>();

/**
 * The jobs built from `value` with exactly these `inputs`, numbered from `order` (the earlier objects themselves
 * when they had the same numbers, else copies renumbered), with what building them reported; or undefined.
 */
export function reusedJobs(value: YNode, inputs: readonly unknown[], order: number): BuiltEntry | undefined {
  const prior = BUILT.get(value);
  if (!prior || !sameItems(prior.inputs, inputs)) return undefined;
  if (prior.jobs.every((j, i) => j.order === order + i)) return prior;
  // Assigned rather than spread, like buildJobs's instances (a faster object shape in V8).
  const jobs = prior.jobs.map((j, i) => Object.assign({}, j, { order: order + i }));
  const renumbered = { inputs, jobs, findings: prior.findings };
  BUILT.set(value, renumbered);
  return renumbered;
}

/** Remembers the jobs `value` became and every diagnostic building them reported (see the file comment). */
export function rememberJobs(
  value: YNode,
  inputs: readonly unknown[],
  jobs: readonly JobDef[],
  findings: readonly Diagnostic[],
): void {
  BUILT.set(value, { inputs, jobs, findings });
}
