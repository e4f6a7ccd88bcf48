// Pure questions about a computed layout: neighbourhoods for hover, search matches and keyboard moves. No DOM, so the
// unit tests cover them in plain Node. (The text alternative, which has words to translate, is textRows.ts.)
import type { GraphLayout, LayoutEdge, LayoutNode } from './layoutTypes';

export interface Adjacency {
  incoming: Map<string, LayoutEdge[]>;
  outgoing: Map<string, LayoutEdge[]>;
  node: Map<string, LayoutNode>;
}

export function adjacency(layout: GraphLayout): Adjacency {
  const incoming = new Map<string, LayoutEdge[]>();
  const outgoing = new Map<string, LayoutEdge[]>();
  for (const e of layout.edges) {
    (incoming.get(e.to) ?? incoming.set(e.to, []).get(e.to)!).push(e);
    (outgoing.get(e.from) ?? outgoing.set(e.from, []).get(e.from)!).push(e);
  }
  return { incoming, outgoing, node: new Map(layout.nodes.map((n) => [n.id, n] as const)) };
}

/** What lights up when a node is hovered: the node, its direct sources and consumers, and the edges between. */
export function highlightSet(
  adj: Adjacency,
  nodeId: string,
): { nodes: Set<string>; edges: Set<string>; sources: Set<string>; consumers: Set<string> } {
  const nodes = new Set([nodeId]);
  const edges = new Set<string>();
  const sources = new Set<string>();
  const consumers = new Set<string>();
  for (const e of adj.incoming.get(nodeId) ?? []) {
    nodes.add(e.from);
    sources.add(e.from);
    edges.add(e.id);
  }
  for (const e of adj.outgoing.get(nodeId) ?? []) {
    nodes.add(e.to);
    consumers.add(e.to);
    edges.add(e.id);
  }
  return { nodes, edges, sources, consumers };
}

/** Nodes whose label or job names contain the query (case-insensitive); empty for an empty query. */
export function searchNodes(layout: GraphLayout, query: string): Set<string> {
  const q = query.trim().toLowerCase();
  const out = new Set<string>();
  if (q === '') return out;
  for (const n of layout.nodes) {
    if (n.label.toLowerCase().includes(q) || n.jobs.some((j) => j.toLowerCase().includes(q))) out.add(n.id);
  }
  return out;
}

export type Direction = 'up' | 'down' | 'left' | 'right';

/**
 * Keyboard move: up/down within the column, left/right to the nearest row of the neighbouring non-empty column. Each
 * pipeline is its own grid: the cards of an expanded downstream frame move among themselves (their `cell`); right
 * from a frame enters it, left from its first column comes back to the frame.
 */
export function move(layout: GraphLayout, fromId: string | null, dir: Direction): string | undefined {
  const from = layout.nodes.find((n) => n.id === fromId);
  if (!from) return layout.nodes[0]?.id;
  const nearest = (list: readonly LayoutNode[]): LayoutNode | undefined => {
    let best = list[0];
    for (const n of list) if (best && Math.abs(n.y - from.y) < Math.abs(best.y - from.y)) best = n;
    return best;
  };
  const inside = dir === 'right' ? layout.nodes.filter((n) => n.pipeline === from.id) : [];
  if (inside.length > 0) {
    const first = Math.min(...inside.map(cellColumn));
    return nearest(inside.filter((n) => cellColumn(n) === first))?.id;
  }
  const byColumn = new Map<number, LayoutNode[]>();
  for (const n of layout.nodes) {
    if (n.pipeline !== from.pipeline) continue;
    const c = cellColumn(n);
    (byColumn.get(c) ?? byColumn.set(c, []).get(c)!).push(n);
  }
  for (const list of byColumn.values()) list.sort((a, b) => (a.cell?.order ?? a.order) - (b.cell?.order ?? b.order));
  const col = byColumn.get(cellColumn(from)) ?? [];
  const i = col.indexOf(from);
  if (dir === 'up') return col[Math.max(0, i - 1)]?.id;
  if (dir === 'down') return col[Math.min(col.length - 1, i + 1)]?.id;
  const columns = [...byColumn.keys()].sort((a, b) => a - b);
  const ci = columns.indexOf(cellColumn(from));
  const target = columns[dir === 'left' ? ci - 1 : ci + 1];
  if (target === undefined) return dir === 'left' && from.pipeline !== undefined ? from.pipeline : from.id;
  return nearest(byColumn.get(target) ?? [])?.id ?? from.id;
}

/** A card's column in its own pipeline's grid. */
function cellColumn(n: LayoutNode): number {
  return n.cell?.column ?? n.column;
}
