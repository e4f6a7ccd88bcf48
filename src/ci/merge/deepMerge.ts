// ActiveSupport `Hash#deep_merge`, the merge behind `include` and `extends` (spec R2.4, R3.2): when both
// values are mappings they merge key by key, otherwise the overriding value wins (even null). Arrays are
// replaced, never concatenated. Keys new in the override are appended, keeping Ruby's insertion order.
import type { YEntry, YMap, YNode } from '../yaml/node';

export function deepMerge(base: YNode, override: YNode): YNode {
  if (base.kind !== 'map' || override.kind !== 'map') return override;
  return mergeMaps(base, override);
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
