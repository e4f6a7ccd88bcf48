// The jobs one root entry became in an earlier analysis, reused while everything they were built from is the same.
// Building a job (jobs/buildJobs.ts: its name check, classification, `default:` keywords, parallel instances,
// stage, needs, dependencies, artifacts, dotenv prediction) reads only the entry's resolved value, its key (name,
// kind, position), the `default:` entries, the stages and the analysis's flags. Trees are immutable and the
// resolved value of an unchanged entry is the same object from one analysis to the next (merge/extends.ts,
// merge/reference.ts), so equal inputs by identity give equal jobs: the earlier objects are handed back, and
// every later cache that keys on a job's mapping finds it unchanged. Only entries whose building reported nothing
// are kept, so no message is ever skipped. Weak: kept only while the parsed tree is.
import type { JobDef } from '../jobs/jobTypes';
import type { YNode } from '../yaml/node';
import { sameItems } from './sameItems';

const BUILT = new WeakMap<YNode, { inputs: readonly unknown[]; jobs: readonly JobDef[] }>();

/**
 * The jobs built from `value` with exactly these `inputs`, numbered from `order` (the earlier objects themselves
 * when they had the same numbers, else copies renumbered), or undefined.
 */
export function reusedJobs(value: YNode, inputs: readonly unknown[], order: number): readonly JobDef[] | undefined {
  const prior = BUILT.get(value);
  if (!prior || !sameItems(prior.inputs, inputs)) return undefined;
  if (prior.jobs.every((j, i) => j.order === order + i)) return prior.jobs;
  // Assigned rather than spread, like buildJobs's instances (a faster object shape in V8).
  const jobs = prior.jobs.map((j, i) => Object.assign({}, j, { order: order + i }));
  BUILT.set(value, { inputs, jobs });
  return jobs;
}

/** Remembers the jobs `value` became; call only when building them reported nothing. */
export function rememberJobs(value: YNode, inputs: readonly unknown[], jobs: readonly JobDef[]): void {
  BUILT.set(value, { inputs, jobs });
}
