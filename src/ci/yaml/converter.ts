// Converts one parsed `yaml` document into our YNode tree the way Psych builds it (spec R2.1, R2.2): scalars
// typed as Psych types them, anchors and aliases shared (an alias bomb stays linear), `<<` merge keys applied in
// Psych's order, later duplicate keys winning, and GitLab's size and depth bounds.
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, Scalar as YamlScalar } from 'yaml';
import type { Node as YamlNode, Pair } from 'yaml';
import type { SourceRange } from '../model';
import type { DiagnosticSink } from '../diagnostics';
import type { KeyKind, YEntry, YMap, YNode, YScalar } from './node';
import { rubyInspect } from '../include/rubyInspect';
import { deepSizeBounds, MAX_DEEP_SIZE } from './deepSize';
import { resolvePlainScalar } from './psychScalar';
import { NodeMeasure } from './nodeMeasure';
import { bytesText, keyFromScalar, OMAP_TAGS, REFUSED_MAP_TAGS, STR_TAG, tagReading, unpackBase64 } from './psychTexts';
import { taggedValue } from './taggedValue';

/** Bounds for hostile input (alias bombs, deep nesting). GitLab rejects both with one message. */
export const YAML_LIMITS = { maxNodes: 1_000_000, maxDepth: 100, maxBytes: 1024 * 1024 };
export const TOO_BIG = 'The parsed YAML is too big';
/** Thrown once the error that stops loading is reported: the file loads as nothing. */
export class LoadAbort extends Error {}

/** The source range of a `yaml` offset pair. */
export function rangeAt(
  lines: LineCounter,
  file: string,
  range: readonly [number, number] | readonly number[],
): SourceRange {
  const start = lines.linePos(range[0] ?? 0);
  const end = lines.linePos(range[1] ?? range[0] ?? 0);
  return { file, line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
}

/** One converter per file: anchors and the memo of shared nodes are per file, as in Psych. */
export class Converter {
  /** Anchored nodes convert once; aliases share the result, so an alias bomb stays linear in memory. */
  private readonly memo = new Map<YamlNode, YNode>();
  /** Levels of nesting and expanded sizes of converted nodes. */
  private readonly shape = new NodeMeasure();
  private readonly active = new Set<YamlNode>();
  private readonly anchors = new Map<string, YamlNode>();

  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
    private readonly sink: DiagnosticSink,
  ) {}

  convert(node: YamlNode, depth: number): YNode {
    if (depth > YAML_LIMITS.maxDepth) this.abort(node);
    if (isAlias(node)) {
      const target = this.anchors.get(node.source);
      if (!target) {
        // Psych::AnchorNotDefined (Psych 5.1+, which GitLab runs; Psych 4 said `Unknown alias: x`), without a file
        // prefix: GitLab's loader passes the message on as it is.
        this.sink.error('yaml-alias', `An alias referenced an unknown anchor: ${node.source}`, this.range(node));
        throw new LoadAbort();
      }
      // An alias inside its own anchor's node: Psych builds a recursive Array or Hash, which DeepSize finds nested
      // without end, so GitLab refuses the file as too big.
      if (this.active.has(target)) this.abort(node);
      // DeepSize walks an alias's target at every place it is used: its height counts from here.
      const shared = this.memo.get(target) ?? this.convert(target, depth);
      if (depth + this.shape.heightOf(shared) > YAML_LIMITS.maxDepth) this.abort(node);
      return shared;
    }
    const hit = this.memo.get(node);
    if (hit) {
      if (depth + this.shape.heightOf(hit) > YAML_LIMITS.maxDepth) this.abort(node);
      return hit;
    }
    // Anchors are seen in document order, so an alias finds the latest definition before it (a name may be reused).
    if (node.anchor) this.anchors.set(node.anchor, node);
    this.active.add(node);
    const out = this.convertFresh(node, depth);
    this.active.delete(node);
    this.memo.set(node, out);
    if (depth + this.shape.heightOf(out) > YAML_LIMITS.maxDepth) this.abort(node);
    if (this.shape.measure(out) > YAML_LIMITS.maxNodes) this.abort(node);
    return out;
  }

  /** Refuses the whole file at `node`, with GitLab's (or Psych's) message. */
  private fail(node: YamlNode): (code: string, message: string) => never {
    return (code, message) => {
      this.sink.error(code, message, this.range(node));
      throw new LoadAbort();
    };
  }

  private abort(node: YamlNode): never {
    this.sink.error('yaml-too-big', TOO_BIG, this.range(node));
    throw new LoadAbort();
  }

  private range(node: YamlNode | Pair): SourceRange {
    const r = (node as { range?: [number, number, number] | null }).range;
    return rangeAt(this.lines, this.file, r ? [r[0], r[1]] : [0, 0]);
  }

  private convertFresh(node: YamlNode, depth: number): YNode {
    const range = this.range(node);
    if (node.tag === '!reference') {
      if (isSeq(node)) {
        // DeepSize does not enter a tag object: its items add no level.
        return { kind: 'ref', items: node.items.map((i) => this.convert(i as YamlNode, depth)), range };
      }
      const scalar = isScalar(node) ? this.scalarValue(node) : undefined;
      return { kind: 'ref', items: null, scalar: scalar?.value ?? null, range };
    }
    if (isScalar(node)) return { ...this.scalarValue(node), range };
    if (isSeq(node) && OMAP_TAGS.has(node.tag ?? '')) return this.convertOmap(node.items, range, depth);
    const refused = isMap(node) && node.tag !== undefined ? REFUSED_MAP_TAGS.get(node.tag) : undefined;
    if (refused !== undefined) {
      // Psych's safe loader refuses the class it would build: the whole file fails.
      this.sink.error('yaml-class', `Tried to load unspecified class: ${refused}`, range);
      throw new LoadAbort();
    }
    if (isSeq(node)) {
      return { kind: 'seq', items: node.items.map((i) => this.convert(i as YamlNode, depth + 1)), range };
    }
    if (isMap(node)) return this.convertMap(node.items, range, depth);
    this.sink.error('yaml-syntax', `(${this.file}): unsupported YAML node`, range);
    throw new LoadAbort();
  }

  private scalarValue(node: YamlScalar): Omit<YScalar, 'range'> {
    // A plain scalar without an explicit tag is typed the way Psych types it, not the way `yaml`'s 1.1 schema
    // does (see psychScalar.ts: `y`/`n`, `yEs`, `1.0e5`, `1,000`, `1:30`, dates and times differ); so is a scalar
    // with a tag Psych has no case of its own for (psychTexts.ts tagReading), quoted or not.
    if (node.type === 'PLAIN' && node.tag === undefined && typeof node.source === 'string') {
      return this.psychValue(node, node.source);
    }
    const reading = node.tag === undefined || typeof node.source !== 'string' ? undefined : tagReading(node.tag);
    if (reading !== undefined) return taggedValue(this.psychValue(node, String(node.source)), reading, this.fail(node));
    // The rest Psych keeps as a String: a quoted scalar, `!!str`, a `!ruby/…` tag's text; `!!binary` (yaml's bytes)
    // and `!binary` (a local tag yaml leaves as text) unpacked from base64 into a String of those bytes.
    const v: unknown = node.value;
    if (v instanceof Uint8Array) return { kind: 'scalar', value: bytesText(v) };
    if (node.tag === '!binary' && typeof v === 'string') return { kind: 'scalar', value: unpackBase64(v) };
    return { kind: 'scalar', value: typeof v === 'string' ? v : typeof node.source === 'string' ? node.source : '' };
  }

  private psychValue(node: YamlNode, text: string): Omit<YScalar, 'range'> {
    const r = resolvePlainScalar(text);
    switch (r.type) {
      case 'null':
        return { kind: 'scalar', value: null };
      case 'bool':
        return { kind: 'scalar', value: r.value };
      case 'int':
        return r.text === undefined
          ? { kind: 'scalar', value: r.value }
          : { kind: 'scalar', value: r.value, ruby: r.text };
      case 'float':
        return { kind: 'scalar', value: r.value, float: true };
      case 'string':
        return { kind: 'scalar', value: r.value };
      case 'symbol':
        // GitLab permits Symbol, but a symbol is not a String to the keys that ask for one (stage, script, …).
        this.sink.warning(
          'yaml-symbol',
          `\`${text}\` is loaded as a Ruby symbol, not a string: GitLab keys that want a string reject it; quote it ('${text}') if a string is meant`,
          this.range(node),
        );
        return { kind: 'scalar', value: r.name, symbol: true };
      case 'refused':
        // Psych's safe loader refuses Date and Time objects: the whole file fails (spec R2.2).
        this.sink.error(
          r.className === 'Date' ? 'yaml-date' : 'yaml-time',
          `Tried to load unspecified class: ${r.className}`,
          this.range(node),
        );
        throw new LoadAbort();
      case 'invalid':
        // Ruby's Integer()/Float() raise ArgumentError, which GitLab's loader reports this way.
        this.sink.error('yaml-syntax', 'Invalid YAML syntax', this.range(node));
        throw new LoadAbort();
    }
  }

  private keyOf(
    k: YamlNode | null,
    depth: number,
  ): { key: string; merge: boolean; keyKind?: KeyKind; height?: number } {
    if (k === null || k === undefined) return { key: '', merge: false, keyKind: 'null' };
    if (isScalar(k)) {
      // A key registers its anchor as any node does (Psych's `register`): a later alias may name it.
      if (k.anchor) this.anchors.set(k.anchor, k);
      // Psych merges on a `<<` key unless it is tagged `!!str`, however it is quoted (revive_hash tests the tag, not
      // the style); yaml marks a plain `<<` (and `!!merge <<`) with a symbol.
      const v: unknown = k.value;
      if (typeof v === 'symbol' || (v === '<<' && k.tag !== STR_TAG)) return { key: '<<', merge: true };
      return keyFromScalar({ ...this.scalarValue(k), range: this.range(k) });
    }
    const t = this.convert(k, depth + 1);
    if (t.kind === 'scalar') {
      // An alias has no tag of its own: an alias to a `<<` text merges, even to one written `!!str <<`.
      if (isAlias(k) && t.value === '<<' && t.symbol !== true) return { key: '<<', merge: true };
      return keyFromScalar(t);
    }
    // A list or a mapping as a key (written, or an alias to one): Psych keeps it as the key, and GitLab names it by
    // its `to_s` (its inspect), which is not a Symbol: a job so named is refused by its name's validation.
    // Only its text is kept (deepSize.ts bounds a key's bytes from it): a key that alone is surely past GitLab's
    // size bound (an alias bomb as a key) makes the file too big before its text is written out; any other key's
    // text is at most about twice the bytes DeepSize counts for it.
    if (deepSizeBounds(t).lo > MAX_DEEP_SIZE) this.abort(k);
    return { key: rubyInspect(t, 'string'), merge: false, keyKind: 'collection', height: this.shape.heightOf(t) };
  }

  private convertMap(pairs: readonly unknown[], range: SourceRange, depth: number): YMap {
    // A JS Map keeps a key's first position when it is set again: the same as a Ruby Hash (spec R2.1).
    const out = new Map<string, YEntry>();
    const written = new Set<string>(); // keys written explicitly: only those make a duplicate
    let keyHeight = 0;
    for (const p of pairs) {
      if (!isPair(p)) continue;
      const { key, merge, keyKind, height } = this.keyOf(p.key as YamlNode | null, depth);
      keyHeight = Math.max(keyHeight, height ?? 0);
      const keyRange = p.key ? this.range(p.key as YamlNode) : range;
      const valueNode = p.value as YamlNode | null;
      // A merged mapping's entries land in this one, one level up from where it is written: it is converted at
      // this mapping's depth (a list of them one less), so the depth bound counts its values where they land.
      const at = !merge || valueNode === null || isScalar(valueNode) ? depth + 1 : isSeq(valueNode) ? depth - 1 : depth;
      const value: YNode = valueNode ? this.convert(valueNode, at) : { kind: 'scalar', value: null, range: keyRange };
      if (merge && this.applyMerge(out, valueNode, value)) continue;
      // Kept as the key `<<`: its value is one level down after all.
      if (valueNode && depth + 1 + this.shape.heightOf(value) > YAML_LIMITS.maxDepth) this.abort(valueNode);
      if (written.has(key)) {
        this.sink.warning(
          'duplicate-key',
          `Duplicate key '${key}': the later value wins (Psych keeps the last one; GitLab calls the result unpredictable).`,
          keyRange,
        );
      }
      written.add(key);
      out.set(key, keyKind ? { key, keyRange, value, keyKind } : { key, keyRange, value });
    }
    return this.shape.withKeyHeights({ kind: 'map', entries: [...out.values()], range }, keyHeight);
  }

  /**
   * An `!!omap` list, as Psych builds it (a Psych::Omap, a Hash): each item gives its first key (or item) and its last
   * value (or item), later keys winning; no `<<` merging. An item with no first child makes Psych fail with
   * NoMethodError, which GitLab's loader does not rescue: the file cannot be loaded.
   */
  private convertOmap(items: readonly unknown[], range: SourceRange, depth: number): YMap {
    const out = new Map<string, YEntry>();
    let keyHeight = 0;
    for (const item of items as readonly YamlNode[]) {
      let first: YamlNode | null | undefined;
      let last: YamlNode | null | undefined;
      if (isMap(item) && item.items.length > 0) {
        first = item.items[0]?.key as YamlNode | null;
        last = item.items[item.items.length - 1]?.value as YamlNode | null;
      } else if (isSeq(item) && item.items.length > 0) {
        first = item.items[0] as YamlNode;
        last = item.items[item.items.length - 1] as YamlNode;
      } else {
        this.sink.error(
          'yaml-omap',
          `(${this.file}): an !!omap item must be a mapping or a non-empty list: Psych fails on this one (NoMethodError), so GitLab cannot load the file`,
          this.range(item),
        );
        throw new LoadAbort();
      }
      const { key, keyKind, height } = this.keyOf(first ?? null, depth);
      keyHeight = Math.max(keyHeight, height ?? 0);
      const keyRange = first ? this.range(first) : this.range(item);
      const value: YNode = last ? this.convert(last, depth + 1) : { kind: 'scalar', value: null, range: keyRange };
      out.set(key, keyKind ? { key, keyRange, value, keyKind } : { key, keyRange, value });
    }
    return this.shape.withKeyHeights({ kind: 'map', entries: [...out.values()], range }, keyHeight);
  }

  /**
   * Psych's revive_hash: `<<: *a` or `<<: {…}` copies the mapping's keys over keys already set; with `<<: [*a, *b]`
   * earlier mappings win. Anything else it cannot merge (Hash#merge! raises TypeError, which Psych rescues) keeps
   * the pair as the ordinary key `<<`: a scalar, no value, an alias to a list, a list holding anything but
   * mappings (then nothing of it is merged). False when the pair is to be kept as that ordinary key.
   */
  private applyMerge(out: Map<string, YEntry>, valueNode: YamlNode | null, value: YNode): boolean {
    if (valueNode === null || isScalar(valueNode)) return false;
    let sources: YMap[];
    if (isSeq(valueNode)) {
      // A written list: every item must be a mapping. (An `!!omap` list is a Hash to Psych: merged only when empty.)
      if (value.kind === 'map') return value.entries.length === 0;
      if (value.kind !== 'seq' || !value.items.every((i): i is YMap => i.kind === 'map')) return false;
      sources = [...value.items].reverse();
    } else {
      // A written mapping or an alias: merged only when it is a mapping.
      if (value.kind !== 'map') return false;
      sources = [value];
    }
    for (const s of sources) for (const e of s.entries) out.set(e.key, e);
    return true;
  }
}
