// Expanding and collapsing a downstream pipeline (a click on its card or its frame's title, Enter or Space on it):
// the layout is recomputed with the pipeline flipped, and the keyboard focus stays on it.
import * as l10n from '@vscode/l10n';
import type { Controller } from './controller';
import type { LayoutNode } from './graph/layoutTypes';

export function toggleDownstream(c: Controller, node: LayoutNode): void {
  const d = node.downstream;
  if (!d?.expandable) {
    c.focusNode(node.id); // a placeholder or another project's pipeline: nothing to open, its card says why
    return;
  }
  c.flipDownstream(node.id);
  c.render();
  c.focusNode(node.id);
  c.ui.live.textContent = d.expanded ? l10n.t('{0} collapsed', d.title) : l10n.t('{0} expanded', d.title);
}
