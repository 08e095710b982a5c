import { createHash } from 'node:crypto';
import { ComplianceError } from '../errors.js';

/** One shard of an audit split by debtor: `index` from 1 to `count`. */
export interface AuditShard {
  readonly index: number;
  readonly count: number;
}

/**
 * The shard of a debtor (docs/audit.md, "Past one machine"): the first 8 bytes of the SHA-256 of the
 * debtorId's UTF-8 bytes, read as an unsigned big-endian 64-bit integer, modulo `count`, plus 1. Any
 * language computes the same (DuckDB:
 * `(('0x' || left(sha256(debtorId), 16))::UBIGINT % N) + 1`; Python:
 * `int.from_bytes(hashlib.sha256(d.encode()).digest()[:8], 'big') % N + 1`), so every record of a
 * debtor lands in the same shard whatever machine or input format reads it. A debtorId that is not
 * well-formed Unicode (a lone surrogate, possible only in text given in memory) is hashed as its UTF-8
 * with U+FFFD for each lone surrogate, as Node encodes it.
 */
export function shardOf(debtorId: string, count: number): number {
  return shardOfDigest(createHash('sha256').update(debtorId, 'utf8').digest(), count);
}

/** The same, from the debtorId's UTF-8 bytes `buf[start..end)`. */
export function shardOfBytes(buf: Uint8Array, start: number, end: number, count: number): number {
  return shardOfDigest(createHash('sha256').update(buf.subarray(start, end)).digest(), count);
}

function shardOfDigest(digest: Buffer, count: number): number {
  if (count === 1) return 1;
  return Number(digest.readBigUInt64BE(0) % BigInt(count)) + 1;
}

/** The largest number of shards: more is a mistake (each shard reads the whole log). */
export const MAX_SHARDS = 100_000;

/** `K/N` as given to `--shard`: whole numbers, 1 ≤ K ≤ N ≤ MAX_SHARDS. */
export function parseShard(text: string): AuditShard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || !(count >= 1 && count <= MAX_SHARDS && index >= 1 && index <= count))
    throw new ComplianceError(
      'usage',
      `--shard is K/N, whole numbers with 1 ≤ K ≤ N ≤ ${MAX_SHARDS.toLocaleString('en')} (shard K of N), not ${JSON.stringify(text)}`,
    );
  return { index, count };
}

/** Validate a shard given to `auditLog`. */
export function assertShard(shard: AuditShard): void {
  const { index, count } = shard;
  if (
    !(
      Number.isInteger(count) &&
      Number.isInteger(index) &&
      count >= 1 &&
      count <= MAX_SHARDS &&
      index >= 1 &&
      index <= count
    )
  )
    throw new ComplianceError(
      'invalid_option',
      `auditLog: shard must be { index, count }, whole numbers with 1 ≤ index ≤ count ≤ ${MAX_SHARDS}, not ${JSON.stringify(shard)}`,
    );
}

/**
 * The shard of each debtor key seen, remembered (a debtor's records repeat): the read pass asks once
 * per line. Keys are the routing keys of the read pass (a debtorId's JSON, or its token's bytes as
 * latin1 when those are plain ASCII). Bounded: cleared when full.
 */
export class ShardFilter {
  private readonly seen = new Map<string, boolean>();
  constructor(readonly shard: AuditShard) {}

  /** Whether the debtor `debtorId` is in this shard. */
  has(debtorId: string): boolean {
    let v = this.seen.get(debtorId);
    if (v === undefined) {
      v = shardOf(debtorId, this.shard.count) === this.shard.index;
      this.remember(debtorId, v);
    }
    return v;
  }

  /** The same for a debtorId of plain ASCII given as its bytes `buf[start..end)`. */
  hasAscii(buf: Buffer, start: number, end: number): boolean {
    const key = buf.toString('latin1', start, end);
    let v = this.seen.get(key);
    if (v === undefined) {
      v = shardOfBytes(buf, start, end, this.shard.count) === this.shard.index;
      this.remember(key, v);
    }
    return v;
  }

  private remember(key: string, v: boolean): void {
    if (this.seen.size >= 200_000) this.seen.clear();
    this.seen.set(key, v);
  }
}
