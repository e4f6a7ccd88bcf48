// Draws a computed layout with keyed d3 joins, so a re-posted model keeps element identity (and with it focus,
// zoom and selection). All text is set with `.text()`; nothing is parsed as HTML.
import { select } from 'd3-selection';
import type { Selection } from 'd3-selection';
import { curveBumpX, line } from 'd3-shape';
import type { GraphLayout, LayoutColumn, LayoutEdge, LayoutNode, Point } from './layoutTypes';
import type { BrokenEdge, FindingCounts } from './findings';
import { findingsLabel } from './findings';
import { cardLines } from './labels';
import { conflictLabel, statusGlyph, statusLabel } from './status';
import { svgEl } from '../dom';
import type { NodeStatus } from './status';

type G<Datum> = Selection<SVGGElement, Datum, null, undefined>;

/** The name a node stands for in messages and menus: the job, or the group of a collapsed group. */
export function nodeJobName(n: LayoutNode): string | undefined {
  if (n.kind === 'external' || n.kind === 'stage') return undefined;
  return n.kind === 'group' ? (n.group ?? n.label) : n.jobs[0];
}

export function nodeAriaLabel(
  n: LayoutNode,
  sources: number,
  consumers: number,
  conflicts = 0,
  findings: FindingCounts = { errors: 0, warnings: 0 },
): string {
  if (n.kind === 'external') return `External source ${n.label}`;
  if (n.kind === 'stage') {
    return `Stage ${n.label}, collapsed: ${n.jobs.length} jobs${n.inPipeline ? '' : ', all left out'}, ${sources} artifact sources, ${consumers} consumers. Space expands it`;
  }
  const what =
    n.kind === 'group' ? `Group ${n.label} with ${n.groupSize ?? n.jobs.length} instances` : `Job ${n.label}`;
  const status = n.inPipeline ? '' : `, excluded: ${n.excludedReason ?? 'not in this pipeline'}`;
  const found = findingsLabel(findings);
  return `${what}, stage ${n.stage}${status}, ${sources} artifact sources, ${consumers} consumers${conflicts > 0 ? `, ${conflictLabel(conflicts)}` : ''}${found ? `, ${found}` : ''}`;
}

/** What the renderer asks about a node beyond its layout. */
export interface NodeFacts {
  sources: number;
  consumers: number;
  conflicts: number;
  findings?: FindingCounts;
}

const route = line<Point>()
  .x((p) => p.x)
  .y((p) => p.y)
  .curve(curveBumpX);

export function edgePath(e: LayoutEdge): string {
  const a = e.points[0];
  const b = e.points[e.points.length - 1];
  if (e.sameColumn && a && b) {
    const bulge = 30 + Math.min(60, Math.abs(b.y - a.y) / 4);
    return `M${a.x},${a.y} C${a.x + bulge},${a.y} ${b.x + bulge},${b.y} ${b.x + 6},${b.y}`;
  }
  return route(e.points) ?? '';
}

export function edgeClass(e: LayoutEdge): string {
  return e.files && e.dotenv ? 'both' : e.dotenv ? 'dotenv' : e.files ? 'files' : 'empty';
}

export interface RenderRoots {
  columns: SVGGElement;
  edges: SVGGElement;
  nodes: SVGGElement;
}

export function createRoots(viewport: SVGGElement): RenderRoots {
  const v = select(viewport);
  const make = (cls: string): SVGGElement => v.append('g').attr('class', cls).node()!;
  return { columns: make('columns'), edges: make('edges'), nodes: make('nodes') };
}

/** Arrow markers and the legend's line samples share these ids. */
export function ensureDefs(svg: SVGSVGElement): void {
  const s = select(svg);
  if (!s.select('defs').empty()) return;
  const defs = s.insert('defs', ':first-child');
  for (const kind of ['files', 'dotenv', 'both', 'empty', 'broken']) {
    defs
      .append('marker')
      .attr('id', `arrow-${kind}`)
      .attr('class', `arrow ${kind}`)
      .attr('viewBox', '0 0 10 10')
      .attr('refX', 9)
      .attr('refY', 5)
      .attr('markerWidth', 7)
      .attr('markerHeight', 7)
      .attr('orient', 'auto-start-reverse')
      .append('path')
      .attr('d', 'M0,0 L10,5 L0,10 z');
  }
}

export function renderLayout(roots: RenderRoots, layout: GraphLayout, counts: (n: LayoutNode) => NodeFacts): void {
  renderColumns(select(roots.columns), layout);
  renderEdges(select(roots.edges), layout.edges);
  renderNodes(select(roots.nodes), layout.nodes, counts);
}

function renderColumns(root: G<unknown>, layout: GraphLayout): void {
  root
    .selectAll<SVGGElement, LayoutColumn>('g.column')
    .data(layout.columns, (c) => `${c.kind}:${c.label}`)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'column');
      g.append('rect').attr('class', 'column-bg');
      g.append('text').attr('class', 'column-label');
      return g;
    })
    .attr('data-stage', (c) => c.label)
    .attr('data-collapsed', (c) => (c.kind === 'stage' ? String(c.collapsed === true) : null))
    .attr('transform', (c) => `translate(${c.x},0)`)
    .call((g) => {
      g.select('rect')
        .attr('x', -8)
        .attr('y', 8)
        .attr('width', (c) => c.width + 16)
        .attr('height', Math.max(0, layout.height - 8))
        .attr('rx', 6);
      // A stage's header collapses and expands it (the triangle says which); layer headers are plain text.
      g.select('text')
        .attr('x', 4)
        .attr('y', 36)
        .text((c) => (c.kind === 'stage' ? `${c.collapsed ? '▸' : '▾'} ${c.label}` : c.label));
    });
}

function renderEdges(root: G<unknown>, edges: LayoutEdge[]): void {
  root
    .selectAll<SVGGElement, LayoutEdge>('g.edge')
    .data(edges, (e) => e.id)
    .join((enter) => {
      const g = enter.append('g');
      g.append('path').attr('class', 'edge-line');
      g.append('path').attr('class', 'edge-hit');
      return g;
    })
    .attr('class', (e) => `edge ${edgeClass(e)}`)
    .attr('data-edge', (e) => e.id)
    .attr('data-from', (e) => e.from)
    .attr('data-to', (e) => e.to)
    .call((g) => {
      // `select` (not `selectAll`) hands each child the group's current datum: an updated edge keeps its <g> but
      // must redraw both paths from the new data, or its arrow stays where the previous layout put it.
      g.select<SVGPathElement>('path.edge-line')
        .attr('d', edgePath)
        .attr('marker-end', (e) => `url(#arrow-${edgeClass(e)})`);
      g.select<SVGPathElement>('path.edge-hit').attr('d', edgePath);
    });
}

function renderNodes(root: G<unknown>, nodes: LayoutNode[], counts: (n: LayoutNode) => NodeFacts): void {
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
    .attr('class', (n) => {
      const cls = ['node', n.kind === 'external' ? 'external' : 'job'];
      if (n.kind === 'group') cls.push('group');
      if (n.kind === 'stage') cls.push('stage-summary');
      if (n.group !== undefined && n.kind === 'job') cls.push('instance');
      if (!n.inPipeline) cls.push('excluded');
      if (n.trigger) cls.push('trigger');
      return cls.join(' ');
    })
    .attr('data-node', (n) => n.id)
    .attr('data-job', (n) => nodeJobName(n) ?? null)
    .attr('data-instances', (n) => (n.kind === 'group' || n.kind === 'stage' ? n.jobs.length : null))
    .attr('data-stage-card', (n) => (n.kind === 'stage' ? n.stage : null))
    .attr('data-vscode-context', (n) => {
      const name = nodeJobName(n);
      return name === undefined
        ? JSON.stringify({
            webviewSection: n.kind === 'stage' ? 'stage' : 'external',
            preventDefaultContextMenuItems: true,
          })
        : JSON.stringify({ webviewSection: 'job', jobName: name, preventDefaultContextMenuItems: true });
    })
    .attr('data-aria-base', (n) => {
      const c = counts(n);
      return nodeAriaLabel(n, c.sources, c.consumers, c.conflicts, c.findings);
    })
    .attr('aria-label', function () {
      return this.getAttribute('data-aria-base');
    })
    .attr('transform', (n) => `translate(${n.x},${n.y})`)
    .call((g) => {
      // Path conflicts are visible without hovering: a warning triangle on the card's top-right corner.
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
          const n = select<SVGGElement, LayoutNode>(this.parentNode as SVGGElement).datum();
          return `translate(${n.width - 16},0)`;
        })
        .attr('aria-label', (c) => conflictLabel(c))
        .attr('data-conflicts', (c) => c)
        .call((m) => m.select('title').text((c) => conflictLabel(c)));
      // Diagnostics naming the job (errors before warnings): a round marker left of the conflict marker.
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
          const n = select<SVGGElement, LayoutNode>(this.parentNode as SVGGElement).datum();
          return `translate(${n.width - 34},0)`;
        })
        .attr('aria-label', (f) => findingsLabel(f))
        .attr('data-findings', (f) => (f.errors > 0 ? 'error' : 'warning'))
        .attr('data-count', (f) => f.errors + f.warnings)
        .call((m) => {
          m.select('title').text((f) => findingsLabel(f));
          m.select('text').text((f) => (f.errors > 0 ? '✕' : '!'));
        });
      g.select('title').text((n) =>
        n.inPipeline ? n.label : `${n.label}: excluded: ${n.excludedReason ?? 'not in this pipeline'}`,
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
          n.kind === 'group' || n.kind === 'stage'
            ? `⊞ ${n.jobs.length}`
            : n.group !== undefined
              ? '⊟'
              : n.trigger
                ? '↳'
                : '',
        );
    });
}

/**
 * A dependency that delivers nothing (see findings.ts), for the hover overlay: a dashed arrow with a cross in its
 * middle, carrying the same data-from/data-to as an ordinary edge so the arrow checks can read it.
 */
export function brokenEdgeElement(b: BrokenEdge): SVGGElement {
  const g = svgEl('g', { class: 'edge broken', 'data-broken-edge': b.id, 'data-from': b.from, 'data-to': b.to });
  const d = edgePath({
    id: b.id,
    from: b.from,
    to: b.to,
    files: false,
    dotenv: false,
    items: [],
    points: b.points,
    sameColumn: b.sameColumn,
  });
  g.append(svgEl('path', { class: 'edge-line', d, 'marker-end': 'url(#arrow-broken)' }));
  const a = b.points[0];
  const z = b.points[b.points.length - 1];
  if (a && z) {
    const mx = b.sameColumn ? Math.max(a.x, z.x) + 24 : (a.x + z.x) / 2;
    const my = (a.y + z.y) / 2;
    g.append(
      svgEl('path', {
        class: 'broken-cross',
        d: `M${mx - 5},${my - 5} L${mx + 5},${my + 5} M${mx + 5},${my - 5} L${mx - 5},${my + 5}`,
      }),
    );
  }
  const title = svgEl('title');
  title.textContent = b.items.map((m) => `${m.job}: ${m.reason}`).join('\n');
  g.append(title);
  return g;
}

/**
 * Puts the pipeline's job statuses on the drawn cards: a badge on the card's top-left corner (glyph + theme colour,
 * labelled for screen readers) and the status in the node's aria-label. Touches only the badges, never the layout,
 * so it runs on every status update without re-rendering the graph.
 */
export function renderStatuses(roots: RenderRoots, statusOf: (n: LayoutNode) => NodeStatus | undefined): void {
  select(roots.nodes)
    .selectAll<SVGGElement, LayoutNode>('g.node')
    .each(function (n) {
      const s = n.kind === 'external' ? undefined : statusOf(n);
      const base = this.getAttribute('data-aria-base') ?? '';
      this.setAttribute('aria-label', s ? `${base}, ${statusLabel(s)}` : base);
      if (s) this.setAttribute('data-status', s.status);
      else this.removeAttribute('data-status');
      select(this)
        .selectAll<SVGGElement, NodeStatus>('g.status')
        .data(s ? [s] : [])
        .join((enter) => {
          const b = enter.append('g').attr('role', 'img');
          b.append('title');
          b.append('circle').attr('r', 7);
          b.append('text').attr('class', 'status-glyph').attr('y', 3.5);
          return b;
        })
        .attr('class', (d) => `status status-${d.kind}`)
        .attr('data-status', (d) => d.status)
        .attr('aria-label', (d) => statusLabel(d))
        .call((b) => {
          b.select('title').text((d) => statusLabel(d));
          b.select('text').text((d) => statusGlyph(d.kind));
        });
    });
}
