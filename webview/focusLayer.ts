// Focus mode's own layer: its elements are drawn over an opaque cover, above the whole pipeline's, which stay in
// the document untouched (marked `covered`, hidden from screen readers), so leaving focus mode only removes a layer.
import { svgEl } from './dom';
import { createRoots } from './graph/render';
import type { RenderRoots } from './graph/render';

/** A fresh focus layer in the viewport, with its cover first. */
export function createFocusRoots(viewport: SVGGElement): RenderRoots {
  const r = createRoots(viewport);
  r.columns.classList.add('focus-layer');
  r.columns.prepend(
    svgEl('rect', { class: 'focus-cover', x: '-1000000', y: '-1000000', width: '2000000', height: '2000000' }),
  );
  return r;
}

/** Covers (or uncovers) the whole pipeline's elements; a covered pipeline gives up its tab stop. */
export function setCovered(full: RenderRoots, covered: boolean): void {
  for (const g of [full.columns, full.edges, full.nodes]) {
    g.classList.toggle('covered', covered);
    if (covered) g.setAttribute('aria-hidden', 'true');
    else g.removeAttribute('aria-hidden');
  }
  if (covered) {
    for (const el of full.nodes.querySelectorAll('g.node[tabindex="0"]')) el.setAttribute('tabindex', '-1');
  }
}

/** Takes a focus layer out of the document. */
export function removeRoots(roots: RenderRoots): void {
  for (const g of [roots.columns, roots.edges, roots.nodes]) g.remove();
}
