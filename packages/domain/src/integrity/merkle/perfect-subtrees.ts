import { merkleNodeHash, type MerkleHash } from './hashing.ts';
import { perfectSubtreeSizes } from './frontier.ts';
import type { SubtreeHashes } from './subtree-hashes.ts';

/** The hash of the perfect subtree of `size` leaves (a power of two, 1 = a leaf) starting at leaf `start`. */
export type PerfectSubtreeHash = (start: number, size: number) => MerkleHash;

/**
 * Answers any subtree the proof algorithms ask for from kept perfect subtrees alone (those a frontier reports as it
 * completes them, plus the leaves). Every such range starts at a multiple of its largest perfect part, so it is tiled
 * by O(log n) kept subtrees, folded from the right exactly as the frontier folds its root.
 */
export function subtreeHashesFromPerfectSubtrees(perfect: PerfectSubtreeHash): SubtreeHashes {
  return (start, end) => {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end <= start) {
      throw new RangeError(`no subtree [${start}, ${end})`);
    }
    const parts: MerkleHash[] = [];
    let at = start;
    for (const size of perfectSubtreeSizes(end - start)) {
      if (at % size !== 0) throw new RangeError(`[${start}, ${end}) is not a subtree of an RFC 6962 tree`);
      parts.push(perfect(at, size));
      at += size;
    }
    let hash = parts[parts.length - 1] as MerkleHash;
    for (let i = parts.length - 2; i >= 0; i -= 1) hash = merkleNodeHash(parts[i] as MerkleHash, hash);
    return hash;
  };
}
