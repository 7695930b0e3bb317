import type { MerkleHash } from './hashing.ts';
import { largestPowerOfTwoBelow } from './split.ts';
import type { SubtreeHashes } from './subtree-hashes.ts';

/**
 * PATH(m, D[0:n]) of RFC 6962 §2.1.1: the sibling hashes from leaf m up to the root of the first n leaves, nearest the
 * leaf first. Asks `subtreeHashes` only for the O(log n) siblings.
 */
export function merkleInclusionProof(leafIndex: number, treeSize: number, subtreeHashes: SubtreeHashes): MerkleHash[] {
  if (!Number.isSafeInteger(treeSize) || !Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= treeSize) {
    throw new RangeError(`leaf ${leafIndex} is not in a tree of ${treeSize} leaves`);
  }
  const rootward: MerkleHash[] = [];
  let start = 0;
  let end = treeSize;
  // Walk down from the root; each step's sibling is nearer the root than the next, so the list is reversed at the end.
  while (end - start > 1) {
    const k = largestPowerOfTwoBelow(end - start);
    if (leafIndex < start + k) {
      rootward.push(subtreeHashes(start + k, end));
      end = start + k;
    } else {
      rootward.push(subtreeHashes(start, start + k));
      start += k;
    }
  }
  return rootward.reverse();
}
