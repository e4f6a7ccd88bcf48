// Draws a computed layout with keyed d3 joins, so a re-posted model keeps element identity (and with it focus,
// zoom and selection). All text is set with `.text()`; nothing is parsed as HTML.
import { select } from 'd3-selection';
import type { Selection } from 'd3-selection';
import { curveBumpX, line } from 'd3-shape';
import type { GraphLayout, LayoutColumn, LayoutEdge, LayoutNode, Point } from './layoutTypes';
import type { BrokenEdge } from './findings';
import { columnLabel } from './columnLabel';
import { statusGlyph, statusLabel } from './status';
import { svgEl } from '../dom';
import type { NodeStatus } from './status';
import { renderNodes } from './renderNodes';
import type { NodeFacts } from './renderNodes';

// The cards live in renderNodes.ts; their names and facts are re-exported here, where the scene looks for them.
export { nodeAriaLabel, nodeJobName } from './renderNodes';
export type { NodeFacts } from './renderNodes';

type G<Datum> = Selection<SVGGElement, Datum, null, undefined>;

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
  if (e.triggers) return 'triggers';
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
  for (const kind of ['files', 'dotenv', 'both', 'empty', 'broken', 'triggers']) {
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
        .text((c) => (c.kind === 'stage' ? `${c.collapsed ? '▸' : '▾'} ${c.label}` : columnLabel(c)));
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
