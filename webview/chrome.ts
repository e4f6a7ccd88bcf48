// The panel's fixed DOM around the graph: toolbar (context selector, layout, search, fit, export, text view),
// banner, legend, hover card, text alternative and a live region. Built once, with createElement only.
import type { ContextKind } from './contextForm';
import { el, svgEl } from './dom';

export interface Chrome {
  toolbar: HTMLDivElement;
  /** Toolbar items that may move into the overflow menu, first to move first. */
  overflowable: HTMLElement[];
  kind: HTMLSelectElement;
  ref: HTMLInputElement;
  target: HTMLInputElement;
  targetLabel: HTMLLabelElement;
  defaultBranch: HTMLInputElement;
  layout: HTMLSelectElement;
  search: HTMLInputElement;
  fit: HTMLButtonElement;
  zoomIn: HTMLButtonElement;
  zoomOut: HTMLButtonElement;
  exportButton: HTMLButtonElement;
  textToggle: HTMLButtonElement;
  focusToggle: HTMLButtonElement;
  /** Shown in focus mode: whose lineage this is, and the way out. */
  focusBar: HTMLDivElement;
  focusText: HTMLSpanElement;
  focusExit: HTMLButtonElement;
  /** One line when most jobs are left out of the chosen pipeline: why, and what to do. */
  excludedNote: HTMLDivElement;
  excludedText: HTMLSpanElement;
  excludedAction: HTMLButtonElement;
  banner: HTMLDivElement;
  summary: HTMLSpanElement;
  graph: HTMLDivElement;
  svg: SVGSVGElement;
  viewport: SVGGElement;
  overlay: SVGSVGElement;
  overlayLayer: SVGGElement;
  card: HTMLDivElement;
  textView: HTMLElement;
  empty: HTMLDivElement;
  live: HTMLDivElement;
}

function labelled<T extends HTMLElement>(text: string, control: T): HTMLLabelElement {
  const l = el('label', { class: 'field' });
  l.append(el('span', {}, text), control);
  return l;
}

function select(id: string, options: [string, string][]): HTMLSelectElement {
  const s = el('select', { id });
  for (const [value, text] of options) s.append(el('option', { value }, text));
  return s;
}

export function buildChrome(app: HTMLElement): Chrome {
  const toolbar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Pipeline graph tools' });
  const kinds: [ContextKind, string][] = [
    ['branch', 'Branch'],
    ['tag', 'Tag'],
    ['mr', 'Merge request'],
    ['schedule', 'Schedule'],
  ];
  const kind = select('ctx-kind', kinds);
  const ref = el('input', { id: 'ctx-ref', type: 'text', size: '9', spellcheck: 'false', placeholder: 'ref' });
  const target = el('input', {
    id: 'ctx-target',
    type: 'text',
    size: '9',
    spellcheck: 'false',
    placeholder: 'default branch',
  });
  const defaultBranch = el('input', {
    id: 'ctx-default',
    type: 'text',
    size: '7',
    spellcheck: 'false',
    'aria-label': 'Default branch',
    title: 'The default branch ($CI_DEFAULT_BRANCH)',
  });
  const defaultLabel = labelled('Default', defaultBranch);
  const targetLabel = labelled('→ target', target);
  const ctxGroup = el('fieldset', { class: 'context', 'aria-label': 'Pipeline context' });
  ctxGroup.append(
    el('legend', {}, 'Pipeline'),
    labelled('Type', kind),
    labelled('Ref', ref),
    targetLabel,
    defaultLabel,
  );
  const layout = select('layout', [
    ['stages', 'Stages'],
    ['needs', 'By needs'],
  ]);
  const search = el('input', {
    id: 'search',
    type: 'search',
    size: '12',
    placeholder: 'Find job',
    'aria-label': 'Find job (Enter: go to it, Shift+Enter: focus on it)',
    title: 'Enter goes to the first match; Shift+Enter shows only its lineage',
    spellcheck: 'false',
  });
  const fit = el('button', { id: 'fit', type: 'button', title: 'Fit the whole graph in view' }, 'Fit');
  const zoomOut = el('button', { id: 'zoom-out', type: 'button', title: 'Zoom out', 'aria-label': 'Zoom out' }, '−');
  const zoomIn = el('button', { id: 'zoom-in', type: 'button', title: 'Zoom in', 'aria-label': 'Zoom in' }, '+');
  const exportButton = el(
    'button',
    { id: 'export', type: 'button', title: 'Export the graph as an SVG file', 'aria-label': 'Export SVG' },
    'Export',
  );
  const textToggle = el(
    'button',
    {
      id: 'text-toggle',
      type: 'button',
      'aria-pressed': 'false',
      title: 'Show the graph as a list of jobs and their sources',
      'aria-label': 'Text view',
    },
    'Text',
  );
  const focusToggle = el(
    'button',
    {
      id: 'focus-toggle',
      type: 'button',
      'aria-pressed': 'false',
      title:
        "Show only the selected job's lineage: the jobs whose artifacts reach it and the jobs its artifacts reach (F; Esc to leave)",
    },
    'Focus',
  );
  const summary = el('span', { id: 'summary', class: 'summary' });
  const layoutLabel = labelled('Layout', layout);
  toolbar.append(ctxGroup, layoutLabel, search, zoomOut, zoomIn, fit, focusToggle, exportButton, textToggle);
  // The first items to move into the "⋯" menu when the panel is narrow (see toolbarOverflow.ts).
  const overflowable = [textToggle, exportButton, defaultLabel, zoomOut, zoomIn, layoutLabel, focusToggle, fit];

  const focusBar = el('div', { id: 'focus-bar', class: 'note focus-bar', role: 'status', hidden: '' });
  const focusText = el('span', { class: 'note-text' });
  const focusExit = el(
    'button',
    { id: 'focus-exit', type: 'button', title: 'Show the whole pipeline again (Esc)' },
    'Show all',
  );
  focusBar.append(focusText, focusExit);
  const excludedNote = el('div', { id: 'excluded-note', class: 'note excluded-note', role: 'status', hidden: '' });
  const excludedText = el('span', { class: 'note-text' });
  const excludedAction = el(
    'button',
    { id: 'excluded-action', type: 'button', title: 'Pick the pipeline type and ref these jobs run in' },
    'Change pipeline…',
  );
  excludedNote.append(excludedText, excludedAction);

  const banner = el('div', { id: 'banner', class: 'banner', role: 'alert', hidden: '' });
  const legend = el('div', { class: 'legend' });
  for (const [cls, text] of [
    ['files', 'files (archive)'],
    ['dotenv', 'dotenv variables'],
    ['both', 'files + dotenv'],
    ['excluded', 'excluded job'],
    ['external', 'other pipeline'],
  ] as const) {
    const item = el('span', { class: `legend-item ${cls}`, 'aria-hidden': 'true' });
    const svg = svgEl('svg', { width: '28', height: '10' });
    svg.append(
      cls === 'excluded' || cls === 'external'
        ? svgEl('rect', { x: '1', y: '1', width: '26', height: '8', rx: '2', class: 'legend-card' })
        : svgEl('line', { x1: '0', y1: '5', x2: '28', y2: '5', class: 'legend-line' }),
    );
    item.append(svg, el('span', {}, text));
    legend.append(item);
  }

  const graph = el('div', { id: 'graph', class: 'graph-wrap' });
  const svg = svgEl('svg', {
    class: 'graph',
    role: 'group',
    'aria-label':
      'Pipeline artifact-flow graph. Tab to the jobs, arrows to move, Enter to open the definition, Shift+F10 for actions.',
  });
  const viewport = svgEl('g', { class: 'viewport' });
  svg.append(viewport);
  // Hover highlight layer (see Highlighter): a dimming rect and copies of the lit elements, above the graph.
  const overlay = svgEl('svg', { class: 'graph-overlay', 'aria-hidden': 'true' });
  const overlayLayer = svgEl('g', { class: 'overlay-viewport' });
  overlay.append(svgEl('rect', { class: 'dim', width: '100%', height: '100%' }), overlayLayer);
  const empty = el('div', { class: 'empty', hidden: '' });
  graph.append(svg, overlay, empty);

  const card = el('div', { id: 'card', class: 'hover-card', role: 'tooltip', hidden: '' });
  const textView = el('section', {
    id: 'text-view',
    class: 'text-view',
    'aria-label': 'Jobs and their artifact sources',
    hidden: '',
  });
  const live = el('div', { class: 'sr-only', 'aria-live': 'polite' });
  legend.append(summary);
  app.append(toolbar, banner, focusBar, excludedNote, legend, graph, textView, card, live);
  return {
    toolbar,
    overflowable,
    kind,
    ref,
    target,
    targetLabel,
    defaultBranch,
    layout,
    search,
    fit,
    zoomIn,
    zoomOut,
    exportButton,
    textToggle,
    focusToggle,
    focusBar,
    focusText,
    focusExit,
    excludedNote,
    excludedText,
    excludedAction,
    banner,
    summary,
    graph,
    svg,
    viewport,
    overlay,
    overlayLayer,
    card,
    textView,
    empty,
    live,
  };
}

export function showBanner(
  banner: HTMLElement,
  b: { severity: string; message: string; location?: string; stale: boolean } | null,
): void {
  banner.replaceChildren();
  if (!b) {
    banner.hidden = true;
    return;
  }
  banner.hidden = false;
  banner.className = `banner ${b.severity}`;
  banner.append(
    el('strong', {}, b.severity === 'error' ? 'Error' : b.severity === 'warning' ? 'Warning' : 'Note'),
    document.createTextNode(`: ${b.message}`),
  );
  if (b.location) banner.append(el('span', { class: 'at' }, ` (${b.location})`));
  if (b.stale) banner.append(el('div', { class: 'stale' }, 'Showing the last graph that could be computed.'));
}

export function renderTextView(
  section: HTMLElement,
  rows: { job: string; stage: string; status: string; sources: string[] }[],
): void {
  section.replaceChildren(el('h2', {}, `Jobs (${rows.length})`));
  const ul = el('ul', { class: 'job-list' });
  for (const r of rows) {
    const li = el('li');
    li.append(el('strong', {}, r.job), document.createTextNode(` — stage ${r.stage}, ${r.status}`));
    if (r.sources.length > 0) {
      const inner = el('ul');
      for (const s of r.sources) inner.append(el('li', {}, s));
      li.append(inner);
    } else {
      li.append(document.createTextNode('; receives no artifacts'));
    }
    ul.append(li);
  }
  section.append(ul);
}
