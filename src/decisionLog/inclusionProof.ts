import { merkleRoot, nodeHash, splitPoint } from './merkleTree.js';

/**
 * The audit path of leaf `index` in the tree of the first `size` leaves (RFC 9162 §2.1.3.1): the
 * sibling subtree roots from the leaf up, bottom first.
 */
export function inclusionProof(leaves: readonly Uint8Array[], index: number, size: number): Buffer[] {
  if (!Number.isInteger(size) || size < 1 || size > leaves.length)
    throw new RangeError(`tree size ${size} out of range (1..${leaves.length})`);
  if (!Number.isInteger(index) || index < 0 || index >= size)
    throw new RangeError(`leaf index ${index} out of range (0..${size - 1})`);
  return path(leaves, index, 0, size);
}

function path(leaves: readonly Uint8Array[], m: number, lo: number, hi: number): Buffer[] {
  const n = hi - lo;
  if (n === 1) return [];
  const k = splitPoint(n);
  return m < k
    ? [...path(leaves, m, lo, lo + k), merkleRoot(leaves, lo + k, hi)]
    : [...path(leaves, m - k, lo + k, hi), merkleRoot(leaves, lo, lo + k)];
}

/**
 * Whether `proof` proves leaf hash `leaf` at `index` in the tree of `size` leaves whose root is
 * `root` (RFC 9162 §2.1.3.2, step by step).
 */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  if (leaf.length !== 32 || root.length !== 32 || proof.some((p) => p.length !== 32)) return false;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0)
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}
