// Hover on a job's key: what it receives (each source with files/dotenv keys and why, and where that is
// written), what it does not receive and why, path conflicts with the likely winner, what it uploads and who
// consumes it. For a hidden template: who extends it. All read from the FlowModel; nothing is guessed.
import type { ArtifactSource, FlowJob } from '../ci/model';
import type { EditorModel } from './editorModel';
import { bounded, code, escape, inlineList, plainWhere, type Where } from './markdown';

const MAX_ITEMS = 15;

export function hoverJobKey(em: EditorModel, name: string, where: Where = plainWhere): string {
  const jobs = em.jobsOf(name);
  if (jobs.length === 0) return hoverTemplate(em, name);
  const first = jobs.find((j) => j.inPipeline) ?? jobs[0]!;
  const lines: string[] = [header(first, jobs.length)];
  if (jobs.length > 1) {
    lines.push(
      '',
      `${jobs.length} instances (${first.parallel?.matrix ? 'parallel:matrix' : 'parallel'}); shown for ${code(first.name)}.`,
    );
  }
  if (!first.inPipeline) {
    lines.push('', `**Not in this pipeline:** ${escape(first.excludedReason ?? 'excluded by its rules')}.`);
    return lines.join('\n');
  }
  if (first.assumed) lines.push('', `_In this pipeline on an assumption:_ ${escape(first.assumed)}`);
  lines.push('', ...receives(em, first, where));
  if (first.missing.length > 0) {
    lines.push('', '**Does not receive**');
    lines.push(
      ...bounded(
        first.missing,
        MAX_ITEMS,
        (m) => `- ${code(m.job)}: ${escape(m.reason)}${m.at ? ` (${where(m.at.file, m.at.line)})` : ''}`,
      ),
    );
  }
  if (first.conflicts.length > 0) {
    lines.push('', '**Path conflicts**');
    lines.push(
      ...bounded(
        first.conflicts,
        MAX_ITEMS,
        (c) =>
          `- ${code(c.path)} from ${c.jobs.map(code).join(', ')}: likely winner ${code(c.likelyWinner)} (extracted last)`,
      ),
    );
  }
  lines.push('', ...uploads(first));
  const consumers = [...new Set(jobs.flatMap((j) => j.consumers))];
  lines.push(
    '',
    consumers.length > 0 ? `**Used by** ${inlineList(consumers.map(code), 10)}` : '**Used by** no job of this pipeline',
  );
  return lines.join('\n');
}

function header(job: FlowJob, instances: number): string {
  const kind = job.kind === 'trigger' ? 'trigger job' : 'job';
  const name = instances > 1 ? job.group : job.name;
  return `**${escape(name)}** · ${kind} in stage ${code(job.stage)}${job.when !== 'on_success' ? ` · when ${code(job.when)}` : ''}`;
}

/** What a source brings: files (with the producer's paths), dotenv keys, or both. */
export function sourceBrings(em: EditorModel, s: Pick<ArtifactSource, 'job' | 'files' | 'dotenv'>): string {
  const producer = em.job(s.job);
  const parts: string[] = [];
  if (s.files) {
    const paths = producer?.artifacts?.paths ?? [];
    parts.push(paths.length > 0 ? `files ${inlineList(paths.map(code), 4)}` : 'files');
  }
  if (s.dotenv) {
    const keys = producer?.artifacts?.dotenvKeys ?? [];
    parts.push(
      keys.length > 0
        ? `dotenv ${inlineList(
            keys.map((k) => code(`$${k}`)),
            6,
          )}`
        : 'dotenv variables (keys not predictable from its script)',
    );
  }
  return parts.length > 0 ? parts.join(' and ') : 'nothing';
}

function receives(em: EditorModel, job: FlowJob, where: Where): string[] {
  if (job.sources.length === 0) return ['**Receives** nothing from other jobs.'];
  return [
    '**Receives**',
    ...bounded(job.sources, MAX_ITEMS, (s) => {
      const scope = s.scope === 'local' ? '' : ` (${s.scope}${s.project ? ` ${s.project}` : ''})`;
      return `- ${sourceBrings(em, s)} from ${code(s.job)}${scope} via ${s.via}${s.optional ? ' (optional)' : ''}: ${escape(s.reason)}${s.at ? ` (${where(s.at.file, s.at.line)})` : ''}`;
    }),
  ];
}

function uploads(job: FlowJob): string[] {
  const a = job.artifacts;
  if (!a) return ['**Uploads** no artifacts.'];
  const parts: string[] = [];
  if (a.paths.length > 0) parts.push(`paths ${inlineList(a.paths.map(code), 6)}`);
  if (a.untracked) parts.push('untracked files');
  if (a.dotenv.length > 0) {
    const keys = a.dotenvRejected
      ? `rejected by GitLab: ${escape(a.dotenvRejected)}`
      : a.dotenvKeys.length > 0
        ? `keys ${inlineList(a.dotenvKeys.map(code), 6)}`
        : 'keys not predictable from its script';
    parts.push(`dotenv ${a.dotenv.map(code).join(', ')} (${keys})`);
  }
  if (parts.length === 0) parts.push(`reports only (${a.reports.join(', ') || 'none'}), which no job downloads`);
  const when = a.when !== 'on_success' ? ` · when ${code(a.when)}` : '';
  const expire = a.expireIn ? ` · expire in ${code(a.expireIn)}` : '';
  return [`**Uploads** ${parts.join('; ')}${when}${expire}`];
}

function hoverTemplate(em: EditorModel, name: string): string {
  const users = em.extenders(name);
  const refs = em.occurrencesOf(name).filter((o) => o.item.kind === 'reference');
  const lines = [
    `**${escape(name)}** · ${name.startsWith('.') ? 'hidden key (template)' : 'not a job of this pipeline'}`,
  ];
  const jobs = users.filter((u) => em.jobsOf(u).length > 0);
  lines.push(
    '',
    users.length > 0
      ? `Extended by ${inlineList(users.map(code), 10)}${jobs.length !== users.length ? ` (${jobs.length} of them jobs)` : ''}.`
      : 'Extended by no key.',
  );
  if (refs.length > 0) {
    lines.push(
      '',
      `Read by ${refs.length} \`!reference\`${refs.length > 1 ? 's' : ''} in ${inlineList([...new Set(refs.map((r) => r.item.owner))].map(code), 10)}.`,
    );
  }
  return lines.join('\n');
}
