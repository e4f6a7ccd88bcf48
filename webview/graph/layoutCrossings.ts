// Counting edge crossings between two adjacent columns: the number of inversions among segments, O(n log n).

/** Crossings among segments between two columns, given (left row, right row) pairs. */
export function countCrossingPairs(pairs: readonly (readonly [number, number])[]): number {
  const sorted = [...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((p) => p[1]);
  return mergeCount(sorted);
}

function mergeCount(a: number[]): number {
  if (a.length < 2) return 0;
  const mid = a.length >> 1;
  const left = a.slice(0, mid);
  const right = a.slice(mid);
  let count = mergeCount(left) + mergeCount(right);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < left.length && j < right.length) {
    if (left[i]! <= right[j]!) a[k++] = left[i++]!;
    else {
      a[k++] = right[j++]!;
      count += left.length - i;
    }
  }
  while (i < left.length) a[k++] = left[i++]!;
  while (j < right.length) a[k++] = right[j++]!;
  return count;
}
