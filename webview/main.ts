// Webview entry: owns the view state, turns host messages into layouts and renders, and turns user input into
// messages. Everything the user sees is built with DOM APIs and text nodes (see chrome.ts, graph/*.ts).
import type { FlowJob, FlowModel } from '../src/ci/model';
import { modelOf, restoreViewState } from '../src/protocol';
import type { FromWebview, PipelineStatuses, ToWebview, ViewState } from '../src/protocol';
import { buildChrome, renderTextView, showBanner } from './chrome';
import { svgEl } from './dom';
import { ToolbarOverflow } from './toolbarOverflow';
import { contextFromForm, describeContext, formFromContext } from './contextForm';
import type { ContextKind } from './contextForm';
import { edgeCard, jobCard } from './graph/card';
import { exportSvg } from './graph/exportSvg';
import { centerOn, fitTransform, Highlighter, installZoom, markSearch, setTransform, zoomBy } from './graph/interaction';
import { layoutModel } from './graph/layout';
import type { GraphLayout, LayoutNode } from './graph/layoutTypes';
import { adjacency, highlightSet, move, searchNodes, textRows } from './graph/layoutQuery';
import type { Adjacency, Direction } from './graph/layoutQuery';
import { brokenEdges, countFindings, diagnosticsByJob, nodeDiagnostics } from './graph/findings';
import type { Diagnostic } from '../src/ci/model';
import { brokenEdgeElement, createRoots, ensureDefs, nodeJobName, renderLayout, renderStatuses } from './graph/render';
import type { RenderRoots } from './graph/render';
import { focusJobs, focusModel, lineage } from './graph/focus';
import { excludedSummary } from './graph/summary';
import { OverviewLayer } from './graph/overview';
import type { Transform } from './graph/interaction';
import { nodeStatus } from './graph/status';

const api = acquireVsCodeApi<ViewState>();
const state: ViewState = restoreViewState(api.getState());
const app = document.getElementById('app');
if (!app) throw new Error('missing #app');
const ui = buildChrome(app);
const toolbarOverflow = new ToolbarOverflow(ui.toolbar, ui.overflowable);
ensureDefs(ui.svg);
/** The whole pipeline's elements. In focus mode they are taken out of the document (kept, not destroyed). */
const fullRoots = createRoots(ui.viewport);
/** Focus mode's own elements (the lineage, laid out on its own); null outside focus mode. */
let focusRoots: RenderRoots | null = null;
let roots: RenderRoots = fullRoots;
const highlighter = new Highlighter(ui.overlay, ui.overlayLayer);
const overview = new OverviewLayer(ui.svg, ui.graph, (x, y) => {
  userMoved = true;
  setTransform(ui.svg, zoomBehavior, centerOn(x, y, state.transform.k, ui.graph.clientWidth, ui.graph.clientHeight));
}, (index) => {
  // A click on an overview column zooms into it at a readable scale, its first cards under the toolbar.
  const c = layout?.columns.find((x) => x.index === index);
  if (!c) return;
  userMoved = true;
  clearHover();
  const k = 0.8;
  setTransform(ui.svg, zoomBehavior, { x: ui.graph.clientWidth / 2 - (c.x + c.width / 2) * k, y: 4, k });
});

let model: FlowModel | null = null;
let layout: GraphLayout | null = null;
let adj: Adjacency | null = null;
let jobs = new Map<string, FlowJob>();
let diagnostics = new Map<string, Diagnostic[]>();
/** The workspace's current git branch, when the host tells: the default source branch of a merge request. */
let gitBranch: string | null = null;
/** The chosen GitLab pipeline's job statuses; null when not connected. */
let statuses: PipelineStatuses | null = null;
const restoredPosition = state.transform.k !== 1 || state.transform.x !== 0 || state.transform.y !== 0;
/** The view has been placed (restored, fitted once, or moved): later renders keep the transform. */
let positioned = restoredPosition;
/** The user zoomed or panned: a resize no longer re-fits the graph. */
let userMoved = restoredPosition;
let hovered: string | null = null;
/** The whole pipeline's layout and adjacency while fullRoots show them for the current model, options and statuses. */
let full: { layout: GraphLayout; adj: Adjacency; statusesFresh: boolean } | null = null;
/** Where the view was before focus mode, to return to it. */
let beforeFocus: Transform | null = null;

function post(message: FromWebview): void {
  api.postMessage(message);
}

let saveTimer: number | undefined;
function save(): void {
  if (saveTimer !== undefined) window.clearTimeout(saveTimer);
  saveTimer = undefined;
  api.setState(state);
}
/** Zoom and pan fire per frame: persist them at most every 200 ms. */
function saveSoon(): void {
  saveTimer ??= window.setTimeout(() => { saveTimer = undefined; api.setState(state); }, 200);
}

const zoomBehavior = installZoom(ui.svg, ui.viewport, (t, byUser) => {
  if (byUser) userMoved = true;
  overview.update(t, { width: ui.graph.clientWidth, height: ui.graph.clientHeight });
  if (overview.isActive && hovered !== null) clearHover();
  highlighter.setTransform(`translate(${t.x},${t.y}) scale(${t.k})`);
  state.transform = t;
  positioned = true;
  saveSoon();
});
setTransform(ui.svg, zoomBehavior, state.transform);
positioned = restoredPosition;

// ------------------------------------------------------------------ rendering

function nodeById(id: string | null): LayoutNode | undefined {
  return id === null ? undefined : adj?.node.get(id);
}

function selectedNodeId(): string | null {
  if (!layout || state.selected === null) return null;
  return layout.nodeOfJob.get(state.selected) ?? (layout.nodes.some((n) => n.id === `group:${state.selected}`) ? `group:${state.selected}` : null);
}

/**
 * Focus mode draws its own elements over an opaque cover, above the whole pipeline's, which stay in the document
 * untouched (marked `covered`, hidden from screen readers): leaving focus mode then only removes the focus layer,
 * with no restyling of thousands of cards.
 */
function showRoots(next: RenderRoots): void {
  if (roots === next) return;
  const covered = next !== fullRoots;
  for (const g of [fullRoots.columns, fullRoots.edges, fullRoots.nodes]) {
    g.classList.toggle('covered', covered);
    if (covered) g.setAttribute('aria-hidden', 'true');
    else g.removeAttribute('aria-hidden');
  }
  if (covered) {
    // The whole pipeline's tab stop leaves with it.
    for (const el of fullRoots.nodes.querySelectorAll('g.node[tabindex="0"]')) el.setAttribute('tabindex', '-1');
  } else if (roots !== fullRoots) {
    for (const g of [roots.columns, roots.edges, roots.nodes]) g.remove();
    focusRoots = null;
  }
  roots = next;
}

function createFocusRoots(): RenderRoots {
  const r = createRoots(ui.viewport);
  r.columns.classList.add('focus-layer');
  r.columns.prepend(svgEl('rect', { class: 'focus-cover', x: '-1000000', y: '-1000000', width: '2000000', height: '2000000' }));
  return r;
}

function layoutOptions(): { mode: typeof state.layout; expanded: string[]; collapsedStages: string[] } {
  return { mode: state.layout, expanded: state.expanded, collapsedStages: state.collapsedStages };
}

/** Collapses a stage into one card, or expands it; the selection stays on (or moves to) that stage. */
function toggleStage(stage: string): void {
  const collapsing = !state.collapsedStages.includes(stage);
  state.collapsedStages = collapsing ? [...state.collapsedStages, stage] : state.collapsedStages.filter((s) => s !== stage);
  save();
  render();
  const id = collapsing ? `stage:${stage}` : layout?.nodes.find((n) => n.stage === stage && n.kind !== 'external')?.id;
  if (id !== undefined) focusNode(id);
  ui.live.textContent = `Stage ${stage} ${collapsing ? 'collapsed' : 'expanded'}`;
}

/** `focus`: only the focus target changed, so the whole pipeline's kept elements still match the model. */
function render(reason: 'data' | 'focus' = 'data'): void {
  highlighter.clear();
  hideCard();
  if (!model || model.jobs.length === 0) {
    layout = null;
    adj = null;
    full = null;
    showRoots(fullRoots);
    ui.empty.hidden = false;
    ui.empty.textContent = !model ? 'Open a .gitlab-ci.yml to see its pipeline.' : `No jobs in this pipeline${model.pipeline.message ? `: ${model.pipeline.message}` : '.'}`;
    renderLayout(roots, { mode: state.layout, nodes: [], edges: [], columns: [], width: 0, height: 0, nodeOfJob: new Map(), crossings: 0 }, () => ({ sources: 0, consumers: 0, conflicts: 0 }));
    overview.render(null);
    overview.update(state.transform, { width: 0, height: 0 });
    highlighter.index(roots);
    ui.summary.textContent = '';
    updateFocusBar(null);
    updateExcludedNote();
    if (!ui.textView.hidden) renderTextView(ui.textView, []);
    return;
  }
  ui.empty.hidden = true;
  const targets = state.focus === null ? [] : focusJobs(model, state.focus);
  if (state.focus !== null && targets.length === 0) state.focus = null; // the focused job is gone: show everything
  let lin: ReturnType<typeof lineage> | null = null;
  if (state.focus !== null) {
    lin = lineage(model, targets);
    focusRoots ??= createFocusRoots();
    showRoots(focusRoots);
    layout = layoutModel(focusModel(model, lin, targets), layoutOptions());
    if (reason === 'data') full = null; // the whole pipeline's kept elements no longer match the model or options
  } else {
    showRoots(fullRoots);
    layout = layoutModel(model, layoutOptions());
  }
  const a = adjacency(layout);
  adj = a;
  renderLayout(roots, layout, (n) => ({ sources: a.incoming.get(n.id)?.length ?? 0, consumers: a.outgoing.get(n.id)?.length ?? 0, conflicts: conflictCount(n), findings: countFindings(nodeDiagnostics(n, diagnostics)) }));
  if (state.focus === null) full = { layout, adj: a, statusesFresh: true };
  overview.render(layout);
  applyStatuses();
  highlighter.index(roots);
  markFocusRoot(targets);
  ui.svg.setAttribute('data-jobs', String(model.jobs.length));
  afterDraw(lin);
  if (!positioned) fit();
  else overview.update(state.transform, { width: ui.graph.clientWidth, height: ui.graph.clientHeight });
}

/** What every draw ends with, full render or the fast way back from focus mode. */
function afterDraw(lin: { up: Set<string>; down: Set<string>; all: Set<string> } | null): void {
  if (!model || !layout) return;
  const included = model.jobs.filter((j) => j.inPipeline).length;
  ui.summary.textContent = `${describeContext(model.context)} · ${included} of ${model.jobs.length} jobs · ${layout.edges.length} flows`;
  ui.svg.classList.toggle('focusing', state.focus !== null);
  updateFocusBar(lin);
  updateExcludedNote();
  updateTabStop();
  applySearch(false);
  if (!ui.textView.hidden) renderTextView(ui.textView, textRows(model));
}

function markFocusRoot(targets: string[]): void {
  for (const el of roots.nodes.querySelectorAll('g.node.focus-root')) el.classList.remove('focus-root');
  if (!layout) return;
  for (const id of new Set(targets.map((t) => layout?.nodeOfJob.get(t)))) if (id !== undefined) highlighter.node(id)?.classList.add('focus-root');
}

function updateFocusBar(lin: { up: Set<string>; down: Set<string>; all: Set<string> } | null): void {
  const on = state.focus !== null && lin !== null && model !== null;
  ui.focusBar.hidden = !on;
  ui.focusToggle.setAttribute('aria-pressed', String(state.focus !== null));
  ui.focusToggle.textContent = state.focus !== null ? 'Exit focus' : 'Focus';
  if (!on || !model) return;
  ui.focusText.textContent = `Focus on ${state.focus}: ${lin.all.size} of ${model.jobs.length} jobs — ${lin.up.size} upstream (their artifacts reach it), ${lin.down.size} downstream (its artifacts reach them). `;
}

function updateExcludedNote(): void {
  const line = model && state.focus === null ? excludedSummary(model) : null;
  ui.excludedNote.hidden = line === null;
  ui.excludedText.textContent = line ?? '';
}

/** Focus mode on a job or group: only its lineage, laid out on its own and fitted; the whole graph is kept aside. */
function enterFocus(target: string, options: { takeFocus: boolean } = { takeFocus: true }): void {
  if (!model || focusJobs(model, target).length === 0) return;
  if (state.focus === null) beforeFocus = { ...state.transform };
  state.focus = target;
  state.selected = target;
  save();
  render('focus');
  fit();
  const id = selectedNodeId();
  if (id !== null) focusNode(id, options.takeFocus);
  ui.live.textContent = ui.focusText.textContent;
}

/** Back to the whole pipeline: its elements are put back as they were unless the model changed meanwhile. */
function exitFocus(): void {
  if (state.focus === null) return;
  const target = state.focus;
  state.focus = null;
  save();
  highlighter.clear();
  hideCard();
  if (full && focusRoots) {
    showRoots(fullRoots);
    layout = full.layout;
    adj = full.adj;
    highlighter.index(roots);
    overview.render(layout);
    if (!full.statusesFresh) applyStatuses();
    markFocusRoot([]);
    afterDraw(null);
  } else {
    render();
  }
  if (beforeFocus) setTransform(ui.svg, zoomBehavior, beforeFocus);
  else overview.update(state.transform, { width: ui.graph.clientWidth, height: ui.graph.clientHeight });
  beforeFocus = null;
  state.selected = target;
  const id = selectedNodeId();
  if (id !== null) focusNode(id);
  ui.live.textContent = 'Showing the whole pipeline';
}

function toggleFocus(target: string | null): void {
  if (state.focus !== null && (target === null || target === state.focus)) exitFocus();
  else if (target !== null) enterFocus(target);
}

/** Path conflicts of a job (for a group: its instances are alike, the most any one has). */
function conflictCount(n: LayoutNode): number {
  let c = 0;
  for (const name of n.jobs) c = Math.max(c, jobs.get(name)?.conflicts.length ?? 0);
  return c;
}

/** Status badges only: no layout, no re-render (statuses refresh independently of the model). */
function applyStatuses(): void {
  renderStatuses(roots, (n) => nodeStatus(n.jobs, statuses));
  if (full) full.statusesFresh = roots === fullRoots;
  ui.svg.setAttribute('data-pipeline', statuses ? String(statuses.pipelineId) : '');
}

function updateTabStop(): void {
  const selected = selectedNodeId() ?? layout?.nodes.find((n) => n.kind !== 'external')?.id ?? null;
  for (const el of roots.nodes.querySelectorAll<SVGGElement>('g.node[tabindex="0"]')) el.setAttribute('tabindex', '-1');
  for (const el of roots.nodes.querySelectorAll<SVGGElement>('g.node.selected')) el.classList.remove('selected');
  const el = selected === null ? null : highlighter.node(selected);
  el?.setAttribute('tabindex', '0');
  if (state.selected !== null) el?.classList.add('selected');
}

/** Automatic placement keeps labels readable (scale ≥ 0.55); the Fit button shows everything, however small. */
const readableScale = 0.55;
function fit(all = false): void {
  if (!layout) return;
  const r = ui.graph.getBoundingClientRect();
  setTransform(ui.svg, zoomBehavior, fitTransform(layout, r.width, r.height, all ? 0.03 : readableScale));
}

function center(node: LayoutNode): void {
  const { width: w, height: h } = ui.graph.getBoundingClientRect();
  const t = state.transform;
  const sx = node.x * t.k + t.x;
  const sy = node.y * t.k + t.y;
  // Already visible (and drawn as a card, not under the overview): leave the view alone.
  if (!overview.isActive && sx >= 0 && sy >= 0 && sx + node.width * t.k <= w && sy + node.height * t.k <= h) return;
  userMoved = true; // the view now follows the user's selection: keep it on resize
  setTransform(ui.svg, zoomBehavior, centerOn(node.x + node.width / 2, node.y + node.height / 2, Math.max(t.k, 0.6), w, h));
}

function applySearch(focusFirst: boolean): void {
  if (!layout) return;
  const matches = searchNodes(layout, state.search);
  markSearch(ui.svg, roots.nodes, matches, state.search.trim() !== '');
  if (state.search.trim() !== '') ui.live.textContent = `${matches.size} matching job${matches.size === 1 ? '' : 's'}`;
  if (focusFirst) {
    const first = layout.nodes.find((n) => matches.has(n.id));
    if (first) focusNode(first.id);
  }
}

// ------------------------------------------------------------------ hover card and highlight

function showFor(nodeId: string, anchor: { x: number; y: number }): void {
  const node = nodeById(nodeId);
  if (!node || !adj || !model) return;
  const h = highlightSet(adj, nodeId);
  const broken = layout ? brokenEdges(layout, jobs, nodeId, adj.node) : [];
  const missing = new Set(broken.map((b) => b.from));
  highlighter.show([...h.nodes, ...missing], h.edges, { sources: h.sources, consumers: h.consumers, focus: nodeId, missing }, broken.map(brokenEdgeElement));
  jobCard(ui.card, node, model, jobs, statuses);
  placeCard(anchor);
  hovered = nodeId;
}

function placeCard(anchor: { x: number; y: number }): void {
  // Measuring the card is cheap: hover never restyles the graph (see Highlighter) and the card is contained.
  const s = ui.card.style;
  s.maxHeight = `${Math.max(120, window.innerHeight - 8)}px`;
  ui.card.hidden = false;
  const w = ui.card.offsetWidth;
  const h = ui.card.offsetHeight;
  const left = anchor.x + 16 + w > window.innerWidth ? Math.max(4, anchor.x - 16 - w) : anchor.x + 16;
  const top = Math.max(4, Math.min(anchor.y + 12, window.innerHeight - h - 4));
  s.left = `${left}px`;
  s.top = `${top}px`;
}

function hideCard(): void {
  ui.card.hidden = true;
  hovered = null;
}

function clearHover(): void {
  highlighter.clear();
  hideCard();
}

ui.svg.addEventListener('pointerover', (e) => {
  const target = e.target as Element;
  const nodeEl = target.closest<SVGGElement>('g.node');
  if (nodeEl) {
    const id = nodeEl.dataset.node ?? null;
    if (id !== null && id !== hovered) showFor(id, { x: e.clientX, y: e.clientY });
    return;
  }
  const edgeEl = target.closest<SVGGElement>('g.edge');
  if (edgeEl && layout && adj) {
    const edge = layout.edges.find((x) => x.id === edgeEl.dataset.edge);
    if (!edge) return;
    highlighter.show([edge.from, edge.to], [edge.id], { sources: new Set([edge.from]), consumers: new Set([edge.to]), focus: null });
    edgeCard(ui.card, edge, adj.node.get(edge.from), adj.node.get(edge.to), jobs);
    placeCard({ x: e.clientX, y: e.clientY });
    hovered = `edge:${edge.id}`;
  }
});

ui.svg.addEventListener('pointerout', (e) => {
  const from = (e.target as Element).closest('g.node, g.edge');
  const to = (e.relatedTarget as Element | null)?.closest('g.node, g.edge') ?? null;
  if (from && from !== to) clearHover();
});

// ------------------------------------------------------------------ selection, keyboard, click

/** Selects a node (the graph's tab stop), brings it into view and, for keyboard and mouse use, focuses it. */
function focusNode(id: string, focus = true): void {
  const node = nodeById(id);
  if (!node) return;
  const name = nodeJobName(node);
  if (name !== undefined) state.selected = name;
  save();
  updateTabStop();
  const el = highlighter.node(id);
  el?.setAttribute('tabindex', '0');
  center(node);
  if (focus) el?.focus();
}

function reveal(node: LayoutNode): void {
  const name = nodeJobName(node);
  if (name !== undefined) post({ type: 'revealJob', job: name });
}

function toggleGroup(node: LayoutNode): void {
  if (node.group === undefined) return;
  const g = node.group;
  state.expanded = state.expanded.includes(g) ? state.expanded.filter((x) => x !== g) : [...state.expanded, g];
  state.selected = node.kind === 'group' ? node.jobs[0] ?? g : g;
  save();
  render();
  const next = selectedNodeId();
  if (next) focusNode(next);
}

ui.svg.addEventListener('click', (e) => {
  const header = (e.target as Element).closest<SVGGElement>('g.column[data-collapsed]');
  if (header && (e.target as Element).closest('text.column-label') && header.dataset.stage !== undefined) {
    toggleStage(header.dataset.stage);
    return;
  }
  const nodeEl = (e.target as Element).closest<SVGGElement>('g.node');
  const node = nodeById(nodeEl?.dataset.node ?? null);
  if (!node) return;
  if ((e.target as Element).closest('text.badge') && node.kind === 'stage') {
    toggleStage(node.stage);
    return;
  }
  if ((e.target as Element).closest('text.badge') && node.group !== undefined) {
    toggleGroup(node);
    return;
  }
  focusNode(node.id);
  reveal(node);
});

ui.svg.addEventListener('focusin', (e) => {
  const nodeEl = (e.target as Element).closest<SVGGElement>('g.node');
  const id = nodeEl?.dataset.node;
  if (!nodeEl || id === undefined) return;
  const r = nodeEl.getBoundingClientRect();
  showFor(id, { x: r.right, y: r.top });
});

// VS Code's context menu lives outside the webview: when it closes (Esc, or an item ran) the webview gets the
// window focus back, and the job the menu was opened on takes the keyboard focus again.
let menuNode: string | null = null;
ui.svg.addEventListener('contextmenu', (e) => {
  menuNode = (e.target as Element).closest<SVGGElement>('g.node')?.dataset.node ?? null;
});
window.addEventListener('focus', () => {
  const id = menuNode;
  menuNode = null;
  if (id === null) return;
  const active = document.activeElement;
  if (active === null || active === document.body || active === highlighter.node(id)) highlighter.node(id)?.focus({ preventScroll: true });
});
window.addEventListener('pointerdown', () => { menuNode = null; }, true);

ui.svg.addEventListener('focusout', (e) => {
  if (!ui.svg.contains(e.relatedTarget as Node | null)) clearHover();
});

const arrows: Record<string, Direction> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };

ui.svg.addEventListener('keydown', (e) => {
  const nodeEl = (e.target as Element).closest<SVGGElement>('g.node');
  const node = nodeById(nodeEl?.dataset.node ?? null);
  if (!node || !nodeEl || !layout) return;
  const dir = arrows[e.key];
  if (dir) {
    e.preventDefault();
    const next = move(layout, node.id, dir);
    if (next && next !== node.id) focusNode(next);
  } else if (e.key === 'Enter') {
    e.preventDefault();
    reveal(node);
  } else if ((e.key === ' ' || e.key === '+' || e.key === '-') && node.kind === 'stage') {
    e.preventDefault();
    toggleStage(node.stage);
  } else if (e.key === ' ' || e.key === '+' || e.key === '-') {
    e.preventDefault();
    toggleGroup(node);
  } else if ((e.key === 'c' || e.key === 'C') && node.kind !== 'external' && state.layout === 'stages') {
    e.preventDefault();
    toggleStage(node.stage);
  } else if ((e.key === 'F10' && e.shiftKey) || e.key === 'ContextMenu') {
    // VS Code opens its webview context menu on a `contextmenu` event and reads data-vscode-context from the target.
    e.preventDefault();
    const r = nodeEl.getBoundingClientRect();
    nodeEl.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: r.left + r.width / 2, clientY: r.bottom }));
  } else if (e.key === 'f' || e.key === 'F') {
    e.preventDefault();
    toggleFocus(nodeJobName(node) ?? null);
  } else if (e.key === 'Escape') {
    // First Esc closes the card; the next leaves focus mode.
    if (!ui.card.hidden) clearHover();
    else exitFocus();
  }
});

// ------------------------------------------------------------------ toolbar

function fillContextForm(): void {
  const ctx = state.context ?? model?.context;
  if (!ctx) return;
  const v = formFromContext(ctx);
  if ([ui.kind, ui.ref, ui.target, ui.defaultBranch].some((x) => x === document.activeElement)) return; // the user is typing
  ui.kind.value = v.kind;
  ui.ref.value = v.ref;
  ui.target.value = v.target;
  ui.defaultBranch.value = v.defaultBranch;
  ui.targetLabel.hidden = v.kind !== 'mr';
  toolbarOverflow.fit();
}

function onContextChange(e?: Event): void {
  const kind = ui.kind.value as ContextKind;
  // Switching to a merge request from the default branch: the likely source is the branch being worked on.
  if (e?.target === ui.kind && kind === 'mr' && gitBranch !== null && gitBranch !== '' && ui.ref.value.trim() === (ui.defaultBranch.value.trim() || 'main') && gitBranch !== ui.ref.value.trim()) ui.ref.value = gitBranch;
  ui.targetLabel.hidden = kind !== 'mr';
  toolbarOverflow.fit();
  const ctx = contextFromForm({ kind, ref: ui.ref.value, defaultBranch: ui.defaultBranch.value, target: ui.target.value }, state.context ?? model?.context ?? null);
  state.context = ctx;
  save();
  post({ type: 'setContext', context: ctx });
}

for (const input of [ui.kind, ui.ref, ui.target, ui.defaultBranch]) input.addEventListener('change', onContextChange);

ui.layout.value = state.layout;
ui.layout.addEventListener('change', () => {
  state.layout = ui.layout.value === 'needs' ? 'needs' : 'stages';
  save();
  render();
  fit();
});

ui.search.value = state.search;
ui.search.addEventListener('input', () => {
  state.search = ui.search.value;
  save();
  applySearch(false);
});
ui.search.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter') return;
  e.preventDefault();
  // Shift+Enter focuses on the first match; Enter jumps to it, and in focus mode a match outside the lineage moves
  // the focus to it.
  const visible = layout ? searchNodes(layout, state.search) : new Set<string>();
  const first = e.shiftKey || (state.focus !== null && visible.size === 0) ? firstMatchingJob(state.search) : undefined;
  if (first !== undefined) enterFocus(first);
  else applySearch(true);
});

/** The first job or group (in model order) whose name contains the query; a collapsed group by its group name. */
function firstMatchingJob(query: string): string | undefined {
  const q = query.trim().toLowerCase();
  if (!model || q === '') return undefined;
  const j = model.jobs.find((x) => x.name.toLowerCase().includes(q) || x.group.toLowerCase().includes(q));
  if (!j) return undefined;
  return j.group !== j.name && !state.expanded.includes(j.group) ? j.group : j.name;
}

ui.focusToggle.addEventListener('click', () => toggleFocus(state.focus ?? state.selected));
ui.focusExit.addEventListener('click', () => exitFocus());
ui.excludedAction.addEventListener('click', () => ui.kind.focus());

ui.fit.addEventListener('click', () => fit(true));
ui.zoomIn.addEventListener('click', () => { userMoved = true; zoomBy(ui.svg, zoomBehavior, 1.25); });
ui.zoomOut.addEventListener('click', () => { userMoved = true; zoomBy(ui.svg, zoomBehavior, 0.8); });
ui.exportButton.addEventListener('click', () => {
  if (layout) post({ type: 'exportSvg', requestId: null, svg: exportSvg(ui.svg, layout) });
});

function setTextView(open: boolean, persist = true): void {
  state.textView = open;
  ui.textView.hidden = !open;
  ui.textToggle.setAttribute('aria-pressed', String(open));
  document.body.classList.toggle('with-text-view', open);
  if (open) renderTextView(ui.textView, model ? textRows(model) : []);
  if (persist) save();
}
ui.textToggle.addEventListener('click', () => setTextView(!state.textView));
setTextView(state.textView, false);

// ------------------------------------------------------------------ host messages

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'didChangeModel': {
      const next = modelOf(msg);
      if (next) {
        model = next;
        jobs = new Map(model.jobs.map((j) => [j.name, j] as const));
        diagnostics = diagnosticsByJob(model);
      } else if (!msg.banner) {
        model = null;
      }
      if (state.root !== msg.rootUri) {
        // The panel follows another CI file: fit that file, from its own start, instead of keeping the previous
        // file's zoom, pan, focus and collapsed stages (a restored panel, with no root yet, keeps its view).
        if (state.root !== null) {
          positioned = false;
          userMoved = false;
          beforeFocus = null;
          state.focus = null;
          state.collapsedStages = [];
          state.selected = null;
        }
        state.root = msg.rootUri;
        save();
      }
      if (msg.gitBranch !== undefined) gitBranch = msg.gitBranch;
      showBanner(ui.banner, msg.banner);
      fillContextForm();
      render();
      break;
    }
    case 'revealJob': {
      // From the editor's cursor: select without taking the focus away from the editor. In focus mode a job
      // outside the lineage becomes the new focus.
      const id = layout?.nodeOfJob.get(msg.job);
      if (id) focusNode(id, false);
      else if (state.focus !== null) enterFocus(msg.job, { takeFocus: false });
      break;
    }
    case 'requestSvg':
      post({ type: 'exportSvg', requestId: msg.requestId, svg: layout ? exportSvg(ui.svg, layout) : '<svg xmlns="http://www.w3.org/2000/svg"/>' });
      break;
    case 'setContext':
      state.context = msg.context;
      save();
      fillContextForm();
      break;
    case 'didChangeJobStatuses': {
      statuses = msg.statuses;
      applyStatuses();
      // An open hover card shows the new statuses too.
      const open = hovered !== null && !hovered.startsWith('edge:') ? nodeById(hovered) : undefined;
      if (open && model && !ui.card.hidden) jobCard(ui.card, open, model, jobs, statuses);
      break;
    }
  }
});

window.addEventListener('resize', () => { if (!userMoved) fit(); });
window.addEventListener('error', (e) => post({ type: 'log', level: 'error', message: String(e.message).slice(0, 4000) }));

post({ type: 'ready', context: state.context, root: state.root });
