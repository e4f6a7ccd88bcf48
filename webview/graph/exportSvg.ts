// Export: a standalone SVG of the whole graph (not the current viewport) with the theme's colours resolved,
// so the file looks the same outside VS Code.
import type { GraphLayout } from './layoutTypes';

const colourVars: Record<string, string> = {
  fg: '--vscode-editor-foreground',
  bg: '--vscode-editor-background',
  card: '--vscode-editorWidget-background',
  border: '--vscode-editorWidget-border',
  muted: '--vscode-descriptionForeground',
  files: '--vscode-charts-blue',
  dotenv: '--vscode-charts-orange',
  both: '--vscode-charts-purple',
  column: '--vscode-sideBar-background',
  warning: '--vscode-editorWarning-foreground',
  passed: '--vscode-testing-iconPassed',
  failed: '--vscode-testing-iconFailed',
};

function resolve(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

/** The graph's current layers in the copy: the focus layer in focus mode, else the whole pipeline's. */
export interface ExportRoots {
  columns: SVGGElement;
  edges: SVGGElement;
  nodes: SVGGElement;
}

/** `drawAll`: draws the whole layout into the copy's layers, when the live graph holds only the part near the view. */
export function exportSvg(svg: SVGSVGElement, layout: GraphLayout, drawAll?: (roots: ExportRoots) => void): string {
  const c = Object.fromEntries(
    Object.entries(colourVars).map(([k, v]) => [
      k,
      resolve(v, k === 'bg' ? '#ffffff' : k === 'fg' ? '#1e1e1e' : '#888888'),
    ]),
  );
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(Math.ceil(layout.width)));
  clone.setAttribute('height', String(Math.ceil(layout.height)));
  clone.setAttribute('viewBox', `0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}`);
  clone.removeAttribute('class');
  clone.querySelector('g.viewport')?.removeAttribute('transform');
  clone.querySelector('g.overview-layer')?.remove(); // the low-zoom overview is a view of the graph, not part of it
  // In focus mode the file shows the lineage, as the panel does: not the whole graph kept under the focus layer.
  for (const el of clone.querySelectorAll('.covered, .focus-cover')) el.remove();
  if (drawAll) {
    const pick = (cls: string): SVGGElement | null => clone.querySelector<SVGGElement>(`g.viewport > g.${cls}`);
    const [columns, edges, nodes] = [pick('columns'), pick('edges'), pick('nodes')];
    if (columns && edges && nodes) drawAll({ columns, edges, nodes });
  }
  for (const el of clone.querySelectorAll('[tabindex], [data-vscode-context]')) {
    el.removeAttribute('tabindex');
    el.removeAttribute('data-vscode-context');
  }
  for (const el of clone.querySelectorAll('.lit, .match')) {
    el.classList.remove('lit', 'lit-source', 'lit-consumer', 'lit-focus', 'match');
  }
  const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = [
    `svg { background: ${c.bg}; font-family: sans-serif; font-size: 12px; }`,
    `.column-bg { fill: ${c.column}; opacity: 0.5; } .column-label { fill: ${c.muted}; font-weight: bold; }`,
    `.card { fill: ${c.card}; stroke: ${c.border}; } .label { fill: ${c.fg}; } .meta, .badge { fill: ${c.muted}; font-size: 10px; } .badge { text-anchor: end; }`,
    `.excluded { opacity: 0.45; } .excluded .card { stroke-dasharray: 4 3; } .external .card { stroke-dasharray: 2 2; }`,
    `.edge-line { fill: none; stroke-width: 1.5; } .edge-hit { display: none; }`,
    `.files .edge-line { stroke: ${c.files}; } .dotenv .edge-line { stroke: ${c.dotenv}; stroke-dasharray: 6 4; } .both .edge-line { stroke: ${c.both}; stroke-dasharray: 10 3 2 3; }`,
    `.empty .edge-line { stroke: ${c.muted}; stroke-dasharray: 1 3; }`,
    `.finding-marker circle { stroke: ${c.bg}; } .finding-marker.error circle { fill: ${c.failed}; } .finding-marker.warning circle { fill: ${c.warning}; } .finding-marker text { text-anchor: middle; font-size: 9px; font-weight: bold; fill: ${c.bg}; }`,
    `.conflict-marker path { fill: ${c.warning}; } .conflict-marker text, .status-glyph { text-anchor: middle; font-size: 9px; font-weight: bold; fill: ${c.bg}; }`,
    `.status circle { fill: ${c.muted}; stroke: ${c.bg}; } .status-success circle { fill: ${c.passed}; } .status-failed circle { fill: ${c.failed}; }`,
    `marker.files path { fill: ${c.files}; } marker.dotenv path { fill: ${c.dotenv}; } marker.both path { fill: ${c.both}; } marker.empty path { fill: ${c.muted}; }`,
    `.triggers .edge-line { stroke: ${c.passed}; stroke-width: 2; stroke-dasharray: 2 3; } marker.triggers path { fill: ${c.passed}; }`,
    `.downstream .card { stroke: ${c.passed}; } .frame > .card { fill: none; stroke-dasharray: 8 3; } .placeholder .card, .ds-project .card { stroke-dasharray: 2 2; }`,
  ].join('\n');
  clone.insertBefore(style, clone.firstChild);
  return new XMLSerializer().serializeToString(clone);
}
