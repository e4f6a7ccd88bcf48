// The text on a card, pure (no DOM) so the unit tests cover it. Long names are cut with an ellipsis, never silently;
// the card's tooltip always carries the full name.
import * as l10n from '@vscode/l10n';
import { findingsLabel } from './findings';
import type { DownstreamInfo, LayoutNode } from './layoutTypes';

export const maxLabel = 26;

export function truncate(s: string, max = maxLabel): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/**
 * A card's two text lines. An instance whose full name does not fit shows its group on the first line and the rest
 * (`[linux, amd64]`, `2/3`) on the second, so instances of one group never look alike; the full name is the tooltip.
 */
export function cardLines(n: LayoutNode): { label: string; meta: string } {
  if (n.kind === 'downstream' && n.downstream) return downstreamLines(n, n.downstream);
  if (n.kind === 'external') {
    return {
      label: truncate(n.label),
      meta:
        n.external?.scope === 'parent'
          ? l10n.t('parent pipeline')
          : n.external?.ref
            ? l10n.t('project @ {0}', n.external.ref)
            : l10n.t('project'),
    };
  }
  const excluded = n.inPipeline ? '' : l10n.t('excluded');
  if (n.kind === 'stage') {
    const count = n.jobs.length;
    const meta = excluded
      ? count === 1
        ? l10n.t('{0} job, collapsed · all left out', count)
        : l10n.t('{0} jobs, collapsed · all left out', count)
      : count === 1
        ? l10n.t('{0} job, collapsed', count)
        : l10n.t('{0} jobs, collapsed', count);
    return { label: truncate(n.label, maxLabel - 5), meta };
  }
  const room = n.kind === 'group' || n.group !== undefined || n.trigger ? maxLabel - 5 : maxLabel;
  if (n.kind === 'job' && n.group !== undefined && n.label.length > room && n.label.startsWith(n.group)) {
    const rest = n.label.slice(n.group.length).replace(/^[:\s]+/, '');
    return { label: truncate(n.group, room), meta: truncate(excluded ? l10n.t('{0} · excluded', rest) : rest, 34) };
  }
  return { label: truncate(n.label, room), meta: excluded };
}

/** About how many characters of 12 px text fit in a width (the frame title is cut to it, never wrapped). */
function charsIn(width: number): number {
  return Math.max(12, Math.floor(width / 6.6));
}

/** How many jobs and findings a child has: `4 jobs · 1 error, 2 warnings`. */
export function downstreamCounts(d: DownstreamInfo): string {
  const found = findingsLabel({ errors: d.errors, warnings: d.warnings });
  const jobs = d.jobs === 1 ? l10n.t('{0} job', d.jobs) : l10n.t('{0} jobs', d.jobs);
  return found ? `${jobs} · ${found}` : jobs;
}

/**
 * A downstream pipeline's lines: an expanded frame shows its title on one line; a collapsed child its label and
 * counts; a placeholder its label and that nothing more is known; a multi-project pipeline its project and ref.
 */
function downstreamLines(n: LayoutNode, d: DownstreamInfo): { label: string; meta: string } {
  if (d.expanded) return { label: truncate(d.title, charsIn(n.width - 40)), meta: '' };
  const label = truncate(n.label, maxLabel - 3);
  if (d.kind === 'project') {
    const meta = d.ref !== undefined ? l10n.t('multi-project @ {0}', d.ref) : l10n.t('multi-project');
    return { label, meta: truncate(meta, 34) };
  }
  if (!d.expandable) {
    const meta = d.kind === 'dynamic' ? l10n.t('dynamic child: unknown') : l10n.t('child: unknown');
    return { label, meta: truncate(meta, 34) };
  }
  return { label, meta: truncate(l10n.t('child · {0}', downstreamCounts(d)), 34) };
}
