// The text on a card, pure (no DOM) so the unit tests cover it. Long names are cut with an ellipsis, never silently;
// the card's tooltip always carries the full name.
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
        n.external?.scope === 'parent' ? 'parent pipeline' : `project ${n.external?.ref ? `@ ${n.external.ref}` : ''}`,
    };
  }
  const excluded = n.inPipeline ? '' : 'excluded';
  if (n.kind === 'stage') {
    return {
      label: truncate(n.label, maxLabel - 5),
      meta: `${n.jobs.length} job${n.jobs.length === 1 ? '' : 's'}, collapsed${excluded ? ' · all left out' : ''}`,
    };
  }
  const room = n.kind === 'group' || n.group !== undefined || n.trigger ? maxLabel - 5 : maxLabel;
  if (n.kind === 'job' && n.group !== undefined && n.label.length > room && n.label.startsWith(n.group)) {
    const rest = n.label.slice(n.group.length).replace(/^[:\s]+/, '');
    return { label: truncate(n.group, room), meta: truncate(excluded ? `${rest} · excluded` : rest, 34) };
  }
  return { label: truncate(n.label, room), meta: excluded };
}

/** About how many characters of 12 px text fit in a width (the frame title is cut to it, never wrapped). */
function charsIn(width: number): number {
  return Math.max(12, Math.floor(width / 6.6));
}

/** How many jobs and findings a child has: `4 jobs · 1 error, 2 warnings`. */
export function downstreamCounts(d: DownstreamInfo): string {
  const found = [
    d.errors > 0 ? `${d.errors} error${d.errors === 1 ? '' : 's'}` : '',
    d.warnings > 0 ? `${d.warnings} warning${d.warnings === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return `${d.jobs} job${d.jobs === 1 ? '' : 's'}${found.length > 0 ? ` · ${found.join(', ')}` : ''}`;
}

/**
 * A downstream pipeline's lines: an expanded frame shows its title on one line; a collapsed child its label and
 * counts; a placeholder its label and that nothing more is known; a multi-project pipeline its project and ref.
 */
function downstreamLines(n: LayoutNode, d: DownstreamInfo): { label: string; meta: string } {
  if (d.expanded) return { label: truncate(d.title, charsIn(n.width - 40)), meta: '' };
  const label = truncate(n.label, maxLabel - 3);
  if (d.kind === 'project') {
    return { label, meta: truncate(`multi-project${d.ref !== undefined ? ` @ ${d.ref}` : ''}`, 34) };
  }
  if (!d.expandable) {
    return { label, meta: truncate(`${d.kind === 'dynamic' ? 'dynamic child' : 'child'}: unknown`, 34) };
  }
  return { label, meta: truncate(`child · ${downstreamCounts(d)}`, 34) };
}
