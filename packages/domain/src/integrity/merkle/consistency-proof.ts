import type { MerkleHash } from './hashing.ts';
import { largestPowerOfTwoBelow } from './split.ts';
import type { SubtreeHashes } from './subtree-hashes.ts';

/**
 * PROOF(m, D[0:n]) of RFC 6962 §2.1.2: the hashes that show the first m leaves of a tree of n leaves are the tree of
 * size m, nearest the leaves first. Empty when m = n or m = 0 (nothing to prove).
 */
export function merkleConsistencyProof(firstSize: number, secondSize: number, subtreeHashes: SubtreeHashes): MerkleHash[] {
  if (!Number.isSafeInteger(firstSize) || !Number.isSafeInteger(secondSize) || firstSize < 0 || firstSize > secondSize) {
    throw new RangeError(`a tree of ${firstSize} leaves is not a prefix of a tree of ${secondSize}`);
  }
  if (firstSize === 0 || firstSize === secondSize) return [];
  const rootward: MerkleHash[] = [];
  let m = firstSize;
  let start = 0;
  let end = secondSize;
  // SUBPROOF's flag b: true while the subtree in hand is still on the path of the old root itself.
  let onOldRootPath = true;
  while (m !== end - start) {
    const k = largestPowerOfTwoBelow(end - start);
    if (m <= k) {
      rootward.push(subtreeHashes(start + k, end));
      end = start + k;
    } else {
      rootward.push(subtreeHashes(start, start + k));
      start += k;
      m -= k;
      onOldRootPath = false;
    }
  }
  if (!onOldRootPath) rootward.push(subtreeHashes(start, end));
  return rootward.reverse();
}
