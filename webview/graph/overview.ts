// The overview at low zoom and the minimap. Below `overviewScale` the cards and arrows are hidden (one class on the
// <svg>) and an overview drawn in screen space takes their place: one block per column with its counts, laid out to
// fit the view at a readable size, and one bundle per pair of columns with its number of flows. Clicking a block
// zooms into that column. The minimap shows the whole layout and where the view is; clicking or dragging on it
// moves the view.
import * as l10n from '@vscode/l10n';
import type { GraphLayout } from './layoutTypes';
import { overviewGrid, overviewOf, overviewScale } from './overviewModel';
import type { Overview } from './overviewModel';
import type { Transform } from './interaction';
import { svgEl } from '../dom';
import { drawBundles, drawColumns } from './overviewDraw';

export class OverviewLayer {
  private readonly layer: SVGGElement;
  private readonly minimap: SVGSVGElement;
  private readonly miniColumns: SVGGElement;
  private readonly miniView: SVGRectElement;
  private layout: GraphLayout | null = null;
  private model: Overview | null = null;
  /** The view size the overview was drawn for; it is redrawn when the view changes size. */
  private drawnFor = '';
  private active = false;

  constructor(
    private readonly svg: SVGSVGElement,
    host: HTMLElement,
    onNavigate: (x: number, y: number) => void,
    onColumn: (index: number) => void,
  ) {
    this.layer = svgEl('g', {
      class: 'overview-layer',
      role: 'list',
      'aria-label': l10n.t('Overview: stages and flows between them. Click a stage to zoom in.'),
    });
    svg.append(this.layer);
    this.minimap = svgEl('svg', { class: 'minimap', 'aria-hidden': 'true', preserveAspectRatio: 'xMidYMid meet' });
    this.miniColumns = svgEl('g');
    this.miniView = svgEl('rect', { class: 'minimap-view' });
    this.minimap.append(
      svgEl('rect', { class: 'minimap-bg', width: '100%', height: '100%' }),
      this.miniColumns,
      this.miniView,
    );
    this.minimap.setAttribute('hidden', '');
    host.append(this.minimap);
    const navigate = (e: PointerEvent): void => {
      const m = this.minimap.getScreenCTM();
      if (!m) return;
      const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
      onNavigate(p.x, p.y);
    };
    this.minimap.addEventListener('pointerdown', (e) => {
      e.preventDefault();
      this.minimap.setPointerCapture(e.pointerId);
      navigate(e);
    });
    this.minimap.addEventListener('pointermove', (e) => {
      if (this.minimap.hasPointerCapture(e.pointerId)) navigate(e);
    });
    const pick = (e: Event): void => {
      const col = (e.target as Element).closest<SVGGElement>('g.overview-column');
      if (col?.dataset.column !== undefined) onColumn(Number(col.dataset.column));
    };
    this.layer.addEventListener('click', pick);
    this.layer.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        pick(e);
      }
    });
    // The overview is drawn in screen space: keep d3-zoom's drag from starting on it (wheel still zooms).
    this.layer.addEventListener('pointerdown', (e) => e.stopPropagation());
  }

  /** A new layout: the minimap is redrawn now, the overview when it is next shown. */
  render(layout: GraphLayout | null): void {
    this.layout = layout;
    this.model = layout && layout.nodes.length > 0 ? overviewOf(layout) : null;
    this.drawnFor = '';
    this.miniColumns.replaceChildren();
    if (!layout || !this.model) return;
    this.minimap.setAttribute('viewBox', `0 0 ${Math.max(1, layout.width)} ${Math.max(1, layout.height)}`);
    for (const c of this.model.columns) {
      this.miniColumns.append(
        svgEl('rect', {
          class: 'minimap-column',
          x: String(c.x),
          y: String(c.top),
          width: String(c.width),
          height: String(Math.max(1, c.bottom - c.top)),
        }),
      );
    }
  }

  private draw(view: { width: number; height: number }): void {
    const key = `${view.width}x${view.height}`;
    if (this.drawnFor === key) return;
    this.drawnFor = key;
    this.layer.replaceChildren();
    const o = this.model;
    if (!o) return;
    const cells = overviewGrid(o.columns.length, view);
    const cellOf = new Map(o.columns.map((c, i) => [c.index, cells[i]!] as const));
    this.layer.append(drawBundles(o, cellOf), drawColumns(o, cellOf));
  }

  /** On every zoom/pan and resize: overview on or off, the minimap's view rectangle. */
  update(t: Transform, view: { width: number; height: number }): void {
    const l = this.layout;
    const on = l !== null && this.model !== null && t.k < overviewScale;
    if (on) this.draw(view);
    if (on !== this.active) {
      this.active = on;
      this.svg.classList.toggle('overview', on);
    }
    const big =
      !on &&
      l !== null &&
      l.nodes.length > 0 &&
      (l.width * t.k > view.width + 1 || l.height * t.k > view.height + 1 || t.x < -1 || t.y < -1);
    this.minimap.toggleAttribute('hidden', !big);
    if (big) {
      this.miniView.setAttribute('x', String(-t.x / t.k));
      this.miniView.setAttribute('y', String(-t.y / t.k));
      this.miniView.setAttribute('width', String(view.width / t.k));
      this.miniView.setAttribute('height', String(view.height / t.k));
    }
  }

  get isActive(): boolean {
    return this.active;
  }
}
