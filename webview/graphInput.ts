// Pointer and keyboard on the graph: hover cards, clicks on cards, badges and stage headers, keyboard moves and
// commands, and the keyboard focus coming back after VS Code's context menu.
import type { Controller } from './controller';
import type { Direction } from './graph/layoutQuery';
import { move } from './graph/layoutQuery';
import { nodeJobName } from './graph/render';
import { toggleDownstream } from './downstreamInput';

const ARROWS: Record<string, Direction> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };

function nodeElement(e: Event): SVGGElement | null {
  return (e.target as Element).closest<SVGGElement>('g.node');
}

export function bindGraphInput(svg: SVGSVGElement, c: Controller): void {
  const { hover, scene } = c;
  svg.addEventListener('pointerover', (e) => {
    const nodeEl = nodeElement(e);
    if (nodeEl) {
      const id = nodeEl.dataset.node ?? null;
      if (id !== null && id !== hover.current) hover.showNode(id, { x: e.clientX, y: e.clientY });
      return;
    }
    const edgeEl = (e.target as Element).closest<SVGGElement>('g.edge');
    if (edgeEl) hover.showEdge(edgeEl.dataset.edge, { x: e.clientX, y: e.clientY });
  });
  svg.addEventListener('pointerout', (e) => {
    const from = (e.target as Element).closest('g.node, g.edge');
    const to = (e.relatedTarget as Element | null)?.closest('g.node, g.edge') ?? null;
    if (from && from !== to) hover.clear();
  });
  svg.addEventListener('click', (e) => {
    const target = e.target as Element;
    const header = target.closest<SVGGElement>('g.column[data-collapsed]');
    if (header && target.closest('text.column-label') && header.dataset.stage !== undefined) {
      c.toggleStage(header.dataset.stage);
      return;
    }
    const node = scene.nodeById(nodeElement(e)?.dataset.node ?? null);
    if (!node) return;
    // A collapsed pipeline opens on a click anywhere; an expanded frame closes from its title or badge only.
    if (node.kind === 'downstream' && (!node.downstream?.expanded || target.closest('text.label, text.badge'))) {
      toggleDownstream(c, node);
      return;
    }
    if (node.kind === 'downstream' || (node.pipeline !== undefined && target.closest('text.badge'))) return;
    if (target.closest('text.badge') && node.kind === 'stage') {
      c.toggleStage(node.stage);
      return;
    }
    if (target.closest('text.badge') && node.group !== undefined) {
      c.toggleGroup(node);
      return;
    }
    c.focusNode(node.id);
    c.reveal(node);
  });
  svg.addEventListener('focusin', (e) => {
    const nodeEl = nodeElement(e);
    const id = nodeEl?.dataset.node;
    if (!nodeEl || id === undefined) return;
    const r = nodeEl.getBoundingClientRect();
    hover.showNode(id, { x: r.right, y: r.top });
  });
  svg.addEventListener('focusout', (e) => {
    if (!svg.contains(e.relatedTarget as Node | null)) hover.clear();
  });
  svg.addEventListener('keydown', (e) => onKey(e, c));
  bindContextMenuReturn(svg, c);
}

/**
 * VS Code's context menu lives outside the webview: when it closes (Esc, or an item ran) the webview gets the
 * window focus back, and the job the menu was opened on takes the keyboard focus again.
 */
function bindContextMenuReturn(svg: SVGSVGElement, c: Controller): void {
  let menuNode: string | null = null;
  svg.addEventListener('contextmenu', (e) => {
    menuNode = nodeElement(e)?.dataset.node ?? null;
  });
  window.addEventListener('focus', () => {
    const id = menuNode;
    menuNode = null;
    if (id === null) return;
    const el = c.scene.ensureDrawn(id);
    const active = document.activeElement;
    if (active === null || active === document.body || active === el) el?.focus({ preventScroll: true });
  });
  window.addEventListener(
    'pointerdown',
    () => {
      menuNode = null;
    },
    true,
  );
}

function onKey(e: KeyboardEvent, c: Controller): void {
  // Ctrl/Cmd/Alt chords are the editor's (Ctrl+C copies, Ctrl+P opens Quick Open): never the graph's keys.
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const nodeEl = nodeElement(e);
  const node = c.scene.nodeById(nodeEl?.dataset.node ?? null);
  const layout = c.scene.layout;
  if (!node || !nodeEl || !layout) return;
  const dir = ARROWS[e.key];
  const toggle = e.key === ' ' || e.key === '+' || e.key === '-';
  if (dir) {
    e.preventDefault();
    const next = move(layout, node.id, dir);
    if (next && next !== node.id) c.focusNode(next);
  } else if ((e.key === 'Enter' || toggle) && node.kind === 'downstream') {
    e.preventDefault();
    toggleDownstream(c, node);
  } else if (e.key === 'Enter') {
    e.preventDefault();
    c.reveal(node);
  } else if (toggle && node.kind === 'stage') {
    e.preventDefault();
    c.toggleStage(node.stage);
  } else if (toggle && node.pipeline === undefined) {
    e.preventDefault();
    c.toggleGroup(node); // a group inside a child's frame stays collapsed: group names are the parent's
  } else if (
    (e.key === 'c' || e.key === 'C') &&
    node.kind !== 'external' &&
    node.kind !== 'downstream' &&
    node.pipeline === undefined &&
    c.store.state.layout === 'stages'
  ) {
    e.preventDefault();
    c.toggleStage(node.stage);
  } else if ((e.key === 'F10' && e.shiftKey) || e.key === 'ContextMenu') {
    // VS Code opens its webview context menu on a `contextmenu` event and reads data-vscode-context from the target.
    e.preventDefault();
    const r = nodeEl.getBoundingClientRect();
    nodeEl.dispatchEvent(
      new MouseEvent('contextmenu', {
        bubbles: true,
        cancelable: true,
        clientX: r.left + r.width / 2,
        clientY: r.bottom,
      }),
    );
  } else if (e.key === 'f' || e.key === 'F') {
    e.preventDefault();
    c.toggleFocus(nodeJobName(node) ?? null);
  } else if (e.key === 'Escape') {
    // First Esc closes the card; the next leaves focus mode.
    if (c.hover.cardOpen) c.hover.clear();
    else c.exitFocus();
  }
}
