import { createHash } from 'node:crypto';

/**
 * The Merkle tree of RFC 9162 §2.1.1 (Certificate Transparency 2.0; the same hashing as RFC 6962):
 * `MTH({}) = SHA-256()`, a leaf `SHA-256(0x00 || d)`, a node `SHA-256(0x01 || left || right)`, and a
 * list of n > 1 leaves split at k, the largest power of two smaller than n. The 0x00 / 0x01 prefixes keep
 * a leaf from passing for a node (second-preimage resistance).
 */

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** `SHA-256(0x00 || data)`. */
export function leafHash(data: string | Uint8Array): Buffer {
  return createHash('sha256')
    .update(LEAF)
    .update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data)
    .digest();
}

/** `SHA-256(0x01 || left || right)`. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE).update(left).update(right).digest();
}

/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/** The largest power of two smaller than n (n > 1). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[lo:hi]) over leaf hashes, by the definition (recursive, largest-power-of-two split). */
export function merkleRoot(leaves: readonly Uint8Array[], lo = 0, hi = leaves.length): Buffer {
  const n = hi - lo;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return Buffer.from(leaves[lo]!);
  const k = splitPoint(n);
  return nodeHash(merkleRoot(leaves, lo, lo + k), merkleRoot(leaves, lo + k, hi));
}

/**
 * The tree grown one leaf at a time, keeping only the roots of its perfect subtrees (one per bit of
 * the size, largest first): appending costs one leaf hash and, on average, one node hash; the root of
 * the whole tree folds them right to left — the same value as `merkleRoot`, since the largest-power-
 * of-two split of n leaves is n's binary decomposition.
 */
export class MerkleAccumulator {
  private readonly peaks: Buffer[] = [];
  private count = 0;

  /** The number of leaves appended. */
  get size(): number {
    return this.count;
  }

  /** Append a leaf by its hash (`leafHash(entry)`). */
  push(leaf: Uint8Array): void {
    let node: Buffer = Buffer.from(leaf);
    let n = this.count;
    // Each trailing 1 bit of the old size is a perfect subtree the new leaf completes.
    while (n & 1) {
      node = nodeHash(this.peaks.pop()!, node);
      n = Math.floor(n / 2);
    }
    this.peaks.push(node);
    this.count++;
  }

  /** MTH of the leaves appended so far. */
  root(): Buffer {
    if (this.peaks.length === 0) return EMPTY_ROOT;
    let acc = this.peaks[this.peaks.length - 1]!;
    for (let i = this.peaks.length - 2; i >= 0; i--) acc = nodeHash(this.peaks[i]!, acc);
    return acc;
  }
}
