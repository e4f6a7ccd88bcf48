// One name index per list, shared by the steps of an analysis: the reference checks, the pipeline's evaluation, the
// artifact lint and the dotenv explanations each looked jobs up by name, and each built its own map of every job
// (four maps of 1,421 entries per keystroke in srsRAN's configuration). Weak: kept only while the list is.
// The lists it indexes are never changed once built (buildJobs.ts, evaluatePipeline.ts).

const INDEXES = new WeakMap<readonly object[], ReadonlyMap<string, unknown>>();

/** Items by name; of two items with one name, the later one (as `new Map(items.map(...))` would keep). */
export function indexByName<T extends { readonly name: string }>(items: readonly T[]): ReadonlyMap<string, T> {
  let index = INDEXES.get(items) as ReadonlyMap<string, T> | undefined;
  if (index === undefined) {
    const made = new Map<string, T>();
    for (const item of items) made.set(item.name, item);
    INDEXES.set(items, made);
    index = made;
  }
  return index;
}
