// The one-line summary above each job ("from build, version · 1 conflict · used by 3"): the CodeLens title.
import type { EditorModel } from './editorModel';

export interface Lens {
  job: string;
  line: number;
  title: string;
}

export function lenses(em: EditorModel, file: string): Lens[] {
  const out: Lens[] = [];
  for (const t of em.file(file)?.top ?? []) {
    if (t.kind !== 'job') continue;
    const title = summary(em, t.name);
    if (title !== undefined) out.push({ job: t.name, line: t.line, title });
  }
  return out;
}

export function summary(em: EditorModel, group: string): string | undefined {
  const jobs = em.jobsOf(group);
  if (jobs.length === 0) return undefined;
  const included = jobs.filter((j) => j.inPipeline);
  if (included.length === 0) return `not in this pipeline: ${jobs[0]?.excludedReason ?? 'excluded by its rules'}`;
  const sourceGroups = unique(included.flatMap((j) => j.sources.map((s) => em.job(s.job)?.group ?? s.job)));
  const conflicts = unique(included.flatMap((j) => j.conflicts.map((c) => c.path))).length;
  const consumers = unique(included.flatMap((j) => j.consumers.map((c) => em.job(c)?.group ?? c)));
  const parts = [sourceGroups.length > 0 ? `from ${shortList(sourceGroups)}` : 'receives nothing'];
  if (conflicts > 0) parts.push(`${conflicts} conflict${conflicts === 1 ? '' : 's'}`);
  parts.push(consumers.length > 0 ? `used by ${consumers.length}` : 'used by none');
  if (included.length < jobs.length) parts.push(`${included.length} of ${jobs.length} instances in this pipeline`);
  return parts.join(' · ');
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

function shortList(xs: readonly string[]): string {
  return xs.length <= 3 ? xs.join(', ') : `${xs.slice(0, 3).join(', ')} +${xs.length - 3}`;
}
