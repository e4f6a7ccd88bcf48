// What a big graph draws: only the cards and arrows near the view (and a few it must keep), so a 5,000-job pipeline
// costs the DOM a few hundred elements instead of tens of thousands. Pure: boxes and rectangles, no DOM.
import type { GraphLayout, LayoutEdge, LayoutNode } from './layoutTypes';

/** Layouts with more cards and arrows than this are drawn near the view only; smaller ones are drawn whole. */
export const DRAW_ALL_UP_TO = 1500;

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** How far a same-column arc bulges right of its cards (see edgePath in render.ts). */
const ARC_BULGE = 90;

/** Each card's box and each arrow's boxes (one per stretch between two consecutive route points). */
export interface LayoutIndex {
  layout: GraphLayout;
  edgeBoxes: Rect[][];
}

export function indexLayout(layout: GraphLayout): LayoutIndex {
  const edgeBoxes = layout.edges.map((e) => {
    if (e.sameColumn) {
      const [a, b] = [e.points[0], e.points[e.points.length - 1]];
      if (!a || !b) return [];
      return [
        { x0: Math.min(a.x, b.x), y0: Math.min(a.y, b.y), x1: Math.max(a.x, b.x) + ARC_BULGE, y1: Math.max(a.y, b.y) },
      ];
    }
    // Between two points the curve (d3's curveBumpX) stays inside their bounding box.
    const boxes: Rect[] = [];
    for (let i = 0; i + 1 < e.points.length; i++) {
      const p = e.points[i]!;
      const q = e.points[i + 1]!;
      boxes.push({ x0: Math.min(p.x, q.x), y0: Math.min(p.y, q.y), x1: Math.max(p.x, q.x), y1: Math.max(p.y, q.y) });
    }
    return boxes;
  });
  return { layout, edgeBoxes };
}

function meets(a: Rect, b: Rect): boolean {
  return a.x0 <= b.x1 && b.x0 <= a.x1 && a.y0 <= b.y1 && b.y0 <= a.y1;
}

function nodeBox(n: LayoutNode): Rect {
  return { x0: n.x, y0: n.y, x1: n.x + n.width, y1: n.y + n.height };
}

/** The part of the layout a view shows, `pad` view sizes wider on every side. */
export function viewRect(
  t: { x: number; y: number; k: number },
  view: { width: number; height: number },
  pad: number,
): Rect {
  const w = view.width / t.k;
  const h = view.height / t.k;
  const x0 = -t.x / t.k;
  const y0 = -t.y / t.k;
  return { x0: x0 - pad * w, y0: y0 - pad * h, x1: x0 + w + pad * w, y1: y0 + h + pad * h };
}

/** `inner` lies inside `outer`. */
export function covers(outer: Rect, inner: Rect): boolean {
  return outer.x0 <= inner.x0 && outer.y0 <= inner.y0 && inner.x1 <= outer.x1 && inner.y1 <= outer.y1;
}

/**
 * The cards and arrows to draw for `rect`, in layout order: every card and arrow that meets it, and the `pinned`
 * cards (selection, keyboard focus, focus targets) wherever they are. An arrow may leave `rect` for a card that is
 * not drawn: drawing the far cards of every long arrow crossing the middle of a big graph would draw thousands.
 */
export function visibleParts(
  index: LayoutIndex,
  rect: Rect,
  pinned: ReadonlySet<string>,
): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
  const { layout, edgeBoxes } = index;
  const edges = layout.edges.filter((_, i) => edgeBoxes[i]!.some((b) => meets(b, rect)));
  const nodes = layout.nodes.filter((n) => pinned.has(n.id) || meets(nodeBox(n), rect));
  return { nodes, edges };
}
