// Draws a computed layout with keyed d3 joins, so a re-posted model keeps element identity (and with it focus,
// zoom and selection). All text is set with `.text()`; nothing is parsed as HTML.
import { select } from 'd3-selection';
import type { Selection } from 'd3-selection';
import { curveBumpX, line } from 'd3-shape';
import type { GraphLayout, LayoutColumn, LayoutEdge, LayoutNode, Point } from './layout';

type G<Datum> = Selection<SVGGElement, Datum, null, undefined>;

const maxLabel = 26;

export function truncate(s: string, max = maxLabel): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** The name a node stands for in messages and menus: the job, or the group of a collapsed group. */
export function nodeJobName(n: LayoutNode): string | undefined {
  if (n.kind === 'external') return undefined;
  return n.kind === 'group' ? n.group ?? n.label : n.jobs[0];
}

export function nodeAriaLabel(n: LayoutNode, sources: number, consumers: number): string {
  if (n.kind === 'external') return `External source ${n.label}`;
  const what = n.kind === 'group' ? `Group ${n.label} with ${n.groupSize ?? n.jobs.length} instances` : `Job ${n.label}`;
  const status = n.inPipeline ? '' : `, excluded: ${n.excludedReason ?? 'not in this pipeline'}`;
  return `${what}, stage ${n.stage}${status}, ${sources} artifact sources, ${consumers} consumers`;
}

const route = line<Point>().x((p) => p.x).y((p) => p.y).curve(curveBumpX);

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
  for (const kind of ['files', 'dotenv', 'both', 'empty']) {
    defs.append('marker').attr('id', `arrow-${kind}`).attr('class', `arrow ${kind}`).attr('viewBox', '0 0 10 10')
      .attr('refX', 9).attr('refY', 5).attr('markerWidth', 7).attr('markerHeight', 7).attr('orient', 'auto-start-reverse')
      .append('path').attr('d', 'M0,0 L10,5 L0,10 z');
  }
}

export function renderLayout(roots: RenderRoots, layout: GraphLayout, counts: (n: LayoutNode) => { sources: number; consumers: number }): void {
  renderColumns(select(roots.columns), layout);
  renderEdges(select(roots.edges), layout.edges);
  renderNodes(select(roots.nodes), layout.nodes, counts);
}

function renderColumns(root: G<unknown>, layout: GraphLayout): void {
  root.selectAll<SVGGElement, LayoutColumn>('g.column')
    .data(layout.columns, (c) => `${c.kind}:${c.label}`)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'column');
      g.append('rect').attr('class', 'column-bg');
      g.append('text').attr('class', 'column-label');
      return g;
    })
    .attr('data-stage', (c) => c.label)
    .attr('transform', (c) => `translate(${c.x},0)`)
    .call((g) => {
      g.select('rect').attr('x', -8).attr('y', 8).attr('width', (c) => c.width + 16).attr('height', Math.max(0, layout.height - 8)).attr('rx', 6);
      g.select('text').attr('x', 4).attr('y', 36).text((c) => (c.kind === 'stage' ? c.label : c.label));
    });
}

function renderEdges(root: G<unknown>, edges: LayoutEdge[]): void {
  root.selectAll<SVGGElement, LayoutEdge>('g.edge')
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
      g.selectAll<SVGPathElement, LayoutEdge>('path').attr('d', edgePath);
      g.select('path.edge-line').attr('marker-end', (e) => `url(#arrow-${edgeClass(e)})`);
    });
}

function renderNodes(root: G<unknown>, nodes: LayoutNode[], counts: (n: LayoutNode) => { sources: number; consumers: number }): void {
  root.selectAll<SVGGElement, LayoutNode>('g.node')
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
      if (n.group !== undefined && n.kind === 'job') cls.push('instance');
      if (!n.inPipeline) cls.push('excluded');
      if (n.trigger) cls.push('trigger');
      return cls.join(' ');
    })
    .attr('data-node', (n) => n.id)
    .attr('data-job', (n) => nodeJobName(n) ?? null)
    .attr('data-instances', (n) => (n.kind === 'group' ? n.jobs.length : null))
    .attr('data-vscode-context', (n) => {
      const name = nodeJobName(n);
      return name === undefined ? JSON.stringify({ webviewSection: 'external', preventDefaultContextMenuItems: true })
        : JSON.stringify({ webviewSection: 'job', jobName: name, preventDefaultContextMenuItems: true });
    })
    .attr('aria-label', (n) => { const c = counts(n); return nodeAriaLabel(n, c.sources, c.consumers); })
    .attr('transform', (n) => `translate(${n.x},${n.y})`)
    .call((g) => {
      g.select('title').text((n) => (n.inPipeline ? n.label : `${n.label}: excluded: ${n.excludedReason ?? 'not in this pipeline'}`));
      g.select('rect.card').attr('width', (n) => n.width).attr('height', (n) => n.height);
      g.select('text.label').attr('y', (n) => (n.kind === 'external' || !n.inPipeline ? 14 : 21)).text((n) => truncate(n.label, n.kind === 'group' || n.group !== undefined || n.trigger ? maxLabel - 5 : maxLabel));
      g.select('text.meta').attr('y', 28).text((n) => (n.kind === 'external' ? (n.external?.scope === 'parent' ? 'parent pipeline' : `project ${n.external?.ref ? `@ ${n.external.ref}` : ''}`) : n.inPipeline ? '' : 'excluded'));
      g.select('text.badge').attr('x', (n) => n.width - 8).attr('y', 21)
        .text((n) => (n.kind === 'group' ? `⊞ ${n.jobs.length}` : n.group !== undefined ? '⊟' : n.trigger ? '↳' : ''));
    });
}
