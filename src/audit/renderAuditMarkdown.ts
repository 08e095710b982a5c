import type { AuditResult, AuditSummary, VerdictCounts } from './auditTypes.js';
import { collectListing } from './_lib/collectListing.js';
import { fmtUtc, localOf, markdownCode, markdownLink, mdCell } from './_lib/format.js';
import { mappingFieldRows, provenanceRows, statedText } from './_lib/provenanceRows.js';
import { formatInstant } from '../_lib/localClock.js';
import type { Finding } from '../schema/decision.js';
import { rulesetNoticeMarkdown } from './_lib/rulesetNotice.js';
import { reportText, type ReportText } from './_lib/reportText.js';
import {
  breakdowns,
  dimensionsText,
  fromText,
  gapLines,
  madeText,
  ruleAnchor,
  weekdayOfDate,
} from './_lib/recordText.js';
import { unproven } from './_lib/findingStatus.js';

export interface HumanReportOptions {
  /** Records listed one by one (default 500); the JSON and CSV reports list them all. */
  readonly maxListed?: number;
  /** Rejected lines listed one by one (default 200). */
  readonly maxRejectedListed?: number;
  /** The report's language (default: the checker's, `--lang`: the finding messages are in it too). */
  readonly language?: 'en' | 'es';
}

type Line = (l?: string) => void;

/** Rules on the first screen's table of proven violations; the rest are in the details. */
export const FIRST_SCREEN_RULES = 10;
/** Values of each dimension on the first screen (the worst), and in its table of the details. */
export const FIRST_SCREEN_VALUES = 5;
export const DETAIL_VALUES = 50;

/** The language of a human report: the option, else the checker's (its messages are in it), else English. */
export function reportLanguage(s: AuditSummary, options: HumanReportOptions): ReportText {
  return reportText(options.language ?? s.provenance?.options.language);
}

/**
 * The audit as Markdown. The first screen is the answer — totals, proven violations by rule, what
 * could not be judged and why, any deviation or override in force — then the details, the listing
 * (worst first, then by time), and at the end how the report was produced.
 */
export async function renderAuditMarkdown(result: AuditResult, options: HumanReportOptions = {}): Promise<string> {
  const s = result.summary;
  const t = reportLanguage(s, options);
  const listing = await collectListing(result, options);
  const tot = s.totals;
  const a = s.accounting;
  const out: string[] = [];
  const p: Line = (line = '') => {
    out.push(line);
  };

  p(`# ${mdCell(t.title)}`);
  p();
  p(
    `**${mdCell(s.source.name)}** (${mdCell(t.formatName(s.source.format))}) · ${t.recordsN(a.records)} · ${t.rules} ${markdownCode(s.ruleset.version)} (${s.ruleset.countries.join(', ')}) · ${t.generated(fmtUtc(s.generatedAt))}`,
  );
  p();
  const local = s.localPeriod ?? [];
  p(
    local.length > 0
      ? `${t.periodLocal}: ${local.map((x) => `${mdCell(t.countryName[x.country] ?? x.country)} **${localOf(x.from)} → ${localOf(x.to)}** (${mdCell(x.timeZone)})`).join(' · ')}`
      : `${t.period}: ${s.period.from === null ? '–' : `${fmtUtc(s.period.from)} → ${fmtUtc(s.period.to!)}`}`,
  );
  p();
  for (const line of rulesetNoticeMarkdown(s.ruleset, t)) p(line);

  // The answer.
  p(`## ${mdCell(t.answer)}`);
  p();
  p(
    `| ${[t.kpiJudged, t.kpiAllowed, t.kpiDelayed, t.kpiBlocked, t.kpiUnverified, t.kpiRejected].map(mdCell).join(' | ')} |`,
  );
  p('|---:|---:|---:|---:|---:|---:|');
  const share = (n: number): string => `${t.int(n)} (${t.pct(n, tot.records)})`;
  p(
    `| ${t.int(tot.records)} | ${share(tot.allowed)} | ${share(tot.delayed)} | ${share(tot.blocked)} | ${share(tot.unverified)} | ${t.int(a.rejected)} |`,
  );
  p();
  const proven = s.byRule.filter((r) => r.severity === 'block' && r.proven > 0);
  p(
    [
      `**${mdCell(t.answerSentence(tot.delayed + tot.blocked, tot.records, tot.violations, proven.length))}**`,
      t.unverifiedSentence(tot.unverified),
      t.rejectedSentence(a.rejected),
      t.warningsSentence(tot.allowedWithWarnings),
    ]
      .filter((x) => x !== '')
      .map((x, i) => (i === 0 ? x : mdCell(x)))
      .join(' '),
  );
  p();
  p(`_${mdCell(t.statusMeaning)}_`);
  p();
  p(`### ${mdCell(t.provenByRule)}`);
  p();
  if (proven.length === 0) p(`_${mdCell(t.noProven)}_`);
  else {
    p(`| ${[t.colRule, t.colKind, t.colProven, t.colUnverified].map(mdCell).join(' | ')} |`);
    p('|---|---|---:|---:|');
    for (const r of proven.slice(0, FIRST_SCREEN_RULES))
      p(
        `| [${markdownCode(r.ruleId)}](#${ruleAnchor(r.ruleId)}) | ${lawLinkMd(t, r.statutory, r.citation)} | ${t.int(r.proven)} | ${t.int(r.unverified)} |`,
      );
    if (proven.length > FIRST_SCREEN_RULES) {
      p();
      p(mdCell(t.moreRules(proven.length - FIRST_SCREEN_RULES)));
    }
  }
  p();
  const gaps = gapLines(t, s);
  if (gaps.length > 0) {
    p(`### ${mdCell(t.notJudged)}`);
    p();
    p(mdCell(t.notJudgedIntro));
    p();
    for (const g of gaps)
      p(`- **${mdCell(t.gapRecords(g.records))}**: ${mdCell(g.text)} (${g.rules.map(markdownCode).join(', ')}).`);
    p();
  }

  const parts = breakdowns(s);
  if (parts.length > 0) {
    p(`### ${mdCell(t.worstDimensions)}`);
    p();
    for (const b of parts) {
      const bad = b.values.filter((v) => v.delayed + v.blocked > 0);
      p(`**${mdCell(t.dimensionName(b.name))}**${b.column ? ` (${mdCell(b.column)})` : ''}`);
      p();
      if (bad.length === 0) p(`_${mdCell(t.worstNone)}_`);
      else breakdownTable(t, p, b.name, bad.slice(0, FIRST_SCREEN_VALUES));
      p();
    }
  }
  const stated = s.mapping?.statedByAuditor ?? [];
  if (stated.length > 0) {
    p(`**${mdCell(t.statedByAuditor)}:** ${mdCell(statedText(stated))}`);
    p();
  }

  // The details.
  p(`## ${mdCell(t.violationsByRule)}`);
  p();
  p(mdCell(t.violationsByRuleSub));
  p();
  const violations = s.byRule.filter((r) => r.severity === 'block');
  if (violations.length === 0) p(`_${mdCell(t.noProven)}_`);
  else ruleTable(t, p, violations, tot.records);
  p();
  const warnings = s.byRule.filter((r) => r.severity === 'warn');
  if (warnings.length > 0) {
    p(`## ${mdCell(t.warningsByRule)}`);
    p();
    p(mdCell(t.warningsSub));
    p();
    ruleTable(t, p, warnings, tot.records);
    p();
  }
  p(`## ${mdCell(t.byCategory)}`);
  p();
  p(`| ${[t.colCategory, t.colViolations, t.colUnverified, t.colWarnings].map(mdCell).join(' | ')} |`);
  p('|---|---:|---:|---:|');
  for (const c of s.byCategory)
    p(
      `| ${mdCell(t.category[c.category] ?? c.category)} | ${t.int(c.violations)} | ${t.int(c.unverified)} | ${t.int(c.warnings)} |`,
    );
  p();
  p(`## ${mdCell(t.byCountry)}`);
  p();
  countsTable(
    t,
    p,
    t.colCountry,
    s.byCountry.map((c) => [`${t.countryName[c.country] ?? c.country} (${c.country}) · ${t.debtorsN(c.debtors)}`, c]),
  );
  p(`## ${mdCell(t.byChannel)}`);
  p();
  countsTable(
    t,
    p,
    t.colChannel,
    s.byChannel.map((c) => [t.channel[c.channel] ?? c.channel, c]),
  );
  for (const b of parts) {
    p(`## ${mdCell(t.byDimension(t.dimensionName(b.name)))}`);
    p();
    breakdownTable(t, p, b.name, b.values.slice(0, DETAIL_VALUES));
    if (b.values.length > DETAIL_VALUES) {
      p();
      p(mdCell(t.moreValues(b.values.length - DETAIL_VALUES)));
    }
    if (b.other) {
      p();
      breakdownTable(t, p, b.name, [{ ...b.other, value: t.otherValues }], true);
    }
    p();
  }
  p(`## ${mdCell(t.heatTitle)}`);
  p();
  p(mdCell(t.heatSubMd));
  p();
  p(`| | ${Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')).join(' | ')} |`);
  p(`|---|${'---:|'.repeat(24)}`);
  s.heatmap.records.forEach((row, d) => {
    p(
      `| ${mdCell(t.weekdays[d]!)} | ${row.map((n, h) => (n === 0 ? '' : `${s.heatmap.notAllowed[d]![h]}/${n}`)).join(' | ')} |`,
    );
  });
  p();
  p(`## ${mdCell(t.byDate)}`);
  p();
  const holidayOf = new Map<string, string[]>();
  for (const x of s.holidays ?? [])
    holidayOf.set(x.date, [...(holidayOf.get(x.date) ?? []), t.holidayOf(x.country, x.name)]);
  countsTable(
    t,
    p,
    t.colDate,
    s.byDate.map((d) => [
      `${d.date} ${t.weekdays[weekdayOfDate(d.date) - 1]}${holidayOf.has(d.date) ? ` — ${holidayOf.get(d.date)!.join('; ')}` : ''}`,
      d,
    ]),
  );
  p(`## ${mdCell(t.topDebtors)}`);
  p();
  if (s.topDebtors.length === 0) p(`_${mdCell(t.none)}_`);
  else {
    p(
      `| ${[t.colDebtor, t.colCountries, t.colRecords, t.colNotAllowed, t.colViolations, t.colTopRules].map(mdCell).join(' | ')} |`,
    );
    p('|---|---|---:|---:|---:|---|');
    for (const d of s.topDebtors)
      p(
        `| ${mdCell(d.debtorId)} | ${d.countries.join(', ')} | ${t.int(d.records)} | ${t.int(d.notAllowed)} | ${t.int(d.violations)} | ${d.topRules.map(markdownCode).join(', ')} |`,
      );
  }
  p();
  p(`## ${mdCell(t.rejectedLines)}`);
  p();
  if (a.rejected === 0) p(`_${mdCell(t.noneRejected)}_`);
  else {
    p(`| ${[t.colField, t.colCode, t.colLines, t.colFirstLine].map(mdCell).join(' | ')} |`);
    p('|---|---|---:|---:|');
    for (const r of s.rejectedBy)
      p(`| ${markdownCode(r.path)} | ${mdCell(r.code)} | ${t.int(r.count)} | ${r.firstLine} |`);
    p();
    p(
      mdCell(
        listing.rejections.length < listing.rejectionsTotal
          ? t.capRejShown(listing.rejections.length, listing.rejectionsTotal)
          : t.capRejAll(listing.rejectionsTotal),
      ),
    );
    p();
    p(`| ${[t.colLine, t.colField, t.colCode, t.colMessage].map(mdCell).join(' | ')} |`);
    p('|---:|---|---|---|');
    for (const r of listing.rejections)
      for (const i of r.issues) p(`| ${r.line} | ${markdownCode(i.path)} | ${mdCell(i.code)} | ${mdCell(i.message)} |`);
  }
  p();
  p(`## ${mdCell(t.listingTitle)}`);
  p();
  if (listing.recordsTotal === 0) p(`_${mdCell(t.none)}_`);
  else {
    p(
      `${mdCell(t.listingIntro)} ${mdCell(listing.records.length < listing.recordsTotal ? t.capShown(listing.records.length, listing.recordsTotal) : t.capAll(listing.recordsTotal))}`,
    );
    p();
    p(
      `| ${[t.colLine, t.colId, t.colDebtor, `${t.colCountry} · ${t.colChannel}`, t.colMade, t.colStatus, t.colFindings].map(mdCell).join(' | ')} |`,
    );
    p('|---:|---|---|---|---|---|---|');
    for (const r of listing.records) {
      const d = r.decision;
      const findings = d.violations
        .map((v) => {
          const not = unproven(v, d) !== undefined;
          return `${not ? `_${mdCell(t.notProven)}_: ` : ''}[${markdownCode(v.ruleId)}](#${ruleAnchor(v.ruleId)}) (${lawLinkMd(t, v.statutory, v.citation)}) ${mdCell(v.message)}${earlierText(t, v, d.context.timeZone)}`;
        })
        .join('<br>');
      const from = fromText(t, r);
      p(
        `| ${r.line} | ${mdCell(d.attemptId ?? '')} | ${mdCell(r.debtorId)}${r.dimensions ? `<br>${mdCell(dimensionsText(t, r.dimensions))}` : ''} | ${r.country} · ${mdCell(t.channel[r.channel] ?? r.channel)} | ${mdCell(madeText(t, r))} (${mdCell(d.context.timeZone)}) | **${mdCell(t.status[r.status] ?? r.status)}**${from ? `<br>${mdCell(from)}` : ''} | ${findings} |`,
      );
    }
  }
  p();

  // How the report was produced.
  p(`## ${mdCell(t.provenanceTitle)}`);
  p();
  const provenance = provenanceRows(s, t);
  if (provenance.length > 0) {
    p('| | |');
    p('|---|---|');
    for (const r of provenance) {
      // A query keeps its lines (each escaped; never a code span: the text is the user's).
      const value = r.verbatim ? r.value.split(/\r?\n/).map(mdCell).join('<br>') : mdCell(r.value);
      p(`| ${mdCell(r.label)} | ${r.notDefault ? `**${value}**` : value} |`);
    }
    p();
  }
  const fields = mappingFieldRows(s, t);
  if (fields.length > 0) {
    p(`### ${mdCell(t.prov.fieldsTitle)}`);
    p();
    p(`| ${mdCell(t.prov.colField)} | ${mdCell(t.prov.colFrom)} | ${mdCell(t.prov.colHow)} |`);
    p('|---|---|---|');
    for (const f of fields)
      p(`| ${markdownCode(f.field)} | ${f.stated ? `**${mdCell(f.from)}**` : mdCell(f.from)} | ${mdCell(f.how)} |`);
    p();
  }
  p(
    `**${mdCell(t.accounting)}** (${a.balanced ? t.balanced : t.notBalanced}): ${t.accountingLine(t.int(a.lines), t.int(a.headerLines), t.int(a.blankLines), t.int(a.recordLines), t.int(a.records), t.int(a.evaluated), t.int(a.rejected))}`,
  );
  p();
  p(`## ${mdCell(t.methodTitle)}`);
  p();
  for (const n of methodNotes(s, t)) p(`- ${n}`);
  p();
  return out.join('\n');
}

function kind(t: ReportText, statutory: boolean): string {
  return statutory ? `**${t.law}**` : `_${t.policy}_`;
}

/** The citation as a link to the law (marked when it opens a secondary copy), and its official publication. */
function citeMd(t: ReportText, c: Finding['citation']): string {
  const link = markdownLink(`${c.instrument}, ${c.article}`, c.url);
  return `${link}${c.secondary ? ` (_${mdCell(t.secondary)}_)` : ''}${c.publication ? ` — ${mdCell(`${t.publishedIn} ${c.publication}`)}` : ''}`;
}

/** A rule's law, short: "law" or "policy" linked to its citation (marked when the link is a secondary copy). */
function lawLinkMd(t: ReportText, statutory: boolean, c: Finding['citation']): string {
  return `${markdownLink(statutory ? t.law : t.policy, c.url)}${c.secondary ? ` _(${mdCell(t.secondary)})_` : ''}`;
}

function ruleTable(t: ReportText, p: Line, rules: AuditSummary['byRule'], judged: number): void {
  p(
    `| ${[t.colRule, t.colKind, t.colCategory, t.colProven, t.colUnverified, t.colShare, t.colChannels, t.colCitation].map(mdCell).join(' | ')} |`,
  );
  p('|---|---|---|---:|---:|---:|---|---|');
  for (const r of rules) {
    const channels = Object.entries(r.byChannel)
      .map(([c, n]) => `${mdCell(t.channel[c] ?? c)} ${t.int(n)}`)
      .join(', ');
    p(
      `| <a id="${ruleAnchor(r.ruleId)}"></a>${markdownCode(r.ruleId)} | ${kind(t, r.statutory)} | ${mdCell(t.category[r.category] ?? r.category)} | ${t.int(r.proven)} | ${t.int(r.unverified)} | ${t.pct(r.proven, judged)} | ${channels} | ${citeMd(t, r.citation)} |`,
    );
  }
}

/** Values of a dimension (or creditors): records, not allowed and its share, proven and unverified violations. */
function breakdownTable(
  t: ReportText,
  p: Line,
  name: string,
  rows: ReadonlyArray<VerdictCounts & { readonly value: string | null }>,
  isOther = false,
): void {
  p(
    `| ${[t.dimensionName(name), t.colRecords, t.colNotAllowed, `% ${t.colNotAllowed}`, t.colViolations, t.colUnverified].map(mdCell).join(' | ')} |`,
  );
  p('|---|---:|---:|---:|---:|---:|');
  for (const v of rows)
    p(
      `| ${isOther ? `_${mdCell(v.value ?? '')}_` : v.value === null ? `_${mdCell(t.emptyValue)}_` : mdCell(v.value)} | ${t.int(v.records)} | ${t.int(v.delayed + v.blocked)} | ${t.pct(v.delayed + v.blocked, v.records)} | ${t.int(v.violations)} | ${t.int(v.unverified)} |`,
    );
}

function countsTable(t: ReportText, p: Line, label: string, rows: Array<[string, VerdictCounts]>): void {
  p(
    `| ${[label, t.colRecords, t.colAllowed, t.colDelayed, t.colBlocked, t.colUnverified, `% ${t.colNotAllowed}`, t.colViolations, t.colWarnings].map(mdCell).join(' | ')} |`,
  );
  p('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, c] of rows) {
    p(
      `| ${mdCell(name)} | ${t.int(c.records)} | ${t.int(c.allowed)} | ${t.int(c.delayed)} | ${t.int(c.blocked)} | ${t.int(c.unverified)} | ${t.pct(c.delayed + c.blocked, c.records)} | ${t.int(c.violations)} | ${t.int(c.warnings)} |`,
    );
  }
  p();
}

/** How the audit counted: what a reader of the report must know to trust it (the notes of the audit after). */
export function methodNotes(s: AuditSummary, t: ReportText): string[] {
  return [...t.method(s.options.historyLookbackDays), ...s.notes.map(mdCell)];
}

/** A frequency finding's earlier contact, in the debtor's local time: " (earlier contact: line 81, 2026-03-02 09:00, call, no_answer)". */
export function earlierText(t: ReportText, f: Finding, zone: string): string {
  const c = f.evidence?.earlierContact;
  if (c === undefined) return '';
  const ms = Date.parse(c.at);
  const when = Number.isNaN(ms) ? mdCell(c.at) : localOf(formatInstant(ms, zone));
  return ` (${mdCell(t.earlierContact)}: ${c.line !== undefined ? `${mdCell(t.lineN(c.line))}, ` : ''}${when}, ${mdCell(t.channel[c.channel] ?? c.channel)}${c.outcome ? `, ${mdCell(t.outcome[c.outcome] ?? c.outcome)}` : ''})`;
}
