import { emptyMerkleTreeHash, isMerkleHash, merkleLeafHash, merkleNodeHash, type MerkleHash } from './hashing.ts';

/** A perfect subtree of the log: leaves [start, start + size), size a power of two. */
export type MerkleSubtree = { readonly start: number; readonly size: number; readonly hash: MerkleHash };

/** Told of each perfect subtree of two or more leaves as an append completes it, so a store can keep it. */
export type CompletedSubtreeListener = (subtree: MerkleSubtree) => void;

/**
 * The right edge of an RFC 6962 tree: one hash per set bit of its size, the perfect subtrees that tile the leaves
 * from the left, largest first. Appending a leaf is O(log n) (amortised O(1) merges) and the root is at hand at any
 * size, without a pass over the leaves.
 */
export class MerkleFrontier {
  /** Perfect-subtree hashes, largest (leftmost) first; their sizes are the set bits of `size`, highest first. */
  readonly #edge: MerkleHash[];
  #size: number;
  readonly #onCompleted: CompletedSubtreeListener | undefined;

  private constructor(size: number, edge: MerkleHash[], onCompleted: CompletedSubtreeListener | undefined) {
    this.#size = size;
    this.#edge = edge;
    this.#onCompleted = onCompleted;
  }

  static empty(onCompleted?: CompletedSubtreeListener): MerkleFrontier {
    return new MerkleFrontier(0, [], onCompleted);
  }

  /** Resumes from a right edge kept earlier (`rightEdge()` of a frontier of that size). */
  static resume(size: number, edgeHashes: readonly MerkleHash[], onCompleted?: CompletedSubtreeListener): MerkleFrontier {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`${size} is not a tree size`);
    if (edgeHashes.length !== perfectSubtreeSizes(size).length) {
      throw new RangeError(`a tree of ${size} leaves has ${perfectSubtreeSizes(size).length} right-edge hashes, not ${edgeHashes.length}`);
    }
    if (!edgeHashes.every(isMerkleHash)) throw new RangeError('every right-edge hash must be 32 bytes');
    return new MerkleFrontier(size, [...edgeHashes], onCompleted);
  }

  get size(): number {
    return this.#size;
  }

  /** Appends the entry's leaf, SHA-256(0x00 ‖ entry). */
  appendEntry(entry: Uint8Array): void {
    this.appendLeafHash(merkleLeafHash(entry));
  }

  appendLeafHash(leafHash: MerkleHash): void {
    if (!isMerkleHash(leafHash)) throw new RangeError('a leaf hash must be 32 bytes');
    let hash = leafHash;
    let subtreeSize = 1;
    // Each trailing set bit of the old size is a perfect subtree of the same size as the one in hand: merge them.
    let carry = this.#size;
    while (carry % 2 === 1) {
      hash = merkleNodeHash(this.#edge.pop() as MerkleHash, hash);
      subtreeSize *= 2;
      carry = Math.floor(carry / 2);
      this.#onCompleted?.({ start: this.#size + 1 - subtreeSize, size: subtreeSize, hash });
    }
    this.#edge.push(hash);
    this.#size += 1;
  }

  /** MTH of all leaves appended so far: the right edge folded from the right. */
  root(): MerkleHash {
    let root = this.#edge[this.#edge.length - 1];
    if (root === undefined) return emptyMerkleTreeHash();
    for (let i = this.#edge.length - 2; i >= 0; i -= 1) root = merkleNodeHash(this.#edge[i] as MerkleHash, root);
    return root;
  }

  /** The perfect subtrees that tile the leaves, largest first: what `resume` needs. */
  rightEdge(): MerkleSubtree[] {
    let start = 0;
    return perfectSubtreeSizes(this.#size).map((size, i) => {
      const subtree = { start, size, hash: this.#edge[i] as MerkleHash };
      start += size;
      return subtree;
    });
  }
}

/** The sizes of the perfect subtrees that tile n leaves from the left: the powers of two of n's binary form, largest first. */
export function perfectSubtreeSizes(n: number): number[] {
  const sizes: number[] = [];
  let bit = 1;
  let rest = n;
  while (rest > 0) {
    if (rest % 2 === 1) sizes.unshift(bit);
    rest = Math.floor(rest / 2);
    bit *= 2;
  }
  return sizes;
}
