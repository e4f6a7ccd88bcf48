// The panel's behaviour: what a host message, a click, a key or a toolbar control does to the view state, the
// layout and the drawing. It owns no DOM of its own; the scene draws, the camera moves the view, the hover card
// explains. Wired to events by main.ts, toolbar.ts, graphInput.ts and messages.ts.
import * as l10n from '@vscode/l10n';
import type { DidChangeModelMessage, PipelineStatuses } from '../src/protocol';
import { modelOf } from '../src/protocol';
import type { Camera } from './camera';
import type { Chrome } from './chrome';
import { renderTextView, showBanner } from './chrome';
import { describeContext } from './contextForm';
import { firstMatchingJob, focusJobs, focusModel, lineage } from './graph/focus';
import type { Transform } from './graph/interaction';
import { layoutModel } from './graph/layout';
import { textRows } from './graph/textRows';
import type { LayoutNode } from './graph/layoutTypes';
import type { OverviewLayer } from './graph/overview';
import { nodeJobName } from './graph/render';
import { revealMessageOf } from './graph/renderNodes';
import { excludedSummary } from './graph/summary';
import type { Hover } from './hover';
import type { Scene } from './scene';
import { flipped, layoutOptionsOf, type ViewStore } from './viewStore';

type Lineage = ReturnType<typeof lineage>;

export class Controller {
  /** The workspace's current git branch, when the host tells: the default source branch of a merge request. */
  gitBranch: string | null = null;
  /** Where the view was before focus mode, to return to it. */
  private beforeFocus: Transform | null = null;

  constructor(
    readonly ui: Chrome,
    readonly store: ViewStore,
    readonly scene: Scene,
    readonly camera: Camera,
    readonly hover: Hover,
    private readonly overview: OverviewLayer,
  ) {}

  private get state(): ViewStore['state'] {
    return this.store.state;
  }

  // ---------------------------------------------------------------- drawing

  /** `focus`: only the focus target changed, so the whole pipeline's kept elements still match the model. */
  render(reason: 'data' | 'focus' = 'data'): void {
    const model = this.scene.model;
    this.hover.clear();
    if (!model || model.jobs.length === 0) {
      this.scene.clear();
      this.ui.empty.hidden = false;
      this.ui.empty.textContent = !model
        ? l10n.t('Open a .gitlab-ci.yml to see its pipeline.')
        : model.pipeline.message
          ? l10n.t('No jobs in this pipeline: {0}', model.pipeline.message)
          : l10n.t('No jobs in this pipeline.');
      this.overview.render(null);
      this.overview.update(this.state.transform, { width: 0, height: 0 });
      this.ui.summary.textContent = '';
      this.updateFocusBar(null);
      this.updateExcludedNote();
      if (!this.ui.textView.hidden) renderTextView(this.ui.textView, []);
      return;
    }
    this.ui.empty.hidden = true;
    const targets = this.state.focus === null ? [] : focusJobs(model, this.state.focus);
    if (this.state.focus !== null && targets.length === 0) this.state.focus = null; // the focused job is gone: show everything
    const options = layoutOptionsOf(this.state);
    let lin: Lineage | null = null;
    if (this.state.focus !== null) {
      lin = lineage(model, targets);
      this.scene.show(layoutModel(focusModel(model, lin, targets), options), { targets }, reason === 'focus');
    } else {
      this.scene.show(layoutModel(model, options), null, false);
    }
    this.overview.render(this.scene.layout);
    this.ui.svg.setAttribute('data-jobs', String(model.jobs.length));
    if (!this.camera.positioned) this.fit();
    else this.overview.update(this.state.transform, this.camera.view);
    this.scene.draw();
    this.afterDraw(lin);
  }

  /** On every zoom and pan: the overview, the hover overlay, and a big layout's drawn part follow the view. */
  onMove(t: Transform): void {
    this.overview.update(t, this.camera.view);
    if (this.overview.isActive && this.hover.current !== null) this.hover.clear();
    this.scene.draw();
  }

  /** What every draw ends with, full render or the fast way back from focus mode. */
  private afterDraw(lin: Lineage | null): void {
    const { model, layout } = this.scene;
    if (!model || !layout) return;
    const included = model.jobs.filter((j) => j.inPipeline).length;
    this.ui.summary.textContent = l10n.t(
      '{0} · {1} of {2} jobs · {3} flows',
      describeContext(model.context),
      included,
      model.jobs.length,
      layout.edges.length,
    );
    this.ui.svg.classList.toggle('focusing', this.state.focus !== null);
    this.updateFocusBar(lin);
    this.updateExcludedNote();
    this.scene.updateTabStop();
    this.applySearch(false);
    if (!this.ui.textView.hidden) renderTextView(this.ui.textView, textRows(model));
  }

  private updateFocusBar(lin: Lineage | null): void {
    const model = this.scene.model;
    const focus = this.state.focus;
    this.ui.focusBar.hidden = !(focus !== null && lin !== null && model !== null);
    this.ui.focusToggle.setAttribute('aria-pressed', String(focus !== null));
    this.ui.focusToggle.textContent = focus !== null ? l10n.t('Exit focus') : l10n.t('Focus');
    if (focus === null || lin === null || model === null) return;
    this.ui.focusText.textContent = l10n.t(
      'Focus on {0}: {1} of {2} jobs — {3} upstream (their artifacts reach it), {4} downstream (its artifacts reach them). ',
      focus,
      lin.all.size,
      model.jobs.length,
      lin.up.size,
      lin.down.size,
    );
  }

  private updateExcludedNote(): void {
    const model = this.scene.model;
    const line = model && this.state.focus === null ? excludedSummary(model) : null;
    this.ui.excludedNote.hidden = line === null;
    this.ui.excludedText.textContent = line ?? '';
  }

  fit(all = false): void {
    this.camera.fit(this.scene.layout, all);
  }

  /** Marks the search matches; `focusFirst` (Enter in the search box) selects the first. */
  applySearch(focusFirst: boolean): void {
    if (!this.scene.layout) return;
    const matches = this.scene.markSearch();
    if (this.state.search.trim() !== '') {
      this.ui.live.textContent =
        matches.size === 1 ? l10n.t('{0} matching job', matches.size) : l10n.t('{0} matching jobs', matches.size);
    }
    if (focusFirst) {
      const first = this.scene.layout.nodes.find((n) => matches.has(n.id));
      if (first) this.focusNode(first.id);
    }
  }

  // ---------------------------------------------------------------- focus mode

  /** Focus mode on a job or group: only its lineage, laid out on its own and fitted; the whole graph is kept aside. */
  enterFocus(target: string, options: { takeFocus: boolean } = { takeFocus: true }): void {
    const model = this.scene.model;
    if (!model || focusJobs(model, target).length === 0) return;
    if (this.state.focus === null) this.beforeFocus = { ...this.state.transform };
    this.state.focus = target;
    this.state.selected = target;
    this.store.save();
    this.render('focus');
    this.fit();
    const id = this.scene.selectedNodeId();
    if (id !== null) this.focusNode(id, options.takeFocus);
    this.ui.live.textContent = this.ui.focusText.textContent;
  }

  /** Back to the whole pipeline: its elements are put back as they were unless the model changed meanwhile. */
  exitFocus(): void {
    if (this.state.focus === null) return;
    const target = this.state.focus;
    this.state.focus = null;
    this.store.save();
    this.hover.clear();
    if (this.scene.restoreFull()) {
      this.overview.render(this.scene.layout);
      this.afterDraw(null);
    } else {
      this.render();
    }
    if (this.beforeFocus) this.camera.set(this.beforeFocus);
    else this.overview.update(this.state.transform, this.camera.view);
    this.beforeFocus = null;
    this.scene.draw();
    this.state.selected = target;
    const id = this.scene.selectedNodeId();
    if (id !== null) this.focusNode(id);
    this.ui.live.textContent = l10n.t('Showing the whole pipeline');
  }

  toggleFocus(target: string | null): void {
    if (this.state.focus !== null && (target === null || target === this.state.focus)) this.exitFocus();
    else if (target !== null) this.enterFocus(target);
  }

  // ---------------------------------------------------------------- selection and structure

  /** Selects a node (the graph's tab stop), brings it into view and, for keyboard and mouse use, focuses it. */
  focusNode(id: string, focus = true): void {
    const node = this.scene.nodeById(id);
    if (!node) return;
    const name = nodeJobName(node);
    if (name !== undefined) this.state.selected = name;
    this.store.save();
    this.camera.center(node, this.overview.isActive);
    const el = this.scene.ensureDrawn(id);
    this.scene.updateTabStop();
    el?.setAttribute('tabindex', '0');
    if (focus) el?.focus({ preventScroll: true }); // centred above; scrolling would move the panel, not the view
  }

  /** Opens the card's job definition in the editor (a child pipeline's job too). */
  reveal(node: LayoutNode): void {
    const message = revealMessageOf(node);
    if (message) this.store.post(message);
  }

  toggleGroup(node: LayoutNode): void {
    if (node.group === undefined) return;
    const g = node.group;
    this.state.expanded = flipped(this.state.expanded, g);
    this.state.selected = node.kind === 'group' ? (node.jobs[0] ?? g) : g;
    this.store.save();
    this.render();
    const next = this.scene.selectedNodeId();
    if (next) this.focusNode(next);
  }

  /** Collapses a stage into one card, or expands it; the selection stays on (or moves to) that stage. */
  toggleStage(stage: string): void {
    const collapsing = !this.state.collapsedStages.includes(stage);
    this.state.collapsedStages = flipped(this.state.collapsedStages, stage);
    this.store.save();
    this.render();
    const id = collapsing
      ? `stage:${stage}`
      : this.scene.layout?.nodes.find((n) => n.stage === stage && n.kind !== 'external')?.id;
    if (id !== undefined) this.focusNode(id);
    this.ui.live.textContent = collapsing ? l10n.t('Stage {0} collapsed', stage) : l10n.t('Stage {0} expanded', stage);
  }

  /** Enter in the search box jumps to the first match; Shift+Enter (or, in focus mode, no match) focuses on it. */
  searchEnter(shift: boolean): void {
    const { model, layout } = this.scene;
    const visible = layout ? this.scene.markSearch() : new Set<string>();
    const first =
      model && (shift || (this.state.focus !== null && visible.size === 0))
        ? firstMatchingJob(model, this.state.search, this.state.expanded)
        : undefined;
    if (first !== undefined) this.enterFocus(first);
    else this.applySearch(true);
  }

  // ---------------------------------------------------------------- host messages

  /** A new model (or a banner over the last good one); the caller fills the context form, then renders. */
  acceptModel(msg: DidChangeModelMessage): void {
    const next = modelOf(msg);
    if (next) this.scene.setModel(next);
    else if (!msg.banner) this.scene.setModel(null);
    if (this.state.root !== msg.rootUri) {
      // The panel follows another CI file: fit that file, from its own start, instead of keeping the previous
      // file's zoom, pan, focus and collapsed stages (a restored panel, with no root yet, keeps its view).
      if (this.state.root !== null) {
        this.camera.reset();
        this.beforeFocus = null;
        this.state.focus = null;
        this.state.collapsedStages = [];
        this.state.selected = null;
        this.state.downstreamToggled = [];
      }
      this.state.root = msg.rootUri;
      this.store.save();
    }
    if (msg.gitBranch !== undefined) this.gitBranch = msg.gitBranch;
    showBanner(this.ui.banner, msg.banner);
  }

  /**
   * From the editor's cursor: select without taking the focus away from the editor; in focus mode a job outside
   * the lineage becomes the new focus.
   */
  onRevealJob(job: string): void {
    const id = this.scene.layout?.nodeOfJob.get(job);
    if (id) this.focusNode(id, false);
    else if (this.state.focus !== null) this.enterFocus(job, { takeFocus: false });
  }

  onStatuses(statuses: PipelineStatuses | null): void {
    this.scene.statuses = statuses;
    this.scene.applyStatuses();
    this.hover.refresh();
  }
}
