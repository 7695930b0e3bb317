/**
 * The RFC 6962 split point: the largest power of two strictly below n (n ≥ 2). The left subtree of a tree of n leaves
 * holds this many leaves and is always perfect.
 */
export function largestPowerOfTwoBelow(n: number): number {
  if (!Number.isSafeInteger(n) || n < 2) throw new RangeError(`a tree of ${n} leaves has no split`);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** True when n (a positive integer) is a power of two: a tree of n leaves is then perfect. */
export function isPowerOfTwo(n: number): boolean {
  if (!Number.isSafeInteger(n) || n < 1) return false;
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}
