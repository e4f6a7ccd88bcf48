// The CLI's lines for the pipelines a trigger job creates (FlowModel.downstream), printed under the trigger job:
// a child with its job count and its own findings (GitLab reports a child's problems when the trigger job runs,
// so they are counted here, not among the parent's), a multi-project pipeline with its project and branch, or
// why nothing more is known. Grandchildren follow, indented one level more.
import type { DownstreamPipeline, FlowModel } from '../ci/model';

const KIND_WORDS: Record<DownstreamPipeline['kind'], string> = {
  child: 'child pipeline',
  dynamic: 'dynamic child pipeline',
  project: 'multi-project pipeline',
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summary(d: DownstreamPipeline): string {
  const p = d.pipeline;
  if (d.unknown !== undefined) return `unknown — ${d.unknown}`;
  if (!p) {
    return d.kind === 'project' ? `${d.project ?? d.label}${d.ref !== undefined ? ` (branch ${d.ref})` : ''}` : '';
  }
  const errors = p.diagnostics.filter((x) => x.severity === 'error').length;
  const warnings = p.diagnostics.filter((x) => x.severity === 'warning').length;
  const jobs = `${plural(p.jobs.length, 'job')} (${p.jobs.filter((j) => j.inPipeline).length} in its pipeline)`;
  const created = p.created ? '' : `, not created — ${p.message ?? ''}`;
  return `${jobs}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}${created}`;
}

function lines(d: DownstreamPipeline, indent: string): string[] {
  const head = `${indent}⇒ ${KIND_WORDS[d.kind]} ${d.kind === 'project' ? '' : `${d.label}: `}${summary(d)}`;
  const out = [head];
  for (const g of d.pipeline?.downstream ?? []) out.push(...lines(g, `${indent}   `));
  return out;
}

/** The downstream pipelines of one trigger job; none for a job the context leaves out (its line says why). */
export function downstreamLines(m: FlowModel, trigger: string, inPipeline: boolean): string[] {
  if (!inPipeline) return [];
  return (m.downstream ?? []).filter((d) => d.trigger === trigger).flatMap((d) => lines(d, '      '));
}
