// Hover on a `needs:`/`dependencies:` entry (what that edge brings to each job it shapes, or why it brings
// nothing) and on an `artifacts:paths` entry (which later jobs receive it, and where it conflicts).
import type { FlowJob } from '../ci/model';
import type { Occurrence } from './editorIndex';
import { sameStart, type EditorModel } from './editorModel';
import { sourceBrings } from './hoverJob';
import { bounded, code, escape, inlineList } from './markdown';

const MAX_ITEMS = 12;

export function hoverEdge(em: EditorModel, file: string, o: Occurrence): string {
  const key = o.kind === 'need' ? 'needs' : 'dependencies';
  const at = o.entry ?? o;
  const jobs = em.affectedJobs(o.owner);
  const target = em.job(o.name);
  const lines = [
    `**${key}: ${escape(o.name)}**${target ? ` · ${target.kind === 'trigger' ? 'trigger job' : 'job'} in stage ${code(target.stage)}` : ''}`,
  ];
  if (jobs.length === 0) {
    lines.push('', `${code(o.owner)} is not a job of this pipeline and no job extends it.`);
    return lines.join('\n');
  }
  const shown = jobs.length > MAX_ITEMS ? jobs.slice(0, MAX_ITEMS) : jobs;
  for (const j of shown) lines.push('', ...edgeFor(em, j, file, at, o.name));
  if (jobs.length > shown.length) lines.push('', `… and ${jobs.length - shown.length} more jobs.`);
  return lines.join('\n');
}

function edgeFor(
  em: EditorModel,
  j: FlowJob,
  file: string,
  at: { line: number; column: number },
  name: string,
): string[] {
  const label = `${code(j.name)}:`;
  if (!j.inPipeline) return [`${label} not in this pipeline (${escape(j.excludedReason ?? 'excluded')}).`];
  const here = (r: { file: string; line: number; column: number } | undefined): boolean =>
    r !== undefined && r.file === file && sameStart(r, at);
  const sources = j.sources.filter((s) => here(s.at));
  const missing = j.missing.filter((m) => here(m.at));
  const out: string[] = [];
  for (const s of sources) out.push(`${label} brings ${sourceBrings(em, s)} from ${code(s.job)} — ${escape(s.reason)}`);
  for (const m of missing) out.push(`${label} brings nothing from ${code(m.job)} — ${escape(m.reason)}`);
  if (out.length > 0) return out;
  const target = em.job(name);
  if (!target) return [`${label} brings nothing: no job named ${code(name)} is in this pipeline's configuration.`];
  if (j.needs?.includes(target.name) || j.needs?.some((n) => em.job(n)?.group === name)) {
    return [
      `${label} waits for ${code(name)}; nothing is downloaded from it${target.artifacts === null ? ` (${code(name)} declares no artifacts)` : ''}.`,
    ];
  }
  if (target.artifacts === null) return [`${label} brings nothing: ${code(name)} declares no artifacts.`];
  return [`${label} this entry adds no source to the job's downloads.`];
}

export function hoverArtifactPath(em: EditorModel, o: Occurrence): string {
  const producers = em.affectedJobs(o.owner);
  const lines = [`**artifacts:paths ${escape(o.name)}**`];
  if (producers.length === 0) {
    lines.push('', `${code(o.owner)} is not a job of this pipeline and no job extends it.`);
    return lines.join('\n');
  }
  const names = new Set(producers.map((p) => p.name));
  const receivers = em.model.jobs.filter((j) => j.inPipeline && j.sources.some((s) => s.files && names.has(s.job)));
  lines.push(
    '',
    receivers.length > 0
      ? `Received by ${inlineList(
          receivers.map((r) => code(r.name)),
          12,
        )}.`
      : 'Received by no job of this pipeline.',
  );
  const conflicts = receivers.flatMap((r) =>
    r.conflicts.filter((c) => c.jobs.some((n) => names.has(n))).map((c) => ({ r, c })),
  );
  if (conflicts.length > 0) {
    lines.push('', '**Conflicts**');
    lines.push(
      ...bounded(
        conflicts,
        MAX_ITEMS,
        ({ r, c }) =>
          `- in ${code(r.name)}: ${code(c.path)} from ${c.jobs.map(code).join(', ')}; likely winner ${code(c.likelyWinner)} (extracted last)`,
      ),
    );
  }
  const excluded = producers.filter((p) => !p.inPipeline);
  if (excluded.length === producers.length) {
    lines.push('', `Not uploaded in this pipeline: ${escape(excluded[0]?.excludedReason ?? 'excluded')}.`);
  }
  return lines.join('\n');
}
