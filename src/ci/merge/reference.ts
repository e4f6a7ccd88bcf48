// `!reference [key, subkey, …]` (spec R2.3), resolved on the post-`extends` configuration. The referenced
// value is resolved recursively; a missing path, a bad shape or a cycle rejects the whole configuration with
// GitLab's message, written as Ruby's `inspect` of the path.
import type { DiagnosticSink } from '../diagnostics';
import type { YMap, YNode, YRef } from '../yaml/node';
import { getEntry, rubyToS } from '../yaml/node';
import { rubyInspect } from '../include/rubyInspect';

class ReferenceError extends Error {
  constructor(
    message: string,
    readonly node: YNode,
  ) {
    super(message);
  }
}

/**
 * Subtrees known to hold no `!reference`, from earlier analyses: they resolve to themselves, whatever the
 * configuration around them, so an edit walks only what is new or holds a reference. Weak: kept only while the
 * tree is.
 */
const NO_REFERENCES = new WeakSet<YNode>();

/** Ruby's `String#inspect` for the strings a path holds. */
function inspectString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

/** Ruby's `inspect` of one loaded path item: nested arrays are written out, `nil` for null. */
function inspectItem(i: YNode): string {
  if (i.kind === 'seq') return `[${i.items.map(inspectItem).join(', ')}]`;
  if (i.kind !== 'scalar') return rubyInspect(i, 'string'); // a Hash: the tag's own data keeps String keys
  if (i.value === null) return 'nil';
  if (typeof i.value !== 'string') return rubyToS(i);
  if (!i.symbol) return inspectString(i.value);
  return /^[A-Za-z_]\w*$/.test(i.value) ? `:${i.value}` : `:${inspectString(i.value)}`;
}

/**
 * Tags::Base#validation_error_message inspects `scalar.presence || map.presence || seq`: Psych's Coder starts with
 * an empty map and seq, so a blank scalar (`!reference` alone) is written `[]`. The converter keeps a tagged
 * scalar's text; a tagged mapping keeps nothing (null), and its Hash#inspect is Ruby-version dependent.
 */
function inspectPath(ref: YRef): string {
  if (ref.items === null) {
    if (ref.scalar === null || ref.scalar === undefined) return '{…}';
    const text = String(ref.scalar);
    return /^\s*$/.test(text) ? '[]' : inspectString(text);
  }
  return `[${ref.items.map(inspectItem).join(', ')}]`;
}

/** `lenient`: as for `extends`, a path that is not found may come from an unresolved include (then: a warning and null). */
export function resolveReferences(config: YMap, sink: DiagnosticSink, lenient = false): YMap | undefined {
  const memo = new Map<YNode, YNode>();
  const active = new Set<YRef>();

  const lookup = (ref: YRef): YNode => {
    const path = ref.items;
    if (path === null || path.length === 0 || path.some((p) => p.kind !== 'scalar' || typeof p.value !== 'string')) {
      throw new ReferenceError(`!reference ${inspectPath(ref)} is not valid`, ref);
    }
    let node: YNode | undefined = config;
    for (const p of path) {
      node = node?.kind === 'map' ? getEntry(node, String((p as { value: string }).value))?.value : undefined;
      if (node === undefined) {
        const message = `!reference ${inspectPath(ref)} could not be found`;
        if (!lenient) throw new ReferenceError(message, ref);
        sink.warning(
          'reference-unresolved',
          `${message}: probably defined in an include that is not resolved offline; shown as empty`,
          ref.range,
        );
        return { kind: 'scalar', value: null, range: ref.range };
      }
    }
    if (active.has(ref)) throw new ReferenceError(`!reference ${inspectPath(ref)} is part of a circular chain`, ref);
    active.add(ref);
    const out = resolve(node);
    active.delete(ref);
    return out;
  };

  const resolve = (node: YNode): YNode => {
    if (NO_REFERENCES.has(node)) return node;
    const hit = memo.get(node);
    if (hit) return hit;
    let out: YNode;
    switch (node.kind) {
      case 'scalar':
        return node;
      case 'ref':
        out = lookup(node);
        break;
      case 'seq': {
        const items = node.items.map(resolve);
        out = items.every((x, i) => x === node.items[i]) ? node : { kind: 'seq', items, range: node.range };
        break;
      }
      case 'map': {
        const entries = node.entries.map((e) => ({ ...e, value: resolve(e.value) }));
        out = entries.every((x, i) => x.value === node.entries[i]?.value)
          ? node
          : { kind: 'map', entries, range: node.range };
        break;
      }
    }
    memo.set(node, out);
    // Resolving gave the node itself only if nothing under it is a `!reference`: true for good (trees are immutable).
    if (out === node) NO_REFERENCES.add(node);
    return out;
  };

  try {
    const out = resolve(config);
    return out.kind === 'map' ? out : undefined;
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    sink.error('reference', e.message, e.node.range);
    return undefined;
  }
}
