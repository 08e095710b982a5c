import { instantMs } from '../../_lib/instantMs.js';
import type { AuditRecord, AuditRejection, AuditResult } from '../auditTypes.js';
import { STATUS_RANK } from './findingStatus.js';

export interface Listing {
  /** The worst records (not allowed, then at a time not allowed, then unverified), each group by time. */
  readonly records: AuditRecord[];
  /** Records that would be listed without the cap: not allowed and unverified. */
  readonly recordsTotal: number;
  /** The first rejected lines, in log order. */
  readonly rejections: AuditRejection[];
  readonly rejectionsTotal: number;
}

/** The caps of the human-readable reports (records listed, rejected lines), unless the caller sets them. */
export interface ListingCaps {
  readonly maxListed?: number;
  readonly maxRejectedListed?: number;
}

interface Ranked {
  readonly rank: number;
  readonly ms: number;
  readonly record: AuditRecord;
}

/** `a` comes before `b` in the listing: worse status, then earlier instant, then earlier line. */
function before(a: Ranked, b: Ranked): boolean {
  if (a.rank !== b.rank) return a.rank < b.rank;
  if (a.ms !== b.ms) return a.ms < b.ms;
  return a.record.line < b.record.line;
}

/**
 * What the human-readable reports list one by one, capped: the records not allowed and unverified,
 * most severe first and then by time (issue 18: a regulator reads the worst first), and the first
 * rejected lines in log order. The records are streamed once; the best `maxListed` are kept in a
 * bounded heap, so memory follows the cap, not the log. The full lists, in log order, are in JSON and CSV.
 */
export async function collectListing(result: AuditResult, caps: ListingCaps): Promise<Listing> {
  const maxRecords = caps.maxListed ?? 500;
  const maxRejections = caps.maxRejectedListed ?? 200;
  // A max-heap by listing order: its root is the record that would be listed last.
  const heap: Ranked[] = [];
  const up = (i: number): void => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[parent]!, heap[i]!)) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  };
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let last = i;
      if (l < heap.length && before(heap[last]!, heap[l]!)) last = l;
      if (r < heap.length && before(heap[last]!, heap[r]!)) last = r;
      if (last === i) return;
      [heap[last], heap[i]] = [heap[i]!, heap[last]!];
      i = last;
    }
  };
  if (maxRecords > 0) {
    for await (const record of result.records()) {
      if (record.status === 'allowed') continue;
      const ranked: Ranked = { rank: STATUS_RANK[record.status], ms: instantMs(record.at) ?? 0, record };
      if (heap.length < maxRecords) {
        heap.push(ranked);
        up(heap.length - 1);
      } else if (before(ranked, heap[0]!)) {
        heap[0] = ranked;
        down(0);
      }
    }
  }
  const records = heap.sort((a, b) => (before(a, b) ? -1 : 1)).map((r) => r.record);
  const rejections: AuditRejection[] = [];
  if (maxRejections > 0) {
    for await (const r of result.rejections()) {
      rejections.push(r);
      if (rejections.length >= maxRejections) break;
    }
  }
  const t = result.summary.totals;
  return {
    records,
    recordsTotal: t.delayed + t.blocked + t.unverified,
    rejections,
    rejectionsTotal: result.summary.accounting.rejected,
  };
}
