import { formatLabel } from './_lib/formatLabel.js';
import type { AuditResult, AuditSummary, VerdictCounts } from './auditTypes.js';
import { collectListing } from './_lib/collectListing.js';
import {
  COUNTRY_NAMES,
  fmtInt,
  fmtLocal,
  fmtUtc,
  localOf,
  markdownCode,
  markdownLink,
  mdCell,
  pct,
  WEEKDAYS,
} from './_lib/format.js';
import { provenanceRows } from './_lib/provenanceRows.js';
import { formatInstant } from '../_lib/localClock.js';
import type { Finding } from '../schema/decision.js';
import { rulesetNoticeMarkdown } from './_lib/rulesetNotice.js';

export interface HumanReportOptions {
  /** Records not allowed listed one by one (default 500); the JSON and CSV reports list them all. */
  readonly maxListed?: number;
  /** Rejected lines listed one by one (default 200). */
  readonly maxRejectedListed?: number;
}

/** The audit as Markdown: the same sections as the HTML report, tables instead of charts. */
export async function renderAuditMarkdown(result: AuditResult, options: HumanReportOptions = {}): Promise<string> {
  const s = result.summary;
  const listing = await collectListing(result, options);
  const t = s.totals;
  const a = s.accounting;
  const out: string[] = [];
  const p = (line = ''): void => {
    out.push(line);
  };

  p('# Contact-log audit');
  p();
  p(
    `**${mdCell(s.source.name)}** (${formatLabel(s.source.format)}) · rules ${mdCell(s.ruleset.version)} (${s.ruleset.countries.join(', ')}) · generated ${fmtUtc(s.generatedAt)}`,
  );
  p();
  const local = s.localPeriod ?? [];
  p(
    local.length > 0
      ? `Period, in the debtors' local time: ${local.map((x) => `${COUNTRY_NAMES[x.country] ?? x.country} **${localOf(x.from)} → ${localOf(x.to)}** (${mdCell(x.timeZone)})`).join(' · ')}`
      : `Period: ${s.period.from === null ? '–' : `${fmtUtc(s.period.from)} → ${fmtUtc(s.period.to!)}`}`,
  );
  p();
  for (const line of rulesetNoticeMarkdown(s.ruleset)) p(line);
  const provenance = provenanceRows(s);
  if (provenance.length > 0) {
    p('## How this report was produced');
    p();
    p('| | |');
    p('|---|---|');
    for (const r of provenance)
      p(`| ${mdCell(r.label)} | ${r.notDefault ? `**${mdCell(r.value)}**` : mdCell(r.value)} |`);
    p();
  }
  p('## Summary');
  p();
  p('| records judged | debtors | allowed | delayed | blocked | rejected lines |');
  p('|---:|---:|---:|---:|---:|---:|');
  p(
    `| ${fmtInt(t.records)} | ${fmtInt(t.debtors)} | ${fmtInt(t.allowed)} (${pct(t.allowed, t.records)}) | ${fmtInt(t.delayed)} (${pct(t.delayed, t.records)}) | ${fmtInt(t.blocked)} (${pct(t.blocked, t.records)}) | ${fmtInt(a.rejected)} |`,
  );
  p();
  p(
    `${fmtInt(t.notAllowed)} records broke at least one rule (${fmtInt(t.violations)} violations); ${fmtInt(t.allowedWithWarnings)} allowed records carry a warning.`,
  );
  p();
  p(
    `**Accounting** ${a.balanced ? '(balanced ✓)' : '(NOT BALANCED ✗)'}: ${fmtInt(a.lines)} lines = ${fmtInt(a.headerLines)} header + ${fmtInt(a.blankLines)} blank + ${fmtInt(a.recordLines)} record lines; ${fmtInt(a.records)} records = ${fmtInt(a.evaluated)} judged + ${fmtInt(a.rejected)} rejected.`,
  );
  p();
  p('## Violations by rule');
  p();
  const violations = s.byRule.filter((r) => r.severity === 'block');
  if (violations.length === 0) p('_No rule was broken._');
  else ruleTable(p, violations, t.records);
  p();
  const warnings = s.byRule.filter((r) => r.severity === 'warn');
  if (warnings.length > 0) {
    p('## Warnings by rule');
    p();
    p('Severity _warn_: the contact was allowed, but a policy default advises against how it was made.');
    p();
    ruleTable(p, warnings, t.records);
    p();
  }
  p('## By category');
  p();
  p('| category | violations | warnings |');
  p('|---|---:|---:|');
  for (const c of s.byCategory) p(`| ${c.category} | ${fmtInt(c.violations)} | ${fmtInt(c.warnings)} |`);
  p();
  p('## By country');
  p();
  countsTable(
    p,
    'country',
    s.byCountry.map((c) => [
      `${COUNTRY_NAMES[c.country] ?? c.country} (${c.country}) · ${fmtInt(c.debtors)} debtors`,
      c,
    ]),
  );
  p('## By channel');
  p();
  countsTable(
    p,
    'channel',
    s.byChannel.map((c) => [c.channel, c]),
  );
  p('## When: records not allowed by local weekday and hour');
  p();
  p("In the debtor's local time. Each cell: records not allowed / records.");
  p();
  p(`| | ${Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')).join(' | ')} |`);
  p(`|---|${'---:|'.repeat(24)}`);
  s.heatmap.records.forEach((row, d) => {
    p(`| ${WEEKDAYS[d]} | ${row.map((n, h) => (n === 0 ? '' : `${s.heatmap.notAllowed[d]![h]}/${n}`)).join(' | ')} |`);
  });
  p();
  p('## By local date');
  p();
  const holidayOf = new Map<string, string[]>();
  for (const x of s.holidays ?? [])
    holidayOf.set(x.date, [...(holidayOf.get(x.date) ?? []), `${x.country} holiday: ${x.name}`]);
  countsTable(
    p,
    "debtor's local date",
    s.byDate.map((d) => [
      `${d.date} ${WEEKDAYS[(new Date(`${d.date}T00:00:00Z`).getUTCDay() + 6) % 7]}${holidayOf.has(d.date) ? ` — ${holidayOf.get(d.date)!.join('; ')}` : ''}`,
      d,
    ]),
  );
  p('## Debtors with most records not allowed');
  p();
  if (s.topDebtors.length === 0) p('_None._');
  else {
    p('| debtor | countries | records | not allowed | violations | most frequent rules |');
    p('|---|---|---:|---:|---:|---|');
    for (const d of s.topDebtors)
      p(
        `| ${mdCell(d.debtorId)} | ${d.countries.join(', ')} | ${fmtInt(d.records)} | ${fmtInt(d.notAllowed)} | ${fmtInt(d.violations)} | ${d.topRules.map(markdownCode).join(', ')} |`,
      );
  }
  p();
  p('## Rejected lines');
  p();
  if (a.rejected === 0) p('_None: every record was judged._');
  else {
    p('| field | code | lines | first line |');
    p('|---|---|---:|---:|');
    for (const r of s.rejectedBy)
      p(`| ${markdownCode(r.path)} | ${mdCell(r.code)} | ${fmtInt(r.count)} | ${r.firstLine} |`);
    p();
    p(capNote(listing.rejections.length, listing.rejectionsTotal, 'rejected lines'));
    p();
    p('| line | field | code | message |');
    p('|---:|---|---|---|');
    for (const r of listing.rejections)
      for (const i of r.issues) p(`| ${r.line} | ${markdownCode(i.path)} | ${mdCell(i.code)} | ${mdCell(i.message)} |`);
  }
  p();
  p('## Records not allowed');
  p();
  if (listing.recordsTotal === 0) p('_None._');
  else {
    p(capNote(listing.records.length, listing.recordsTotal, 'records not allowed'));
    p();
    p(
      '| line | id | debtor | country | channel | local time | verdict | what broke the rule (for frequency: the earlier contact that counted) | next allowed (local) |',
    );
    p('|---:|---|---|---|---|---|---|---|---|');
    for (const r of listing.records) {
      const d = r.decision;
      const findings = d.violations
        .map((v) => `${markdownCode(v.ruleId)} ${mdCell(v.message)}${earlierText(v, d.context.timeZone)}`)
        .join('<br>');
      p(
        `| ${r.line} | ${mdCell(d.attemptId ?? '')} | ${mdCell(r.debtorId)} | ${r.country} | ${r.channel} | ${fmtLocal(d.context.localTime)} ${mdCell(d.context.timeZone)} | ${d.verdict} | ${findings} | ${d.nextAllowedAt ? localOf(d.nextAllowedAt) : '–'} |`,
      );
    }
  }
  p();
  p('## Method');
  p();
  for (const n of methodNotes(s)) p(`- ${n}`);
  p();
  return out.join('\n');
}

function ruleTable(p: (l?: string) => void, rules: AuditSummary['byRule'], judged: number): void {
  p('| rule | kind | category | records | share | channels | citation |');
  p('|---|---|---|---:|---:|---|---|');
  for (const r of rules) {
    const channels = Object.entries(r.byChannel)
      .map(([c, n]) => `${c} ${fmtInt(n)}`)
      .join(', ');
    p(
      `| ${markdownCode(r.ruleId)} | ${r.statutory ? '**law**' : '_policy_'} | ${r.category} | ${fmtInt(r.records)} | ${pct(r.records, judged)} | ${channels} | ${markdownLink(`${r.citation.instrument}, ${r.citation.article}`, r.citation.url)} |`,
    );
  }
}

function countsTable(p: (l?: string) => void, label: string, rows: Array<[string, VerdictCounts]>): void {
  p(`| ${label} | records | allowed | delayed | blocked | not allowed | violations | warnings |`);
  p('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, c] of rows) {
    p(
      `| ${mdCell(name)} | ${fmtInt(c.records)} | ${fmtInt(c.allowed)} | ${fmtInt(c.delayed)} | ${fmtInt(c.blocked)} | ${pct(c.delayed + c.blocked, c.records)} | ${fmtInt(c.violations)} | ${fmtInt(c.warnings)} |`,
    );
  }
  p();
}

export function capNote(shown: number, total: number, what: string): string {
  return shown < total
    ? `Showing the first ${fmtInt(shown)} of ${fmtInt(total)} ${what}, in log order. The complete list is in the JSON or CSV report (\`--format json\` or \`--format csv\`).`
    : `All ${fmtInt(total)} ${what}, in log order.`;
}

/** How the audit counted: what a reader of the report must know to trust it. */
export function methodNotes(s: AuditSummary): string[] {
  return [
    "Each record was judged exactly as `cobranza-compliance check` judges an attempt, with the log's earlier records of the same debtor (and creditor) as its history: frequency rules see the log itself. Records were sorted by time first, so the order of the log does not matter.",
    `Earlier records older than ${s.options.historyLookbackDays} days before a record are not handed to the check: no frequency rule looks back further than a week, so the answer is the same.`,
    "Local times, weekdays and dates are the debtor's (the zone the check resolved from jurisdiction.timeZone, region or phone; see each record's timeZone).",
    "**law** rules are statutory; _policy_ rules are the library's labelled defaults, never presented as law. Severity `warn` findings do not make a record not allowed.",
    ...s.notes,
  ];
}

/** A frequency finding's earlier contact, in the debtor's local time: " (earlier contact: line 81, 2026-03-02 09:00, call, no_answer)". */
export function earlierText(f: Finding, zone: string): string {
  const c = f.evidence?.earlierContact;
  if (c === undefined) return '';
  const ms = Date.parse(c.at);
  const when = Number.isNaN(ms) ? mdCell(c.at) : localOf(formatInstant(ms, zone));
  return ` (earlier contact: ${c.line !== undefined ? `line ${c.line}, ` : ''}${when}, ${c.channel}${c.outcome ? `, ${c.outcome}` : ''})`;
}
