import { isMerkleHash, merkleHashesEqual, merkleNodeHash, type MerkleHash } from './hashing.ts';
import { largestPowerOfTwoBelow } from './split.ts';
import { isMerkleHashList, isTreeSize, MERKLE_PROOF_OK, merkleProofRefused, type MerkleVerification } from './verification.ts';

export type MerkleInclusionClaim = {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly leafHash: MerkleHash;
  readonly proof: readonly MerkleHash[];
  readonly rootHash: MerkleHash;
};

/**
 * RFC 9162 §2.1.3.2: is the leaf at leafIndex of the tree of treeSize leaves whose root is rootHash? Input is treated
 * as adversarial (it comes from a proof file): anything malformed is a refusal, never an exception.
 */
export function verifyMerkleInclusion(claim: MerkleInclusionClaim): MerkleVerification {
  const { leafIndex, treeSize, leafHash, proof, rootHash } = claim ?? ({} as MerkleInclusionClaim);
  if (!isTreeSize(leafIndex) || !isTreeSize(treeSize)) return merkleProofRefused('malformed-input', 'the leaf index and tree size must be non-negative integers');
  if (!isMerkleHash(leafHash) || !isMerkleHash(rootHash)) return merkleProofRefused('malformed-input', 'the leaf hash and root hash must be 32 bytes each');
  if (!isMerkleHashList(proof)) return merkleProofRefused('malformed-input', 'every proof element must be 32 bytes');
  if (leafIndex >= treeSize) return merkleProofRefused('index-out-of-range', `leaf ${leafIndex} is not in a tree of ${treeSize} leaves`);

  // Arithmetic, not bit operators: sizes may exceed 32 bits.
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: MerkleHash = leafHash;
  for (const p of proof) {
    if (sn === 0) return merkleProofRefused('proof-too-long', `the proof has ${proof.length} hashes; a tree of ${treeSize} leaves needs ${pathLength(leafIndex, treeSize)}`);
    if (fn % 2 === 1 || fn === sn) {
      r = merkleNodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = merkleNodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return merkleProofRefused('proof-too-short', `the proof has ${proof.length} hashes; a tree of ${treeSize} leaves needs ${pathLength(leafIndex, treeSize)}`);
  if (!merkleHashesEqual(r, rootHash)) return merkleProofRefused('root-mismatch', `the proof leads to a root other than the one of the tree of ${treeSize} leaves`);
  return MERKLE_PROOF_OK;
}

/** How many hashes PATH(m, D[n]) has: for the refusal's wording only. */
function pathLength(leafIndex: number, treeSize: number): number {
  let length = 0;
  let start = 0;
  let end = treeSize;
  while (end - start > 1) {
    const k = largestPowerOfTwoBelow(end - start);
    if (leafIndex < start + k) end = start + k;
    else start += k;
    length += 1;
  }
  return length;
}
