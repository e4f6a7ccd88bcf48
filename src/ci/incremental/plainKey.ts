// A collision-free text key of plain YAML values (what toPlain gives): equal keys mean values no reader can tell
// apart. JSON would lose distinctions (NaN, Infinity and null all print as null; an absent value prints as null in
// an array), so every scalar is tagged with its type. An object whose prototype is not a plain object's (a YAML
// key `__proto__` sets it in toPlain, and readers may then see inherited properties) gets no key at all: whatever
// caches by these keys must then not cache. Caches in this folder are exact only because of that.
export function plainKey(value: unknown): string | undefined {
  try {
    return key(value, 0);
  } catch (e) {
    if (e === UNKEYABLE) return undefined;
    throw e;
  }
}

const UNKEYABLE = new Error('no exact key for this value');
/** Deeper than any configuration the loader accepts: past it the value is not keyed (no cache, no risk). */
const MAX_DEPTH = 200;

function key(v: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw UNKEYABLE;
  switch (typeof v) {
    case 'undefined':
      return 'u';
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Object.is(v, -0) ? 'n-0' : `n${String(v)}`;
    case 'boolean':
      return v ? 't' : 'f';
    case 'object': {
      if (v === null) return 'z';
      if (Array.isArray(v)) return `[${v.map((x) => key(x, depth + 1)).join(',')}]`;
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) throw UNKEYABLE;
      const o = v as Record<string, unknown>;
      return `{${Object.keys(o)
        .map((k) => `${JSON.stringify(k)}:${key(o[k], depth + 1)}`)
        .join(',')}}`;
    }
    default:
      throw UNKEYABLE;
  }
}
