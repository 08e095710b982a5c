import { inertJson } from '../_lib/inertJson.js';
import { ComplianceError } from '../errors.js';
import type { AuditPartialState, AuditResult, AuditSummary } from './auditTypes.js';
import type { TallySnapshot } from './createAuditTally.js';
import type { TextSink } from './createFileSink.js';

export const PARTIAL_REPORT = 'cobranza-compliance/audit-partial';
export const PARTIAL_FORMAT_VERSION = 1;

/** The first line of a partial result: what the merge checks before it reads anything else. */
export interface PartialHeader extends Omit<AuditPartialState, 'tally'> {
  readonly report: typeof PARTIAL_REPORT;
  readonly formatVersion: typeof PARTIAL_FORMAT_VERSION;
  readonly ruleset: AuditSummary['ruleset'];
  readonly options: AuditSummary['options'];
  readonly provenance: NonNullable<AuditSummary['provenance']>;
  /** Lines that follow: rejections, then records with findings (the last line says the same: a cut file is refused). */
  readonly rejected: number;
  readonly recordsWithFindings: number;
}

/** The last line: the counts again (a partial cut short lacks it). */
export interface PartialTrailer {
  readonly end: typeof PARTIAL_REPORT;
  readonly rejected: number;
  readonly recordsWithFindings: number;
}

/**
 * A shard's partial result (`--format partial`; docs/audit.md, "Past one machine"), JSON Lines: the
 * header (shard, log identity, ruleset, options, provenance, the checker's options, the log's line
 * counts in shard 1), the shard's mergeable tally, then every rejection and every record with findings
 * in log order — `{"line":N,"rejected":{…}}`, `{"line":N,"record":{…}}`, the record exactly as the JSON
 * report writes it — and a last line with the counts. Written as it is read: memory stays bounded. Log
 * values are inert (`inertJson`), as in the JSON report.
 */
export async function writeAuditPartial(result: AuditResult, sink: TextSink): Promise<void> {
  const state = result.partial;
  if (!state)
    throw new ComplianceError(
      'not_a_shard',
      'a partial result is written from an audit run with `shard` (the command line: --shard K/N, or --format partial alone for 1/1)',
    );
  const s = result.summary;
  if (state.checkerOptions === undefined)
    throw new ComplianceError(
      'not_a_shard',
      "the checker's options cannot be copied (structured clone refused): a partial result needs them, so that the merge builds the same checker",
    );
  const { tally, ...rest } = state;
  const header: PartialHeader = {
    report: PARTIAL_REPORT,
    formatVersion: PARTIAL_FORMAT_VERSION,
    ...rest,
    ruleset: s.ruleset,
    options: s.options,
    provenance: s.provenance!,
    rejected: s.accounting.rejected,
    recordsWithFindings: s.recordsWithFindings,
  };
  await sink.write(`${inertJson(JSON.stringify(header))}\n`);
  await sink.write(`${inertJson(JSON.stringify({ tally: tallyToJson(tally) }))}\n`);
  let rejected = 0;
  for await (const r of result.rejections()) {
    rejected++;
    await sink.write(`{"line":${r.line},"rejected":${inertJson(JSON.stringify(r))}}\n`);
  }
  let records = 0;
  for await (const json of result.recordsJson()) {
    records++;
    await sink.write(`{"line":${lineOfRecordJson(json)},"record":${inertJson(json)}}\n`);
  }
  if (rejected !== header.rejected || records !== header.recordsWithFindings)
    throw new Error(
      `internal error: the shard's partial holds ${rejected} rejections and ${records} records, its summary says ${header.rejected} and ${header.recordsWithFindings}`,
    );
  const trailer: PartialTrailer = { end: PARTIAL_REPORT, rejected, recordsWithFindings: records };
  await sink.write(`${JSON.stringify(trailer)}\n`);
}

/** A record's line, from its JSON (`{"line":N,…`, as the judge writes it; parsed otherwise). */
export function lineOfRecordJson(json: string): number {
  const m = /^\{"line":(\d+)[,}]/.exec(json);
  return m ? Number(m[1]) : (JSON.parse(json) as { line: number }).line;
}

/** A tally snapshot as JSON: the extremes of an empty tally (±Infinity) written as null. */
export function tallyToJson(t: TallySnapshot): unknown {
  return { ...t, minMs: Number.isFinite(t.minMs) ? t.minMs : null, maxMs: Number.isFinite(t.maxMs) ? t.maxMs : null };
}

export function tallyFromJson(v: unknown): TallySnapshot {
  const t = v as TallySnapshot & { minMs: number | null; maxMs: number | null };
  return { ...t, minMs: t.minMs ?? Infinity, maxMs: t.maxMs ?? -Infinity };
}
