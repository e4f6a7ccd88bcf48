// The legend (what the arrow and card styles mean) and the graph area: the <svg> the layout is drawn into, the hover
// highlight overlay above it, and the empty-state message.
import * as l10n from '@vscode/l10n';
import { el, svgEl } from './dom';

export interface GraphParts {
  graph: HTMLDivElement;
  svg: SVGSVGElement;
  viewport: SVGGElement;
  overlay: SVGSVGElement;
  overlayLayer: SVGGElement;
  empty: HTMLDivElement;
}

/** One sample per arrow kind and per card kind that is not an ordinary job; decorative, so hidden from readers. */
export function buildLegend(): HTMLDivElement {
  const legend = el('div', { class: 'legend' });
  for (const [cls, text] of [
    ['files', l10n.t('files (archive)')],
    ['dotenv', l10n.t('dotenv variables')],
    ['both', l10n.t('files + dotenv')],
    ['triggers', l10n.t('triggers a pipeline')],
    ['excluded', l10n.t('excluded job')],
    ['external', l10n.t('other pipeline')],
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
  return legend;
}

export function buildGraphArea(): GraphParts {
  const graph = el('div', { id: 'graph', class: 'graph-wrap' });
  const svg = svgEl('svg', {
    class: 'graph',
    role: 'group',
    'aria-label': l10n.t(
      'Pipeline artifact-flow graph. Tab to the jobs, arrows to move, Enter to open the definition, Shift+F10 for actions.',
    ),
  });
  const viewport = svgEl('g', { class: 'viewport' });
  svg.append(viewport);
  // Hover highlight layer (see Highlighter): a dimming rect and copies of the lit elements, above the graph.
  const overlay = svgEl('svg', { class: 'graph-overlay', 'aria-hidden': 'true' });
  const overlayLayer = svgEl('g', { class: 'overlay-viewport' });
  overlay.append(svgEl('rect', { class: 'dim', width: '100%', height: '100%' }), overlayLayer);
  const empty = el('div', { class: 'empty', hidden: '' });
  graph.append(svg, overlay, empty);
  return { graph, svg, viewport, overlay, overlayLayer, empty };
}
