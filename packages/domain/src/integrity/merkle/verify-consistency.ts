import { emptyMerkleTreeHash, isMerkleHash, merkleHashesEqual, merkleNodeHash, type MerkleHash } from './hashing.ts';
import { isPowerOfTwo } from './split.ts';
import { isMerkleHashList, isTreeSize, MERKLE_PROOF_OK, merkleProofRefused, type MerkleVerification } from './verification.ts';

export type MerkleConsistencyClaim = {
  readonly firstSize: number;
  readonly firstRootHash: MerkleHash;
  readonly secondSize: number;
  readonly secondRootHash: MerkleHash;
  readonly proof: readonly MerkleHash[];
};

/**
 * RFC 9162 §2.1.4.2: is the tree of firstSize leaves with firstRootHash a prefix of the tree of secondSize leaves with
 * secondRootHash? Equal sizes need an empty proof and equal roots; an empty first tree needs an empty proof and the
 * empty-tree root. Input is treated as adversarial: anything malformed is a refusal, never an exception.
 */
export function verifyMerkleConsistency(claim: MerkleConsistencyClaim): MerkleVerification {
  const { firstSize, firstRootHash, secondSize, secondRootHash, proof } = claim ?? ({} as MerkleConsistencyClaim);
  if (!isTreeSize(firstSize) || !isTreeSize(secondSize)) return merkleProofRefused('malformed-input', 'both tree sizes must be non-negative integers');
  if (!isMerkleHash(firstRootHash) || !isMerkleHash(secondRootHash)) return merkleProofRefused('malformed-input', 'both root hashes must be 32 bytes each');
  if (!isMerkleHashList(proof)) return merkleProofRefused('malformed-input', 'every proof element must be 32 bytes');
  if (firstSize > secondSize) return merkleProofRefused('first-larger-than-second', `a tree of ${firstSize} leaves cannot be a prefix of one of ${secondSize}`);

  if (firstSize === secondSize) {
    if (proof.length !== 0) return merkleProofRefused('proof-not-empty', `trees of equal size (${firstSize}) are consistent only with an empty proof`);
    if (!merkleHashesEqual(firstRootHash, secondRootHash)) return merkleProofRefused('root-mismatch', `two trees of ${firstSize} leaves with different roots`);
    return MERKLE_PROOF_OK;
  }
  if (firstSize === 0) {
    if (proof.length !== 0) return merkleProofRefused('proof-not-empty', 'the empty tree is a prefix of any tree with an empty proof');
    if (!merkleHashesEqual(firstRootHash, emptyMerkleTreeHash())) return merkleProofRefused('first-root-mismatch', 'the root given for the empty tree is not SHA-256 of the empty string');
    return MERKLE_PROOF_OK;
  }
  if (proof.length === 0) return merkleProofRefused('proof-empty', `a tree of ${firstSize} leaves needs a non-empty proof to be a prefix of one of ${secondSize}`);

  // When the old tree is perfect its root is itself a node of the new tree, so the proof leaves it out.
  const path: readonly MerkleHash[] = isPowerOfTwo(firstSize) ? [firstRootHash, ...proof] : proof;
  // Arithmetic, not bit operators: sizes may exceed 32 bits.
  let fn = firstSize - 1;
  let sn = secondSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0] as MerkleHash;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return merkleProofRefused('proof-too-long', `the proof has more hashes than trees of ${firstSize} and ${secondSize} leaves need`);
    if (fn % 2 === 1 || fn === sn) {
      fr = merkleNodeHash(c, fr);
      sr = merkleNodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = merkleNodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return merkleProofRefused('proof-too-short', `the proof has fewer hashes than trees of ${firstSize} and ${secondSize} leaves need`);
  if (!merkleHashesEqual(fr, firstRootHash)) return merkleProofRefused('first-root-mismatch', `the proof does not lead to the root of the tree of ${firstSize} leaves`);
  if (!merkleHashesEqual(sr, secondRootHash)) return merkleProofRefused('second-root-mismatch', `the proof does not lead to the root of the tree of ${secondSize} leaves`);
  return MERKLE_PROOF_OK;
}
