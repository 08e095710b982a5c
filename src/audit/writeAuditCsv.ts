import { csvCell } from '../_lib/csvCell.js';
import { inertJson } from '../_lib/inertJson.js';
import type { AuditRecord, AuditRejection, AuditResult, AuditSummary } from './auditTypes.js';
import type { TextSink } from './createFileSink.js';
import { defaultedFacts, unproven } from './_lib/findingStatus.js';
import { prettyJson } from './_lib/prettyJson.js';

/** The columns of the CSV report, in order (docs/audit.md): one row per finding. */
export const AUDIT_CSV_COLUMNS = [
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
  'status',
  'verdict',
  'nextAllowedAt',
  'kind',
  'ruleId',
  'category',
  'severity',
  'statutory',
  'proven',
  'defaulted',
  'onlyInZones',
  'instrument',
  'article',
  'publication',
  'url',
  'urlSecondary',
  'message',
] as const;

/** The columns of the rejected lines written beside a CSV report (`<name>.rejected.csv`). */
export const AUDIT_REJECTED_CSV_COLUMNS = ['line', 'field', 'code', 'message', 'excerpt'] as const;

type Row<C extends string> = Partial<Record<C, string | number | boolean | null>>;

function row<C extends string>(columns: readonly C[], r: Row<C>): string {
  return `${columns.map((c) => csvCell(r[c])).join(',')}\r\n`;
}

/**
 * The CSV report: one header row and one row per finding (`kind` violation or warning), in log order —
 * nothing else, so that a spreadsheet or a database loads it as one table; with a mapping that names
 * dimensions, one column more for each (`dimension.<name>`, the record's value as read). Each row says whether the
 * finding is proven, and if not, which facts came from defaults and in which of the debtor's candidate
 * zones alone it held. The rejected lines go to `writeAuditRejectedCsv` and how the report was produced
 * to `auditProvenance` (the CLI writes them beside `--out`). Every cell goes through `csvCell`: RFC 4180
 * quoting, formulas neutralized, control and bidi characters shown.
 */
export async function writeAuditCsv(result: AuditResult, sink: TextSink): Promise<void> {
  // A mapping's dimensions follow, one column each (`dimension.agent`), in the mapping's order.
  const dims = (result.summary.byDimension ?? []).map((d) => d.name);
  await sink.write(
    `${[...AUDIT_CSV_COLUMNS, ...dims.map((d) => `dimension.${d}`)].map((c) => csvCell(c)).join(',')}\r\n`,
  );
  for await (const r of result.records()) {
    const rows = recordRows(r, dims);
    if (rows !== '') await sink.write(rows);
  }
}

/** The rejected lines, one row per reason, in log order, with the line as read (`<name>.rejected.csv`). */
export async function writeAuditRejectedCsv(result: AuditResult, sink: TextSink): Promise<void> {
  await sink.write(`${AUDIT_REJECTED_CSV_COLUMNS.join(',')}\r\n`);
  for await (const rej of result.rejections()) await sink.write(rejectionRows(rej));
}

/**
 * How the report was produced, as the JSON written beside a CSV report (`<name>.provenance.json`):
 * the summary's head — source, ruleset (with deviations and overrides), options, provenance and
 * accounting — and the totals the CSV rows add up to. Invisible characters written as `\u` escapes.
 */
export function auditProvenance(s: AuditSummary): string {
  const head = {
    report: 'cobranza-compliance/audit-provenance',
    formatVersion: s.formatVersion,
    generatedAt: s.generatedAt,
    source: s.source,
    ruleset: s.ruleset,
    options: s.options,
    provenance: s.provenance,
    accounting: s.accounting,
    period: s.period,
    localPeriod: s.localPeriod,
    totals: s.totals,
    unverifiedBy: s.unverifiedBy,
    mapping: s.mapping,
    notes: s.notes,
  };
  return `${inertJson(prettyJson(head))}\n`;
}

/**
 * The files written beside a CSV report `--out NAME.csv`: `NAME.rejected.csv` and
 * `NAME.provenance.json` (the extension `.csv` replaced; any other name gets the suffixes added).
 */
export function csvCompanionPaths(out: string): { rejected: string; provenance: string } {
  const stem = out.toLowerCase().endsWith('.csv') ? out.slice(0, -4) : out;
  return { rejected: `${stem}.rejected.csv`, provenance: `${stem}.provenance.json` };
}

function recordRows(rec: AuditRecord, dims: readonly string[]): string {
  const dimCells = dims.map((d) => `,${csvCell(rec.dimensions?.[d] ?? null)}`).join('');
  const d = rec.decision;
  const common: Row<(typeof AUDIT_CSV_COLUMNS)[number]> = {
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
    status: rec.status,
    verdict: d.verdict,
    nextAllowedAt: d.nextAllowedAt,
  };
  let out = '';
  for (const f of [...d.violations, ...d.warnings]) {
    const why = unproven(f, d);
    out += row(AUDIT_CSV_COLUMNS, {
      ...common,
      kind: f.severity === 'block' ? 'violation' : 'warning',
      ruleId: f.ruleId,
      category: f.category,
      severity: f.severity,
      statutory: f.statutory,
      proven: why === undefined,
      defaulted: defaultedFacts(f).join(';'),
      onlyInZones: why?.zone ? (f.timeZones ?? []).join(';') : '',
      instrument: f.citation.instrument,
      article: f.citation.article,
      publication: f.citation.publication ?? '',
      url: f.citation.url,
      urlSecondary: f.citation.secondary === true,
      message: f.message,
    });
    if (dimCells !== '') out = `${out.slice(0, -2)}${dimCells}\r\n`;
  }
  return out;
}

function rejectionRows(rej: AuditRejection): string {
  return rej.issues
    .map((i) =>
      row(AUDIT_REJECTED_CSV_COLUMNS, {
        line: rej.line,
        field: i.path,
        code: i.code,
        message: i.message,
        excerpt: rej.excerpt,
      }),
    )
    .join('');
}
