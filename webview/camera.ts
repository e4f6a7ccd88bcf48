// Where the view looks: d3-zoom on the graph, fit and centring, and whether the user has moved it (then a resize
// no longer re-fits). The transform is persisted with the view state.
import { centerOn, fitTransform, installZoom, setTransform, zoomBy } from './graph/interaction';
import type { Transform } from './graph/interaction';
import type { GraphLayout, LayoutColumn, LayoutNode } from './graph/layoutTypes';
import type { ViewStore } from './viewStore';

/** Automatic placement keeps labels readable (scale ≥ 0.55); the Fit button shows everything, however small. */
const READABLE_SCALE = 0.55;

export class Camera {
  /** The view has been placed (restored, fitted once, or moved): later renders keep the transform. */
  positioned: boolean;
  /** The user zoomed or panned: a resize no longer re-fits the graph. */
  userMoved: boolean;
  private readonly zoom: ReturnType<typeof installZoom>;
  private readonly restored: boolean;
  /** The view's size, measured once per change (reading it after a DOM change would force a layout each time). */
  private size: { width: number; height: number } | null = null;

  /** `onMove` runs on every zoom and pan, the user's or ours. */
  constructor(
    private readonly svg: SVGSVGElement,
    viewport: SVGGElement,
    private readonly host: HTMLElement,
    private readonly store: ViewStore,
    onMove: (t: Transform) => void,
  ) {
    const t = store.state.transform;
    this.restored = t.k !== 1 || t.x !== 0 || t.y !== 0;
    this.positioned = this.restored;
    this.userMoved = this.restored;
    new ResizeObserver(() => {
      this.size = null;
    }).observe(host);
    this.zoom = installZoom(
      svg,
      viewport,
      () => this.view,
      (next, byUser) => {
        if (byUser) this.userMoved = true;
        store.state.transform = next;
        this.positioned = true;
        store.saveSoon();
        onMove(next);
      },
    );
  }

  /** Applies the saved transform (once everything `onMove` touches exists). */
  restore(): void {
    this.set(this.store.state.transform);
    this.positioned = this.restored;
  }

  get transform(): Transform {
    return this.store.state.transform;
  }

  get view(): { width: number; height: number } {
    this.size ??= { width: this.host.clientWidth, height: this.host.clientHeight };
    return this.size;
  }

  /** The window was resized: measure again (a ResizeObserver tells only after the next layout). */
  remeasure(): void {
    this.size = null;
  }

  /** A newly followed CI file is fitted from its own start. */
  reset(): void {
    this.positioned = false;
    this.userMoved = false;
  }

  set(t: Transform): void {
    setTransform(this.svg, this.zoom, t);
  }

  /** Toolbar zoom, around the centre of the view. */
  zoomBy(factor: number): void {
    this.userMoved = true;
    zoomBy(this.svg, this.zoom, factor);
  }

  fit(layout: GraphLayout | null, all = false): void {
    if (!layout) return;
    const r = this.view;
    this.set(fitTransform(layout, r.width, r.height, all ? 0.03 : READABLE_SCALE));
  }

  /** The minimap: centre the view on a point of the layout, keeping the scale. */
  lookAt(x: number, y: number): void {
    this.userMoved = true;
    this.set(centerOn(x, y, this.transform.k, this.view.width, this.view.height));
  }

  /** A click on an overview column zooms into it at a readable scale, its first cards under the toolbar. */
  zoomToColumn(c: LayoutColumn): void {
    this.userMoved = true;
    const k = 0.8;
    this.set({ x: this.view.width / 2 - (c.x + c.width / 2) * k, y: 4, k });
  }

  /** Brings a card into view unless it is already shown as a card (not under the overview). */
  center(node: LayoutNode, overviewActive: boolean): void {
    const { width: w, height: h } = this.view;
    const t = this.transform;
    const sx = node.x * t.k + t.x;
    const sy = node.y * t.k + t.y;
    if (!overviewActive && sx >= 0 && sy >= 0 && sx + node.width * t.k <= w && sy + node.height * t.k <= h) return;
    this.userMoved = true; // the view now follows the user's selection: keep it on resize
    this.set(centerOn(node.x + node.width / 2, node.y + node.height / 2, Math.max(t.k, 0.6), w, h));
  }
}
