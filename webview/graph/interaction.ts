// Zoom/pan, fit-to-view, hover highlighting and search marks. Highlighting draws on an overlay layer and never
// restyles the graph, so hovering costs O(neighbourhood), not O(graph).
import { select } from 'd3-selection';
import { zoom, zoomIdentity } from 'd3-zoom';
import type { ZoomBehavior, ZoomTransform } from 'd3-zoom';
import type { GraphLayout } from './layoutTypes';

export interface Transform {
  x: number;
  y: number;
  k: number;
}

/**
 * `byUser` is true for wheel/drag gestures, false for programmatic moves (fit, centring, restore). `size` gives the
 * view's size, so a zoom never has to measure the page (d3-zoom would read the <svg>'s size on every move).
 */
export function installZoom(
  svg: SVGSVGElement,
  viewport: SVGGElement,
  size: () => { width: number; height: number },
  onChange: (t: Transform, byUser: boolean) => void,
): ZoomBehavior<SVGSVGElement, unknown> {
  const behavior = zoom<SVGSVGElement, unknown>()
    .extent(() => {
      const s = size();
      return [
        [0, 0],
        [s.width, s.height],
      ];
    })
    .scaleExtent([0.03, 4])
    // Keyboard users zoom with the toolbar; the wheel zooms, drag pans, double-click does not zoom.
    .filter(
      (event: Event) => (event.type === 'wheel' || (event as MouseEvent).button === 0) && event.type !== 'dblclick',
    )
    .on('zoom', (event: { transform: ZoomTransform; sourceEvent: Event | null }) => {
      viewport.setAttribute('transform', event.transform.toString());
      onChange({ x: event.transform.x, y: event.transform.y, k: event.transform.k }, event.sourceEvent !== null);
    });
  select(svg).call(behavior).on('dblclick.zoom', null);
  return behavior;
}

/** Zooms around the centre of the view (toolbar buttons, for keyboard users). */
export function zoomBy(svg: SVGSVGElement, behavior: ZoomBehavior<SVGSVGElement, unknown>, factor: number): void {
  behavior.scaleBy(select(svg), factor);
}

export function setTransform(svg: SVGSVGElement, behavior: ZoomBehavior<SVGSVGElement, unknown>, t: Transform): void {
  select(svg).call((s) => behavior.transform(s, zoomIdentity.translate(t.x, t.y).scale(t.k)));
}

/** The transform that shows the whole layout in a `width`×`height` viewport (never zooming in past 1). */
export function fitTransform(layout: GraphLayout, width: number, height: number, minScale = 0.03): Transform {
  if (layout.width <= 0 || layout.height <= 0 || width <= 0 || height <= 0) return { x: 0, y: 0, k: 1 };
  const fitted = Math.min(1, (width - 20) / layout.width, (height - 20) / layout.height);
  const k = Math.max(0.03, minScale, fitted);
  // Too big to fit at a readable scale: show the top-left corner (the first stages) instead of shrinking further.
  if (k > fitted) return { x: 4, y: 4, k };
  // Centred horizontally, top-aligned like GitLab's pipeline graph (the stage headers stay under the toolbar).
  return { x: (width - layout.width * k) / 2, y: 4, k };
}

/** The transform that centres a point, keeping the scale. */
export function centerOn(x: number, y: number, k: number, width: number, height: number): Transform {
  return { x: width / 2 - x * k, y: height / 2 - y * k, k };
}

/**
 * Hover highlighting on a separate overlay `<svg>` (its own compositing layer): a dimming rect over the whole graph
 * plus clones of the lit nodes and edges, drawn with the graph's transform. The graph itself is not restyled or
 * repainted, so a hover costs O(neighbourhood) even with thousands of nodes.
 */
export class Highlighter {
  private readonly nodes = new Map<string, SVGGElement>();
  private readonly edges = new Map<string, SVGGElement>();
  private active = false;

  constructor(
    private readonly overlay: SVGSVGElement,
    private readonly layer: SVGGElement,
  ) {}

  /** Re-indexes the graph's elements after a render (keyed joins keep most of them). */
  index(roots: { nodes: SVGGElement; edges: SVGGElement }): void {
    this.nodes.clear();
    this.edges.clear();
    for (const el of roots.nodes.querySelectorAll<SVGGElement>('g.node')) {
      if (el.dataset.node !== undefined) this.nodes.set(el.dataset.node, el);
    }
    for (const el of roots.edges.querySelectorAll<SVGGElement>('g.edge')) {
      if (el.dataset.edge !== undefined) this.edges.set(el.dataset.edge, el);
    }
  }

  setTransform(transform: string): void {
    this.layer.setAttribute('transform', transform);
  }

  /** `extra`: elements drawn only in the overlay (broken arrows), under the lit nodes. `roles.missing`: their producers. */
  show(
    nodeIds: Iterable<string>,
    edgeIds: Iterable<string>,
    roles: { sources: Set<string>; consumers: Set<string>; focus: string | null; missing?: Set<string> },
    extra: Element[] = [],
  ): void {
    const parts: Element[] = [...extra];
    for (const id of edgeIds) {
      const el = this.edges.get(id);
      if (el) parts.push(this.clone(el, 'data-edge', id, ['lit']));
    }
    for (const id of nodeIds) {
      const el = this.nodes.get(id);
      if (!el) continue;
      const cls = ['lit'];
      if (roles.sources.has(id)) cls.push('lit-source');
      if (roles.consumers.has(id)) cls.push('lit-consumer');
      if (roles.focus === id) cls.push('lit-focus');
      if (roles.missing?.has(id)) cls.push('lit-missing');
      parts.push(this.clone(el, 'data-node', id, cls));
    }
    this.layer.replaceChildren(...parts);
    if (!this.active) {
      this.overlay.classList.add('active');
      this.active = true;
    }
  }

  clear(): void {
    if (!this.active) return;
    this.layer.replaceChildren();
    this.overlay.classList.remove('active');
    this.active = false;
  }

  get isActive(): boolean {
    return this.active;
  }

  node(id: string): SVGGElement | null {
    return this.nodes.get(id) ?? null;
  }

  /** A non-interactive copy: no ids, focus or menu context, so it never competes with the original. */
  private clone(el: SVGGElement, attr: string, id: string, cls: string[]): Element {
    const c = el.cloneNode(true) as SVGGElement;
    for (const a of [
      'data-node',
      'data-edge',
      'data-job',
      'data-from',
      'data-to',
      'data-vscode-context',
      'tabindex',
      'role',
      'aria-label',
      'data-instances',
    ]) {
      c.removeAttribute(a);
    }
    c.querySelector('title')?.remove();
    c.setAttribute(`${attr.replace('data-', 'data-lit-')}`, id);
    c.setAttribute('aria-hidden', 'true');
    c.classList.remove('match', 'selected');
    c.classList.add(...cls);
    return c;
  }
}

export function markSearch(svg: SVGSVGElement, nodes: SVGGElement, matches: Set<string>, active: boolean): void {
  for (const el of svg.querySelectorAll<SVGGElement>('g.node.match')) el.classList.remove('match');
  for (const id of matches) nodes.querySelector(`g.node[data-node="${CSS.escape(id)}"]`)?.classList.add('match');
  svg.classList.toggle('searching', active);
}
