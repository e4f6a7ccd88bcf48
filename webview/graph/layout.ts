// Pure graph layout for the pipeline panel: no DOM, no d3-selection, deterministic for a given model and options.
// A pipeline of phases, each a pure function in its own file (the order of d3-dag's Sugiyama layout):
//   cards (layoutNodes) → arrows (layoutEdges) → columns (layoutColumns) → row order (layoutOrder)
//   → coordinates (layoutPlace) → routes (layoutRoute).
// Downstream pipelines (layoutDownstream) add their nodes after the cards and their frames' contents after the routes.
import type { FlowModel } from '../../src/ci/model';
import { layoutColumns } from './layoutColumns';
import { composeDownstream, downstreamCards } from './layoutDownstream';
import { layoutEdges } from './layoutEdges';
import { layoutNodes } from './layoutNodes';
import { layoutOrder } from './layoutOrder';
import { layoutPlace } from './layoutPlace';
import { layoutRoute } from './layoutRoute';
import { defaultMetrics } from './layoutTypes';
import type { GraphLayout, LayoutColumn, LayoutNode, LayoutOptions, Metrics } from './layoutTypes';

export function layoutModel(model: FlowModel, options: LayoutOptions): GraphLayout {
  const m: Metrics = { ...defaultMetrics, ...options.metrics };
  const collapsedStages = new Set(options.collapsedStages ?? []);
  const cards = layoutNodes(model, { expanded: new Set(options.expanded ?? []), collapsedStages }, m);
  const arrows = layoutEdges(model, cards.nodeOfJob, options.showEmptySources === true, m);
  const ds = downstreamCards({ model, nodeOfJob: cards.nodeOfJob, options, metrics: m, layoutChild: layoutModel });
  const { columns, columnOf } = layoutColumns({
    model,
    cards: cards.nodes,
    edges: arrows.edges,
    nodeOfJob: cards.nodeOfJob,
    mode: options.mode,
    collapsedStages,
    hasExternals: arrows.externals.length > 0,
    columnWidth: m.nodeWidth,
  });
  addDownstreamColumn(columns, columnOf, ds.nodes);
  const all = [...cards.nodes, ...arrows.externals, ...ds.nodes].map((n) => ({
    ...n,
    column: columnOf.get(n.id) ?? 0,
  }));
  const rank = new Map([...cards.firstIndex, ...ds.rank]);
  arrows.externals.forEach((n, i) => rank.set(n.id, i - arrows.externals.length)); // external cards first, by id
  const ordered = [...arrows.edges, ...ds.edges];
  const ordering = layoutOrder({
    nodes: all,
    edges: ordered,
    columnCount: columns.length,
    rank,
    sweeps: options.sweeps ?? 4,
    maxDummies: options.maxDummies ?? 60_000,
  });
  const byId = new Map(all.map((n) => [n.id, n] as const));
  const placed = layoutPlace({
    order: ordering.order,
    cards: byId,
    columns,
    links: ordering.links,
    metrics: m,
    straighten: options.straighten !== false,
  });
  const nodes: LayoutNode[] = [];
  for (const ids of ordering.order) {
    for (const id of ids) {
      const n = byId.get(id);
      const at = placed.cardAt.get(id);
      if (n && at) nodes.push({ ...n, order: at.order, x: at.x, y: at.y });
    }
  }
  const nodeById = new Map(nodes.map((n) => [n.id, n] as const));
  const routed = layoutRoute({
    edges: ordered,
    nodes: nodeById,
    columns: placed.columns,
    dummyY: placed.dummyY,
    metrics: m,
  });
  const composed = composeDownstream(nodes, routed, ds);
  const edges = composed.edges.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const count = placed.columns.length;
  let width = count === 0 ? 2 * m.margin : m.margin * 2 + count * m.nodeWidth + (count - 1) * m.columnGap;
  let height = Math.max(placed.bottom + m.margin, 2 * m.margin + m.headerHeight);
  for (const n of ds.nodes.length > 0 ? composed.nodes : []) {
    width = Math.max(width, n.x + n.width + m.margin); // an expanded frame is wider and taller than a card
    height = Math.max(height, n.y + n.height + m.margin);
  }
  return {
    mode: options.mode,
    nodes: composed.nodes,
    edges,
    columns: placed.columns,
    width,
    height,
    nodeOfJob: cards.nodeOfJob,
    crossings: ordering.crossings,
  };
}

/** Downstream pipelines get the last column, as wide as its widest frame. */
function addDownstreamColumn(
  columns: LayoutColumn[],
  columnOf: Map<string, number>,
  nodes: readonly LayoutNode[],
): void {
  if (nodes.length === 0) return;
  const index = columns.length;
  const width = Math.max(...nodes.map((n) => n.width));
  columns.push({ index, kind: 'downstream', label: 'Downstream', x: 0, width });
  for (const n of nodes) columnOf.set(n.id, index);
}
