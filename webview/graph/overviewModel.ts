// The overview of a big graph, pure: at low zoom the cards give way to one block per column (with its job counts)
// and one bundle per pair of columns (with its number of flows). Positions are in layout coordinates.
import { columnLabel } from './columnLabel';
import type { GraphLayout } from './layoutTypes';

export interface OverviewColumn {
  index: number;
  label: string;
  x: number;
  width: number;
  /** From the column's first card to its last. */
  top: number;
  bottom: number;
  cards: number;
  jobs: number;
  excluded: number;
}

export interface OverviewBundle {
  id: string;
  from: number;
  to: number;
  flows: number;
  /** Where the bundle leaves its source column and enters its target column. */
  y1: number;
  y2: number;
}

export interface Overview {
  columns: OverviewColumn[];
  bundles: OverviewBundle[];
}

/** Below this zoom the overview replaces the cards: 12 px text would be under 5 px. */
export const overviewScale = 0.4;

export function overviewOf(layout: GraphLayout): Overview {
  const columns = new Map<number, OverviewColumn>();
  for (const c of layout.columns) {
    columns.set(c.index, {
      index: c.index,
      label: columnLabel(c),
      x: c.x,
      width: c.width,
      top: Infinity,
      bottom: -Infinity,
      cards: 0,
      jobs: 0,
      excluded: 0,
    });
  }
  const columnOf = new Map<string, number>();
  for (const n of layout.nodes) {
    columnOf.set(n.id, n.column);
    const c = columns.get(n.column);
    if (!c) continue;
    c.top = Math.min(c.top, n.y);
    c.bottom = Math.max(c.bottom, n.y + n.height);
    c.cards++;
    // A downstream pipeline's card or frame is not a job (the cards in a frame are counted one by one).
    const jobs = n.kind === 'downstream' ? 0 : Math.max(1, n.jobs.length);
    c.jobs += jobs;
    if (!n.inPipeline) c.excluded += jobs;
  }
  for (const c of columns.values()) {
    if (c.cards === 0) {
      c.top = 0;
      c.bottom = 0;
    }
  }
  const counts = new Map<string, { from: number; to: number; flows: number }>();
  for (const e of layout.edges) {
    const from = columnOf.get(e.from);
    const to = columnOf.get(e.to);
    if (from === undefined || to === undefined || from === to) continue;
    const id = `${from}->${to}`;
    const b = counts.get(id) ?? counts.set(id, { from, to, flows: 0 }).get(id)!;
    b.flows++;
  }
  // Spread each column's bundles along its height, ordered by the column at their other end, so they cross little.
  const list = [...counts.entries()].map(([id, b]) => ({ id, ...b, y1: 0, y2: 0 }));
  const spread = (key: 'from' | 'to', other: 'from' | 'to', y: 'y1' | 'y2'): void => {
    const by = new Map<number, typeof list>();
    for (const b of list) (by.get(b[key]) ?? by.set(b[key], []).get(b[key])!).push(b);
    for (const [col, bs] of by) {
      const c = columns.get(col);
      if (!c) continue;
      bs.sort((a, b) => a[other] - b[other]);
      bs.forEach((b, i) => {
        b[y] = c.top + ((i + 1) * (c.bottom - c.top)) / (bs.length + 1);
      });
    }
  };
  spread('from', 'to', 'y1');
  spread('to', 'from', 'y2');
  return {
    columns: [...columns.values()].sort((a, b) => a.index - b.index),
    bundles: list.sort((a, b) => (a.id < b.id ? -1 : 1)),
  };
}

export interface OverviewCell {
  index: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Places the overview's column blocks in screen space so they fit the view at a readable size: one row when every
 * block can be at least `minWidth` wide, else as many rows as needed (the view scrolls no further: the blocks shrink
 * in height only down to `minHeight`).
 */
export function overviewGrid(
  count: number,
  view: { width: number; height: number },
  o: {
    pad?: number;
    gap?: number;
    rowGap?: number;
    minWidth?: number;
    maxWidth?: number;
    minHeight?: number;
    maxHeight?: number;
  } = {},
): OverviewCell[] {
  const pad = o.pad ?? 16;
  const gap = o.gap ?? 28;
  const rowGap = o.rowGap ?? 24;
  const minWidth = o.minWidth ?? 140;
  const maxWidth = o.maxWidth ?? 200;
  const minHeight = o.minHeight ?? 64;
  const maxHeight = o.maxHeight ?? 150;
  if (count === 0) return [];
  const perRow = Math.max(1, Math.min(count, Math.floor((view.width - 2 * pad + gap) / (minWidth + gap))));
  const width = Math.max(minWidth, Math.min(maxWidth, (view.width - 2 * pad - (perRow - 1) * gap) / perRow));
  const rows = Math.ceil(count / perRow);
  const height = Math.max(minHeight, Math.min(maxHeight, (view.height - 2 * pad - (rows - 1) * rowGap) / rows));
  const rowWidth = perRow * width + (perRow - 1) * gap;
  const left = Math.max(pad, (view.width - rowWidth) / 2);
  return Array.from({ length: count }, (_, i) => ({
    index: i,
    x: left + (i % perRow) * (width + gap),
    y: pad + Math.floor(i / perRow) * (height + rowGap),
    width,
    height,
  }));
}
