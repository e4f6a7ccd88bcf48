// `!reference [key, subkey, …]` (spec R2.3), resolved on the post-`extends` configuration. The referenced
// value is resolved recursively; a missing path, a bad shape or a cycle rejects the whole configuration with
// GitLab's message, written as Ruby's `inspect` of the path.
import type { DiagnosticSink } from '../diagnostics';
import type { YMap, YNode, YRef, YSeq } from '../yaml/node';
import { getEntry, rubyToS } from '../yaml/node';
import { rubyInspect } from '../include/rubyInspect';
import { sameItems } from '../incremental/sameItems';
import { isReferenceFree, markReferenceFree } from '../yaml/referenceFree';

class ReferenceError extends Error {
  constructor(
    message: string,
    readonly node: YNode,
  ) {
    super(message);
  }
}

/**
 * A sequence's or mapping's resolution, by the node, with its children's resolutions it was built from. A node's
 * resolution is a function of the node (immutable) and of its children's, so when every child resolves to the same
 * object as before, so does the node: an edit makes new objects only for what it changed, and everything built
 * from the resolved tree later (ids, check keys, jobs) sees the others unchanged. Every child is still resolved
 * (and every `!reference` looked up) each time, so the messages are exactly those of a fresh resolution. Weak.
 */
const RESOLVED = new WeakMap<YNode, { parts: readonly YNode[]; out: YNode }>();

/**
 * The `!reference` nodes under a sequence or mapping (in the order a walk meets them, each once), with what each
 * resolved to when the node's resolution was last made. A node's resolution is a function of its tree and of those
 * (see RESOLVED): when the same node's references resolve to the same objects again, its resolution is the same
 * object, found without walking the rest of its tree (a job's scripts, rules, variables). Each reference is still
 * resolved, through the analysis's memo, so every message is made as a walk would make it. Weak.
 */
const WALKED = new WeakMap<YNode, { refs: readonly YRef[]; outs: readonly YNode[]; out: YNode }>();

/** What an unresolved `!reference` stands for in lenient mode, the same object each time (see RESOLVED). Weak. */
const UNRESOLVED = new WeakMap<YRef, YNode>();

/** The reference each of those placeholders stands for: checks must not judge a placeholder's null (see isUnresolved). */
const PLACEHOLDER_OF = new WeakMap<YNode, YRef>();

function unresolvedNull(ref: YRef): YNode {
  let out = UNRESOLVED.get(ref);
  if (!out) {
    UNRESOLVED.set(ref, (out = { kind: 'scalar', value: null, range: ref.range }));
    PLACEHOLDER_OF.set(out, ref);
  }
  return out;
}

/**
 * True for what an unresolved `!reference` stands for in lenient mode: its real value comes from an include that is
 * not read offline, so no check can judge it (merge/unresolved.ts finds and reports them).
 */
export function isUnresolved(node: YNode | undefined): boolean {
  return node !== undefined && PLACEHOLDER_OF.has(node);
}

/** The reference a placeholder stands for, as GitLab writes it (`!reference [".t", "job"]`); else undefined. */
export function unresolvedReference(node: YNode): string | undefined {
  const ref = PLACEHOLDER_OF.get(node);
  return ref && referenceText(ref);
}

/** A `!reference` as GitLab writes it in messages: `!reference [".t", "job"]`. */
export function referenceText(ref: YRef): string {
  return `!reference ${inspectPath(ref)}`;
}

/** The earlier resolution of `node` when it was built from exactly these `parts`, else `make()` (remembered). */
function reuse(node: YNode, parts: readonly YNode[], make: () => YNode): YNode {
  const prior = RESOLVED.get(node);
  if (prior && sameItems(prior.parts, parts)) return prior.out;
  const out = make();
  RESOLVED.set(node, { parts, out });
  return out;
}

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

/** A sequence or mapping with its children resolved: itself when none changed, else its earlier resolution or a new node. */
function rebuild(node: YSeq | YMap, resolve: (n: YNode) => YNode): YNode {
  if (node.kind === 'seq') {
    const items = node.items.map(resolve);
    return sameItems(items, node.items) ? node : reuse(node, items, () => ({ kind: 'seq', items, range: node.range }));
  }
  const values = node.entries.map((e) => resolve(e.value));
  return values.every((x, i) => x === node.entries[i]?.value)
    ? node
    : reuse(node, values, () => ({
        kind: 'map',
        entries: node.entries.map((e, i) => (values[i] === e.value ? e : { ...e, value: values[i]! })),
        range: node.range,
      }));
}

/** The references under `node`, each once, in walk order: its children's (walked or known), or itself. */
function refsUnder(node: YSeq | YMap): YRef[] {
  const out = new Set<YRef>();
  const children = node.kind === 'seq' ? node.items : node.entries.map((e) => e.value);
  for (const c of children) {
    if (c.kind === 'ref') out.add(c);
    else for (const r of WALKED.get(c)?.refs ?? []) out.add(r);
  }
  return [...out];
}

/** The node's earlier resolution when each of its references resolves to the same object again. */
function known(node: YNode, resolve: (n: YNode) => YNode): YNode | undefined {
  const prior = WALKED.get(node);
  if (!prior) return undefined;
  for (let i = 0; i < prior.refs.length; i++) if (resolve(prior.refs[i]!) !== prior.outs[i]) return undefined;
  return prior.out;
}

/** `lenient`: as for `extends`, a path that is not found may come from an unresolved include (then: a warning and null). */
export function resolveReferences(config: YMap, sink: DiagnosticSink, lenient = false): YMap | undefined {
  const memo = new Map<YNode, YNode>();
  const active = new Set<YRef>();
  // The configuration's own keys, as getEntry finds them (the first entry of a key): it has hundreds of keys, and
  // every `!reference` starts there.
  let byKey: Map<string, YNode> | undefined;
  const top = (key: string): YNode | undefined => {
    if (!byKey) {
      byKey = new Map();
      for (const e of config.entries) if (!byKey.has(e.key)) byKey.set(e.key, e.value);
    }
    return byKey.get(key);
  };

  const lookup = (ref: YRef): YNode => {
    const path = ref.items;
    if (path === null || path.length === 0 || path.some((p) => p.kind !== 'scalar' || typeof p.value !== 'string')) {
      throw new ReferenceError(`!reference ${inspectPath(ref)} is not valid`, ref);
    }
    let node: YNode | undefined = config;
    for (const [i, p] of path.entries()) {
      const key = String((p as { value: string }).value);
      node = i === 0 ? top(key) : node?.kind === 'map' ? getEntry(node, key)?.value : undefined;
      if (node === undefined) {
        const message = `!reference ${inspectPath(ref)} could not be found`;
        if (!lenient) throw new ReferenceError(message, ref);
        sink.warning(
          'reference-unresolved',
          `${message}: probably defined in an include that is not resolved offline; shown as empty`,
          ref.range,
        );
        return unresolvedNull(ref);
      }
    }
    if (active.has(ref)) throw new ReferenceError(`!reference ${inspectPath(ref)} is part of a circular chain`, ref);
    active.add(ref);
    const out = resolve(node);
    active.delete(ref);
    return out;
  };

  const resolve = (node: YNode): YNode => {
    if (isReferenceFree(node)) return node;
    const hit = memo.get(node);
    if (hit) return hit;
    let out: YNode;
    switch (node.kind) {
      case 'scalar':
        return node;
      case 'ref':
        out = lookup(node);
        break;
      case 'seq':
      case 'map': {
        const prior = known(node, resolve);
        if (prior) {
          out = prior;
          break;
        }
        out = rebuild(node, resolve);
        const refs = refsUnder(node);
        if (refs.length > 0) WALKED.set(node, { refs, outs: refs.map((r) => memo.get(r)!), out });
        break;
      }
    }
    memo.set(node, out);
    // Resolving gave the node itself only if nothing under it is a `!reference`: true for good (trees are immutable).
    if (out === node) markReferenceFree(node);
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
