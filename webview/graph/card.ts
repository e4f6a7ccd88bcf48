// The hover card: what a job receives and why, what it does not get, path conflicts, and what it uploads.
// Built with createElement + textContent only: job names and paths are untrusted text.
import * as l10n from '@vscode/l10n';
import type { ArtifactSource, FlowJob, FlowModel } from '../../src/ci/model';
import type { PipelineStatuses } from '../../src/protocol';
import type { LayoutEdge, LayoutNode } from './layoutTypes';
import { conflictsSection, findingsSection, missingSection, section, uploadsSection, where } from './cardSections';
import { describeArtifacts, nodeStatus, statusKind, statusText } from './status';
import { el } from '../dom';

/** What a source brings, read from the producer's own artifacts when the producer is in the model. */
export function sourcePayload(s: ArtifactSource, jobs: Map<string, FlowJob>): string[] {
  const producer = s.scope === 'local' ? jobs.get(s.job) : undefined;
  const out: string[] = [];
  if (s.files) {
    const a = producer?.artifacts;
    const paths = a ? [...a.paths, ...(a.untracked ? [l10n.t('(untracked files)')] : [])] : [];
    out.push(paths.length > 0 ? l10n.t('files: {0}', paths.join(', ')) : l10n.t('files'));
  }
  if (s.dotenv) {
    const d = producer?.artifacts?.dotenv ?? [];
    const keys = producer?.artifacts?.dotenvKeys ?? [];
    const what = d.length > 0 ? l10n.t('dotenv: {0}', d.join(', ')) : l10n.t('dotenv variables');
    out.push(keys.length > 0 ? l10n.t('{0} ({1})', what, keys.join(', ')) : what);
  }
  if (out.length === 0) out.push(l10n.t('nothing (the job uploads no artifacts)'));
  return out;
}

function sourceItem(s: ArtifactSource, jobs: Map<string, FlowJob>): HTMLLIElement {
  const li = el('li', { class: `source ${s.files && s.dotenv ? 'both' : s.dotenv ? 'dotenv' : 'files'}` });
  const name =
    s.scope === 'local'
      ? s.job
      : s.scope === 'parent'
        ? l10n.t('{0} (parent pipeline)', s.job)
        : `${s.job} (${s.project ?? l10n.t('project')}${s.ref ? `@${s.ref}` : ''})`;
  li.append(el('strong', { class: 'source-job' }, name));
  li.append(' ', el('span', { class: 'tag' }, s.via));
  if (s.optional) li.append(' ', el('span', { class: 'tag' }, l10n.t('optional')));
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
  const ul = section(
    card,
    statuses.ref
      ? l10n.t('In pipeline #{0} ({1})', statuses.pipelineId, statuses.ref)
      : l10n.t('In pipeline #{0}', statuses.pipelineId),
  );
  if (!s) {
    ul.append(el('li', { class: 'muted' }, l10n.t('not in this pipeline')));
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
    ul.append(el('li', { class: 'muted' }, l10n.t('… {0} more instances', node.jobs.length - shown.length)));
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
    l10n.t('stage {0}', job.stage),
    job.kind === 'trigger' ? (job.triggers ? l10n.t('trigger → {0}', job.triggers) : l10n.t('trigger')) : '',
    job.when !== 'on_success' ? l10n.t('when: {0}', job.when) : '',
    `${job.file}:${job.line}`,
  ].filter(Boolean);
  if (node.kind === 'group') facts.unshift(l10n.t('{0} instances', members.length));
  card.append(el('p', { class: 'muted' }, facts.join(' · ')));
  if (!node.inPipeline) {
    card.append(
      el(
        'p',
        { class: 'excluded-reason' },
        l10n.t('Not in this pipeline: {0}', node.excludedReason ?? l10n.t('excluded by rules')),
      ),
    );
  } else if (node.assumed !== undefined) {
    card.append(el('p', { class: 'assumed-reason' }, l10n.t('In this pipeline on an assumption: {0}', node.assumed)));
  }
  if (statuses) pipelineSection(card, node, statuses, nowMs);
  findingsSection(card, node, model);
  const list = section(
    card,
    job.sources.length === 0
      ? l10n.t('Receives no artifacts')
      : job.sources.length === 1
        ? l10n.t('Receives from {0} source', job.sources.length)
        : l10n.t('Receives from {0} sources', job.sources.length),
  );
  for (const s of job.sources) list.append(sourceItem(s, jobs));
  if (node.kind === 'group' && members.length > 1) {
    list.append(el('li', { class: 'muted' }, l10n.t('(sources of {0}; the other instances are alike)', job.name)));
  }
  missingSection(card, job);
  conflictsSection(card, job, jobs);
  uploadsSection(card, job);
  const consumers = node.kind === 'group' ? [...new Set(members.flatMap((m) => m.consumers))] : job.consumers;
  if (consumers.length > 0) {
    const shown = `${consumers.slice(0, 12).join(', ')}${consumers.length > 12 ? ', …' : ''}`;
    card.append(el('p', { class: 'consumers' }, l10n.t('Used by {0}: {1}', consumers.length, shown)));
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
        ? l10n.t('A job of the parent pipeline (needs:pipeline).')
        : ext?.ref
          ? l10n.t('A job of project {0} at {1} (needs:project).', ext.project ?? '?', ext.ref)
          : l10n.t('A job of project {0} (needs:project).', ext?.project ?? '?'),
    ),
  );
}

function stageCard(card: HTMLElement, node: LayoutNode, members: FlowJob[]): void {
  card.append(el('h2', { class: 'card-title' }, l10n.t('Stage {0}', node.label)));
  const left = members.filter((j) => !j.inPipeline).length;
  const count = members.length === 1 ? l10n.t('{0} job', members.length) : l10n.t('{0} jobs', members.length);
  const jobs = left > 0 ? l10n.t('{0}, {1} left out of this pipeline', count, left) : count;
  card.append(el('p', { class: 'muted' }, l10n.t('{0} · collapsed: click ⊞ or press Space to expand', jobs)));
  const ul = section(card, l10n.t('Jobs'));
  for (const j of members.slice(0, 20)) {
    ul.append(
      el('li', { class: j.inPipeline ? '' : 'muted' }, j.inPipeline ? j.name : l10n.t('{0} (left out)', j.name)),
    );
  }
  if (members.length > 20) ul.append(el('li', { class: 'muted' }, l10n.t('… {0} more', members.length - 20)));
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
      edge.files && edge.dotenv
        ? l10n.t('files + dotenv')
        : edge.files
          ? l10n.t('files')
          : edge.dotenv
            ? l10n.t('dotenv')
            : l10n.t('no artifacts'),
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
      ul.append(el('li', { class: 'muted' }, l10n.t('… {0} more', edge.items.length - 20)));
      break;
    }
  }
}
