// Layout phase 6, routes: each edge leaves its producer's right side and enters its consumer's left side; a long
// edge passes each column it crosses at its dummy node's height, entering and leaving a quarter gap either side.
// An edge between two cards of one column is an arc on their right side (the renderer bends it).
import { dummyId } from './layoutTypes';
import type { LayoutColumn, LayoutEdge, LayoutNode, Metrics, Point } from './layoutTypes';

export interface RouteInput {
  edges: readonly LayoutEdge[];
  /** Placed cards by id. */
  nodes: ReadonlyMap<string, LayoutNode>;
  columns: readonly LayoutColumn[];
  dummyY: ReadonlyMap<string, number>;
  metrics: Metrics;
}

/** New edges with their `points` and `sameColumn`; an edge with a missing end is returned as it was. */
export function layoutRoute(input: RouteInput): LayoutEdge[] {
  return input.edges.map((e) => {
    const a = input.nodes.get(e.from);
    const b = input.nodes.get(e.to);
    if (!a || !b) return e;
    const ay = a.y + a.height / 2;
    const by = b.y + b.height / 2;
    if (a.column === b.column) {
      return {
        ...e,
        points: [
          { x: a.x + a.width, y: ay },
          { x: b.x + b.width, y: by },
        ],
        sameColumn: true,
      };
    }
    const points: Point[] = [{ x: a.x + a.width, y: ay }];
    for (let c = a.column + 1; c < b.column; c++) {
      const y = input.dummyY.get(dummyId(e.id, c));
      const col = input.columns[c];
      if (y === undefined || !col) continue;
      points.push(
        { x: col.x - input.metrics.columnGap / 4, y },
        { x: col.x + col.width + input.metrics.columnGap / 4, y },
      );
    }
    points.push({ x: b.x, y: by });
    return { ...e, points, sameColumn: false };
  });
}
