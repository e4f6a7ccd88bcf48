// Expanding and collapsing a downstream pipeline (a click on its card or its frame's title, Enter or Space on it):
// the layout is recomputed with the pipeline flipped, and the keyboard focus stays on it. The view state keeps the
// pipelines flipped from their default (collapsed above 12 jobs), so a window reload shows them as they were.
import * as l10n from '@vscode/l10n';
import type { Controller } from './controller';
import type { LayoutNode } from './graph/layoutTypes';
import { flipped } from './viewStore';

export function toggleDownstream(c: Controller, node: LayoutNode): void {
  const d = node.downstream;
  if (!d?.expandable) {
    c.focusNode(node.id); // a placeholder or another project's pipeline: nothing to open, its card says why
    return;
  }
  c.store.state.downstreamToggled = flipped(c.store.state.downstreamToggled, node.id);
  c.store.save();
  c.render();
  c.focusNode(node.id);
  c.ui.live.textContent = d.expanded ? l10n.t('{0} collapsed', d.title) : l10n.t('{0} expanded', d.title);
}
