// Sizes of a converted tree, kept per node (shared nodes are measured once): the levels of nesting DeepSize counts,
// and the expanded node count the converter bounds.
import type { YMap, YNode } from './node';

export class NodeMeasure {
  /** Expanded size per converted node, to measure what Ruby would materialise. */
  private readonly sizes = new Map<YNode, number>();
  /** Levels of nesting per converted node (`heightOf`). */
  private readonly heights = new Map<YNode, number>();

  /**
   * How many levels of Array and Hash a node adds for Gitlab::Utils::DeepSize: a list or mapping is one level even
   * when empty, a scalar none, and a `!reference` none (DeepSize does not enter a tag object). `convert(n, depth)`
   * places n inside `depth` collections, so `depth + heightOf(n)` is the deepest level DeepSize counts (at most 100).
   */
  heightOf(n: YNode): number {
    const known = this.heights.get(n);
    if (known !== undefined) return known;
    let h = 0;
    if (n.kind === 'seq') for (const i of n.items) h = Math.max(h, this.heightOf(i));
    else if (n.kind === 'map') for (const e of n.entries) h = Math.max(h, this.heightOf(e.value));
    if (n.kind === 'seq' || n.kind === 'map') h += 1;
    this.heights.set(n, h);
    return h;
  }

  /** A mapping with a list or mapping as a key: DeepSize enters the key as well. */
  withKeyHeights(map: YMap, keyHeight: number): YMap {
    if (keyHeight + 1 > this.heightOf(map)) this.heights.set(map, keyHeight + 1);
    return map;
  }

  measure(n: YNode): number {
    const known = this.sizes.get(n);
    if (known !== undefined) return known;
    let size = 1;
    if (n.kind === 'seq') for (const i of n.items) size += this.measure(i);
    else if (n.kind === 'map') for (const e of n.entries) size += 1 + this.measure(e.value);
    else if (n.kind === 'ref' && n.items) for (const i of n.items) size += this.measure(i);
    this.sizes.set(n, size);
    return size;
  }
}
