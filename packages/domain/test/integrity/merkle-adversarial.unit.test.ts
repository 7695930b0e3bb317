import { describe, expect, it } from 'vitest';
import {
  emptyMerkleTreeHash,
  inMemorySubtreeHashes,
  merkleConsistencyProof,
  merkleInclusionProof,
  merkleLeafHash,
  MerkleFrontier,
  verifyMerkleConsistency,
  verifyMerkleInclusion,
  type MerkleConsistencyClaim,
  type MerkleHash,
  type MerkleInclusionClaim,
} from '../../src/index.ts';

// A 13-leaf log: not a power of two, so proofs mix left and right siblings and the right edge has three subtrees.
const leafHashes = Array.from({ length: 13 }, (_, i) => merkleLeafHash(Buffer.from(`operation ${i}`)));
const subtrees = inMemorySubtreeHashes(leafHashes);
const rootOf = (size: number): MerkleHash => (size === 0 ? emptyMerkleTreeHash() : subtrees(0, size));

const honestInclusion = (leafIndex: number, treeSize: number): MerkleInclusionClaim => ({
  leafIndex, treeSize, leafHash: leafHashes[leafIndex]!, proof: merkleInclusionProof(leafIndex, treeSize, subtrees), rootHash: rootOf(treeSize),
});
const honestConsistency = (firstSize: number, secondSize: number): MerkleConsistencyClaim => ({
  firstSize, firstRootHash: rootOf(firstSize), secondSize, secondRootHash: rootOf(secondSize), proof: merkleConsistencyProof(firstSize, secondSize, subtrees),
});

describe('Merkle inclusion proofs under attack', () => {
  const claim = honestInclusion(6, 13);

  it('the honest proof verifies (the attacks below start from it)', () => {
    expect(verifyMerkleInclusion(claim)).toEqual({ ok: true });
  });

  it('a wrong sibling is refused', () => {
    const proof = claim.proof.map((p, i) => (i === 1 ? leafHashes[12]! : p));
    expect(verifyMerkleInclusion({ ...claim, proof })).toMatchObject({ ok: false, failure: 'root-mismatch' });
  });

  it('siblings in swapped order are refused', () => {
    const [a, b, ...rest] = claim.proof;
    expect(verifyMerkleInclusion({ ...claim, proof: [b!, a!, ...rest] })).toMatchObject({ ok: false, failure: 'root-mismatch' });
  });

  it('another leaf, or the right leaf at another index, is refused', () => {
    expect(verifyMerkleInclusion({ ...claim, leafHash: leafHashes[7]! })).toMatchObject({ ok: false, failure: 'root-mismatch' });
    expect(verifyMerkleInclusion({ ...claim, leafIndex: 7 }).ok).toBe(false);
    expect(verifyMerkleInclusion({ ...claim, leafIndex: 5 }).ok).toBe(false);
  });

  it('an index out of range is refused, however it is spelled', () => {
    for (const leafIndex of [13, 14, Number.MAX_SAFE_INTEGER]) expect(verifyMerkleInclusion({ ...claim, leafIndex })).toMatchObject({ ok: false, failure: 'index-out-of-range' });
    for (const leafIndex of [-1, 6.5, Number.NaN, Number.POSITIVE_INFINITY, '6' as unknown as number]) {
      expect(verifyMerkleInclusion({ ...claim, leafIndex })).toMatchObject({ ok: false, failure: 'malformed-input' });
    }
    expect(verifyMerkleInclusion(honestInclusion(0, 1))).toEqual({ ok: true });
    expect(verifyMerkleInclusion({ ...honestInclusion(0, 1), treeSize: 0 })).toMatchObject({ ok: false, failure: 'index-out-of-range' });
  });

  // A head (size, root) is bound together by the checkpoint's signature, not by the proof: the attack is a proof made in
  // the smaller tree checked against the larger tree's head, or a size whose tree has another shape.
  it('a smaller tree presented as larger is refused: its proof against the larger head, or a size of another shape', () => {
    const older = honestInclusion(6, 9);
    expect(verifyMerkleInclusion({ ...older, treeSize: 13, rootHash: rootOf(13) })).toMatchObject({ ok: false, failure: 'root-mismatch' });
    expect(verifyMerkleInclusion({ ...honestInclusion(8, 9), treeSize: 13, rootHash: rootOf(13) }).ok).toBe(false);
    expect(verifyMerkleInclusion({ ...claim, treeSize: 26 }).ok).toBe(false);
    expect(verifyMerkleInclusion({ ...claim, treeSize: 7 }).ok).toBe(false);
  });

  it('a proof one hash too long or too short is refused as such', () => {
    expect(verifyMerkleInclusion({ ...claim, proof: [...claim.proof, leafHashes[0]!] })).toMatchObject({ ok: false, failure: 'proof-too-long' });
    expect(verifyMerkleInclusion({ ...claim, proof: claim.proof.slice(0, -1) })).toMatchObject({ ok: false, failure: 'proof-too-short' });
    expect(verifyMerkleInclusion({ ...claim, proof: [] })).toMatchObject({ ok: false, failure: 'proof-too-short' });
  });

  it('malformed input is a refusal, never an exception', () => {
    const hostile: unknown[] = [
      null, undefined, {}, { ...claim, proof: null }, { ...claim, proof: 'abc' }, { ...claim, proof: [new Uint8Array(31)] },
      { ...claim, proof: [...claim.proof.slice(0, -1), 'not bytes'] }, { ...claim, proof: new Array(claim.proof.length) }, { ...claim, leafHash: new Uint8Array(33) }, { ...claim, rootHash: Buffer.from(claim.rootHash).toString('hex') },
    ];
    for (const input of hostile) expect(verifyMerkleInclusion(input as MerkleInclusionClaim)).toMatchObject({ ok: false, failure: 'malformed-input' });
  });
});

describe('Merkle consistency proofs under attack', () => {
  const claim = honestConsistency(6, 13);

  it('the honest proof verifies (the attacks below start from it)', () => {
    expect(verifyMerkleConsistency(claim)).toEqual({ ok: true });
    expect(verifyMerkleConsistency(honestConsistency(4, 13))).toEqual({ ok: true });
  });

  it('a wrong sibling or a swapped order is refused', () => {
    const proof = claim.proof.map((p, i) => (i === 0 ? leafHashes[3]! : p));
    expect(verifyMerkleConsistency({ ...claim, proof }).ok).toBe(false);
    const [a, b, ...rest] = claim.proof;
    expect(verifyMerkleConsistency({ ...claim, proof: [b!, a!, ...rest] }).ok).toBe(false);
  });

  it('a rewritten past is refused: the old head does not match what the proof rebuilds', () => {
    const rewritten = inMemorySubtreeHashes(leafHashes.map((leaf, i) => (i === 2 ? merkleLeafHash(Buffer.from('forged')) : leaf)));
    const proof = merkleConsistencyProof(6, 13, rewritten);
    expect(verifyMerkleConsistency({ ...claim, secondRootHash: rewritten(0, 13), proof })).toMatchObject({ ok: false, failure: 'first-root-mismatch' });
  });

  it('a smaller tree presented as larger is refused, and a larger first than second', () => {
    expect(verifyMerkleConsistency({ ...claim, secondSize: 26 }).ok).toBe(false);
    expect(verifyMerkleConsistency({ ...claim, firstSize: 7 }).ok).toBe(false);
    expect(verifyMerkleConsistency({ ...honestConsistency(6, 9), secondSize: 13, secondRootHash: rootOf(13) }).ok).toBe(false);
    expect(verifyMerkleConsistency({ ...claim, firstSize: 13, secondSize: 6 })).toMatchObject({ ok: false, failure: 'first-larger-than-second' });
  });

  it('a proof too long, too short or empty is refused as such', () => {
    expect(verifyMerkleConsistency({ ...claim, proof: [...claim.proof, leafHashes[0]!] })).toMatchObject({ ok: false, failure: 'proof-too-long' });
    expect(verifyMerkleConsistency({ ...claim, proof: claim.proof.slice(0, -1) })).toMatchObject({ ok: false, failure: 'proof-too-short' });
    expect(verifyMerkleConsistency({ ...claim, proof: [] })).toMatchObject({ ok: false, failure: 'proof-empty' });
  });

  it('equal sizes: only an empty proof and the same root; a non-empty proof is refused', () => {
    expect(verifyMerkleConsistency(honestConsistency(13, 13))).toEqual({ ok: true });
    expect(verifyMerkleConsistency({ ...honestConsistency(13, 13), proof: [leafHashes[0]!] })).toMatchObject({ ok: false, failure: 'proof-not-empty' });
    expect(verifyMerkleConsistency({ ...honestConsistency(13, 13), secondRootHash: rootOf(12) })).toMatchObject({ ok: false, failure: 'root-mismatch' });
  });

  it('from the empty tree: only an empty proof, and only the empty-tree root', () => {
    expect(verifyMerkleConsistency(honestConsistency(0, 13))).toEqual({ ok: true });
    expect(verifyMerkleConsistency({ ...honestConsistency(0, 13), proof: [rootOf(13)] })).toMatchObject({ ok: false, failure: 'proof-not-empty' });
    expect(verifyMerkleConsistency({ ...honestConsistency(0, 13), firstRootHash: rootOf(1) })).toMatchObject({ ok: false, failure: 'first-root-mismatch' });
  });

  it('malformed input is a refusal, never an exception', () => {
    const hostile: unknown[] = [
      null, {}, { ...claim, firstSize: -1 }, { ...claim, secondSize: 1e300 }, { ...claim, proof: undefined },
      { ...claim, proof: [...claim.proof, new Uint8Array(0)] }, { ...claim, proof: new Array(claim.proof.length) }, { ...claim, firstRootHash: [1, 2, 3] },
    ];
    for (const input of hostile) expect(verifyMerkleConsistency(input as MerkleConsistencyClaim)).toMatchObject({ ok: false, failure: 'malformed-input' });
  });
});

describe('Merkle builders refuse what is not a tree', () => {
  it('proof builders and the frontier throw a RangeError on impossible arguments (callers, not attackers, pass them)', () => {
    expect(() => merkleInclusionProof(13, 13, subtrees)).toThrow(RangeError);
    expect(() => merkleConsistencyProof(14, 13, subtrees)).toThrow(RangeError);
    expect(() => MerkleFrontier.resume(13, [rootOf(8)])).toThrow(RangeError);
    expect(() => MerkleFrontier.empty().appendLeafHash(new Uint8Array(31))).toThrow(RangeError);
  });

  it('the frontier reports each perfect subtree as it completes it, and keeps one hash per set bit of its size', () => {
    const completed: string[] = [];
    const frontier = MerkleFrontier.empty(({ start, size, hash }) => {
      expect(Buffer.from(hash).equals(Buffer.from(subtrees(start, start + size)))).toBe(true);
      completed.push(`${start}+${size}`);
    });
    leafHashes.forEach((leaf) => frontier.appendLeafHash(leaf));
    expect(completed).toEqual(['0+2', '2+2', '0+4', '4+2', '6+2', '4+4', '0+8', '8+2', '10+2', '8+4']);
    expect(frontier.rightEdge().map(({ start, size }) => `${start}+${size}`)).toEqual(['0+8', '8+4', '12+1']);
  });
});
