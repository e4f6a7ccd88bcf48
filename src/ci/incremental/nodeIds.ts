// Structural ids of YAML trees (hash-consing): two nodes get the same id only if toPlain makes equal values of
// them and every reader of the tree sees the same thing apart from positions (a scalar's float/ruby/symbol
// marks, which scalarString reads; a key's Psych type; an unresolved `!reference`'s path), so a cache keyed by
// ids is exact. Ids are remembered per node object, and a container's id is built from
// its children's ids: a map that merging made anew for this analysis (a job's `variables` after `extends`, rules
// spliced in by `!reference`) costs one look-up per child, because its children are the parse cache's unchanged
// nodes. Positions play no part. Different ids for equal values (a duplicate key, a `!reference` left unresolved
// against a written null) only cost a cache miss. A `__proto__` key gets no id: toPlain turns it into an
// inherited property a reader may see, which no key here would describe.
import type { Scalar, YNode } from '../yaml/node';
import { unresolvedReference } from '../merge/reference';

/** Deeper than any tree the loader accepts: past it, no id (no cache, no risk). */
const MAX_DEPTH = 200;
const NONE = -1;

export class NodeIds {
  private readonly ids = new Map<string, number>();
  private memo = new WeakMap<YNode, number>();

  /** How many distinct structures have an id (the owner bounds it by calling clear). */
  get size(): number {
    return this.ids.size;
  }

  clear(): void {
    this.ids.clear();
    this.memo = new WeakMap();
  }

  /** The node's id, or undefined when it has none (see the file comment). */
  idOf(node: YNode): number | undefined {
    const id = this.walk(node, 0);
    return id === NONE ? undefined : id;
  }

  private walk(node: YNode, depth: number): number {
    const known = this.memo.get(node);
    if (known !== undefined) return known;
    const id = depth > MAX_DEPTH ? NONE : this.make(node, depth);
    this.memo.set(node, id);
    return id;
  }

  private make(node: YNode, depth: number): number {
    let shape: string;
    switch (node.kind) {
      case 'scalar': {
        shape = scalarShape(node.value);
        // What Ruby's to_s reads besides the value (rubyToS): a float's `.0`, an integer's exact text, a Symbol.
        if (node.float) shape += '~f';
        if (node.ruby !== undefined) shape += `~r${JSON.stringify(node.ruby)}`;
        if (node.symbol) shape += '~s';
        // The null an unresolved `!reference` stands for is no written null: checks and inclusion name its path.
        const ref = unresolvedReference(node);
        if (ref !== undefined) shape += `~u${JSON.stringify(ref)}`;
        break;
      }
      case 'ref': {
        // Its path as written, for readers that look inside an unresolved `!reference` (toPlain makes it null).
        const items: number[] = [];
        for (const item of node.items ?? []) {
          const id = this.walk(item, depth + 1);
          if (id === NONE) return NONE;
          items.push(id);
        }
        shape = `r${node.items ? `[${items.join(',')}]` : '-'}${node.scalar === undefined ? '' : `:${scalarShape(node.scalar)}`}`;
        break;
      }
      case 'seq': {
        const items: number[] = [];
        for (const item of node.items) {
          const id = this.walk(item, depth + 1);
          if (id === NONE) return NONE;
          items.push(id);
        }
        shape = `[${items.join(',')}]`;
        break;
      }
      case 'map': {
        const entries: string[] = [];
        for (const e of node.entries) {
          if (e.key === '__proto__') return NONE;
          const id = this.walk(e.value, depth + 1);
          if (id === NONE) return NONE;
          entries.push(`${JSON.stringify(e.key)}${e.keyKind ? `~${e.keyKind}` : ''}:${id}`);
        }
        shape = `{${entries.join(',')}}`;
        break;
      }
    }
    let id = this.ids.get(shape);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(shape, id);
    }
    return id;
  }
}

/** A scalar's value, tagged by type (JSON alone would print NaN, Infinity and null alike). */
function scalarShape(v: Scalar): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Object.is(v, -0) ? 'n-0' : `n${String(v)}`;
  return v === null ? 'z' : v ? 't' : 'f';
}
