// For big pipelines, which the panel draws near the view only: what the view shows (read from the page) and what a
// layout must therefore have drawn there — every card that meets the view, and every arrow whose two cards do.
import type { Page } from 'playwright-core';
import type { GraphLayout } from '../../webview/graph/layoutTypes';

export interface ViewBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The part of the layout on screen, from the viewport's transform and the graph's size. */
export async function viewBox(page: Page): Promise<ViewBox> {
  const r = await page.evaluate(() => {
    interface E {
      getAttribute(n: string): string | null;
      clientWidth: number;
      clientHeight: number;
    }
    const d = (globalThis as unknown as { document: { querySelector(s: string): E | null } }).document;
    return {
      transform: d.querySelector('svg.graph g.viewport')?.getAttribute('transform') ?? '',
      width: d.querySelector('svg.graph')?.clientWidth ?? 0,
      height: d.querySelector('svg.graph')?.clientHeight ?? 0,
    };
  });
  const m = /translate\(\s*(-?[\d.e+-]+)[ ,]+(-?[\d.e+-]+)\s*\)\s*scale\(\s*([\d.e+-]+)\s*\)/.exec(r.transform);
  if (!m) throw new Error(`no viewport transform: ${r.transform}`);
  const [x, y, k] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return { x0: -x / k, y0: -y / k, x1: (r.width - x) / k, y1: (r.height - y) / k };
}

/** The cards that meet the view, and the arrows between two such cards. */
export function mustBeDrawn(layout: GraphLayout, view: ViewBox): { nodes: string[]; edges: string[] } {
  const meets = (n: GraphLayout['nodes'][number]): boolean =>
    n.x <= view.x1 && n.x + n.width >= view.x0 && n.y <= view.y1 && n.y + n.height >= view.y0;
  const nodes = new Set(layout.nodes.filter(meets).map((n) => n.id));
  return {
    nodes: [...nodes],
    edges: layout.edges.filter((e) => nodes.has(e.from) && nodes.has(e.to)).map((e) => e.id),
  };
}
