import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  inMemorySubtreeHashes,
  merkleConsistencyProof,
  merkleInclusionProof,
  merkleLeafHash,
  merkleNodeHash,
  MerkleFrontier,
  subtreeHashesFromPerfectSubtrees,
  verifyMerkleConsistency,
  verifyMerkleInclusion,
  type MerkleHash,
} from '../../src/index.ts';
import { referencePath, referenceProof, referenceRoot } from '../support/merkle-reference.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** A copy of `hash` with one bit flipped. */
function flipped(hash: MerkleHash, bit: number): MerkleHash {
  const copy = Uint8Array.from(hash);
  copy[Math.floor(bit / 8) % copy.length]! ^= 1 << (bit % 8);
  return copy;
}

const entries = fc.array(fc.uint8Array({ maxLength: 12 }), { minLength: 1, maxLength: 70 });
/** Entries, a tree size n ≥ 1 within them, and m ≤ n. */
const treeAndSizes = entries.chain((all) =>
  fc.integer({ min: 1, max: all.length }).chain((n) => fc.record({ all: fc.constant(all), n: fc.constant(n), m: fc.integer({ min: 0, max: n }) })),
);

/** Builds the tree the way a store will: a frontier that reports the perfect subtrees it completes. */
function grow(all: readonly Uint8Array[]) {
  const kept = new Map<string, MerkleHash>();
  const leafHashes = all.map((entry) => merkleLeafHash(entry));
  const frontier = MerkleFrontier.empty(({ start, size, hash }) => kept.set(`${start}/${size}`, hash));
  const roots = leafHashes.map((leaf) => {
    frontier.appendLeafHash(leaf);
    return frontier.root();
  });
  const fromKept = subtreeHashesFromPerfectSubtrees((start, size) => {
    const hash = size === 1 ? leafHashes[start] : kept.get(`${start}/${size}`);
    if (hash === undefined) throw new Error(`subtree ${start}/${size} was not kept`);
    return hash;
  });
  return { leafHashes, frontier, roots, fromKept, inMemory: inMemorySubtreeHashes(leafHashes) };
}

describe('Merkle tree properties against the literal RFC 6962 definition', () => {
  it('the frontier root equals MTH at every size, and resuming from its right edge changes nothing', () => {
    fc.assert(fc.property(entries, fc.nat(), (all, cut) => {
      const { roots, leafHashes } = grow(all);
      roots.forEach((root, i) => expect(hex(root)).toBe(hex(referenceRoot(all.slice(0, i + 1)))));
      const at = cut % (all.length + 1);
      const first = MerkleFrontier.empty();
      leafHashes.slice(0, at).forEach((leaf) => first.appendLeafHash(leaf));
      const resumed = MerkleFrontier.resume(at, first.rightEdge().map((subtree) => subtree.hash));
      leafHashes.slice(at).forEach((leaf) => resumed.appendLeafHash(leaf));
      expect(hex(resumed.root())).toBe(hex(referenceRoot(all)));
    }), { numRuns: 200 });
  });

  it('every inclusion proof is PATH(m, D[n]), from kept subtrees as from memory, and verifies', () => {
    fc.assert(fc.property(treeAndSizes, ({ all, n, m }) => {
      const leafIndex = Math.min(m, n - 1);
      const { leafHashes, roots, fromKept, inMemory } = grow(all);
      const proof = merkleInclusionProof(leafIndex, n, fromKept);
      expect(proof.map(hex)).toEqual(referencePath(leafIndex, all.slice(0, n)).map(hex));
      expect(merkleInclusionProof(leafIndex, n, inMemory).map(hex)).toEqual(proof.map(hex));
      expect(verifyMerkleInclusion({ leafIndex, treeSize: n, leafHash: leafHashes[leafIndex]!, proof, rootHash: roots[n - 1]! })).toEqual({ ok: true });
    }), { numRuns: 300 });
  });

  it('every consistency proof is PROOF(m, D[n]), from kept subtrees as from memory, and verifies', () => {
    fc.assert(fc.property(treeAndSizes, ({ all, n, m }) => {
      const { roots, fromKept, inMemory } = grow(all);
      const proof = merkleConsistencyProof(m, n, fromKept);
      expect(proof.map(hex)).toEqual(referenceProof(m, all.slice(0, n)).map(hex));
      expect(merkleConsistencyProof(m, n, inMemory).map(hex)).toEqual(proof.map(hex));
      const firstRootHash = m === 0 ? referenceRoot([]) : roots[m - 1]!;
      expect(verifyMerkleConsistency({ firstSize: m, firstRootHash, secondSize: n, secondRootHash: roots[n - 1]!, proof })).toEqual({ ok: true });
    }), { numRuns: 300 });
  });

  it('any single flipped bit in an inclusion proof, its leaf or its root makes it fail', () => {
    fc.assert(fc.property(treeAndSizes, fc.nat(), fc.nat({ max: 255 }), ({ all, n, m }, where, bit) => {
      const leafIndex = Math.min(m, n - 1);
      const { leafHashes, roots, inMemory } = grow(all);
      const claim = { leafIndex, treeSize: n, leafHash: leafHashes[leafIndex]!, proof: merkleInclusionProof(leafIndex, n, inMemory), rootHash: roots[n - 1]! };
      const target = where % (claim.proof.length + 2);
      const tampered =
        target === claim.proof.length ? { ...claim, leafHash: flipped(claim.leafHash, bit) }
          : target === claim.proof.length + 1 ? { ...claim, rootHash: flipped(claim.rootHash, bit) }
            : { ...claim, proof: claim.proof.map((p, i) => (i === target ? flipped(p, bit) : p)) };
      expect(verifyMerkleInclusion(tampered)).toMatchObject({ ok: false, failure: 'root-mismatch' });
    }), { numRuns: 300 });
  });

  // From the empty tree the proof is empty and says nothing of the second root (RFC 9162): only the first can be flipped.
  it('any single flipped bit in a consistency proof or either root makes it fail', () => {
    fc.assert(fc.property(treeAndSizes, fc.nat(), fc.nat({ max: 255 }), ({ all, n, m }, where, bit) => {
      const { roots, inMemory } = grow(all);
      const claim = {
        firstSize: m, firstRootHash: m === 0 ? referenceRoot([]) : roots[m - 1]!, secondSize: n, secondRootHash: roots[n - 1]!, proof: merkleConsistencyProof(m, n, inMemory),
      };
      const target = where % (claim.proof.length + (m === 0 ? 1 : 2));
      const tampered =
        target === claim.proof.length ? { ...claim, firstRootHash: flipped(claim.firstRootHash, bit) }
          : target === claim.proof.length + 1 ? { ...claim, secondRootHash: flipped(claim.secondRootHash, bit) }
            : { ...claim, proof: claim.proof.map((p, i) => (i === target ? flipped(p, bit) : p)) };
      expect(verifyMerkleConsistency(tampered)).toMatchObject({ ok: false });
    }), { numRuns: 300 });
  });

  it('a proof one hash too long or too short is refused as such', () => {
    fc.assert(fc.property(treeAndSizes, ({ all, n, m }) => {
      const { leafHashes, roots, inMemory } = grow(all);
      const extra = merkleLeafHash(Uint8Array.of(0xff));
      const leafIndex = Math.min(m, n - 1);
      const inclusion = { leafIndex, treeSize: n, leafHash: leafHashes[leafIndex]!, proof: merkleInclusionProof(leafIndex, n, inMemory), rootHash: roots[n - 1]! };
      expect(verifyMerkleInclusion({ ...inclusion, proof: [...inclusion.proof, extra] })).toMatchObject({ ok: false, failure: 'proof-too-long' });
      if (inclusion.proof.length > 0) expect(verifyMerkleInclusion({ ...inclusion, proof: inclusion.proof.slice(0, -1) })).toMatchObject({ ok: false, failure: 'proof-too-short' });
      if (m === 0 || m === n) return;
      const consistency = { firstSize: m, firstRootHash: roots[m - 1]!, secondSize: n, secondRootHash: roots[n - 1]!, proof: merkleConsistencyProof(m, n, inMemory) };
      expect(verifyMerkleConsistency({ ...consistency, proof: [...consistency.proof, extra] })).toMatchObject({ ok: false, failure: 'proof-too-long' });
      const shorter = consistency.proof.slice(0, -1);
      expect(verifyMerkleConsistency({ ...consistency, proof: shorter })).toMatchObject({ ok: false, failure: shorter.length === 0 ? 'proof-empty' : 'proof-too-short' });
    }), { numRuns: 300 });
  });

  it('sizes beyond 32 bits: a tree of 2^40 + 5 identical leaves proves and verifies from its perfect subtrees', () => {
    // Every perfect subtree of identical leaves of the same size has the same hash: level i is node(level i−1, level i−1).
    const levels: MerkleHash[] = [merkleLeafHash(Uint8Array.of(7))];
    for (let i = 1; i <= 41; i += 1) levels.push(merkleNodeHash(levels[i - 1]!, levels[i - 1]!));
    const subtrees = subtreeHashesFromPerfectSubtrees((_start, size) => levels[Math.log2(size)]!);
    const treeSize = 2 ** 40 + 5;
    const firstSize = 2 ** 33 + 3;
    const rootHash = subtrees(0, treeSize);
    for (const leafIndex of [0, 2 ** 32 + 1, 2 ** 40 - 1, 2 ** 40, treeSize - 1]) {
      const proof = merkleInclusionProof(leafIndex, treeSize, subtrees);
      expect(verifyMerkleInclusion({ leafIndex, treeSize, leafHash: levels[0]!, proof, rootHash })).toEqual({ ok: true });
      // A tree twice or half as large has another shape: the same path cannot lead to the same root.
      expect(verifyMerkleInclusion({ leafIndex, treeSize: treeSize * 2, leafHash: levels[0]!, proof, rootHash }).ok).toBe(false);
      expect(verifyMerkleInclusion({ leafIndex, treeSize: Math.floor(treeSize / 2), leafHash: levels[0]!, proof, rootHash }).ok).toBe(false);
    }
    const proof = merkleConsistencyProof(firstSize, treeSize, subtrees);
    expect(verifyMerkleConsistency({ firstSize, firstRootHash: subtrees(0, firstSize), secondSize: treeSize, secondRootHash: rootHash, proof })).toEqual({ ok: true });
    expect(verifyMerkleConsistency({ firstSize: firstSize + 1, firstRootHash: subtrees(0, firstSize), secondSize: treeSize, secondRootHash: rootHash, proof }).ok).toBe(false);
  });
});
