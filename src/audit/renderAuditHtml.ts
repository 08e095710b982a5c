import type { AuditRecord, AuditResult, AuditSummary, VerdictCounts } from './auditTypes.js';
import { collectListing } from './_lib/collectListing.js';
import { httpUrl } from '../_lib/httpUrl.js';
import { escapeHtml as h, fmtUtc, localOf } from './_lib/format.js';
import {
  DETAIL_VALUES,
  FIRST_SCREEN_RULES,
  FIRST_SCREEN_VALUES,
  reportLanguage,
  type HumanReportOptions,
} from './renderAuditMarkdown.js';
import { rulesetNoticeHtml } from './_lib/rulesetNotice.js';
import {
  type MappingFieldRow,
  mappingFieldRows,
  type ProvenanceRow,
  provenanceRows,
  statedText,
} from './_lib/provenanceRows.js';
import { formatInstant } from '../_lib/localClock.js';
import type { Finding } from '../schema/decision.js';
import type { ReportText } from './_lib/reportText.js';
import {
  breakdowns,
  dimensionsText,
  fromText,
  gapLines,
  madeParts,
  ruleAnchor,
  weekdayOfDate,
  type Breakdown,
} from './_lib/recordText.js';
import { unproven } from './_lib/findingStatus.js';

const C = {
  allow: '#2e7d32',
  delay: '#e69500',
  block: '#c62828',
  unverified: '#5b6fa8',
  reject: '#6d6d6d',
  warn: '#8d6e00',
};

/**
 * The audit as one self-contained HTML file: inline CSS and SVG charts, no script, no font or image
 * from the network, and a print style sheet (A4 landscape, colours kept, table headers repeated).
 * The first screen is the answer — totals, proven violations by rule, what could not be judged and
 * why, any deviation or override in force — then the details, the listing (worst first, then by time),
 * and at the end how the report was produced.
 */
export async function renderAuditHtml(result: AuditResult, options: HumanReportOptions = {}): Promise<string> {
  const s = result.summary;
  const t = reportLanguage(s, options);
  const listing = await collectListing(result, options);
  const tot = s.totals;
  const a = s.accounting;
  const sections: string[] = [];

  sections.push(`<header>
  <h1>${h(t.title)}</h1>
  <p class="meta"><b>${h(s.source.name)}</b> · ${h(t.formatName(s.source.format))}${s.source.bytes !== null ? ` · ${fmtBytes(s.source.bytes)}` : ''}
  · ${h(t.recordsN(a.records))}
  · ${h(t.rules)} <code>${h(s.ruleset.version)}</code> (${h(s.ruleset.countries.join(', '))})
  · ${h(t.generated(fmtUtc(s.generatedAt)))}</p>
  <p class="meta">${periodHtml(s, t)}</p>
</header>`);
  const notice = rulesetNoticeHtml(s.ruleset, t);
  if (notice) sections.push(notice);

  // The answer.
  const parts = breakdowns(s);
  const stated = s.mapping?.statedByAuditor ?? [];
  const proven = s.byRule.filter((r) => r.severity === 'block' && r.proven > 0);
  const sentences = [
    t.unverifiedSentence(tot.unverified),
    t.rejectedSentence(a.rejected),
    t.warningsSentence(tot.allowedWithWarnings),
  ].filter((x) => x !== '');
  sections.push(`<section class="card answer" id="answer">
  <h2>${h(t.answer)}</h2>
  <div class="kpis">
    ${kpi(t, t.kpiJudged, tot.records, '')}
    ${kpi(t, t.kpiAllowed, tot.allowed, t.pct(tot.allowed, tot.records), 'allow')}
    ${kpi(t, t.kpiDelayed, tot.delayed, t.pct(tot.delayed, tot.records), 'delay')}
    ${kpi(t, t.kpiBlocked, tot.blocked, t.pct(tot.blocked, tot.records), 'block')}
    ${kpi(t, t.kpiUnverified, tot.unverified, t.pct(tot.unverified, tot.records), 'unverified')}
    ${kpi(t, t.kpiRejected, a.rejected, t.pct(a.rejected, a.records), 'reject')}
  </div>
  ${stackBar(t, tot, true)}
  <p class="lead"><b>${h(t.answerSentence(tot.delayed + tot.blocked, tot.records, tot.violations, proven.length))}</b>${sentences.map((x) => ` ${h(x)}`).join('')}</p>
  <p class="sub">${h(t.statusMeaning)}</p>
  <h3>${h(t.provenByRule)}</h3>
  ${
    proven.length === 0
      ? `<p class="none">${h(t.noProven)}</p>`
      : `<table class="compact proven">
    <thead><tr><th>${h(t.colRule)}</th><th>${h(t.colKind)}</th><th class="n">${h(t.colProven)}</th><th class="n">${h(t.colUnverified)}</th><th>${h(t.colCategory)}</th></tr></thead>
    <tbody>${proven
      .slice(0, FIRST_SCREEN_RULES)
      .map(
        (r) =>
          `<tr><td><a class="rule" href="#${h(ruleAnchor(r.ruleId))}"><code>${h(r.ruleId)}</code></a></td><td>${lawLink(t, r.statutory, r.citation, true)}</td><td class="n">${t.int(r.proven)}</td><td class="n">${t.int(r.unverified)}</td><td>${h(t.category[r.category] ?? r.category)}</td></tr>`,
      )
      .join('')}</tbody>
  </table>${proven.length > FIRST_SCREEN_RULES ? `\n  <p class="sub">${h(t.moreRules(proven.length - FIRST_SCREEN_RULES))}</p>` : ''}`
  }
  ${gapsHtml(t, s)}
  ${worstHtml(t, parts)}
  ${stated.length > 0 ? `<p class="stated"><b>${h(t.statedByAuditor)}:</b> ${h(statedText(stated))}</p>` : ''}
</section>`);

  // The details.
  const violations = s.byRule.filter((r) => r.severity === 'block');
  const warnings = s.byRule.filter((r) => r.severity === 'warn');
  sections.push(`<section class="card" id="rules">
  <h2>${h(t.violationsByRule)}</h2>
  <p class="sub">${h(t.violationsByRuleSub)} <span class="badge law">${h(t.law)}</span> <span class="badge policy">${h(t.policy)}</span></p>
  ${violations.length === 0 ? `<p class="none">${h(t.noProven)}</p>` : ruleTable(t, violations, tot.records, C.block)}
</section>`);
  sections.push(`<section class="card two" id="where">
  <div>
    <h2>${h(t.byCategory)}</h2>
    <p class="sub">${h(t.byCategorySub)}</p>
    ${categoryChart(t, s)}
  </div>
  <div>
    <h2>${h(t.byCountry)}</h2>
    ${countsTable(
      t,
      t.colCountry,
      s.byCountry.map((c) => [
        `${h(t.countryName[c.country] ?? c.country)} <small>${h(t.debtorsN(c.debtors))}</small>`,
        c,
      ]),
    )}
    <h2>${h(t.byChannel)}</h2>
    ${countsTable(
      t,
      t.colChannel,
      s.byChannel.map((c) => [h(t.channel[c.channel] ?? c.channel), c]),
    )}
    ${statusLegend(t)}
  </div>
</section>`);

  if (parts.length > 0) {
    sections.push(`<section class="card" id="dimensions">
  ${parts
    .map(
      (b) => `<h2>${h(t.byDimension(t.dimensionName(b.name)))}${b.column ? ` <small>(${h(b.column)})</small>` : ''}</h2>
  ${breakdownTable(t, b.name, b.values.slice(0, DETAIL_VALUES), b.other)}${b.values.length > DETAIL_VALUES ? `\n  <p class="sub">${h(t.moreValues(b.values.length - DETAIL_VALUES))}</p>` : ''}`,
    )
    .join('\n  ')}
</section>`);
  }

  if (warnings.length > 0) {
    sections.push(`<section class="card">
  <h2>${h(t.warningsByRule)}</h2>
  <p class="sub">${h(t.warningsSub)}</p>
  ${ruleTable(t, warnings, tot.records, C.warn)}
</section>`);
  }

  sections.push(`<section class="card" id="when">
  <h2>${h(t.heatTitle)}</h2>
  <p class="sub">${h(t.heatSub)}</p>
  ${heatmap(t, s)}
</section>`);

  sections.push(`<section class="card" id="dates">
  <h2>${h(t.byDate)}</h2>
  <p class="sub">${h(t.byDateSub)}</p>
  ${dailyChart(t, s)}
</section>`);

  sections.push(`<section class="card" id="debtors">
  <h2>${h(t.topDebtors)}</h2>
  ${
    s.topDebtors.length === 0
      ? `<p class="none">${h(t.none)}</p>`
      : `<table>
    <thead><tr><th>${h(t.colDebtor)}</th><th>${h(t.colCountries)}</th><th class="n">${h(t.colRecords)}</th><th class="n">${h(t.colNotAllowed)}</th><th class="n">${h(t.colViolations)}</th><th>${h(t.colTopRules)}</th></tr></thead>
    <tbody>${s.topDebtors.map((d) => `<tr><td class="id"><code>${h(d.debtorId)}</code></td><td>${h(d.countries.join(', '))}</td><td class="n">${t.int(d.records)}</td><td class="n">${t.int(d.notAllowed)}</td><td class="n">${t.int(d.violations)}</td><td class="small">${d.topRules.map((r) => `<a class="rule" href="#${h(ruleAnchor(r))}"><code>${h(r)}</code></a>`).join(' ')}</td></tr>`).join('')}</tbody>
  </table>`
  }
</section>`);

  sections.push(`<section class="card" id="rejected">
  <h2>${h(t.rejectedLines)}</h2>
  ${
    a.rejected === 0
      ? `<p class="none">${h(t.noneRejected)}</p>`
      : `<table class="compact">
    <thead><tr><th>${h(t.colField)}</th><th>${h(t.colCode)}</th><th class="n">${h(t.colLines)}</th><th class="n">${h(t.colFirstLine)}</th></tr></thead>
    <tbody>${s.rejectedBy.map((r) => `<tr><td class="field"><code>${h(r.path)}</code></td><td>${h(r.code)}</td><td class="n">${t.int(r.count)}</td><td class="n">${r.firstLine}</td></tr>`).join('')}</tbody>
  </table>
  <p class="sub">${h(listing.rejections.length < listing.rejectionsTotal ? t.capRejShown(listing.rejections.length, listing.rejectionsTotal) : t.capRejAll(listing.rejectionsTotal))}</p>
  <table class="listing">
    <thead><tr><th class="n">${h(t.colLine)}</th><th>${h(t.colField)}</th><th>${h(t.colCode)}</th><th>${h(t.colMessage)}</th><th>${h(t.colExcerpt)}</th></tr></thead>
    <tbody>${listing.rejections.map((r) => r.issues.map((i, k) => `<tr>${k === 0 ? `<td class="n" rowspan="${r.issues.length}">${r.line}</td>` : ''}<td class="field"><code>${h(i.path)}</code></td><td>${h(i.code)}</td><td>${h(i.message)}</td>${k === 0 ? `<td rowspan="${r.issues.length}" class="excerpt"><code>${h(r.excerpt)}</code></td>` : ''}</tr>`).join('')).join('')}</tbody>
  </table>`
  }
</section>`);

  sections.push(`<section class="card" id="listing">
  <h2>${h(t.listingTitle)}</h2>
  ${
    listing.recordsTotal === 0
      ? `<p class="none">${h(t.none)}</p>`
      : `<p class="sub">${h(t.listingIntro)} ${h(listing.records.length < listing.recordsTotal ? t.capShown(listing.records.length, listing.recordsTotal) : t.capAll(listing.recordsTotal))}</p>
  <table class="listing">
    <thead><tr><th class="n">${h(t.colLine)}</th><th>${h(t.colId)} · ${h(t.colDebtor)}</th><th>${h(t.colCountry)} · ${h(t.colChannel)}</th><th>${h(t.colMade)}</th><th>${h(t.colStatus)}</th><th>${h(t.colFindings)}</th></tr></thead>
    <tbody>${listing.records.map((r) => listingRow(t, r)).join('')}</tbody>
  </table>`
  }
</section>`);

  // How the report was produced, at the end.
  const provenance = provenanceRows(s, t);
  sections.push(`<section class="card provenance" id="provenance">
  <h2>${h(t.provenanceTitle)}</h2>
  ${provenance.length > 0 ? `<dl>${provenance.map(provenanceItem).join('')}</dl>` : ''}
  ${mappingTable(t, mappingFieldRows(s, t))}
  <p class="accounting ${a.balanced ? 'ok' : 'bad'}"><b>${h(t.accounting)} ${h(a.balanced ? t.balanced : t.notBalanced)}</b> —
  ${h(t.accountingLine(t.int(a.lines), t.int(a.headerLines), t.int(a.blankLines), t.int(a.recordLines), t.int(a.records), t.int(a.evaluated), t.int(a.rejected)))}</p>
</section>`);
  sections.push(`<section class="card method" id="method">
  <h2>${h(t.methodTitle)}</h2>
  <ul>${[...t.method(s.options.historyLookbackDays).map(mdToHtml), ...s.notes.map((n) => h(n))]
    .map((n) => `<li>${n}</li>`)
    .join('')}</ul>
</section>`);

  return `<!doctype html>
<html lang="${t.htmlLang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(t.title)} — ${h(s.source.name)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${sections.join('\n')}
<footer>${h(t.footer(s.provenance?.library.version ?? '', s.formatVersion, s.ruleset.version))}</footer>
</main>
</body>
</html>
`;
}

/** One listed record: when it was made, its outcome (and from when it would have been allowed), its findings. */
function listingRow(t: ReportText, r: AuditRecord): string {
  const d = r.decision;
  const from = fromText(t, r);
  const findings = d.violations
    .map((v) => {
      const not = unproven(v, d) !== undefined;
      return `<div${not ? ' class="unproven"' : ''}>${not ? `<span class="badge unv">${h(t.notProven)}</span> ` : ''}<a class="rule" href="#${h(ruleAnchor(v.ruleId))}" title="${h(t.ruleRowLink)}"><code>${h(v.ruleId)}</code></a> ${lawLink(t, v.statutory, v.citation)} ${h(v.message)}${earlierHtml(t, v, d.context.timeZone)}</div>`;
    })
    .join('');
  return `<tr class="st-${h(r.status)}"><td class="n">${r.line}</td><td class="nowrap">${h(d.attemptId ?? '–')}<br><code class="debtor">${h(r.debtorId)}</code>${r.dimensions ? `<div class="dims">${h(dimensionsText(t, r.dimensions))}</div>` : ''}</td><td>${h(r.country)} · ${h(t.channel[r.channel] ?? r.channel)}</td>
      <td class="made">${madeHtml(t, r)}<br><small>${h(d.context.timeZone)}</small></td>
      <td class="status"><span class="verdict ${h(r.status)}">${h(t.status[r.status] ?? r.status)}</span>${from ? `<div class="from">${h(from)}</div>` : ''}</td>
      <td class="findings">${findings}</td></tr>`;
}

/** When it was made: "made on Friday" and the local date and time (kept on one line), and the holiday. */
function madeHtml(t: ReportText, r: AuditRecord): string {
  const m = madeParts(t, r);
  return `${h(m.phrase)} <span class="nowrap">${h(m.local)}</span>${m.holiday ? `<br><span class="hol">${h(m.holiday)}</span>` : ''}`;
}

/** The first screen's worst values of each dimension (and creditor): those with records not allowed. */
function worstHtml(t: ReportText, parts: readonly Breakdown[]): string {
  if (parts.length === 0) return '';
  return `<h3>${h(t.worstDimensions)}</h3>
  <div class="worst">${parts
    .map((b) => {
      const bad = b.values.filter((v) => v.delayed + v.blocked > 0).slice(0, FIRST_SCREEN_VALUES);
      return `<div><h4>${h(t.dimensionName(b.name))}${b.column ? ` <small>(${h(b.column)})</small>` : ''}</h4>${
        bad.length === 0 ? `<p class="none">${h(t.worstNone)}</p>` : breakdownTable(t, b.name, bad, undefined, false)
      }</div>`;
    })
    .join('')}</div>`;
}

/** Values of a dimension: records, not allowed (with its share drawn), proven and unverified violations. */
function breakdownTable(
  t: ReportText,
  name: string,
  rows: ReadonlyArray<VerdictCounts & { readonly value: string | null }>,
  other?: VerdictCounts,
  bars = true,
): string {
  const row = (label: string, v: VerdictCounts): string =>
    `<tr><td class="value">${label}</td><td class="n">${t.int(v.records)}</td><td class="n">${t.int(v.delayed + v.blocked)} <small>(${h(t.pct(v.delayed + v.blocked, v.records))})</small></td><td class="n">${t.int(v.violations)}</td><td class="n">${t.int(v.unverified)}</td>${bars ? `<td class="bar-col">${stackBar(t, v)}</td>` : ''}</tr>`;
  return `<table class="counts dims${bars ? '' : ' compact'}">
    <thead><tr><th>${h(t.dimensionName(name))}</th><th class="n">${h(t.colRecords)}</th><th class="n">${h(t.colNotAllowed)}</th><th class="n">${h(t.colViolations)}</th><th class="n">${h(t.colUnverified)}</th>${bars ? '<th class="bar-col"></th>' : ''}</tr></thead>
    <tbody>${rows.map((v) => row(v.value === null ? `<i>${h(t.emptyValue)}</i>` : h(v.value), v)).join('')}${other ? row(`<i>${h(t.otherValues)}</i>`, other) : ''}</tbody>
  </table>`;
}

/** "What could not be judged, and why": a sentence per fact read from a default, with its records. */
function gapsHtml(t: ReportText, s: AuditSummary): string {
  const gaps = gapLines(t, s);
  if (gaps.length === 0) return '';
  return `<h3>${h(t.notJudged)}</h3>
  <p class="sub">${h(t.notJudgedIntro)}</p>
  <ul class="gaps">${gaps.map((g) => `<li><b>${h(t.gapRecords(g.records))}</b>: ${h(g.text)} <span class="small">(${g.rules.map((r) => `<a class="rule" href="#${h(ruleAnchor(r))}"><code>${h(r)}</code></a>`).join(', ')})</span></li>`).join('')}</ul>`;
}

function badge(t: ReportText, statutory: boolean): string {
  return statutory ? `<span class="badge law">${h(t.law)}</span>` : `<span class="badge policy">${h(t.policy)}</span>`;
}

/**
 * A rule's law, short: "law" or "policy" linked to its citation (the instrument in the link's title),
 * marked when the link opens a secondary copy; as a badge on the first screen.
 */
function lawLink(t: ReportText, statutory: boolean, c: Finding['citation'], asBadge = false): string {
  const href = httpUrl(c.url);
  const label = `${c.instrument}, ${c.article}`;
  const text = statutory ? t.law : t.policy;
  const cls = asBadge ? `badge ${statutory ? 'law' : 'policy'}` : 'law';
  const link = href
    ? `<a class="${cls}" href="${h(href)}" title="${h(label)}">${h(text)}</a>`
    : `<span class="${cls}">${h(text)}</span>`;
  return `${link}${c.secondary ? ` <span class="badge sec" title="${h(t.secondaryNote)}">${h(t.secondary)}</span>` : ''}`;
}

function ruleTable(t: ReportText, rules: AuditSummary['byRule'], judged: number, color: string): string {
  return `<table class="rules">
    <thead><tr><th>${h(t.colRule)} · ${h(t.colMessage)} · ${h(t.colCitation)}</th><th>${h(t.colKind)}</th><th>${h(t.colCategory)}</th><th class="n">${h(t.colProven)}</th><th class="n">${h(t.colUnverified)}</th><th class="bar-col">${h(t.colShare)} (0–100 %)</th><th>${h(t.colChannels)}</th></tr></thead>
    <tbody>${rules
      .map(
        (r) => `<tr id="${h(ruleAnchor(r.ruleId))}">
      <td><code>${h(r.ruleId)}</code>
        <div class="example">${h(r.example)}</div>
        <div class="cite">${citeHtml(t, r.citation)}</div></td>
      <td>${badge(t, r.statutory)}</td>
      <td>${h(t.category[r.category] ?? r.category)}</td>
      <td class="n">${t.int(r.proven)}</td>
      <td class="n">${t.int(r.unverified)}</td>
      <td class="bar-col"><div class="hbar"><span style="width:${(judged === 0 || r.proven === 0 ? 0 : Math.max(0.5, (r.proven / judged) * 100)).toFixed(2)}%;background:${color}"></span></div><small>${h(t.pct(r.proven, judged))}</small></td>
      <td class="small nowrap">${Object.entries(r.byChannel)
        .map(([c, n]) => `${h(t.channel[c] ?? c)} ${t.int(n)}`)
        .join('<br>')}</td>
    </tr>`,
      )
      .join('')}</tbody>
  </table>`;
}

/**
 * The citation: the instrument and article, linked only when the URL is http(s) (a rule file is
 * untrusted), marked when the link opens a secondary copy, and the official publication.
 */
function citeHtml(t: ReportText, c: Finding['citation']): string {
  const href = httpUrl(c.url);
  const text = `${c.instrument}, ${c.article}`;
  const link =
    href === undefined
      ? `${h(text)} <small>(${h(c.url)}, not linked: not an http(s) URL)</small>`
      : `<a href="${h(href)}">${h(text)}</a>`;
  const secondary = c.secondary
    ? ` <span class="badge sec" title="${h(t.secondaryNote)}">${h(t.secondary)}</span>`
    : '';
  const publication = c.publication ? ` <span class="pub">— ${h(t.publishedIn)} ${h(c.publication)}</span>` : '';
  return `${link}${secondary}${publication}`;
}

function kpi(t: ReportText, label: string, n: number, sub: string, kind = ''): string {
  return `<div class="kpi ${kind}"><div class="label">${h(label)}</div><div class="value">${t.int(n)}</div><div class="subv">${h(sub)}&nbsp;</div></div>`;
}

/** Allowed / at a time not allowed / not allowed / unverified as one horizontal bar (CSS). */
function stackBar(t: ReportText, c: VerdictCounts, labels = false): string {
  if (c.records === 0) return '<div class="stack empty"></div>';
  const seg = (n: number, color: string, name: string): string =>
    n === 0
      ? ''
      : `<span style="flex:${n} 1 0;background:${color}" title="${h(name)}: ${t.int(n)}">${labels && n / c.records > 0.08 ? `${h(name)} ${h(t.pct(n, c.records))}` : ''}</span>`;
  return `<div class="stack${labels ? ' big' : ''}">${seg(c.allowed, C.allow, t.status['allowed']!)}${seg(c.delayed, C.delay, t.status['delayed']!)}${seg(c.blocked, C.block, t.status['blocked']!)}${seg(c.unverified, C.unverified, t.status['unverified']!)}</div>`;
}

/** The colours of the four statuses, named. */
function statusLegend(t: ReportText): string {
  const sw = (color: string, status: string): string =>
    `<span class="sw" style="background:${color}"></span> ${h(t.status[status]!)}`;
  return `<p class="legend">${sw(C.allow, 'allowed')} ${sw(C.delay, 'delayed')} ${sw(C.block, 'blocked')} ${sw(C.unverified, 'unverified')}</p>`;
}

function countsTable(t: ReportText, label: string, rows: Array<[string, VerdictCounts]>): string {
  if (rows.length === 0) return `<p class="none">${h(t.noRecords)}</p>`;
  return `<table class="counts">
    <thead><tr><th>${h(label)}</th><th class="n">${h(t.colRecords)}</th><th class="n">${h(t.colDelayed)}</th><th class="n">${h(t.colBlocked)}</th><th class="n">${h(t.colUnverified)}</th><th class="bar-col"></th></tr></thead>
    <tbody>${rows.map(([name, c]) => `<tr><td>${name}</td><td class="n">${t.int(c.records)}</td><td class="n">${t.int(c.delayed)}</td><td class="n">${t.int(c.blocked)}</td><td class="n">${t.int(c.unverified)}</td><td class="bar-col">${stackBar(t, c)}</td></tr>`).join('')}</tbody>
  </table>`;
}

/**
 * Findings by category, proven violations and warnings as two bar charts side by side, each on its own
 * scale with its count written: stacked, 232 warnings would make a category with 10 violations look worst.
 */
function categoryChart(t: ReportText, s: AuditSummary): string {
  if (s.byCategory.length === 0) return `<p class="none">${h(t.none)}</p>`;
  const rows = s.byCategory;
  const maxV = Math.max(1, ...rows.map((r) => r.violations));
  const maxW = Math.max(1, ...rows.map((r) => r.warnings));
  const left = 136;
  const panel = 150;
  const gap = 56;
  const rowH = 22;
  const top = 18;
  const W = left + 2 * panel + gap + 40;
  const H = top + rows.length * rowH + 6;
  const x2 = left + panel + gap;
  const bars = rows
    .map((r, i) => {
      const y = top + i * rowH;
      const wv = (panel * r.violations) / maxV;
      const ww = (panel * r.warnings) / maxW;
      return `<text x="${left - 8}" y="${y + 13}" text-anchor="end" class="lbl">${h(t.category[r.category] ?? r.category)}</text>
      <rect x="${left}" y="${y}" width="${wv.toFixed(1)}" height="16" fill="${C.block}"/><text x="${(left + wv + 4).toFixed(1)}" y="${y + 12}" class="val">${t.int(r.violations)}</text>
      <rect x="${x2}" y="${y}" width="${ww.toFixed(1)}" height="16" fill="${C.warn}"/><text x="${(x2 + ww + 4).toFixed(1)}" y="${y + 12}" class="val">${t.int(r.warnings)}</text>`;
    })
    .join('');
  return `<svg class="chart cat" viewBox="0 0 ${W} ${H}" width="${W}" role="img" aria-label="${h(t.byCategory)}">
    <text x="${left}" y="11" class="lgd" fill="${C.block}">${h(t.chartViolations)}</text><text x="${x2}" y="11" class="lgd">${h(t.chartWarnings)}</text>
    <line x1="${left}" x2="${left}" y1="${top - 2}" y2="${H - 4}" class="grid"/><line x1="${x2}" x2="${x2}" y1="${top - 2}" y2="${H - 4}" class="grid"/>${bars}</svg>`;
}

function heatmap(t: ReportText, s: AuditSummary): string {
  const { records, notAllowed } = s.heatmap;
  const max = Math.max(1, ...notAllowed.flat());
  const head = `<tr><th></th>${Array.from({ length: 24 }, (_, hr) => `<th>${String(hr).padStart(2, '0')}</th>`).join('')}<th class="n sum">${h(t.heatNotAllowed)}</th><th class="n sum">${h(t.heatAll)}</th></tr>`;
  const body = records
    .map((row, d) => {
      const cells = row
        .map((n, hr) => {
          const bad = notAllowed[d]![hr]!;
          const shade = bad === 0 ? (n === 0 ? '#fafafa' : '#e8f5e9') : heat(bad / max);
          const dark = bad / max > 0.45;
          const hour = String(hr).padStart(2, '0');
          return `<td style="background:${shade}${dark ? ';color:#fff' : ''}" title="${h(t.heatCell(t.weekdays[d]!, hour, t.int(bad), t.int(n)))}">${bad === 0 ? '' : short(t, bad)}</td>`;
        })
        .join('');
      const sum = notAllowed[d]!.reduce((x, y) => x + y, 0);
      const all = row.reduce((x, y) => x + y, 0);
      return `<tr><th>${h(t.weekdays[d]!)}</th>${cells}<td class="n sum">${t.int(sum)}</td><td class="n sum">${t.int(all)}</td></tr>`;
    })
    .join('');
  return `<table class="heat"><thead>${head}</thead><tbody>${body}</tbody></table>
  <p class="legend"><span class="sw" style="background:#e8f5e9"></span> ${h(t.heatLegendAllowed)} <span class="sw" style="background:${heat(0.1)}"></span><span class="sw" style="background:${heat(0.5)}"></span><span class="sw" style="background:${heat(1)}"></span> ${h(t.heatLegendScale(t.int(max)))}</p>`;
}

/** A count that fits a heat-map cell: 12,345 → 12k. */
function short(t: ReportText, n: number): string {
  return n < 10_000 ? t.int(n) : n < 1_000_000 ? `${Math.round(n / 1000)}k` : `${(n / 1_000_000).toFixed(1)}M`;
}

function heat(x: number): string {
  // From a pale amber to a deep red.
  const l = 90 - 58 * Math.min(1, Math.max(0, x));
  const hue = 40 - 40 * Math.min(1, x);
  return `hsl(${hue.toFixed(0)} 85% ${l.toFixed(0)}%)`;
}

function dailyChart(t: ReportText, s: AuditSummary): string {
  if (s.byDate.length === 0) return `<p class="none">${h(t.noRecords)}</p>`;
  const days = withEmptyDays(s.byDate);
  const W = 1100;
  const H = 250;
  const left = 64;
  const bottom = 62;
  const top = 10;
  const max = Math.max(1, ...days.map((d) => d.records));
  const step = niceStep(max);
  const yMax = Math.ceil(max / step) * step;
  const plotH = H - top - bottom;
  const bw = (W - left - 10) / days.length;
  const y = (v: number): number => top + plotH - (plotH * v) / yMax;
  const grid: string[] = [];
  for (let v = 0; v <= yMax; v += step)
    grid.push(
      `<line x1="${left}" x2="${W - 10}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/><text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" class="axis">${t.int(v)}</text>`,
    );
  const labelEvery = Math.max(1, Math.ceil(days.length / 40));
  const holidays = new Map<string, Array<{ country: string; name: string }>>();
  for (const x of s.holidays ?? [])
    holidays.set(x.date, [...(holidays.get(x.date) ?? []), { country: x.country, name: x.name }]);
  const totals = days.length <= 62;
  const bars = days
    .map((d, i) => {
      const x = left + i * bw + bw * 0.12;
      const w = Math.max(1, bw * 0.76);
      let acc = 0;
      const seg = (n: number, color: string, name: string): string => {
        if (n === 0) return '';
        const y1 = y(acc + n);
        const hgt = y(acc) - y1;
        acc += n;
        return `<rect x="${x.toFixed(1)}" y="${y1.toFixed(1)}" width="${w.toFixed(1)}" height="${hgt.toFixed(1)}" fill="${color}"><title>${d.date}: ${t.int(n)} ${h(name)}</title></rect>`;
      };
      const wdIndex = weekdayOfDate(d.date) - 1;
      const wd = t.weekdays[wdIndex]!;
      const hol = holidays.get(d.date);
      const label =
        i % labelEvery === 0 || hol
          ? `<text transform="translate(${(x + w / 2).toFixed(1)} ${H - bottom + 10}) rotate(-55)" text-anchor="end" class="axis${hol ? ' hol' : wdIndex >= 5 ? ' we' : ''}">${hol ? `${h(hol.map((x) => x.country).join('+'))} ◆ ` : ''}${d.date.slice(5)} ${h(wd)}</text>`
          : '';
      const band = hol
        ? `<rect x="${(left + i * bw).toFixed(1)}" y="${top}" width="${bw.toFixed(1)}" height="${plotH}" class="holband"/>`
        : '';
      const total =
        totals && d.records > 0
          ? `<text x="${(x + w / 2).toFixed(1)}" y="${(y(d.records) - 3).toFixed(1)}" text-anchor="middle" class="tot">${short(t, d.records)}</text>`
          : '';
      return (
        band +
        seg(d.allowed, C.allow, t.status['allowed']!) +
        seg(d.delayed, C.delay, t.status['delayed']!) +
        seg(d.blocked, C.block, t.status['blocked']!) +
        seg(d.unverified, C.unverified, t.status['unverified']!) +
        total +
        label
      );
    })
    .join('');
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${h(t.byDate)}">${grid.join('')}${bars}</svg>
  <p class="legend"><span class="sw" style="background:${C.allow}"></span> ${h(t.status['allowed']!)} <span class="sw" style="background:${C.delay}"></span> ${h(t.status['delayed']!)} <span class="sw" style="background:${C.block}"></span> ${h(t.status['blocked']!)} <span class="sw" style="background:${C.unverified}"></span> ${h(t.status['unverified']!)} · ${h(t.weekendsRed)} · <span class="sw" style="background:${HOLIDAY_BAND}"></span> ◆ ${h(t.publicHoliday)}${holidayList(t, s)}</p>`;
}

/** Every date from the first to the last (a day without records is a gap, not a missing bar), up to 2 years. */
function withEmptyDays(byDate: AuditSummary['byDate']): AuditSummary['byDate'] {
  const DAY = 86_400_000;
  const first = Date.parse(`${byDate[0]!.date}T00:00:00Z`);
  const last = Date.parse(`${byDate[byDate.length - 1]!.date}T00:00:00Z`);
  if ((last - first) / DAY > 731) return byDate;
  const have = new Map(byDate.map((d) => [d.date, d]));
  const out: Array<AuditSummary['byDate'][number]> = [];
  for (let ms = first; ms <= last; ms += DAY) {
    const date = new Date(ms).toISOString().slice(0, 10);
    out.push(
      have.get(date) ?? {
        date,
        records: 0,
        allowed: 0,
        delayed: 0,
        blocked: 0,
        unverified: 0,
        violations: 0,
        unverifiedViolations: 0,
        warnings: 0,
      },
    );
  }
  return out;
}

function niceStep(max: number): number {
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (raw <= m * mag) return Math.max(1, m * mag);
  return Math.max(1, 10 * mag);
}

const HOLIDAY_BAND = '#ece4f7';

/** The national holidays in the period, by country: "CO 2026-03-23 Mon San José". */
function holidayList(t: ReportText, s: AuditSummary): string {
  const list = s.holidays ?? [];
  if (list.length === 0) return h(t.noHolidays);
  return `: ${list.map((x) => `<b>${h(x.country)}</b> ${h(x.date)} ${h(t.weekdays[weekdayOfDate(x.date) - 1]!)} ${h(x.name)}`).join(' · ')} <small>${h(t.holidaysNational)}</small>`;
}

/** The period of each country in its debtors' local time (the reference zone named), else the UTC period. */
function periodHtml(s: AuditSummary, t: ReportText): string {
  const local = s.localPeriod ?? [];
  if (local.length === 0)
    return s.period.from === null
      ? `${h(t.period)} –`
      : `${h(t.period)} <b>${h(fmtUtc(s.period.from))}</b> → <b>${h(fmtUtc(s.period.to!))}</b>`;
  return `${h(t.periodLocal)}: ${local.map((p) => `${h(t.countryName[p.country] ?? p.country)} <b>${h(localOf(p.from))}</b> → <b>${h(localOf(p.to))}</b> <small>(${h(p.timeZone)})</small>`).join(' · ')}`;
}

/** A frequency finding's earlier contact: its log line, local time, channel and outcome. */
function earlierHtml(t: ReportText, f: Finding, zone: string): string {
  const c = f.evidence?.earlierContact;
  if (c === undefined) return '';
  const ms = Date.parse(c.at);
  const when = Number.isNaN(ms) ? c.at : localOf(formatInstant(ms, zone));
  return `<div class="earlier">${h(t.earlierContact)}${c.line !== undefined ? `: ${h(t.lineN(c.line))}` : ''}, ${h(when)}, ${h(t.channel[c.channel] ?? c.channel)}${c.outcome ? ` (${h(t.outcome[c.outcome] ?? c.outcome)})` : ''}</div>`;
}

function fmtBytes(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(0)} kB` : `${n} B`;
}

/** The few Markdown marks the library's own notes use: `code`, **bold**, _italic_. */
function mdToHtml(s: string): string {
  return h(s)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>')
    .replace(/(^|\s)_([^_]+)_/g, '$1<i>$2</i>');
}

/** One label → value of the provenance; a query keeps its lines, in a monospace face, across the card. */
function provenanceItem(r: ProvenanceRow): string {
  const cls = [r.notDefault ? 'nd' : '', r.verbatim ? 'wide' : ''].filter(Boolean).join(' ');
  const value = r.verbatim ? `<code>${r.value.split(/\r?\n/).map(h).join('<br>')}</code>` : h(r.value);
  return `<div${cls ? ` class="${cls}"` : ''}><dt>${h(r.label)}</dt><dd>${value}</dd></div>`;
}

/** "How the mapping read each field": the contract's field, the export's columns (or the auditor's value), how read. */
function mappingTable(t: ReportText, rows: readonly MappingFieldRow[]): string {
  if (rows.length === 0) return '';
  return `<h3>${h(t.prov.fieldsTitle)}</h3>
  <table class="mapping">
    <thead><tr><th>${h(t.prov.colField)}</th><th>${h(t.prov.colFrom)}</th><th>${h(t.prov.colHow)}</th></tr></thead>
    <tbody>${rows.map((r) => `<tr${r.stated ? ' class="auditor"' : ''}><td><code>${h(r.field)}</code></td><td>${h(r.from)}</td><td>${h(r.how)}</td></tr>`).join('')}</tbody>
  </table>`;
}

const CSS = `
:root{--ink:#1d2330;--muted:#5b6475;--line:#e3e6ec;--bg:#f4f5f8;--card:#fff}
*{box-sizing:border-box;-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1200px;margin:0 auto;padding:24px}
header h1{margin:0 0 4px;font-size:26px}
.meta{color:var(--muted);margin:0 0 16px}
code{font:12px/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f1f3f7;padding:1px 4px;border-radius:3px;overflow-wrap:anywhere}
td.id code,td.field code{white-space:nowrap}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 20px;margin:0 0 16px;box-shadow:0 1px 2px rgba(0,0,0,.04)}
.card h2{font-size:17px;margin:0 0 10px}.card table+h2{margin-top:22px}
.card.two{display:grid;grid-template-columns:minmax(0,0.85fr) minmax(0,1.4fr);gap:28px}
table.counts .bar-col{width:110px}
.card.two h2+table{margin-bottom:18px}
.sub,.none{color:var(--muted);margin:4px 0 10px}
.kpis{display:grid;grid-template-columns:repeat(6,1fr);gap:10px;margin-bottom:12px}
.kpi{border:1px solid var(--line);border-left:5px solid #8a93a6;border-radius:8px;padding:8px 12px}
.kpi .label{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.kpi .value{font-size:24px;font-weight:650}
.kpi .subv{font-size:12px;color:var(--muted)}
.kpi.allow{border-left-color:${C.allow}}.kpi.delay{border-left-color:${C.delay}}.kpi.block{border-left-color:${C.block}}.kpi.unverified{border-left-color:${C.unverified}}.kpi.reject{border-left-color:${C.reject}}
.card h3{font-size:14.5px;margin:14px 0 6px}
.lead{font-size:15px;margin:8px 0 4px}
.gaps{margin:4px 0 0;padding-left:20px}.gaps li{margin:3px 0}
a.rule{text-decoration:none}a.rule code{color:#1a4c9c;text-decoration:underline;text-decoration-color:#c5d3ea}
a.law{font-size:11px;font-weight:650;color:#1a4c9c}
.badge.unv{background:#e6e9f4;color:${C.unverified}}.badge.sec{background:#fdeed9;color:#8a4b00;text-transform:none}
.pub{color:var(--muted)}
.worst{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:8px 28px}.worst>div{min-width:0}.worst h4{margin:6px 0 4px;font-size:13px}
.stated{margin:10px 0 0;padding:6px 10px;background:#fff8e6;border-left:3px solid ${C.delay};font-size:13px}
.listing .dims{font-size:11px;color:var(--muted);margin-top:2px}
table.dims .bar-col{width:110px}table.dims td.value{white-space:nowrap}
.findings .unproven{color:var(--muted)}
.from{font-size:11px;color:var(--muted);margin-top:3px;white-space:nowrap}
td.made{width:150px}td.status{width:150px}
.findings{min-width:48%}.findings code{overflow-wrap:normal;word-break:normal}
.verdict.delayed{background:${C.delay}}.verdict.blocked{background:${C.block}}.verdict.unverified{background:${C.unverified}}
.stack{display:flex;height:12px;border-radius:4px;overflow:hidden;background:#eee;min-width:120px}
.stack.big{height:26px;margin:4px 0 10px}
.stack span{display:block;min-width:0;white-space:nowrap;overflow:hidden}
.stack.big span{color:#fff;font-size:12px;font-weight:600;line-height:26px;padding-left:8px;text-overflow:ellipsis}
.accounting{padding:8px 12px;border-radius:6px;margin:8px 0 0}
.accounting.ok{background:#eef7ef;border:1px solid #cfe8d1}.accounting.bad{background:#fdecea;border:1px solid #f5c2bd}
.card.notice.bad{background:#fdecea;border:2px solid ${C.block}}.card.notice ul{margin:6px 0 0;padding-left:20px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{font-size:12px;color:var(--muted);font-weight:600;background:#fafbfc}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.small,.small{font-size:12px}
td.nowrap,span.nowrap{white-space:nowrap}
.made .hol{color:#6a3a94;font-weight:600}
.bar-col{width:190px}
.hbar{height:10px;background:#f0f1f4;border-radius:3px;overflow:hidden;margin-top:4px}
.hbar span{display:block;height:100%}
.example{color:var(--muted);font-size:12px;margin-top:2px}
.badge{display:inline-block;font-size:11px;font-weight:650;padding:1px 7px;border-radius:10px;text-transform:uppercase;letter-spacing:.03em}
.badge.law{background:#e3ecfa;color:#1a4c9c}.badge.policy{background:#f3eafa;color:#6a3a94}.badge.warn{background:#fff3cd;color:${C.warn}}
.cite{font-size:11.5px;color:var(--muted);margin-top:2px}
.cite a{color:#1a4c9c}
table.rules td:first-child{width:52%}
.chart{display:block;max-width:100%;height:auto}
.chart .lbl{font-size:12px;fill:var(--ink)}.chart .val{font-size:11px;fill:var(--muted)}.chart .lgd{font-size:11px;fill:var(--muted)}
.chart .axis{font-size:10px;fill:var(--muted)}.chart .axis.we{fill:${C.block}}.chart .axis.hol{fill:#6a3a94;font-weight:700}.chart .grid{stroke:#d9dce3;stroke-width:1}
.chart .holband{fill:${HOLIDAY_BAND}}.chart .tot{font-size:9px;fill:var(--muted)}
.chart.cat{width:100%;max-width:560px}
.provenance dl{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:4px 18px;margin:0}
.provenance dl div{padding:3px 8px;border-left:3px solid var(--line)}
.provenance dl div.nd{border-left-color:${C.delay};background:#fff8e6}
.provenance dt{font-size:11.5px;color:var(--muted)}.provenance dd{margin:0;font-size:12.5px;overflow-wrap:anywhere}
.provenance dl div.wide{grid-column:1/-1}
.provenance h3{margin-top:16px}
table.mapping td:first-child{white-space:nowrap;width:1%}table.mapping tr.auditor td{background:#fff8e6}
.findings div{margin:0 0 3px}.findings .earlier{color:var(--muted);font-size:11px;margin:1px 0 0 12px}
code.debtor{font-size:11px}
.heat{table-layout:fixed;font-size:11px}
.heat th,.heat td{text-align:center;padding:5px 0;border:1px solid #fff}
.heat th{background:none}
.heat tbody th{text-align:left;padding-left:4px;width:42px}
.heat td.sum{background:#f4f5f8;font-weight:600;text-align:right;padding-right:6px;width:76px}
.heat thead th.sum{width:76px;line-height:1.1;text-align:right;padding-right:6px;white-space:normal;font-size:10.5px}
.legend{font-size:12px;color:var(--muted);margin:8px 0 0}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-2px;margin:0 2px 0 8px;border:1px solid rgba(0,0,0,.08)}
.verdict{font-size:11px;font-weight:700;text-transform:uppercase;padding:1px 6px;border-radius:4px;color:#fff}
.verdict.allowed{background:${C.allow}}
.listing td{font-size:12px}
.excerpt{max-width:380px}
.excerpt code{font-size:11px;color:var(--muted);word-break:break-all}
.method li{margin:4px 0}
footer{color:var(--muted);font-size:12px;text-align:center;margin:8px 0 24px}
@media (max-width:900px){.kpis{grid-template-columns:repeat(3,1fr)}.card.two{grid-template-columns:1fr}}
@page{size:A4 landscape;margin:10mm 10mm 12mm;@bottom-right{content:"page " counter(page) " of " counter(pages);font:9px system-ui,sans-serif;color:#555}@bottom-left{content:"cobranza-compliance · contact-log audit";font:9px system-ui,sans-serif;color:#555}}
@media print{
  body{background:#fff;font-size:10.5px}
  header h1{font-size:20px}
  .kpi .value{font-size:18px}
  .card h2{font-size:14px}
  .card h3{font-size:12px}.lead{font-size:11.5px}.worst h4{font-size:10.5px}.stated{font-size:9.5px}
  .worst{break-inside:avoid}
  .example,.cite,td.small,.small,.sub,.legend,.listing td,.kpi .label,.kpi .subv{font-size:9px}
  main{max-width:none;padding:0}
  .card{box-shadow:none;border:1px solid #ccc;padding:10px 12px;margin-bottom:10px}
  .card.two,.kpis,.heat,.chart,.accounting,.provenance dl{break-inside:avoid}
  .card.two{grid-template-columns:minmax(0,1fr) minmax(0,1.25fr)}
  .kpis{grid-template-columns:repeat(6,1fr)}
  .chart.cat{max-width:115mm}
  .provenance dl{grid-template-columns:repeat(3,1fr)}
  .provenance dt,.provenance dd,table.mapping td{font-size:9px}
  .findings .earlier,code.debtor,.excerpt code{font-size:8.5px}
  h2{break-after:avoid}
  thead{display:table-header-group}
  tr{break-inside:avoid}
  table,th{font-size:9.5px}
  code{font-size:9px}
  .cite a{color:inherit;text-decoration:none}
  .cite a::after{content:" — " attr(href);font-size:9px;color:#555;word-break:break-all}
}
`;
