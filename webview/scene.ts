// The drawn graph: the model and what is derived from it, the layout on screen and the elements that show it.
// A small layout is drawn whole; a big one only near the view (graph/visible.ts), redrawn as the view moves, so a
// 5,000-job pipeline keeps a few hundred elements in the document. Focus mode draws the lineage on its own layer
// over the whole pipeline's, which is kept as it was for the way back.
import type { Diagnostic, FlowJob, FlowModel } from '../src/ci/model';
import type { PipelineStatuses } from '../src/protocol';
import { exportSvg } from './graph/exportSvg';
import { childPipelines } from './graph/downstreamModel';
import type { ChildPipeline } from './graph/downstreamModel';
import { countFindings, diagnosticsByJob, nodeDiagnostics } from './graph/findings';
import { markSearch } from './graph/interaction';
import type { Highlighter, Transform } from './graph/interaction';
import type { GraphLayout, LayoutNode } from './graph/layoutTypes';
import { adjacency, searchNodes } from './graph/layoutQuery';
import type { Adjacency } from './graph/layoutQuery';
import { createRoots, renderLayout, renderStatuses } from './graph/render';
import type { NodeFacts, RenderRoots } from './graph/render';
import { nodeStatus } from './graph/status';
import { covers, DRAW_ALL_UP_TO, indexLayout, viewRect, visibleParts } from './graph/visible';
import type { LayoutIndex, Rect } from './graph/visible';
import { createFocusRoots, removeRoots, setCovered } from './focusLayer';
import type { ViewStore } from './viewStore';

/** What the scene needs to know about the view: its transform and size, and whether the overview hides the cards. */
export interface ViewInfo {
  t: Transform;
  size: { width: number; height: number };
  overview: boolean;
}

/** How far beyond the view a big layout is drawn, in view sizes: panning that far redraws nothing. */
const DRAW_PAD = 0.5;

/** A layout on screen; `drawn`: the part of it in the document (null: nothing yet, or redraw). */
interface Shown {
  layout: GraphLayout;
  adj: Adjacency;
  index: LayoutIndex | null;
  drawn: Rect | 'overview' | null;
  statusesFresh: boolean;
}

export class Scene {
  model: FlowModel | null = null;
  jobs = new Map<string, FlowJob>();
  /** The chosen GitLab pipeline's job statuses; null when not connected. */
  statuses: PipelineStatuses | null = null;
  /** Child pipelines by frame id: the cards drawn in a frame stand for that child's jobs. */
  children = new Map<string, ChildPipeline>();
  private diagnostics = new Map<string, Diagnostic[]>();
  private shown: Shown | null = null;
  /** The whole pipeline's, while focus mode shows the lineage (null when it no longer matches the model). */
  private full: Shown | null = null;
  private readonly fullRoots: RenderRoots;
  private focusRoots: RenderRoots | null = null;
  private roots: RenderRoots;
  private focusTargets: string[] = [];
  /** A card `ensureDrawn` was asked for. */
  private wanted: string | null = null;

  constructor(
    private readonly svg: SVGSVGElement,
    private readonly viewport: SVGGElement,
    private readonly highlighter: Highlighter,
    private readonly store: ViewStore,
    private readonly viewOf: () => ViewInfo,
  ) {
    this.fullRoots = createRoots(viewport);
    this.roots = this.fullRoots;
  }

  get layout(): GraphLayout | null {
    return this.shown?.layout ?? null;
  }

  get adj(): Adjacency | null {
    return this.shown?.adj ?? null;
  }

  get focusing(): boolean {
    return this.roots !== this.fullRoots;
  }

  setModel(model: FlowModel | null): void {
    this.model = model;
    this.jobs = new Map((model?.jobs ?? []).map((j) => [j.name, j] as const));
    this.diagnostics = model ? diagnosticsByJob(model) : new Map<string, Diagnostic[]>();
    this.children = model ? childPipelines(model) : new Map<string, ChildPipeline>();
  }

  nodeById(id: string | null): LayoutNode | undefined {
    return id === null ? undefined : this.shown?.adj.node.get(id);
  }

  /** The node of the selected job (or of its collapsed group). */
  selectedNodeId(): string | null {
    const layout = this.layout;
    const selected = this.store.state.selected;
    if (!layout || selected === null) return null;
    return (
      layout.nodeOfJob.get(selected) ?? (this.shown?.adj.node.has(`group:${selected}`) ? `group:${selected}` : null)
    );
  }

  /**
   * Shows a new layout: the whole pipeline's, or (`focus`) a lineage on the focus layer. `reusesFull`: only the focus
   * target changed, so the whole pipeline's kept elements still match. Nothing is drawn until `draw`.
   */
  show(layout: GraphLayout, focus: { targets: string[] } | null, reusesFull: boolean): void {
    if (focus) {
      this.focusRoots ??= createFocusRoots(this.viewport);
      this.swapRoots(this.focusRoots);
      if (!reusesFull) this.full = null;
    } else {
      this.swapRoots(this.fullRoots);
    }
    this.focusTargets = focus?.targets ?? [];
    const index = layout.nodes.length + layout.edges.length > DRAW_ALL_UP_TO ? indexLayout(layout) : null;
    this.shown = { layout, adj: adjacency(layout), index, drawn: null, statusesFresh: true };
    if (!focus) this.full = this.shown;
  }

  /** Nothing to show (no model, or no jobs). */
  clear(): void {
    this.swapRoots(this.fullRoots);
    this.shown = null;
    this.full = null;
    renderLayout(
      this.roots,
      {
        mode: this.store.state.layout,
        nodes: [],
        edges: [],
        columns: [],
        width: 0,
        height: 0,
        nodeOfJob: new Map(),
        crossings: 0,
      },
      () => ({ sources: 0, consumers: 0, conflicts: 0 }),
    );
    this.highlighter.index(this.roots);
  }

  /** Back to the whole pipeline's kept elements after focus mode; false when they no longer match the model. */
  restoreFull(): boolean {
    if (!this.full || !this.focusing) return false;
    this.swapRoots(this.fullRoots);
    this.focusTargets = [];
    this.shown = this.full;
    if (!this.full.statusesFresh) this.applyStatuses();
    this.highlighter.index(this.roots);
    this.markFocusRoot();
    return true;
  }

  /** Draws what the view needs: everything for a small layout, the part near the view for a big one. */
  draw(): void {
    const s = this.shown;
    if (!s) return;
    const v = this.viewOf();
    if (s.index) {
      if (v.overview) {
        if (s.drawn === 'overview') return;
        s.drawn = 'overview';
      } else {
        if (s.drawn !== null && s.drawn !== 'overview' && covers(s.drawn, viewRect(v.t, v.size, 0))) return;
        s.drawn = viewRect(v.t, v.size, DRAW_PAD);
      }
    } else if (s.drawn !== null) {
      return;
    } else {
      s.drawn = viewRect(v.t, v.size, 0);
    }
    const parts = !s.index
      ? s.layout
      : s.drawn === 'overview'
        ? { nodes: [], edges: [] }
        : visibleParts(s.index, s.drawn, this.pinned());
    renderLayout(this.roots, { ...s.layout, nodes: parts.nodes, edges: parts.edges }, (n) => this.facts(n));
    this.afterJoin();
  }

  /** A big layout must draw these cards wherever the view is: the keyboard reaches them. */
  private pinned(): Set<string> {
    const out = new Set<string>();
    if (this.wanted !== null) out.add(this.wanted);
    const selected = this.selectedNodeId();
    if (selected !== null) out.add(selected);
    const active = document.activeElement?.closest<SVGGElement>('g.node')?.dataset.node;
    if (active !== undefined) out.add(active);
    for (const t of this.focusTargets) {
      const id = this.layout?.nodeOfJob.get(t);
      if (id !== undefined) out.add(id);
    }
    return out;
  }

  /** Makes sure a card is drawn (a big layout may have left it out), e.g. before it takes the keyboard focus. */
  ensureDrawn(id: string): SVGGElement | null {
    const s = this.shown;
    if (s?.index && !this.highlighter.node(id) && s.adj.node.has(id)) {
      s.drawn = null;
      this.wanted = id;
      this.draw();
      this.wanted = null;
    }
    return this.highlighter.node(id);
  }

  /** A join rewrites the cards' classes and labels: put back what lives on top of them. */
  private afterJoin(): void {
    this.applyStatuses();
    this.highlighter.index(this.roots);
    this.markFocusRoot();
    this.updateTabStop();
    this.markSearch();
  }

  private facts(n: LayoutNode): NodeFacts {
    const a = this.shown?.adj;
    let conflicts = 0;
    const child = n.pipeline === undefined ? undefined : this.children.get(n.pipeline);
    const jobs = child?.jobs ?? this.jobs;
    for (const name of n.jobs) conflicts = Math.max(conflicts, jobs.get(name)?.conflicts.length ?? 0);
    return {
      sources: a?.incoming.get(n.id)?.length ?? 0,
      consumers: a?.outgoing.get(n.id)?.length ?? 0,
      conflicts,
      findings: n.downstream ?? countFindings(nodeDiagnostics(n, child?.diagnostics ?? this.diagnostics)),
    };
  }

  /** Status badges only: no layout, no re-render (statuses refresh independently of the model). */
  applyStatuses(): void {
    // The chosen pipeline's statuses are the parent's: a child's jobs run in a pipeline of their own.
    renderStatuses(this.roots, (n) => (n.pipeline === undefined ? nodeStatus(n.jobs, this.statuses) : undefined));
    if (this.full) this.full.statusesFresh = !this.focusing;
    this.svg.setAttribute('data-pipeline', this.statuses ? String(this.statuses.pipelineId) : '');
  }

  private markFocusRoot(): void {
    for (const el of this.roots.nodes.querySelectorAll('g.node.focus-root')) el.classList.remove('focus-root');
    const layout = this.layout;
    if (!layout) return;
    for (const id of new Set(this.focusTargets.map((t) => layout.nodeOfJob.get(t)))) {
      if (id !== undefined) this.highlighter.node(id)?.classList.add('focus-root');
    }
  }

  /** The graph's one tab stop: the selected card, else the first job card. */
  updateTabStop(): void {
    const selected = this.selectedNodeId() ?? this.layout?.nodes.find((n) => n.kind !== 'external')?.id ?? null;
    for (const el of this.roots.nodes.querySelectorAll<SVGGElement>('g.node[tabindex="0"]')) {
      el.setAttribute('tabindex', '-1');
    }
    for (const el of this.roots.nodes.querySelectorAll<SVGGElement>('g.node.selected')) el.classList.remove('selected');
    const el = selected === null ? null : this.highlighter.node(selected);
    el?.setAttribute('tabindex', '0');
    if (this.store.state.selected !== null) el?.classList.add('selected');
  }

  /** Marks the cards matching the search box; returns every matching node of the layout, drawn or not. */
  markSearch(): Set<string> {
    const layout = this.layout;
    if (!layout) return new Set();
    const query = this.store.state.search;
    const matches = searchNodes(layout, query);
    markSearch(this.svg, this.roots.nodes, matches, query.trim() !== '');
    return matches;
  }

  /** The current view as a standalone SVG: the whole layout, even where a big one is drawn near the view only. */
  exportSvg(): string {
    const s = this.shown;
    if (!s) return '<svg xmlns="http://www.w3.org/2000/svg"/>';
    if (!s.index) return exportSvg(this.svg, s.layout);
    return exportSvg(this.svg, s.layout, (roots) => {
      for (const g of [roots.columns, roots.edges, roots.nodes]) g.replaceChildren();
      renderLayout(roots, s.layout, (n) => this.facts(n));
      renderStatuses(roots, (n) => (n.pipeline === undefined ? nodeStatus(n.jobs, this.statuses) : undefined));
    });
  }

  /** Between the whole pipeline's elements and focus mode's layer over them (see focusLayer.ts). */
  private swapRoots(next: RenderRoots): void {
    if (this.roots === next) return;
    const covered = next !== this.fullRoots;
    setCovered(this.fullRoots, covered);
    if (!covered) {
      removeRoots(this.roots);
      this.focusRoots = null;
    }
    this.roots = next;
  }
}
