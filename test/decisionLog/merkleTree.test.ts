import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inclusionProof, verifyInclusion } from '../../src/decisionLog/inclusionProof.js';
import { EMPTY_ROOT, leafHash, MerkleAccumulator, merkleRoot } from '../../src/decisionLog/merkleTree.js';

/**
 * RFC 9162 §2.1 hashing, against the reference vectors of Certificate Transparency (the eight leaves
 * and tree heads that RFC 6962 implementations share: Google's certificate-transparency and
 * transparency-dev/merkle test data), then against the definition for every size up to 64.
 */
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(
  (h) => Buffer.from(h, 'hex'),
);
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const INCLUSION = [
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
];
const hashes = LEAVES.map((l) => leafHash(l));

describe('Merkle tree (RFC 9162 §2.1.1)', () => {
  it('the empty tree is SHA-256 of nothing', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(new MerkleAccumulator().root().equals(EMPTY_ROOT)).toBe(true);
  });

  it('gives the reference tree heads of 1 to 8 leaves, by definition and grown leaf by leaf', () => {
    const acc = new MerkleAccumulator();
    for (let n = 1; n <= 8; n++) {
      expect(merkleRoot(hashes.slice(0, n)).toString('hex')).toBe(ROOTS[n - 1]);
      acc.push(hashes[n - 1]!);
      expect(acc.root().toString('hex')).toBe(ROOTS[n - 1]);
    }
  });

  it('a leaf is SHA-256(0x00 || data), a node SHA-256(0x01 || left || right)', () => {
    const d = Buffer.from('entry');
    expect(
      leafHash(d).equals(
        createHash('sha256')
          .update(Buffer.from([0]))
          .update(d)
          .digest(),
      ),
    ).toBe(true);
    const two = createHash('sha256')
      .update(Buffer.from([1]))
      .update(hashes[0]!)
      .update(hashes[1]!)
      .digest();
    expect(merkleRoot(hashes.slice(0, 2)).equals(two)).toBe(true);
  });

  it('the accumulator agrees with the definition for every size up to 300', () => {
    const leaves = Array.from({ length: 300 }, (_, i) => leafHash(`leaf ${i}`));
    const acc = new MerkleAccumulator();
    for (let n = 1; n <= 300; n++) {
      acc.push(leaves[n - 1]!);
      expect(acc.root().equals(merkleRoot(leaves.slice(0, n))), `size ${n}`).toBe(true);
    }
  });
});

describe('inclusion proofs (RFC 9162 §2.1.3)', () => {
  it('gives and verifies the reference audit paths', () => {
    for (const v of INCLUSION) {
      expect(inclusionProof(hashes, v.index, v.size).map((b) => b.toString('hex'))).toEqual(v.proof);
      const root = Buffer.from(ROOTS[v.size - 1]!, 'hex');
      const proof = v.proof.map((h) => Buffer.from(h, 'hex'));
      expect(verifyInclusion(hashes[v.index]!, v.index, v.size, proof, root)).toBe(true);
      expect(verifyInclusion(hashes[v.index]!, v.index === 0 ? 1 : v.index - 1, v.size, proof, root)).toBe(false);
    }
  });

  const leaves = Array.from({ length: 64 }, (_, i) => leafHash(`entry ${i}`));
  const roots = Array.from({ length: 65 }, (_, n) => merkleRoot(leaves.slice(0, n)));

  it('every proof of every leaf of every tree up to 64 leaves verifies; a mangled one does not', () => {
    let checked = 0;
    for (let n = 1; n <= 64; n++)
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(leaves, i, n);
        expect(verifyInclusion(leaves[i]!, i, n, proof, roots[n]!), `${i}/${n}`).toBe(true);
        // Another leaf, another index, another size, a root of another size: all refused.
        expect(verifyInclusion(leafHash('forged'), i, n, proof, roots[n]!)).toBe(false);
        if (n > 1) {
          expect(verifyInclusion(leaves[i]!, (i + 1) % n, n, proof, roots[n]!)).toBe(false);
          const flipped = proof.map((p) => Buffer.from(p));
          flipped[flipped.length - 1]![3]! ^= 1;
          expect(verifyInclusion(leaves[i]!, i, n, flipped, roots[n]!)).toBe(false);
          expect(verifyInclusion(leaves[i]!, i, n, proof.slice(0, -1), roots[n]!)).toBe(false);
          expect(verifyInclusion(leaves[i]!, i, n, [...proof, leaves[0]!], roots[n]!)).toBe(false);
        }
        if (n < 64) expect(verifyInclusion(leaves[i]!, i, n + 1, proof, roots[n + 1]!)).toBe(n + 1 === 1);
        checked++;
      }
    expect(checked).toBe((64 * 65) / 2);
  });

  it('refuses an index outside the tree, and wrong-sized hashes', () => {
    const proof = inclusionProof(leaves, 5, 8);
    expect(verifyInclusion(leaves[5]!, 8, 8, proof, roots[8]!)).toBe(false);
    expect(verifyInclusion(leaves[5]!, -1, 8, proof, roots[8]!)).toBe(false);
    expect(verifyInclusion(leaves[5]!.subarray(0, 31), 5, 8, proof, roots[8]!)).toBe(false);
    expect(() => inclusionProof(leaves, 8, 8)).toThrow(RangeError);
    expect(() => inclusionProof(leaves, 0, 65)).toThrow(RangeError);
  });
});
