import { describe, expect, it } from 'vitest';
import {
  emptyMerkleTreeHash,
  inMemorySubtreeHashes,
  merkleConsistencyProof,
  merkleInclusionProof,
  merkleLeafHash,
  merkleNodeHash,
  MerkleFrontier,
  verifyMerkleConsistency,
  verifyMerkleInclusion,
} from '../../src/index.ts';
import { referencePath, referenceProof, referenceRoot } from '../support/merkle-reference.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (text: string): Buffer => Buffer.from(text, 'hex');

// The leaves of the Certificate Transparency reference's merkle_tree_test (RFC 6962 test data), as hex bytes.
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(bytes);

// Roots of the first 1..8 of those leaves, as the CT reference publishes them.
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

// Inclusion proofs of the CT reference: leaf index, tree size, path.
const CT_INCLUSION: readonly [number, number, readonly string[]][] = [
  [0, 1, []],
  [0, 8, [
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ]],
  [5, 8, [
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  ]],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [1, 5, [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
  ]],
];

// Consistency proofs of the CT reference: first size, second size, proof.
const CT_CONSISTENCY: readonly [number, number, readonly string[]][] = [
  [1, 1, []],
  [1, 8, [
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ]],
  [6, 8, [
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  ]],
  [2, 5, [
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
  ]],
];

const leafHashes = CT_LEAVES.map((leaf) => merkleLeafHash(leaf));
const subtreeHashes = inMemorySubtreeHashes(leafHashes);

describe('Merkle tree known answers', () => {
  it('the empty tree is SHA-256 of the empty string, from the frontier too', () => {
    expect(hex(emptyMerkleTreeHash())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(MerkleFrontier.empty().root())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(referenceRoot([]))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('a leaf is SHA-256(0x00 ‖ entry) and a node SHA-256(0x01 ‖ left ‖ right)', () => {
    // SHA-256 of the single byte 0x00: the leaf of the empty entry.
    expect(hex(merkleLeafHash(new Uint8Array()))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(hex(merkleNodeHash(leafHashes[0]!, leafHashes[1]!))).toBe(CT_ROOTS[1]);
  });

  it('the frontier reaches the CT roots of sizes 1..8, as the literal recursive definition does', () => {
    const frontier = MerkleFrontier.empty();
    CT_LEAVES.forEach((leaf, i) => {
      frontier.appendEntry(leaf);
      expect(frontier.size).toBe(i + 1);
      expect(hex(frontier.root())).toBe(CT_ROOTS[i]);
      expect(hex(referenceRoot(CT_LEAVES.slice(0, i + 1)))).toBe(CT_ROOTS[i]);
      expect(hex(subtreeHashes(0, i + 1))).toBe(CT_ROOTS[i]);
    });
  });

  it.each(CT_INCLUSION)('inclusion of leaf %i in the tree of %i leaves is the CT proof, and verifies', (leafIndex, treeSize, expected) => {
    const proof = merkleInclusionProof(leafIndex, treeSize, subtreeHashes);
    expect(proof.map(hex)).toEqual(expected);
    expect(referencePath(leafIndex, CT_LEAVES.slice(0, treeSize)).map(hex)).toEqual(expected);
    expect(verifyMerkleInclusion({ leafIndex, treeSize, leafHash: leafHashes[leafIndex]!, proof, rootHash: bytes(CT_ROOTS[treeSize - 1]!) })).toEqual({ ok: true });
  });

  it.each(CT_CONSISTENCY)('consistency from %i to %i leaves is the CT proof, and verifies', (firstSize, secondSize, expected) => {
    const proof = merkleConsistencyProof(firstSize, secondSize, subtreeHashes);
    expect(proof.map(hex)).toEqual(expected);
    expect(referenceProof(firstSize, CT_LEAVES.slice(0, secondSize)).map(hex)).toEqual(expected);
    const claim = { firstSize, firstRootHash: bytes(CT_ROOTS[firstSize - 1]!), secondSize, secondRootHash: bytes(CT_ROOTS[secondSize - 1]!), proof };
    expect(verifyMerkleConsistency(claim)).toEqual({ ok: true });
  });
});
