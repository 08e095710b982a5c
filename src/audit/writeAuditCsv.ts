import { csvCell } from '../_lib/csvCell.js';
import type { AuditRecord, AuditRejection, AuditResult } from './auditTypes.js';
import type { TextSink } from './createFileSink.js';
import { rulesetNoticeRows } from './_lib/rulesetNotice.js';
import { provenanceRows } from './_lib/provenanceRows.js';

/** The columns of the CSV report, in order (docs/audit.md). */
export const AUDIT_CSV_COLUMNS = [
  'kind',
  'line',
  'attemptId',
  'debtorId',
  'creditorId',
  'country',
  'channel',
  'recipientRole',
  'at',
  'localTime',
  'timeZone',
  'verdict',
  'nextAllowedAt',
  'ruleId',
  'category',
  'severity',
  'statutory',
  'instrument',
  'article',
  'url',
  'message',
  'field',
  'code',
] as const;

type Row = Partial<Record<(typeof AUDIT_CSV_COLUMNS)[number], string | number | boolean | null>>;

/**
 * The CSV report: one row per finding (`kind` violation or warning) and one per issue of a rejected
 * line (`kind` rejected), in log order — complete, so it can be filtered in a spreadsheet. Every cell
 * goes through `csvCell`: RFC 4180 quoting, formulas neutralized, control and bidi characters shown.
 */
export async function writeAuditCsv(result: AuditResult, sink: TextSink): Promise<void> {
  await sink.write(`${AUDIT_CSV_COLUMNS.join(',')}\r\n`);
  // The rules it was judged with, first: acknowledged deviations from the shipped law, overrides, custom
  // rule files; then how the report was produced (kind `provenance`: `field` names the setting, `message` its value).
  for (const r of rulesetNoticeRows(result.summary.ruleset)) await sink.write(row(r));
  for (const p of provenanceRows(result.summary))
    await sink.write(row({ kind: 'provenance', field: p.key, message: p.value }));
  const recs = result.records()[Symbol.asyncIterator]();
  const rejs = result.rejections()[Symbol.asyncIterator]();
  let r = await recs.next();
  let x = await rejs.next();
  while (!r.done || !x.done) {
    if (!x.done && (r.done || x.value.line < r.value.line)) {
      await sink.write(rejectionRows(x.value));
      x = await rejs.next();
    } else if (!r.done) {
      await sink.write(recordRows(r.value));
      r = await recs.next();
    }
  }
}

function recordRows(rec: AuditRecord): string {
  const d = rec.decision;
  const common: Row = {
    line: rec.line,
    attemptId: d.attemptId,
    debtorId: rec.debtorId,
    creditorId: rec.creditorId,
    country: rec.country,
    channel: rec.channel,
    recipientRole: rec.recipientRole,
    at: rec.at,
    localTime: d.context.localTime,
    timeZone: d.context.timeZone,
    verdict: d.verdict,
    nextAllowedAt: d.nextAllowedAt,
  };
  let out = '';
  for (const f of [...d.violations, ...d.warnings]) {
    out += row({
      ...common,
      kind: f.severity === 'block' ? 'violation' : 'warning',
      ruleId: f.ruleId,
      category: f.category,
      severity: f.severity,
      statutory: f.statutory,
      instrument: f.citation.instrument,
      article: f.citation.article,
      url: f.citation.url,
      message: f.message,
    });
  }
  return out;
}

function rejectionRows(rej: AuditRejection): string {
  return rej.issues
    .map((i) => row({ kind: 'rejected', line: rej.line, message: i.message, field: i.path, code: i.code }))
    .join('');
}

function row(r: Row): string {
  return `${AUDIT_CSV_COLUMNS.map((c) => csvCell(r[c])).join(',')}\r\n`;
}
