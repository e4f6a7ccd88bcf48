// The toolbar and the bars under it: pipeline context, layout, search, focus, fit and zoom, export, text view.
// Each control changes the view state through the controller; the context form is filled from the model.
import type { Chrome } from './chrome';
import { renderTextView } from './chrome';
import { contextFromForm, formFromContext } from './contextForm';
import type { ContextKind } from './contextForm';
import type { Controller } from './controller';
import { textRows } from './graph/textRows';
import { ToolbarOverflow } from './toolbarOverflow';

export class Toolbar {
  private readonly overflow: ToolbarOverflow;

  constructor(
    private readonly ui: Chrome,
    private readonly c: Controller,
  ) {
    this.overflow = new ToolbarOverflow(ui.toolbar, ui.overflowable);
    const state = c.store.state;
    for (const input of [ui.kind, ui.ref, ui.target, ui.defaultBranch]) {
      input.addEventListener('change', (e) => this.onContextChange(e));
    }
    ui.layout.value = state.layout;
    ui.layout.addEventListener('change', () => {
      state.layout = ui.layout.value === 'needs' ? 'needs' : 'stages';
      c.store.save();
      c.render();
      c.fit();
    });
    ui.search.value = state.search;
    ui.search.addEventListener('input', () => {
      state.search = ui.search.value;
      c.store.save();
      c.applySearch(false);
    });
    ui.search.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      c.searchEnter(e.shiftKey);
    });
    ui.focusToggle.addEventListener('click', () => c.toggleFocus(state.focus ?? state.selected));
    ui.focusExit.addEventListener('click', () => c.exitFocus());
    ui.excludedAction.addEventListener('click', () => ui.kind.focus());
    ui.fit.addEventListener('click', () => c.fit(true));
    ui.zoomIn.addEventListener('click', () => c.camera.zoomBy(1.25));
    ui.zoomOut.addEventListener('click', () => c.camera.zoomBy(0.8));
    ui.exportButton.addEventListener('click', () => {
      if (c.scene.layout) c.store.post({ type: 'exportSvg', requestId: null, svg: c.scene.exportSvg() });
    });
    ui.textToggle.addEventListener('click', () => this.setTextView(!state.textView));
    this.setTextView(state.textView, false);
  }

  /** Shows the chosen (or the model's) pipeline context, unless the user is typing in the form. */
  fillContextForm(): void {
    const ui = this.ui;
    const ctx = this.c.store.state.context ?? this.c.scene.model?.context;
    if (!ctx) return;
    const v = formFromContext(ctx);
    if ([ui.kind, ui.ref, ui.target, ui.defaultBranch].some((x) => x === document.activeElement)) return;
    ui.kind.value = v.kind;
    ui.ref.value = v.ref;
    ui.target.value = v.target;
    ui.defaultBranch.value = v.defaultBranch;
    ui.targetLabel.hidden = v.kind !== 'mr';
    this.overflow.fit();
  }

  private onContextChange(e: Event): void {
    const ui = this.ui;
    const state = this.c.store.state;
    const kind = ui.kind.value as ContextKind;
    // Switching to a merge request from the default branch: the likely source is the branch being worked on.
    const branch = this.c.gitBranch;
    if (
      e.target === ui.kind &&
      kind === 'mr' &&
      branch !== null &&
      branch !== '' &&
      ui.ref.value.trim() === (ui.defaultBranch.value.trim() || 'main') &&
      branch !== ui.ref.value.trim()
    ) {
      ui.ref.value = branch;
    }
    ui.targetLabel.hidden = kind !== 'mr';
    this.overflow.fit();
    const ctx = contextFromForm(
      { kind, ref: ui.ref.value, defaultBranch: ui.defaultBranch.value, target: ui.target.value },
      state.context ?? this.c.scene.model?.context ?? null,
    );
    state.context = ctx;
    this.c.store.save();
    this.c.store.post({ type: 'setContext', context: ctx });
  }

  private setTextView(open: boolean, persist = true): void {
    const state = this.c.store.state;
    state.textView = open;
    this.ui.textView.hidden = !open;
    this.ui.textToggle.setAttribute('aria-pressed', String(open));
    document.body.classList.toggle('with-text-view', open);
    const model = this.c.scene.model;
    if (open) renderTextView(this.ui.textView, model ? textRows(model) : []);
    if (persist) this.c.store.save();
  }
}
