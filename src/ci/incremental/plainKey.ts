// A collision-free text key of plain YAML values (what toPlain gives): equal keys mean equal values, with the
// distinctions JSON would lose kept (1 vs "1" is kept by JSON, but NaN, Infinity and null all print as null, and
// an absent value as null in an array). Caches in this folder are exact only because of that.
export function plainKey(value: unknown): string {
  return JSON.stringify(value === undefined ? 'u' : value, (_k, v: unknown) => {
    if (typeof v === 'string') return `s${v}`;
    if (typeof v === 'number') return Object.is(v, -0) ? 'n-0' : `n${String(v)}`;
    if (v === undefined) return 'u';
    return v;
  });
}
