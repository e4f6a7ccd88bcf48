// Subtrees known to hold no `!reference`. Trees are immutable, so it stays true: whoever walks a subtree to resolve
// or to find references records it (merge/reference.ts, the editor index), and every later walk of either skips it.
// Weak: kept only while the tree is.
import type { YNode } from './node';

const FREE = new WeakSet<YNode>();

export function isReferenceFree(node: YNode): boolean {
  return FREE.has(node);
}

export function markReferenceFree(node: YNode): void {
  FREE.add(node);
}
