// How a downstream pipeline's node is drawn (see layoutDownstream.ts): its classes, its words for screen readers and
// the tooltip, its badge, and an expanded frame's own stage headers. All text is set with `.text()`.
import * as l10n from '@vscode/l10n';
import type { Selection } from 'd3-selection';
import { columnLabel } from './columnLabel';
import type { ColumnName } from './columnLabel';
import { FRAME_TITLE } from './layoutDownstream';
import type { DownstreamInfo, LayoutNode } from './layoutTypes';
import { downstreamCounts } from './labels';

type Nodes = Selection<SVGGElement, LayoutNode, SVGGElement, unknown>;

/** `frame`: an expanded child; `placeholder`: nothing more is known; `ds-project`: drawn like an external card. */
export function downstreamClass(n: LayoutNode): string {
  const d = n.downstream;
  const cls = ['node', 'downstream'];
  if (d?.expanded) cls.push('frame');
  else if (d?.kind === 'project') cls.push('ds-project');
  else if (d && !d.expandable) cls.push('placeholder');
  if (n.pipeline !== undefined) cls.push('in-child');
  if (!n.inPipeline) cls.push('excluded');
  return cls.join(' ');
}

export function downstreamAriaLabel(d: DownstreamInfo): string {
  if (d.kind === 'project') return l10n.t('{0}. Its jobs are not analysed here', d.title);
  if (!d.expandable) return l10n.t('{0}: {1}', d.title, d.unknown ?? l10n.t('unknown'));
  return d.expanded
    ? l10n.t('{0}, expanded: {1}. Enter collapses it', d.title, downstreamCounts(d))
    : l10n.t('{0}, collapsed: {1}. Enter expands it', d.title, downstreamCounts(d));
}

export function downstreamTooltip(d: DownstreamInfo): string {
  return d.unknown !== undefined ? `${d.title}\n${d.unknown}` : d.title;
}

/** ▾ expanded, ▸ collapsed (click or Enter), ? nothing more known, ↗ another project's pipeline. */
export function downstreamBadge(d: DownstreamInfo): string {
  if (d.kind === 'project') return '↗';
  if (!d.expandable) return '?';
  return d.expanded ? '▾' : '▸';
}

/** An expanded frame's own column headers (its stages, or needs layers), under its title. */
export function renderFrameColumns(g: Nodes): void {
  g.selectAll<SVGTextElement, { x: number } & ColumnName>('text.frame-column')
    .data(
      (n) => n.downstream?.columns ?? [],
      (c) => c.label,
    )
    .join('text')
    .attr('class', 'frame-column column-label')
    .attr('x', (c) => c.x + 4)
    .attr('y', FRAME_TITLE + 36)
    .text((c) => columnLabel(c));
}
