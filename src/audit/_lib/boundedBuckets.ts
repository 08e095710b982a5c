import type { Spill } from '../createSpill.js';

/** Times a bucket is split again (with a new hash) before it is judged as it is. */
const MAX_SPLITS = 4;

/**
 * The debtor buckets of `spill` to judge, by index, each at most about `maxChars` characters —
 * whatever the number of buckets the read pass chose (from the log's size, or a default for a pipe
 * whose size is unknown). A bucket that grew larger is first split, streamed line by line, into
 * buckets of its own by another hash of the debtor, so a debtor's records stay together; only one
 * debtor with more records than that on their own makes a bucket larger. The caller reads each bucket
 * (flushed) and discards it once judged.
 */
export async function* boundedBuckets(spill: Spill, maxChars: number): AsyncGenerator<number> {
  const queue = spill.indices().map((index) => ({ index, splits: 0 }));
  let fresh = (queue.at(-1)?.index ?? -1) + 1;
  while (queue.length > 0) {
    const { index, splits } = queue.shift()!;
    const size = spill.size(index);
    if (size <= maxChars || splits >= MAX_SPLITS) {
      yield index;
      continue;
    }
    const parts = Math.min(1024, Math.ceil((2 * size) / maxChars));
    const base = fresh;
    fresh += parts;
    let first: string | undefined;
    let oneDebtor = true;
    for await (const lines of spill.lineBatches(index)) {
      for (const line of lines) {
        const debtor = debtorField(line);
        if (first === undefined) first = debtor;
        else if (debtor !== first) oneDebtor = false;
        spill.append(base + (hash(debtor, splits + 1) % parts), line);
      }
      const busy = spill.settle();
      if (busy) await busy;
    }
    await spill.flush();
    await spill.discard(index);
    // One debtor cannot be split: their bucket is judged as it is.
    for (let i = base; i < base + parts; i++) if (spill.size(i) > 0) queue.unshift({ index: i, splits: oneDebtor ? MAX_SPLITS : splits + 1 });
  }
}

/** The debtor field of a bucket line (`line \t "debtorId" \t text`, see bucketLine). */
function debtorField(line: string): string {
  const t1 = line.indexOf('\t');
  return line.slice(t1 + 1, line.indexOf('\t', t1 + 1));
}

/** FNV-1a seeded by the split round: a different spread of debtors each time a bucket is split. */
function hash(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15; // mix: FNV's low bits alone spread poorly under a modulus
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}
