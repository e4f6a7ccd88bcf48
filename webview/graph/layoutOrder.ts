// Layout phase 4, row order: barycenter sweeps over the columns, with a dummy node wherever an edge crosses a column
// so long edges take part; the ordering with the fewest crossings seen is kept. Cards with no arrow go below the
// others, and the instances of an expanded group stay one block.
import { countCrossingPairs } from './layoutCrossings';
import { dummyId } from './layoutTypes';
import type { LayoutEdge, LayoutNode, Links } from './layoutTypes';

export interface OrderInput {
  /** Every card, each with its column set. */
  nodes: readonly LayoutNode[];
  /** In the model's order (see layoutEdges). */
  edges: readonly LayoutEdge[];
  columnCount: number;
  /** Card id → starting rank within its column (lower first). */
  rank: ReadonlyMap<string, number>;
  /** Barycenter down+up sweep pairs. */
  sweeps: number;
  /** Above this many dummy nodes, further long edges are linked end to end instead. */
  maxDummies: number;
}

export interface Ordering {
  /** Per column, top to bottom: card ids and dummy ids (`dummyId`). */
  order: string[][];
  /** Crossings of the kept ordering. */
  crossings: number;
  links: Links;
}

interface OrderItem {
  id: string;
  node?: LayoutNode;
  pos: number;
  key: number;
  tie: number;
}

export function layoutOrder(input: OrderInput): Ordering {
  const items = new Map<string, OrderItem>();
  const cols: OrderItem[][] = Array.from({ length: input.columnCount }, () => []);
  // Cards with no arrow at all go below those with arrows: otherwise they sit between producers and consumers and
  // stretch every arrow across them (bench/layoutCompare: mesa by needs, 187k → far shorter arrows).
  const linked = new Set<string>();
  for (const e of input.edges) {
    linked.add(e.from);
    linked.add(e.to);
  }
  const rank = (id: string): number => input.rank.get(id) ?? 0;
  const sorted = [...input.nodes].sort(
    (a, b) => a.column - b.column || Number(!linked.has(a.id)) - Number(!linked.has(b.id)) || rank(a.id) - rank(b.id),
  );
  for (const n of sorted) {
    const it: OrderItem = { id: n.id, node: n, pos: 0, key: 0, tie: 0 };
    items.set(n.id, it);
    cols[n.column]?.push(it);
  }
  const links = linkColumns(input, items, cols);
  // Dummies start next to their producer's row.
  const renumber = (): void => {
    for (const col of cols) {
      col.forEach((it, i) => {
        it.pos = (i + 0.5) / col.length;
      });
    }
  };
  renumber();
  for (let c = 1; c < cols.length; c++) sortBy(cols[c]!, links.up, items);
  renumber();

  const snapshot = (): string[][] => cols.map((col) => col.map((it) => it.id));
  let best = snapshot();
  let bestCrossings = countAll(cols, links.down, items);
  for (let s = 0; s < input.sweeps && bestCrossings > 0; s++) {
    for (let c = 1; c < cols.length; c++) {
      sortBy(cols[c]!, links.up, items);
      renumber();
    }
    for (let c = cols.length - 2; c >= 0; c--) {
      sortBy(cols[c]!, links.down, items);
      renumber();
    }
    const crossings = countAll(cols, links.down, items);
    if (crossings < bestCrossings) {
      bestCrossings = crossings;
      best = snapshot();
    }
  }
  return { order: best.map((ids) => keepGroupsTogether(ids, items)), crossings: bestCrossings, links };
}

/** Segments between adjacent columns; an edge spanning several columns gets a dummy item in each one it crosses. */
function linkColumns(input: OrderInput, items: Map<string, OrderItem>, cols: OrderItem[][]): Links {
  const up = new Map<string, string[]>(); // right → lefts
  const down = new Map<string, string[]>(); // left → rights
  const link = (l: string, r: string): void => {
    (down.get(l) ?? down.set(l, []).get(l)!).push(r);
    (up.get(r) ?? up.set(r, []).get(r)!).push(l);
  };
  const byId = new Map(input.nodes.map((n) => [n.id, n] as const));
  let dummyBudget = input.maxDummies;
  for (const e of input.edges) {
    const a = byId.get(e.from);
    const b = byId.get(e.to);
    if (!a || !b || a.column >= b.column) continue;
    const span = b.column - a.column;
    if (span === 1 || span - 1 > dummyBudget) {
      link(a.id, b.id);
      continue;
    }
    dummyBudget -= span - 1;
    let prev = a.id;
    for (let c = a.column + 1; c < b.column; c++) {
      const id = dummyId(e.id, c);
      const it: OrderItem = { id, pos: 0, key: 0, tie: 0 };
      items.set(id, it);
      cols[c]?.push(it);
      link(prev, id);
      prev = id;
    }
    link(prev, b.id);
  }
  return { up, down };
}

/**
 * The instances of an expanded parallel/matrix group stay one block in their column, where its first instance was
 * ordered: no other job is drawn between them.
 */
function keepGroupsTogether(ids: string[], items: Map<string, OrderItem>): string[] {
  const groupOf = (id: string): string | undefined => {
    const n = items.get(id)?.node;
    return n && n.kind === 'job' ? n.group : undefined;
  };
  const members = new Map<string, string[]>();
  for (const id of ids) {
    const g = groupOf(id);
    if (g !== undefined) (members.get(g) ?? members.set(g, []).get(g)!).push(id);
  }
  if (members.size === 0) return ids;
  const out: string[] = [];
  const done = new Set<string>();
  for (const id of ids) {
    const g = groupOf(id);
    if (g === undefined) {
      out.push(id);
      continue;
    }
    if (done.has(g)) continue;
    done.add(g);
    out.push(...members.get(g)!);
  }
  return out;
}

/** Stable sort of one column by the mean position of its neighbours; items without neighbours keep their place. */
function sortBy(col: OrderItem[], neighbours: Map<string, string[]>, items: Map<string, OrderItem>): void {
  col.forEach((it, i) => {
    const ns = neighbours.get(it.id);
    let sum = 0;
    let count = 0;
    for (const n of ns ?? []) {
      const o = items.get(n);
      if (o) {
        sum += o.pos;
        count++;
      }
    }
    it.key = count > 0 ? sum / count : it.pos;
    it.tie = i;
  });
  col.sort((a, b) => a.key - b.key || a.tie - b.tie);
}

function countAll(cols: OrderItem[][], down: Map<string, string[]>, items: Map<string, OrderItem>): number {
  let total = 0;
  for (let c = 0; c + 1 < cols.length; c++) {
    const pairs: [number, number][] = [];
    const col = cols[c]!;
    for (let i = 0; i < col.length; i++) {
      for (const r of down.get(col[i]!.id) ?? []) {
        const o = items.get(r);
        if (o) pairs.push([i, o.pos]); // pos is monotonic in the row after renumber()
      }
    }
    total += countCrossingPairs(pairs);
  }
  return total;
}
