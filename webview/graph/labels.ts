// The text on a card, pure (no DOM) so the unit tests cover it. Long names are cut with an ellipsis, never silently;
// the card's tooltip always carries the full name.
import type { LayoutNode } from './layoutTypes';

export const maxLabel = 26;

export function truncate(s: string, max = maxLabel): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/**
 * A card's two text lines. An instance whose full name does not fit shows its group on the first line and the rest
 * (`[linux, amd64]`, `2/3`) on the second, so instances of one group never look alike; the full name is the tooltip.
 */
export function cardLines(n: LayoutNode): { label: string; meta: string } {
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
