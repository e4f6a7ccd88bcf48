// The CLI's readable listing: per stage, each job with where its artifacts come from and why, then the
// conflicts and explanations, then every diagnostic as `file:line:col`.
import type { FlowModel, FlowJob } from '../ci/model';
import { downstreamLines } from './formatDownstream';

function describeContext(m: FlowModel): string {
  const c = m.context;
  const ref =
    c.refKind === 'mr'
      ? `merge request ${c.mrSource ?? '?'} → ${c.mrTarget ?? '?'}`
      : c.refKind === 'tag'
        ? `tag ${c.tag ?? '?'}`
        : `branch ${c.branch ?? '?'}`;
  return `${c.source} pipeline on ${ref} (default branch ${c.defaultBranch})`;
}

function what(files: boolean, dotenv: boolean): string {
  const parts = [files ? 'files' : '', dotenv ? 'dotenv' : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(' + ') : 'nothing to download';
}

function jobLines(j: FlowJob): string[] {
  const head = `  ${j.name}${j.kind === 'trigger' ? ` (trigger${j.triggers ? ` → ${j.triggers}` : ''})` : ''}  [${j.file}:${j.line}]`;
  if (!j.inPipeline) return [`${head}  — not in this pipeline: ${j.excludedReason ?? 'excluded'}`];
  const out = [head];
  if (j.assumed !== undefined) out.push(`      ? in this pipeline on an assumption: ${j.assumed}`);
  const a = j.artifacts;
  if (a) {
    const own = [
      a.paths.length > 0 ? `paths ${a.paths.join(', ')}` : '',
      a.untracked ? 'untracked' : '',
      a.dotenv.length > 0 ? `dotenv ${a.dotenv.join(', ')}` : '',
      a.reports.filter((r) => r !== 'dotenv').length > 0
        ? `reports ${a.reports.filter((r) => r !== 'dotenv').join(', ')} (not passed on)`
        : '',
    ].filter(Boolean);
    if (own.length > 0) {
      out.push(
        `      uploads: ${own.join('; ')}${a.when !== 'on_success' ? ` (when ${a.when})` : ''}${a.expireIn ? `, expires in ${a.expireIn}` : ''}`,
      );
    }
  }
  if (j.sources.length === 0) out.push('      ← receives nothing');
  for (const s of j.sources) {
    const where =
      s.scope === 'local'
        ? s.job
        : s.scope === 'parent'
          ? `parent pipeline: ${s.job}`
          : `${s.project ?? '?'}@${s.ref ?? '?'}: ${s.job}`;
    const at = s.at ? ` (${s.at.file}:${s.at.line})` : '';
    out.push(`      ← ${where}: ${what(s.files, s.dotenv)} — ${s.reason}${at}`);
  }
  for (const c of j.configSources ?? []) {
    out.push(`      ⇐ ${c.job}: ${c.reason}${c.at ? ` (${c.at.file}:${c.at.line})` : ''}`);
  }
  for (const m of j.missing) out.push(`      ✗ ${m.job}: ${m.reason}${m.at ? ` (${m.at.file}:${m.at.line})` : ''}`);
  for (const c of j.conflicts) {
    out.push(`      ! ${c.path} comes from ${c.jobs.join(', ')}; likely winner: ${c.likelyWinner}`);
  }
  return out;
}

export function formatText(m: FlowModel): string {
  const lines = [
    `${m.root}: ${describeContext(m)}`,
    m.pipeline.created
      ? `Pipeline: created${m.pipeline.assumed !== undefined ? ` (assumed: ${m.pipeline.assumed})` : ''}`
      : `Pipeline: not created — ${m.pipeline.message ?? ''}`,
    '',
  ];
  for (const stage of m.stages) {
    const jobs = m.jobs.filter((j) => j.stage === stage);
    if (jobs.length === 0) continue;
    lines.push(`stage ${stage}`);
    for (const j of jobs) lines.push(...jobLines(j), ...downstreamLines(m, j.name, j.inPipeline));
  }
  const orphans = m.jobs.filter((j) => !m.stages.includes(j.stage));
  if (orphans.length > 0) {
    lines.push('unknown stages');
    for (const j of orphans) lines.push(...jobLines(j), ...downstreamLines(m, j.name, j.inPipeline));
  }
  if (m.diagnostics.length > 0) {
    lines.push('', 'Diagnostics:');
    for (const d of m.diagnostics) {
      lines.push(`${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`);
    }
  }
  const errors = m.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = m.diagnostics.filter((d) => d.severity === 'warning').length;
  lines.push(
    '',
    `${m.jobs.length} jobs (${m.jobs.filter((j) => j.inPipeline).length} in this pipeline), ${errors} errors, ${warnings} warnings`,
  );
  return `${lines.join('\n')}\n`;
}
