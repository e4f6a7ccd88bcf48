// Layout phase 5, coordinates: columns side by side, rows stacked in their order, long edges' waypoints in the gaps
// between rows, then (unless turned off) every card and waypoint moved toward its neighbours' height.
import { straighten } from './layoutStraighten';
import type { LayoutColumn, LayoutNode, Links, Metrics } from './layoutTypes';

export interface PlaceInput {
  /** From the ordering phase: per column, card and dummy ids top to bottom. */
  order: readonly string[][];
  /** Every card by id (its size is read; its position is not). */
  cards: ReadonlyMap<string, LayoutNode>;
  columns: readonly LayoutColumn[];
  links: Links;
  metrics: Metrics;
  straighten: boolean;
}

export interface Placement {
  /** The columns with their `x`. */
  columns: LayoutColumn[];
  /** Card id → its top-left corner and its row among the column's cards. */
  cardAt: Map<string, { x: number; y: number; order: number }>;
  /** Dummy id → the height a long edge crosses that column at. */
  dummyY: Map<string, number>;
  /** The bottom of the lowest card. */
  bottom: number;
}

export function layoutPlace(input: PlaceInput): Placement {
  const m = input.metrics;
  const columns = input.columns.map((c) => ({ ...c, x: m.margin + c.index * (m.nodeWidth + m.columnGap) }));
  const cardAt = new Map<string, { x: number; y: number; order: number }>();
  let bottom = 0;
  for (const col of columns) {
    let row = 0;
    let y = m.margin + m.headerHeight;
    for (const id of input.order[col.index] ?? []) {
      const card = input.cards.get(id);
      if (!card) continue;
      cardAt.set(id, { x: col.x, y, order: row });
      bottom = Math.max(bottom, y + card.height);
      y += card.height + m.rowGap; // cards are nodeHeight tall, except an expanded downstream frame
      row++;
    }
  }
  const dummyY = placeDummies(input.order, input.cards, cardAt, m);
  if (!input.straighten) return { columns, cardAt, dummyY, bottom };
  const centre = straighten({ order: input.order, cards: input.cards, cardAt, dummyY, links: input.links, metrics: m });
  bottom = 0;
  for (const [id, c] of centre) {
    const card = input.cards.get(id);
    const at = cardAt.get(id);
    if (card && at) {
      at.y = Math.round(c - card.height / 2);
      bottom = Math.max(bottom, at.y + card.height);
    } else if (!card) {
      dummyY.set(id, Math.round(c));
    }
  }
  return { columns, cardAt, dummyY, bottom };
}

/**
 * Gives each dummy node a y in the gap between the rows it was ordered between (spread out when several share a
 * gap), so long edges run between cards instead of through them.
 */
function placeDummies(
  order: readonly string[][],
  cards: ReadonlyMap<string, LayoutNode>,
  cardAt: ReadonlyMap<string, { y: number }>,
  m: Metrics,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const ids of order) {
    let gapTop = m.margin + m.headerHeight - m.rowGap; // the gap above the first row
    let pending: string[] = [];
    const flush = (): void => {
      pending.forEach((id, i) => out.set(id, gapTop + (m.rowGap * (i + 1)) / (pending.length + 1)));
      pending = [];
    };
    for (const id of ids) {
      const n = cards.get(id);
      const at = cardAt.get(id);
      if (!n || !at) {
        pending.push(id);
        continue;
      }
      flush();
      gapTop = at.y + n.height;
    }
    flush();
  }
  return out;
}
