import type { AuditRecord, AuditRejection, AuditResult } from '../auditTypes.js';

export interface Listing {
  /** The first records not allowed, in log order. */
  readonly records: AuditRecord[];
  readonly recordsTotal: number;
  /** The first rejected lines, in log order. */
  readonly rejections: AuditRejection[];
  readonly rejectionsTotal: number;
}

/** The caps of the human-readable reports (records not allowed, rejected lines), unless the caller sets them. */
export interface ListingCaps {
  readonly maxListed?: number;
  readonly maxRejectedListed?: number;
}

/** What the human-readable reports list one by one, capped: the full lists are in JSON and CSV. */
export async function collectListing(result: AuditResult, caps: ListingCaps): Promise<Listing> {
  const maxRecords = caps.maxListed ?? 500;
  const maxRejections = caps.maxRejectedListed ?? 200;
  const records: AuditRecord[] = [];
  if (maxRecords > 0) {
    for await (const r of result.records()) {
      if (r.decision.verdict === 'allow') continue;
      records.push(r);
      if (records.length >= maxRecords) break;
    }
  }
  const rejections: AuditRejection[] = [];
  if (maxRejections > 0) {
    for await (const r of result.rejections()) {
      rejections.push(r);
      if (rejections.length >= maxRejections) break;
    }
  }
  return {
    records,
    recordsTotal: result.summary.totals.notAllowed,
    rejections,
    rejectionsTotal: result.summary.accounting.rejected,
  };
}
