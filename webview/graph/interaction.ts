// Zoom/pan, fit-to-view, hover highlighting and search marks. Highlighting touches only the lit elements plus one
// class on the root, so hovering costs O(neighbourhood), not O(graph).
import { select } from 'd3-selection';
import { zoom, zoomIdentity } from 'd3-zoom';
import type { ZoomBehavior, ZoomTransform } from 'd3-zoom';
import type { GraphLayout } from './layout';

export interface Transform { x: number; y: number; k: number }

export function installZoom(svg: SVGSVGElement, viewport: SVGGElement, onChange: (t: Transform) => void): ZoomBehavior<SVGSVGElement, unknown> {
  const behavior = zoom<SVGSVGElement, unknown>()
    .scaleExtent([0.03, 4])
    // Keyboard users zoom with the toolbar; the wheel zooms, drag pans, double-click does not zoom.
    .filter((event: Event) => (event.type === 'wheel' || (event as MouseEvent).button === 0) && event.type !== 'dblclick')
    .on('zoom', (event: { transform: ZoomTransform }) => {
      viewport.setAttribute('transform', event.transform.toString());
      onChange({ x: event.transform.x, y: event.transform.y, k: event.transform.k });
    });
  select(svg).call(behavior).on('dblclick.zoom', null);
  return behavior;
}

export function setTransform(svg: SVGSVGElement, behavior: ZoomBehavior<SVGSVGElement, unknown>, t: Transform): void {
  select(svg).call((s) => behavior.transform(s, zoomIdentity.translate(t.x, t.y).scale(t.k)));
}

/** The transform that shows the whole layout in a `width`×`height` viewport (never zooming in past 1). */
export function fitTransform(layout: GraphLayout, width: number, height: number): Transform {
  if (layout.width <= 0 || layout.height <= 0 || width <= 0 || height <= 0) return { x: 0, y: 0, k: 1 };
  const k = Math.max(0.03, Math.min(1, (width - 20) / layout.width, (height - 20) / layout.height));
  return { x: (width - layout.width * k) / 2, y: Math.max(0, (height - layout.height * k) / 2), k };
}

/** The transform that centres a point, keeping the scale. */
export function centerOn(x: number, y: number, k: number, width: number, height: number): Transform {
  return { x: width / 2 - x * k, y: height / 2 - y * k, k };
}

export class Highlighter {
  private lit: Element[] = [];

  constructor(private readonly svg: SVGSVGElement) {}

  show(nodeIds: Iterable<string>, edgeIds: Iterable<string>, roles: { sources: Set<string>; consumers: Set<string>; focus: string | null }): void {
    this.clear();
    for (const id of nodeIds) {
      const el = this.node(id);
      if (!el) continue;
      el.classList.add('lit');
      if (roles.sources.has(id)) el.classList.add('lit-source');
      if (roles.consumers.has(id)) el.classList.add('lit-consumer');
      if (roles.focus === id) el.classList.add('lit-focus');
      this.lit.push(el);
    }
    for (const id of edgeIds) {
      const el = this.svg.querySelector(`g.edge[data-edge="${CSS.escape(id)}"]`);
      if (!el) continue;
      el.classList.add('lit');
      this.lit.push(el);
    }
    this.svg.classList.add('hovering');
  }

  clear(): void {
    for (const el of this.lit) el.classList.remove('lit', 'lit-source', 'lit-consumer', 'lit-focus');
    this.lit = [];
    this.svg.classList.remove('hovering');
  }

  node(id: string): SVGGElement | null {
    return this.svg.querySelector<SVGGElement>(`g.node[data-node="${CSS.escape(id)}"]`);
  }
}

export function markSearch(svg: SVGSVGElement, matches: Set<string>, active: boolean): void {
  for (const el of svg.querySelectorAll<SVGGElement>('g.node.match')) el.classList.remove('match');
  for (const id of matches) svg.querySelector(`g.node[data-node="${CSS.escape(id)}"]`)?.classList.add('match');
  svg.classList.toggle('searching', active);
}
