import { createReadStream } from 'node:fs';
import type { Spill } from '../createSpill.js';

/** Times a bucket is split again (with a new hash) before it is judged as it is. */
const MAX_SPLITS = 4;

/** A debtor bucket to judge: its files (the lines of all of them are the bucket; one, from a spill), and their bytes. */
export interface Bucket {
  readonly index: number;
  readonly paths: readonly string[];
  readonly bytes: number;
}

/**
 * The debtor buckets of `spill` to judge, each at most about `maxBytes` — whatever the number of
 * buckets the read pass chose (from the log's size, or a default for a pipe whose size is unknown). A
 * bucket that grew larger is first split, streamed line by line, into buckets of its own by another
 * hash of the debtor, so a debtor's records stay together; only one debtor with more records than
 * that on their own makes a bucket larger. The caller judges each bucket (its file is flushed) and
 * then discards it.
 */
export async function* boundedBuckets(spill: Spill, maxBytes: number): AsyncGenerator<Bucket> {
  const queue = spill.indices().map((index) => ({ index, splits: 0 }));
  let fresh = (queue.at(-1)?.index ?? -1) + 1;
  await spill.flush();
  while (queue.length > 0) {
    const { index, splits } = queue.shift()!;
    const bytes = spill.size(index);
    if (bytes <= maxBytes || splits >= MAX_SPLITS) {
      yield { index, paths: [spill.path(index)], bytes };
      continue;
    }
    const parts = Math.min(1024, Math.ceil((2 * bytes) / maxBytes));
    const base = fresh;
    fresh += parts;
    let first: string | undefined;
    let oneDebtor = true;
    for await (const lines of lineBatches(spill.path(index))) {
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
    for (let i = base; i < base + parts; i++)
      if (spill.size(i) > 0) queue.unshift({ index: i, splits: oneDebtor ? MAX_SPLITS : splits + 1 });
  }
}

/** The lines of a file, in batches (a chunk's worth each). */
async function* lineBatches(path: string): AsyncGenerator<string[]> {
  let rest = '';
  for await (const chunk of createReadStream(path, {
    encoding: 'utf8',
    highWaterMark: 1 << 20,
  }) as AsyncIterable<string>) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    if (parts.length > 0) yield parts;
  }
}

/** The debtor field of a bucket line (`line \t key \t text`, see judgeBucket), without the mark `!`. */
function debtorField(line: string): string {
  const t1 = line.indexOf('\t');
  const from = line.charCodeAt(t1 + 1) === 33 ? t1 + 2 : t1 + 1;
  return line.slice(from, line.indexOf('\t', t1 + 1));
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
