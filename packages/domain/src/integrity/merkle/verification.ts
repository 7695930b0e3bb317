import { isMerkleHash, type MerkleHash } from './hashing.ts';

/** Why a Merkle proof was refused: one name per check of RFC 9162 §2.1.3.2 and §2.1.4.2, plus malformed input. */
export type MerkleProofFailure =
  | 'malformed-input'
  | 'index-out-of-range'
  | 'first-larger-than-second'
  | 'proof-not-empty'
  | 'proof-empty'
  | 'proof-too-long'
  | 'proof-too-short'
  | 'root-mismatch'
  | 'first-root-mismatch'
  | 'second-root-mismatch';

/** The verdict on a proof: ok, or the first check that failed, said in words. Verifiers never throw. */
export type MerkleVerification = { readonly ok: true } | { readonly ok: false; readonly failure: MerkleProofFailure; readonly reason: string };

export const MERKLE_PROOF_OK: MerkleVerification = Object.freeze({ ok: true });

export function merkleProofRefused(failure: MerkleProofFailure, reason: string): MerkleVerification {
  return { ok: false, failure, reason };
}

/** A proof from outside: a real array of 32-byte hashes, holes included in the check (`every` would skip them). */
export function isMerkleHashList(value: unknown): value is readonly MerkleHash[] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i += 1) if (!isMerkleHash(value[i])) return false;
  return true;
}

/** Sizes and indices come from outside (a proof file): only non-negative safe integers are sizes. */
export function isTreeSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
