import { createHash, hash } from 'node:crypto';

/** A Merkle tree hash: the 32 bytes of a SHA-256 digest. */
export type MerkleHash = Uint8Array;

export const MERKLE_HASH_BYTES = 32;

// RFC 6962 §2.1 domain separation: a leaf can never be mistaken for an interior node (second-preimage resistance).
const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

// One-shot hashing of bytes laid out in a reused buffer is about twice as fast as a streaming Hash per node, and a log
// of n entries hashes about 2n times.
let leafScratch = Buffer.allocUnsafe(4096);
const nodeScratch = Buffer.allocUnsafe(1 + 2 * MERKLE_HASH_BYTES);

/** MTH({d}) = SHA-256(0x00 ‖ d): the hash of one log entry. */
export function merkleLeafHash(entry: Uint8Array): MerkleHash {
  if (leafScratch.length < entry.length + 1) leafScratch = Buffer.allocUnsafe(Math.max(entry.length + 1, leafScratch.length * 2));
  leafScratch[0] = LEAF_PREFIX[0] as number;
  leafScratch.set(entry, 1);
  return hash('sha256', leafScratch.subarray(0, entry.length + 1), 'buffer');
}

/** SHA-256(0x01 ‖ left ‖ right): the hash of an interior node. */
export function merkleNodeHash(left: MerkleHash, right: MerkleHash): MerkleHash {
  // The fixed layout holds only digest-sized children; anything else is hashed as the definition says, streamed.
  if (left.length !== MERKLE_HASH_BYTES || right.length !== MERKLE_HASH_BYTES) return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
  nodeScratch[0] = NODE_PREFIX[0] as number;
  nodeScratch.set(left, 1);
  nodeScratch.set(right, 1 + MERKLE_HASH_BYTES);
  return hash('sha256', nodeScratch, 'buffer');
}

/** MTH({}) = SHA-256 of the empty string: the root of a tree with no leaves. */
export function emptyMerkleTreeHash(): MerkleHash {
  return createHash('sha256').digest();
}

/** Byte equality of two hashes; false (never a throw) when either is not a byte array. */
export function merkleHashesEqual(a: unknown, b: unknown): boolean {
  if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array) || a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i += 1) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}

/** True for a byte array of a SHA-256 digest's length: what a proof or a root must be made of. */
export function isMerkleHash(value: unknown): value is MerkleHash {
  return value instanceof Uint8Array && value.length === MERKLE_HASH_BYTES;
}
