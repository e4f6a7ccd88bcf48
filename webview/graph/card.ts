// The hover card: what a job receives and why, what it does not get, path conflicts, and what it uploads.
// Built with createElement + textContent only: job names and paths are untrusted text.
import type { ArtifactSource, FlowJob, FlowModel, SourceRange } from '../../src/ci/model';
import type { PipelineStatuses } from '../../src/protocol';
import type { LayoutEdge, LayoutNode } from './layoutTypes';
import { conflictWhy, diagnosticsByJob, nodeDiagnostics } from './findings';
import { describeArtifacts, nodeStatus, statusKind, statusText } from './status';
import { el } from '../dom';

function where(at: SourceRange | undefined): string {
  return at ? `${at.file}:${at.line}` : '';
}

function section(card: HTMLElement, title: string): HTMLUListElement {
  card.append(el('h3', { class: 'card-section' }, title));
  const ul = el('ul');
  card.append(ul);
  return ul;
}

/** What a source brings, read from the producer's own artifacts when the producer is in the model. */
export function sourcePayload(s: ArtifactSource, jobs: Map<string, FlowJob>): string[] {
  const producer = s.scope === 'local' ? jobs.get(s.job) : undefined;
  const out: string[] = [];
  if (s.files) {
    const a = producer?.artifacts;
    const paths = a ? [...a.paths, ...(a.untracked ? ['(untracked files)'] : [])] : [];
    out.push(paths.length > 0 ? `files: ${paths.join(', ')}` : 'files');
  }
  if (s.dotenv) {
    const d = producer?.artifacts?.dotenv ?? [];
    const keys = producer?.artifacts?.dotenvKeys ?? [];
    out.push(
      `${d.length > 0 ? `dotenv: ${d.join(', ')}` : 'dotenv variables'}${keys.length > 0 ? ` (${keys.join(', ')})` : ''}`,
    );
  }
  if (out.length === 0) out.push('nothing (the job uploads no artifacts)');
  return out;
}

function sourceItem(s: ArtifactSource, jobs: Map<string, FlowJob>): HTMLLIElement {
  const li = el('li', { class: `source ${s.files && s.dotenv ? 'both' : s.dotenv ? 'dotenv' : 'files'}` });
  const name =
    s.scope === 'local'
      ? s.job
      : s.scope === 'parent'
        ? `${s.job} (parent pipeline)`
        : `${s.job} (${s.project ?? 'project'}${s.ref ? `@${s.ref}` : ''})`;
  li.append(el('strong', { class: 'source-job' }, name));
  li.append(' ', el('span', { class: 'tag' }, s.via));
  if (s.optional) li.append(' ', el('span', { class: 'tag' }, 'optional'));
  for (const p of sourcePayload(s, jobs)) li.append(el('div', { class: 'payload' }, p));
  const why = el('div', { class: 'why' }, s.reason);
  const at = where(s.at);
  if (at) why.append(el('span', { class: 'at' }, ` (${at})`));
  li.append(why);
  return li;
}

/** The chosen GitLab pipeline's view of the node: status, archive size and expiry (per instance for a group). */
function pipelineSection(card: HTMLElement, node: LayoutNode, statuses: PipelineStatuses, nowMs: number): void {
  const s = nodeStatus(node.jobs, statuses);
  const ul = section(card, `In pipeline #${statuses.pipelineId}${statuses.ref ? ` (${statuses.ref})` : ''}`);
  if (!s) {
    ul.append(el('li', { class: 'muted' }, 'not in this pipeline'));
    return;
  }
  const head = el('li', { class: `gitlab-status status-${s.kind}` });
  head.append(el('strong', { class: 'status-text' }, statusText(s)));
  ul.append(head);
  const shown = node.jobs.slice(0, 12);
  for (const name of shown) {
    const info = Object.hasOwn(statuses.jobs, name) ? statuses.jobs[name] : undefined;
    if (!info) continue;
    const li = el('li', { class: 'gitlab-artifacts' });
    if (node.jobs.length > 1) {
      li.append(
        el('span', { class: `tag status-${statusKind(info.status)}` }, info.status),
        ' ',
        el('span', { class: 'source-job' }, name),
        ': ',
      );
    }
    li.append(describeArtifacts(info, nowMs));
    ul.append(li);
  }
  if (node.jobs.length > shown.length) {
    ul.append(el('li', { class: 'muted' }, `… ${node.jobs.length - shown.length} more instances`));
  }
}

export function jobCard(
  card: HTMLElement,
  node: LayoutNode,
  model: FlowModel,
  jobs: Map<string, FlowJob>,
  statuses: PipelineStatuses | null = null,
  nowMs = Date.now(),
): void {
  card.replaceChildren();
  if (node.kind === 'external') {
    externalCard(card, node);
    return;
  }
  const members = node.jobs.map((n) => jobs.get(n)).filter((j): j is FlowJob => j !== undefined);
  if (node.kind === 'stage') {
    stageCard(card, node, members);
    return;
  }
  const job = members[0];
  if (!job) return;
  card.append(el('h2', { class: 'card-title' }, node.kind === 'group' ? node.label : job.name));
  const facts = [
    `stage ${job.stage}`,
    job.kind === 'trigger' ? `trigger${job.triggers ? ` → ${job.triggers}` : ''}` : '',
    job.when !== 'on_success' ? `when: ${job.when}` : '',
    `${job.file}:${job.line}`,
  ].filter(Boolean);
  if (node.kind === 'group') facts.unshift(`${members.length} instances`);
  card.append(el('p', { class: 'muted' }, facts.join(' · ')));
  if (!node.inPipeline) {
    card.append(
      el('p', { class: 'excluded-reason' }, `Not in this pipeline: ${node.excludedReason ?? 'excluded by rules'}`),
    );
  }
  if (statuses) pipelineSection(card, node, statuses, nowMs);
  findingsSection(card, node, model);
  const list = section(
    card,
    job.sources.length > 0
      ? `Receives from ${job.sources.length} source${job.sources.length === 1 ? '' : 's'}`
      : 'Receives no artifacts',
  );
  for (const s of job.sources) list.append(sourceItem(s, jobs));
  if (node.kind === 'group' && members.length > 1) {
    list.append(el('li', { class: 'muted' }, `(sources of ${job.name}; the other instances are alike)`));
  }
  missingSection(card, job);
  conflictsSection(card, job, jobs);
  uploadsSection(card, job);
  const consumers = node.kind === 'group' ? [...new Set(members.flatMap((m) => m.consumers))] : job.consumers;
  if (consumers.length > 0) {
    const shown = consumers.slice(0, 12).join(', ');
    card.append(
      el('p', { class: 'consumers' }, `Used by ${consumers.length}: ${shown}${consumers.length > 12 ? ', …' : ''}`),
    );
  }
}

function externalCard(card: HTMLElement, node: LayoutNode): void {
  card.append(el('h2', { class: 'card-title' }, node.label));
  const ext = node.external;
  card.append(
    el(
      'p',
      { class: 'muted' },
      ext?.scope === 'parent'
        ? 'A job of the parent pipeline (needs:pipeline).'
        : `A job of project ${ext?.project ?? '?'}${ext?.ref ? ` at ${ext.ref}` : ''} (needs:project).`,
    ),
  );
}

function stageCard(card: HTMLElement, node: LayoutNode, members: FlowJob[]): void {
  card.append(el('h2', { class: 'card-title' }, `Stage ${node.label}`));
  const left = members.filter((j) => !j.inPipeline).length;
  card.append(
    el(
      'p',
      { class: 'muted' },
      `${members.length} job${members.length === 1 ? '' : 's'}${left > 0 ? `, ${left} left out of this pipeline` : ''} · collapsed: click ⊞ or press Space to expand`,
    ),
  );
  const ul = section(card, 'Jobs');
  for (const j of members.slice(0, 20)) {
    ul.append(el('li', { class: j.inPipeline ? '' : 'muted' }, `${j.name}${j.inPipeline ? '' : ' (left out)'}`));
  }
  if (members.length > 20) ul.append(el('li', { class: 'muted' }, `… ${members.length - 20} more`));
}

function findingsSection(card: HTMLElement, node: LayoutNode, model: FlowModel): void {
  const findings = nodeDiagnostics(node, diagnosticsByJob(model));
  if (findings.length === 0) return;
  const ul = section(card, `Findings (${findings.length})`);
  for (const d of findings.slice(0, 20)) {
    const li = el('li', { class: `finding ${d.severity}` });
    li.append(
      el('span', { class: `tag severity-${d.severity}` }, d.severity),
      ' ',
      el('span', { class: 'finding-message' }, d.message),
    );
    li.append(el('span', { class: 'at' }, ` (${d.file}:${d.line})`));
    ul.append(li);
  }
  if (findings.length > 20) {
    ul.append(el('li', { class: 'muted' }, `… ${findings.length - 20} more in the Problems panel`));
  }
}

function missingSection(card: HTMLElement, job: FlowJob): void {
  if (job.missing.length === 0) return;
  const ul = section(card, 'Does not receive');
  for (const m of job.missing) {
    const li = el('li', { class: 'missing' });
    li.append(
      el('strong', { class: 'source-job' }, m.job),
      ' ',
      el('span', { class: 'tag broken' }, 'delivers nothing'),
    );
    const why = el('div', { class: 'why' }, m.reason);
    const at = where(m.at);
    if (at) why.append(el('span', { class: 'at' }, ` (${at})`));
    li.append(why);
    ul.append(li);
  }
}

function conflictsSection(card: HTMLElement, job: FlowJob, jobs: Map<string, FlowJob>): void {
  if (job.conflicts.length === 0) return;
  const ul = section(card, 'Path conflicts');
  for (const c of job.conflicts) {
    const li = el('li', { class: 'conflict' }, `${c.path}: from ${c.jobs.join(', ')}; likely winner ${c.likelyWinner}`);
    const why = conflictWhy(c, job, jobs);
    if (why) li.append(el('div', { class: 'why' }, why));
    ul.append(li);
  }
}

function uploadsSection(card: HTMLElement, job: FlowJob): void {
  const a = job.artifacts;
  const up = section(card, 'Uploads');
  if (!a || (!a.archive && a.dotenv.length === 0 && a.reports.length === 0)) {
    up.append(el('li', { class: 'muted' }, 'no artifacts'));
    return;
  }
  if (a.paths.length > 0 || a.untracked) {
    up.append(
      el('li', { class: 'artifact' }, `paths: ${[...a.paths, ...(a.untracked ? ['untracked'] : [])].join(', ')}`),
    );
  }
  if (a.exclude.length > 0) up.append(el('li', { class: 'artifact' }, `exclude: ${a.exclude.join(', ')}`));
  if (a.dotenv.length > 0) {
    const keys = a.dotenvKeys ?? [];
    up.append(
      el(
        'li',
        { class: 'artifact' },
        `dotenv: ${a.dotenv.join(', ')}${keys.length > 0 ? ` — writes ${keys.join(', ')}` : ''}`,
      ),
    );
  }
  const other = a.reports.filter((r) => r !== 'dotenv');
  if (other.length > 0) up.append(el('li', { class: 'artifact' }, `reports (not passed on): ${other.join(', ')}`));
  up.append(el('li', { class: 'artifact' }, `when: ${a.when} · expire_in: ${a.expireIn ?? 'instance default'}`));
}

export function edgeCard(
  card: HTMLElement,
  edge: LayoutEdge,
  from: LayoutNode | undefined,
  to: LayoutNode | undefined,
  jobs: Map<string, FlowJob>,
): void {
  card.replaceChildren();
  card.append(el('h2', { class: 'card-title' }, `${from?.label ?? edge.from} → ${to?.label ?? edge.to}`));
  card.append(
    el(
      'p',
      { class: 'muted' },
      [edge.files ? 'files' : '', edge.dotenv ? 'dotenv' : ''].filter(Boolean).join(' + ') || 'no artifacts',
    ),
  );
  const ul = el('ul');
  card.append(ul);
  const seen = new Set<string>();
  for (const item of edge.items) {
    const key = `${item.consumer}|${item.source.job}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const li = el('li', { class: 'edge-item' });
    li.append(el('strong', { class: 'source-job' }, `${item.source.job} → ${item.consumer}`));
    for (const p of sourcePayload(item.source, jobs)) li.append(el('div', { class: 'payload' }, p));
    const why = el('div', { class: 'why' }, `${item.source.via}: ${item.source.reason}`);
    const at = where(item.source.at);
    if (at) why.append(el('span', { class: 'at' }, ` (${at})`));
    li.append(why);
    ul.append(li);
    if (seen.size >= 20) {
      ul.append(el('li', { class: 'muted' }, `… ${edge.items.length - 20} more`));
      break;
    }
  }
}
