// The one test every identity-keyed memo makes of what it was built from: the same items, by reference, in order.
export function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
