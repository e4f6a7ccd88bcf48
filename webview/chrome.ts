// The panel's fixed DOM around the graph: toolbar (context selector, layout, search, fit, export, text view),
// banner, legend, hover card, text alternative and a live region. Built once, with createElement only; the toolbar,
// the notes and the graph area are built in chromeToolbar.ts, chromeNotes.ts and chromeGraph.ts.
import * as l10n from '@vscode/l10n';
import { buildGraphArea, buildLegend } from './chromeGraph';
import type { GraphParts } from './chromeGraph';
import { buildNotes } from './chromeNotes';
import type { NoteParts } from './chromeNotes';
import { buildToolbar } from './chromeToolbar';
import type { ToolbarParts } from './chromeToolbar';
import { el } from './dom';

export interface Chrome extends ToolbarParts, NoteParts, GraphParts {
  summary: HTMLSpanElement;
  card: HTMLDivElement;
  textView: HTMLElement;
  live: HTMLDivElement;
}

export function buildChrome(app: HTMLElement): Chrome {
  const toolbar = buildToolbar();
  const notes = buildNotes();
  const legend = buildLegend();
  const summary = el('span', { id: 'summary', class: 'summary' });
  legend.append(summary);
  const graph = buildGraphArea();
  const card = el('div', { id: 'card', class: 'hover-card', role: 'tooltip', hidden: '' });
  const textView = el('section', {
    id: 'text-view',
    class: 'text-view',
    'aria-label': l10n.t('Jobs and their artifact sources'),
    hidden: '',
  });
  const live = el('div', { class: 'sr-only', 'aria-live': 'polite' });
  // Document order is reading and tab order: tools, notes, legend, graph, then the text view and the hover card.
  app.append(
    toolbar.toolbar,
    notes.banner,
    notes.focusBar,
    notes.excludedNote,
    legend,
    graph.graph,
    textView,
    card,
    live,
  );
  return { ...toolbar, ...notes, ...graph, summary, card, textView, live };
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
    el(
      'strong',
      {},
      b.severity === 'error' ? l10n.t('Error:') : b.severity === 'warning' ? l10n.t('Warning:') : l10n.t('Note:'),
    ),
    document.createTextNode(` ${b.message}`),
  );
  if (b.location) banner.append(el('span', { class: 'at' }, ` (${b.location})`));
  if (b.stale) banner.append(el('div', { class: 'stale' }, l10n.t('Showing the last graph that could be computed.')));
}

export function renderTextView(
  section: HTMLElement,
  rows: { job: string; stage: string; status: string; sources: string[] }[],
): void {
  section.replaceChildren(el('h2', {}, l10n.t('Jobs ({0})', rows.length)));
  const ul = el('ul', { class: 'job-list' });
  for (const r of rows) {
    const li = el('li');
    li.append(el('strong', {}, r.job), document.createTextNode(l10n.t(' — stage {0}, {1}', r.stage, r.status)));
    if (r.sources.length > 0) {
      const inner = el('ul');
      for (const s of r.sources) inner.append(el('li', {}, s));
      li.append(inner);
    } else {
      li.append(document.createTextNode(l10n.t('; receives no artifacts')));
    }
    ul.append(li);
  }
  section.append(ul);
}
