import { emptyMerkleTreeHash, merkleNodeHash, type MerkleHash } from './hashing.ts';
import { largestPowerOfTwoBelow } from './split.ts';

/**
 * MTH(D[start:end]) for a range of leaves that is a subtree of the RFC 6962 tree (as the proof algorithms ask for
 * them). A store answers from the subtree hashes it keeps, so a proof needs no pass over the log.
 */
export type SubtreeHashes = (start: number, end: number) => MerkleHash;

/**
 * The straightforward answer over leaf hashes held in memory: recomputes each range, O(end − start). For tests and
 * for small logs; a store keeps the perfect subtrees instead.
 */
export function inMemorySubtreeHashes(leafHashes: readonly MerkleHash[]): SubtreeHashes {
  const rangeHash = (start: number, end: number): MerkleHash => {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start || end > leafHashes.length) {
      throw new RangeError(`no subtree [${start}, ${end}) in a tree of ${leafHashes.length} leaves`);
    }
    const n = end - start;
    if (n === 0) return emptyMerkleTreeHash();
    if (n === 1) return leafHashes[start] as MerkleHash;
    const k = largestPowerOfTwoBelow(n);
    return merkleNodeHash(rangeHash(start, start + k), rangeHash(start + k, end));
  };
  return rangeHash;
}

/** The root of the first `size` leaves, from whatever keeps the subtree hashes. */
export function merkleTreeHeadOf(size: number, subtreeHashes: SubtreeHashes): MerkleHash {
  return size === 0 ? emptyMerkleTreeHash() : subtreeHashes(0, size);
}
