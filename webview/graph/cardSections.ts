// The hover card's sections about a job's own facts: its findings, the dependencies that deliver nothing, path
// conflicts and what it uploads. Built with createElement + textContent only: job names and paths are untrusted text.
import * as l10n from '@vscode/l10n';
import type { FlowJob, FlowModel, Severity, SourceRange } from '../../src/ci/model';
import type { LayoutNode } from './layoutTypes';
import { conflictWhy, diagnosticsByJob, nodeDiagnostics } from './findings';
import { el } from '../dom';

export function where(at: SourceRange | undefined): string {
  return at ? `${at.file}:${at.line}` : '';
}

export function section(card: HTMLElement, title: string): HTMLUListElement {
  card.append(el('h3', { class: 'card-section' }, title));
  const ul = el('ul');
  card.append(ul);
  return ul;
}

/** A finding's severity tag, in the reader's language (the class keeps GitLab's word). */
function severityText(s: Severity): string {
  return s === 'error' ? l10n.t('error') : s === 'warning' ? l10n.t('warning') : l10n.t('info');
}

export function findingsSection(card: HTMLElement, node: LayoutNode, model: FlowModel): void {
  const findings = nodeDiagnostics(node, diagnosticsByJob(model));
  if (findings.length === 0) return;
  const ul = section(card, l10n.t('Findings ({0})', findings.length));
  for (const d of findings.slice(0, 20)) {
    const li = el('li', { class: `finding ${d.severity}` });
    li.append(
      el('span', { class: `tag severity-${d.severity}` }, severityText(d.severity)),
      ' ',
      el('span', { class: 'finding-message' }, d.message),
    );
    li.append(el('span', { class: 'at' }, ` (${d.file}:${d.line})`));
    ul.append(li);
  }
  if (findings.length > 20) {
    ul.append(el('li', { class: 'muted' }, l10n.t('… {0} more in the Problems panel', findings.length - 20)));
  }
}

export function missingSection(card: HTMLElement, job: FlowJob): void {
  if (job.missing.length === 0) return;
  const ul = section(card, l10n.t('Does not receive'));
  for (const m of job.missing) {
    const li = el('li', { class: 'missing' });
    li.append(
      el('strong', { class: 'source-job' }, m.job),
      ' ',
      el('span', { class: 'tag broken' }, l10n.t('delivers nothing')),
    );
    const why = el('div', { class: 'why' }, m.reason);
    const at = where(m.at);
    if (at) why.append(el('span', { class: 'at' }, ` (${at})`));
    li.append(why);
    ul.append(li);
  }
}

export function conflictsSection(card: HTMLElement, job: FlowJob, jobs: Map<string, FlowJob>): void {
  if (job.conflicts.length === 0) return;
  const ul = section(card, l10n.t('Path conflicts'));
  for (const c of job.conflicts) {
    const li = el(
      'li',
      { class: 'conflict' },
      l10n.t('{0}: from {1}; likely winner {2}', c.path, c.jobs.join(', '), c.likelyWinner),
    );
    const why = conflictWhy(c, job, jobs);
    if (why) li.append(el('div', { class: 'why' }, why));
    ul.append(li);
  }
}

export function uploadsSection(card: HTMLElement, job: FlowJob): void {
  const a = job.artifacts;
  const up = section(card, l10n.t('Uploads'));
  if (!a || (!a.archive && a.dotenv.length === 0 && a.reports.length === 0)) {
    up.append(el('li', { class: 'muted' }, l10n.t('no artifacts')));
    return;
  }
  if (a.paths.length > 0 || a.untracked) {
    up.append(
      el(
        'li',
        { class: 'artifact' },
        l10n.t('paths: {0}', [...a.paths, ...(a.untracked ? [l10n.t('untracked')] : [])].join(', ')),
      ),
    );
  }
  if (a.exclude.length > 0) up.append(el('li', { class: 'artifact' }, l10n.t('exclude: {0}', a.exclude.join(', '))));
  if (a.dotenv.length > 0) {
    const keys = a.dotenvKeys ?? [];
    up.append(
      el(
        'li',
        { class: 'artifact' },
        keys.length > 0
          ? l10n.t('dotenv: {0} — writes {1}', a.dotenv.join(', '), keys.join(', '))
          : l10n.t('dotenv: {0}', a.dotenv.join(', ')),
      ),
    );
  }
  const other = a.reports.filter((r) => r !== 'dotenv');
  if (other.length > 0) {
    up.append(el('li', { class: 'artifact' }, l10n.t('reports (not passed on): {0}', other.join(', '))));
  }
  up.append(
    el(
      'li',
      { class: 'artifact' },
      l10n.t('when: {0} · expire_in: {1}', a.when, a.expireIn ?? l10n.t('instance default')),
    ),
  );
}
