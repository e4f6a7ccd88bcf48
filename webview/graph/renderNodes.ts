// The job cards of a drawn layout: one keyed <g> per node (so a re-posted model keeps focus and selection), its
// classes and data attributes, the conflict and finding markers on its corners, and its text. All text is set with
// `.text()`; nothing is parsed as HTML.
import * as l10n from '@vscode/l10n';
import { select } from 'd3-selection';
import type { Selection } from 'd3-selection';
import type { JobMenuContext, RevealJobMessage } from '../../src/protocol';
import type { LayoutNode } from './layoutTypes';
import type { FindingCounts } from './findings';
import { findingsLabel } from './findings';
import { cardLines } from './labels';
import { conflictLabel } from './status';
import {
  downstreamAriaLabel,
  downstreamBadge,
  downstreamClass,
  downstreamTooltip,
  renderFrameColumns,
} from './renderDownstream';

type G<Datum> = Selection<SVGGElement, Datum, null, undefined>;
type Nodes = Selection<SVGGElement, LayoutNode, SVGGElement, unknown>;

/** What the renderer asks about a node beyond its layout. */
export interface NodeFacts {
  sources: number;
  consumers: number;
  conflicts: number;
  findings?: FindingCounts;
}

/** The name a node stands for in messages and menus: the job, or the group of a collapsed group. */
export function nodeJobName(n: LayoutNode): string | undefined {
  // A card in a downstream frame stands for a job of that child pipeline, which the host's job commands cannot name.
  if (n.kind === 'external' || n.kind === 'stage' || n.kind === 'downstream' || n.pipeline !== undefined) {
    return undefined;
  }
  return n.kind === 'group' ? (n.group ?? n.label) : n.jobs[0];
}

/**
 * A card in a downstream frame: the child pipeline's job (or group) it stands for and the frame's path, which is how
 * Reveal Job names it to the host (the host looks it up in its own model under that path).
 */
export function nodeChildJob(n: LayoutNode): { job: string; pipeline: string } | undefined {
  if (n.pipeline === undefined || (n.kind !== 'job' && n.kind !== 'group')) return undefined;
  const job = n.kind === 'group' ? (n.group ?? n.label) : n.jobs[0];
  return job === undefined ? undefined : { job, pipeline: n.pipeline };
}

/** What a click or Enter on the card asks the host to open: its job, in the parent or in a child pipeline. */
export function revealMessageOf(n: LayoutNode): RevealJobMessage | undefined {
  const name = nodeJobName(n);
  if (name !== undefined) return { type: 'revealJob', job: name };
  const child = nodeChildJob(n);
  return child && { type: 'revealJob', job: child.job, pipeline: child.pipeline };
}

export function nodeAriaLabel(
  n: LayoutNode,
  sources: number,
  consumers: number,
  conflicts = 0,
  findings: FindingCounts = { errors: 0, warnings: 0 },
): string {
  if (n.kind === 'external') return l10n.t('External source {0}', n.label);
  if (n.kind === 'downstream' && n.downstream) return downstreamAriaLabel(n.downstream);
  if (n.kind === 'stage') {
    return n.inPipeline
      ? l10n.t(
          'Stage {0}, collapsed: {1} jobs, {2} artifact sources, {3} consumers. Space expands it',
          n.label,
          n.jobs.length,
          sources,
          consumers,
        )
      : l10n.t(
          'Stage {0}, collapsed: {1} jobs, all left out, {2} artifact sources, {3} consumers. Space expands it',
          n.label,
          n.jobs.length,
          sources,
          consumers,
        );
  }
  // Clauses joined by commas, each one whole sentence part for a translator.
  const parts = [
    n.kind === 'group'
      ? l10n.t('Group {0} with {1} instances', n.label, n.groupSize ?? n.jobs.length)
      : l10n.t('Job {0}', n.label),
  ];
  if (n.childOf !== undefined) parts.push(l10n.t('child pipeline of {0}', n.childOf));
  parts.push(l10n.t('stage {0}', n.stage));
  if (!n.inPipeline) parts.push(l10n.t('excluded: {0}', n.excludedReason ?? l10n.t('not in this pipeline')));
  if (n.assumed !== undefined) parts.push(l10n.t('in this pipeline on an assumption: {0}', n.assumed));
  parts.push(l10n.t('{0} artifact sources', sources), l10n.t('{0} consumers', consumers));
  if (conflicts > 0) parts.push(conflictLabel(conflicts));
  const found = findingsLabel(findings);
  if (found) parts.push(found);
  return parts.join(', ');
}

export function renderNodes(root: G<unknown>, nodes: LayoutNode[], counts: (n: LayoutNode) => NodeFacts): void {
  root
    .selectAll<SVGGElement, LayoutNode>('g.node')
    .data(nodes, (n) => n.id)
    .join((enter) => {
      const g = enter.append('g').attr('tabindex', -1).attr('role', 'button');
      g.append('title');
      g.append('rect').attr('class', 'card').attr('rx', 5);
      g.append('text').attr('class', 'label').attr('x', 10);
      g.append('text').attr('class', 'meta').attr('x', 10);
      g.append('text').attr('class', 'badge');
      return g;
    })
    .attr('class', nodeClass)
    .attr('data-node', (n) => n.id)
    .attr('data-job', (n) => nodeJobName(n) ?? null)
    .attr('data-instances', (n) => (n.kind === 'group' || n.kind === 'stage' ? n.jobs.length : null))
    .attr('data-stage-card', (n) => (n.kind === 'stage' ? n.stage : null))
    .attr('data-pipeline', (n) => n.pipeline ?? null)
    .attr('aria-expanded', (n) => (n.downstream?.expandable ? String(n.downstream.expanded) : null))
    .attr('data-vscode-context', contextMenuOf)
    .attr('data-aria-base', (n) => {
      const c = counts(n);
      return nodeAriaLabel(n, c.sources, c.consumers, c.conflicts, c.findings);
    })
    .attr('aria-label', function () {
      return this.getAttribute('data-aria-base');
    })
    .attr('transform', (n) => `translate(${n.x},${n.y})`)
    .call((g) => {
      renderConflictMarkers(g, counts);
      renderFindingMarkers(g, counts);
      renderCardText(g);
      renderFrameColumns(g);
    });
}

/** The classes the stylesheet and the tests select cards by. */
function nodeClass(n: LayoutNode): string {
  if (n.kind === 'downstream') return downstreamClass(n);
  const cls = ['node', n.kind === 'external' ? 'external' : 'job'];
  if (n.pipeline !== undefined) cls.push('in-child');
  if (n.kind === 'group') cls.push('group');
  if (n.kind === 'stage') cls.push('stage-summary');
  if (n.group !== undefined && n.kind === 'job') cls.push('instance');
  if (!n.inPipeline) cls.push('excluded');
  if (n.assumed !== undefined) cls.push('assumed');
  if (n.trigger) cls.push('trigger');
  return cls.join(' ');
}

/**
 * VS Code's context menu reads this attribute: job actions on jobs, none of the browser's own items anywhere. A child
 * pipeline's job is a `childJob` (Reveal Job and Copy Job Name only: the artifact commands look jobs up in the parent).
 */
function contextMenuOf(n: LayoutNode): string {
  const child = nodeChildJob(n);
  if (child !== undefined) {
    const menu: JobMenuContext = {
      webviewSection: 'childJob',
      jobName: child.job,
      pipeline: child.pipeline,
      preventDefaultContextMenuItems: true,
    };
    return JSON.stringify(menu);
  }
  const name = nodeJobName(n);
  return name === undefined
    ? JSON.stringify({
        webviewSection: n.kind === 'stage' ? 'stage' : 'external',
        preventDefaultContextMenuItems: true,
      })
    : JSON.stringify({ webviewSection: 'job', jobName: name, preventDefaultContextMenuItems: true });
}

/** A marker's card is its parent <g>: the marker's own datum is only its count. */
function cardOf(marker: SVGGElement): LayoutNode {
  return select<SVGGElement, LayoutNode>(marker.parentNode as SVGGElement).datum();
}

/** Path conflicts are visible without hovering: a warning triangle on the card's top-right corner. */
function renderConflictMarkers(g: Nodes, counts: (n: LayoutNode) => NodeFacts): void {
  g.selectAll<SVGGElement, number>('g.conflict-marker')
    .data((n) => {
      const c = n.kind === 'external' ? 0 : counts(n).conflicts;
      return c > 0 ? [c] : [];
    })
    .join((enter) => {
      const m = enter.append('g').attr('class', 'conflict-marker').attr('role', 'img');
      m.append('title');
      m.append('path').attr('d', 'M0,-7 L7.5,6 L-7.5,6 Z');
      m.append('text').attr('y', 4.5).text('!');
      return m;
    })
    .attr('transform', function () {
      return `translate(${cardOf(this).width - 16},0)`;
    })
    .attr('aria-label', (c) => conflictLabel(c))
    .attr('data-conflicts', (c) => c)
    .call((m) => m.select('title').text((c) => conflictLabel(c)));
}

/** Diagnostics naming the job (errors before warnings): a round marker left of the conflict marker. */
function renderFindingMarkers(g: Nodes, counts: (n: LayoutNode) => NodeFacts): void {
  g.selectAll<SVGGElement, FindingCounts>('g.finding-marker')
    .data((n) => {
      const f = n.kind === 'external' ? undefined : counts(n).findings;
      return f && f.errors + f.warnings > 0 ? [f] : [];
    })
    .join((enter) => {
      const m = enter.append('g').attr('role', 'img');
      m.append('title');
      m.append('circle').attr('r', 7);
      m.append('text').attr('y', 3.5);
      return m;
    })
    .attr('class', (f) => `finding-marker ${f.errors > 0 ? 'error' : 'warning'}`)
    .attr('transform', function () {
      return `translate(${cardOf(this).width - 34},0)`;
    })
    .attr('aria-label', (f) => findingsLabel(f))
    .attr('data-findings', (f) => (f.errors > 0 ? 'error' : 'warning'))
    .attr('data-count', (f) => f.errors + f.warnings)
    .call((m) => {
      m.select('title').text((f) => findingsLabel(f));
      m.select('text').text((f) => (f.errors > 0 ? '✕' : '!'));
    });
}

/** The card's box, its two text lines, its badge (collapsed group or stage, instance, trigger) and its tooltip. */
function renderCardText(g: Nodes): void {
  g.select('title').text((n) =>
    n.downstream
      ? downstreamTooltip(n.downstream)
      : !n.inPipeline
        ? l10n.t('{0}: excluded: {1}', n.label, n.excludedReason ?? l10n.t('not in this pipeline'))
        : n.assumed !== undefined
          ? l10n.t('{0}: in this pipeline on an assumption: {1}', n.label, n.assumed)
          : n.label,
  );
  g.select('rect.card')
    .attr('width', (n) => n.width)
    .attr('height', (n) => n.height);
  g.select('text.label')
    .attr('y', (n) => (cardLines(n).meta !== '' ? 14 : 21))
    .text((n) => cardLines(n).label);
  g.select('text.meta')
    .attr('y', 28)
    .text((n) => cardLines(n).meta);
  g.select('text.badge')
    .attr('x', (n) => n.width - 8)
    .attr('y', 21)
    .text((n) =>
      n.downstream
        ? downstreamBadge(n.downstream)
        : n.kind === 'group' || n.kind === 'stage'
          ? `⊞ ${n.jobs.length}`
          : n.group !== undefined
            ? '⊟'
            : n.trigger
              ? '↳'
              : '',
    );
}
