// Coordinate assignment for a fixed row order (part of the placement phase): each card, and each long arrow's
// waypoint, moves toward the mean height of its neighbours in the adjacent columns, as close as the order and the
// gaps allow. For one column this is an isotonic regression (pool adjacent violators), which finds the
// least-squares placement exactly. A few sweeps left to right and back straighten the arrows instead of stacking
// every column from the top (bench/layoutCompare.bench.ts measures the arrow length).
import type { LayoutNode, Links, Metrics } from './layoutTypes';

export interface StraightenInput {
  order: readonly string[][];
  cards: ReadonlyMap<string, LayoutNode>;
  /** The stacked placement to start from. */
  cardAt: ReadonlyMap<string, { y: number }>;
  dummyY: ReadonlyMap<string, number>;
  links: Links;
  metrics: Metrics;
}

/** Id (card or dummy) → the height of its centre. */
export function straighten(input: StraightenInput): Map<string, number> {
  const { order, cards, links } = input;
  const m = input.metrics;
  const top = m.margin + m.headerHeight;
  const half = (id: string): number => (cards.get(id)?.height ?? 0) / 2;
  const center = new Map<string, number>();
  for (const ids of order) {
    for (const id of ids) {
      const n = cards.get(id);
      const at = input.cardAt.get(id);
      center.set(id, n && at ? at.y + n.height / 2 : (input.dummyY.get(id) ?? top));
    }
  }
  const gapBetween = (a: string, b: string): number => {
    const na = cards.has(a);
    const nb = cards.has(b);
    return half(a) + half(b) + (na && nb ? m.rowGap : na || nb ? m.rowGap / 2 : 4);
  };
  const place = (ids: readonly string[], neighbours: Map<string, string[]>[]): void => {
    if (ids.length === 0) return;
    // z_i = desired_i - offset_i must be non-decreasing; blocks of violators are pooled to their mean.
    const offset: number[] = [];
    let o = 0;
    ids.forEach((id, i) => {
      if (i > 0) o += gapBetween(ids[i - 1]!, id);
      offset.push(o);
    });
    const blocks: { sum: number; count: number }[] = [];
    ids.forEach((id, i) => {
      const desired = meanOf(neighbours, id, center) ?? center.get(id)!;
      blocks.push({ sum: desired - offset[i]!, count: 1 });
      while (
        blocks.length > 1 &&
        blocks[blocks.length - 2]!.sum / blocks[blocks.length - 2]!.count >
          blocks[blocks.length - 1]!.sum / blocks[blocks.length - 1]!.count
      ) {
        const last = blocks.pop()!;
        const prev = blocks[blocks.length - 1]!;
        prev.sum += last.sum;
        prev.count += last.count;
      }
    });
    const first = top + half(ids[0]!);
    let i = 0;
    for (const b of blocks) {
      const z = Math.max(first, b.sum / b.count);
      for (let k = 0; k < b.count; k++, i++) center.set(ids[i]!, z + offset[i]!);
    }
  };
  // Big graphs get one sweep each way: most of the gain, a third of the time (bench/webviewRender: 5,000 jobs).
  const sweeps = center.size > 8000 ? 1 : 3;
  for (let sweep = 0; sweep < sweeps; sweep++) {
    for (let c = 1; c < order.length; c++) place(order[c]!, [links.up]);
    for (let c = order.length - 2; c >= 0; c--) place(order[c]!, [links.down]);
  }
  for (let c = 0; c < order.length; c++) place(order[c]!, [links.up, links.down]);
  return center;
}

/** The mean centre of an item's neighbours in the given directions; undefined when it has none. */
function meanOf(
  neighbours: Map<string, string[]>[],
  id: string,
  center: ReadonlyMap<string, number>,
): number | undefined {
  let sum = 0;
  let count = 0;
  for (const map of neighbours) {
    for (const nb of map.get(id) ?? []) {
      const c = center.get(nb);
      if (c !== undefined) {
        sum += c;
        count++;
      }
    }
  }
  return count > 0 ? sum / count : undefined;
}
