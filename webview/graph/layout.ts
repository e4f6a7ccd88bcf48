// Pure graph layout for the pipeline panel: no DOM, no d3-selection, deterministic for a given model and options.
// A pipeline of phases, each a pure function in its own file (the order of d3-dag's Sugiyama layout):
//   cards (layoutNodes) → arrows (layoutEdges) → columns (layoutColumns) → row order (layoutOrder)
//   → coordinates (layoutPlace) → routes (layoutRoute).
import type { FlowModel } from '../../src/ci/model';
import { layoutColumns } from './layoutColumns';
import { layoutEdges } from './layoutEdges';
import { layoutNodes } from './layoutNodes';
import { layoutOrder } from './layoutOrder';
import { layoutPlace } from './layoutPlace';
import { layoutRoute } from './layoutRoute';
import { defaultMetrics } from './layoutTypes';
import type { GraphLayout, LayoutNode, LayoutOptions, Metrics } from './layoutTypes';

export function layoutModel(model: FlowModel, options: LayoutOptions): GraphLayout {
  const m: Metrics = { ...defaultMetrics, ...options.metrics };
  const collapsedStages = new Set(options.collapsedStages ?? []);
  const cards = layoutNodes(model, { expanded: new Set(options.expanded ?? []), collapsedStages }, m);
  const arrows = layoutEdges(model, cards.nodeOfJob, options.showEmptySources === true, m);
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
  const all = [...cards.nodes, ...arrows.externals].map((n) => ({ ...n, column: columnOf.get(n.id) ?? 0 }));
  const rank = new Map(cards.firstIndex);
  arrows.externals.forEach((n, i) => rank.set(n.id, i - arrows.externals.length)); // external cards first, by id
  const ordering = layoutOrder({
    nodes: all,
    edges: arrows.edges,
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
  const edges = layoutRoute({
    edges: arrows.edges,
    nodes: nodeById,
    columns: placed.columns,
    dummyY: placed.dummyY,
    metrics: m,
  });
  edges.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const count = placed.columns.length;
  const width = count === 0 ? 2 * m.margin : m.margin * 2 + count * m.nodeWidth + (count - 1) * m.columnGap;
  const height = Math.max(placed.bottom + m.margin, 2 * m.margin + m.headerHeight);
  return {
    mode: options.mode,
    nodes,
    edges,
    columns: placed.columns,
    width,
    height,
    nodeOfJob: cards.nodeOfJob,
    crossings: ordering.crossings,
  };
}
