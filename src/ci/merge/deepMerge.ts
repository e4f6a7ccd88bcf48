// ActiveSupport `Hash#deep_merge`, the merge behind `include` and `extends` (spec R2.4, R3.2): when both
// values are mappings they merge key by key, otherwise the overriding value wins (even null). Arrays are
// replaced, never concatenated. Keys new in the override are appended, keeping Ruby's insertion order.
import type { YEntry, YMap, YNode } from '../yaml/node';

/**
 * Merged values from earlier analyses, by both sides: trees are immutable and a merge is a function of its two
 * sides, so the same two objects give the same result, and handing back the earlier one keeps an unchanged
 * entry the same object from one analysis to the next (a file's entries merged over an included file's, each
 * analysis: what every later cache keys on). Weak on both sides.
 */
const MERGED = new WeakMap<YMap, WeakMap<YMap, YMap>>();

export function deepMerge(base: YNode, override: YNode): YNode {
  if (base.kind !== 'map' || override.kind !== 'map') return override;
  let byOverride = MERGED.get(base);
  const known = byOverride?.get(override);
  if (known) return known;
  const out = mergeMaps(base, override);
  if (!byOverride) MERGED.set(base, (byOverride = new WeakMap()));
  byOverride.set(override, out);
  return out;
}

export function mergeMaps(base: YMap, override: YMap): YMap {
  if (base.entries.length === 0) return override;
  if (override.entries.length === 0) return { kind: 'map', entries: base.entries, range: override.range };
  const index = new Map<string, number>();
  const entries: YEntry[] = base.entries.slice();
  entries.forEach((e, i) => index.set(e.key, i));
  for (const e of override.entries) {
    const i = index.get(e.key);
    const prev = i === undefined ? undefined : entries[i];
    if (i === undefined || prev === undefined) {
      index.set(e.key, entries.length);
      entries.push(e);
    } else {
      // The override's key position is kept: it is where the winning value is written.
      entries[i] = { key: e.key, keyRange: e.keyRange, value: deepMerge(prev.value, e.value) };
    }
  }
  return { kind: 'map', entries, range: override.range };
}
