// The engine's own YAML value tree. Every value remembers where it was written, so positions survive
// include merging, `extends` and `!reference` (which move values between files). Nodes are treated as
// immutable: merging builds new maps, so one node may be shared by several parents (YAML aliases).
import type { SourceRange } from '../model';

export type Scalar = string | number | boolean | null;

export interface YScalar {
  kind: 'scalar';
  value: Scalar;
  /** Psych resolved the plain scalar as a float (`3.10`, `.inf`), which matrix values reject (spec R2.2). */
  float?: true;
  /** Ruby's exact text when `value` cannot hold it (an integer past 2^53). */
  ruby?: string;
  /** Psych resolved `:name` to a Ruby Symbol; `value` holds its name. */
  symbol?: true;
  range: SourceRange;
}

/**
 * What a mapping key was typed as, when it is not a string (`on:` is true, `010:` is 8 for Psych); `collection`: a
 * list or mapping as the key (`? [a]`, or an alias to one), named by Ruby's inspect of it (`["a"]`).
 */
export type KeyKind = 'bool' | 'int' | 'float' | 'null' | 'collection';

export interface YEntry {
  /** The key as GitLab names it (Ruby's `to_s` of the typed key). */
  key: string;
  keyRange: SourceRange;
  value: YNode;
  /** Set when the key is not a string (or symbol) for Psych: GitLab rejects such a job name. */
  keyKind?: KeyKind;
}

export interface YMap {
  kind: 'map';
  entries: YEntry[];
  range: SourceRange;
}

export interface YSeq {
  kind: 'seq';
  items: YNode[];
  range: SourceRange;
}

/** A `!reference [a, b]` placeholder, resolved after `extends` (spec R2.3). `items` are the raw path nodes. */
export interface YRef {
  kind: 'ref';
  items: YNode[] | null;
  /** The scalar written after the tag when the tag is misused (`!reference ".a"`). */
  scalar?: Scalar;
  range: SourceRange;
}

export type YNode = YScalar | YMap | YSeq | YRef;

export function getEntry(map: YMap, key: string): YEntry | undefined {
  // Maps are small (tens of keys); a linear scan beats building an index for every merged map.
  for (const e of map.entries) if (e.key === key) return e;
  return undefined;
}

export function get(node: YNode | undefined, key: string): YNode | undefined {
  return node?.kind === 'map' ? getEntry(node, key)?.value : undefined;
}

export function has(node: YNode | undefined, key: string): boolean {
  return node?.kind === 'map' && getEntry(node, key) !== undefined;
}

export function isNull(node: YNode | undefined): boolean {
  return node?.kind === 'scalar' && node.value === null;
}

export function scalarString(node: YNode | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined;
  return rubyToS(node);
}

/**
 * Ruby's `to_s` of a loaded scalar, which GitLab uses wherever it turns a value into text: a float keeps its
 * `.0` (`1.0`), large and tiny floats use Ruby's exponent form (`1.0e+20`, `1.0e-05`), infinities are
 * `Infinity`/`-Infinity`.
 */
export function rubyToS(node: YScalar): string {
  const v = node.value;
  if (node.ruby !== undefined) return node.ruby;
  if (typeof v !== 'number' || !node.float) return String(v);
  if (Number.isNaN(v) || !Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs !== 0 && (abs >= 1e16 || abs < 1e-4)) {
    const [mantissa = '', exponent = ''] = v.toExponential().split('e');
    const sign = exponent.startsWith('-') ? '-' : '+';
    const digits = exponent.replace(/^[-+]/, '').padStart(2, '0');
    return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}e${sign}${digits}`;
  }
  const text = String(v);
  return text.includes('.') ? text : `${text}.0`;
}

/** A new map with `key` set (replaced in place, or appended), leaving `map` untouched. */
export function withEntry(map: YMap, key: string, value: YNode, keyRange?: SourceRange): YMap {
  const entries = map.entries.slice();
  const i = entries.findIndex((e) => e.key === key);
  if (i >= 0) entries[i] = { key, keyRange: entries[i]?.keyRange ?? keyRange ?? value.range, value };
  else entries.push({ key, keyRange: keyRange ?? value.range, value });
  return { kind: 'map', entries, range: map.range };
}

export function withoutEntry(map: YMap, key: string): YMap {
  return { kind: 'map', entries: map.entries.filter((e) => e.key !== key), range: map.range };
}

/**
 * Plain JSON for a node (what Ruby would see after loading). `!reference` placeholders that are still
 * unresolved become null. Shared subtrees are converted once per call, so aliases cost nothing extra.
 * `numbers: 'text'`: a float or a number past 2^53 becomes its Ruby `to_s` (`1.0`, every digit of a Bignum), for
 * values GitLab reads as text (variables: `V: 1.0` is "1.0" to `rules:if`, not "1").
 */
export function toPlain(node: YNode | undefined, numbers: 'value' | 'text' = 'value'): unknown {
  const memo = new Map<YNode, unknown>();
  const conv = (n: YNode): unknown => {
    const hit = memo.get(n);
    if (hit !== undefined) return hit;
    let out: unknown;
    switch (n.kind) {
      case 'scalar':
        return numbers === 'text' && (n.float === true || n.ruby !== undefined) ? rubyToS(n) : n.value;
      case 'ref':
        return null;
      case 'seq':
        out = n.items.map(conv);
        break;
      case 'map': {
        const o: Record<string, unknown> = {};
        for (const e of n.entries) o[e.key] = conv(e.value);
        out = o;
        break;
      }
    }
    memo.set(n, out);
    return out;
  };
  return node === undefined ? undefined : conv(node);
}

/** Flattens nested sequences (GitLab flattens `script`, `needs` arrays up to 10 levels). */
export function flattenSeq(node: YNode | undefined, depth = 10): YNode[] {
  if (node === undefined) return [];
  if (node.kind !== 'seq') return [node];
  const out: YNode[] = [];
  for (const item of node.items) {
    if (item.kind === 'seq' && depth > 0) out.push(...flattenSeq(item, depth - 1));
    else out.push(item);
  }
  return out;
}
