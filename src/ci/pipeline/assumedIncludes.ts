// Jobs whose file is included only on an assumption (include:rules that cannot be decided here, or that hold a
// `!reference`): the engine includes such a file, so its jobs would otherwise look as certain as any other. A file
// is assumed when every include entry that brings it in is assumed, or sits in a file that is itself assumed; one
// certain entry makes it certain (GitLab reads a file once, whoever includes it).
import type { FlowJob, IncludeInfo } from '../model';

/** Each file included only on an assumption, with the reason of the first assumed entry that brings it in. */
export function assumedFiles(includes: readonly IncludeInfo[]): Map<string, string> {
  const assumed = new Map<string, string>();
  if (!includes.some((i) => i.assumed !== undefined)) return assumed;
  // Until nothing changes: a file's status may depend on entries listed after it. Each round keeps what the last one
  // found (more assumed parents only add files, whose reason, their first entry's, no later round changes), so the
  // first round that adds no file has found them all; the entry count bounds the rounds.
  for (let round = 0; round <= includes.length; round++) {
    const next = new Map<string, string>();
    const certain = new Set<string>();
    for (const i of includes) {
      const why = i.assumed ?? assumed.get(i.from.file);
      for (const f of i.files) {
        if (why === undefined) certain.add(f);
        else if (!next.has(f)) next.set(f, why);
      }
    }
    for (const f of certain) next.delete(f);
    if (next.size === assumed.size) return next;
    assumed.clear();
    for (const [f, why] of next) assumed.set(f, why);
  }
  return assumed;
}

/** The jobs, those defined in a file included on an assumption marked `assumed` (copies; the rest as they are). */
export function markAssumedJobs(jobs: FlowJob[], includes: readonly IncludeInfo[]): FlowJob[] {
  const files = assumedFiles(includes);
  if (files.size === 0) return jobs;
  return jobs.map((j) => {
    const why = files.get(j.file);
    if (why === undefined || !j.inPipeline || j.assumed !== undefined) return j;
    return { ...j, assumed: `defined in ${j.file}, which is included on an assumption: ${why}` };
  });
}
