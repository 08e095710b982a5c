import { formatLabel } from './_lib/formatLabel.js';
import type { AuditResult, AuditSummary, VerdictCounts } from './auditTypes.js';
import { collectListing } from './_lib/collectListing.js';
import { httpUrl } from '../_lib/httpUrl.js';
import { COUNTRY_NAMES, escapeHtml as h, fmtInt, fmtLocal, fmtUtc, localOf, pct, WEEKDAYS } from './_lib/format.js';
import { capNote, methodNotes, type HumanReportOptions } from './renderAuditMarkdown.js';
import { rulesetNoticeHtml } from './_lib/rulesetNotice.js';
import { provenanceRows } from './_lib/provenanceRows.js';
import { formatInstant } from '../_lib/localClock.js';
import type { Finding } from '../schema/decision.js';

const C = { allow: '#2e7d32', delay: '#e69500', block: '#c62828', reject: '#6d6d6d', warn: '#8d6e00' };

/**
 * The audit as one self-contained HTML file: inline CSS and SVG charts, no script, no font or image
 * from the network, and a print style sheet (A4 landscape, colours kept, table headers repeated).
 */
export async function renderAuditHtml(result: AuditResult, options: HumanReportOptions = {}): Promise<string> {
  const s = result.summary;
  const listing = await collectListing(result, options);
  const t = s.totals;
  const a = s.accounting;
  const sections: string[] = [];

  sections.push(`<header>
  <h1>Contact-log audit</h1>
  <p class="meta"><b>${h(s.source.name)}</b> · ${formatLabel(s.source.format)}${s.source.bytes !== null ? ` · ${fmtBytes(s.source.bytes)}` : ''}
  · rules <code>${h(s.ruleset.version)}</code> (${h(s.ruleset.countries.join(', '))})
  · generated ${h(fmtUtc(s.generatedAt))}</p>
  <p class="meta">${periodHtml(s)}</p>
</header>`);
  const notice = rulesetNoticeHtml(s.ruleset);
  if (notice) sections.push(notice);
  const provenance = provenanceRows(s);
  if (provenance.length > 0) {
    sections.push(`<section class="card provenance">
  <h2>How this report was produced</h2>
  <dl>${provenance.map((r) => `<div${r.notDefault ? ' class="nd"' : ''}><dt>${h(r.label)}</dt><dd>${h(r.value)}</dd></div>`).join('')}</dl>
</section>`);
  }

  sections.push(`<section class="card">
  <h2>Summary</h2>
  <div class="kpis">
    ${kpi('Records judged', t.records, '')}
    ${kpi('Debtors', t.debtors, '')}
    ${kpi('Allowed', t.allowed, pct(t.allowed, t.records), 'allow')}
    ${kpi('Delayed', t.delayed, pct(t.delayed, t.records), 'delay')}
    ${kpi('Blocked', t.blocked, pct(t.blocked, t.records), 'block')}
    ${kpi('Rejected lines', a.rejected, pct(a.rejected, a.records), 'reject')}
  </div>
  ${stackBar(t, true)}
  <p>${fmtInt(t.notAllowed)} of ${fmtInt(t.records)} records broke at least one rule (${fmtInt(t.violations)} violations in all); ${fmtInt(t.allowedWithWarnings)} allowed records carry a warning.
  <i>Delayed</i>: every violation was about time (hours, holiday, frequency) — the contact would have been lawful later. <i>Blocked</i>: a violation waiting could not cure.</p>
  <p class="accounting ${a.balanced ? 'ok' : 'bad'}"><b>Accounting ${a.balanced ? '✓ balanced' : '✗ NOT BALANCED'}</b> —
  ${fmtInt(a.lines)} lines = ${fmtInt(a.headerLines)} header + ${fmtInt(a.blankLines)} blank + ${fmtInt(a.recordLines)} record lines;
  ${fmtInt(a.records)} records = ${fmtInt(a.evaluated)} judged + ${fmtInt(a.rejected)} rejected.</p>
</section>`);

  const violations = s.byRule.filter((r) => r.severity === 'block');
  const warnings = s.byRule.filter((r) => r.severity === 'warn');
  sections.push(`<section class="card">
  <h2>Violations by rule</h2>
  <p class="sub">Records on which each rule fired, most frequent first. <span class="badge law">law</span> statutory; <span class="badge policy">policy</span> the library's labelled default, not law.</p>
  ${violations.length === 0 ? '<p class="none">No rule was broken.</p>' : ruleTable(violations, t.records, C.block)}
</section>`);
  sections.push(`<section class="card two">
  <div>
    <h2>By category</h2>
    <p class="sub">Findings of each category: violations and warnings on scales of their own (a warning does not make a record not allowed).</p>
    ${categoryChart(s)}
  </div>
  <div>
    <h2>Where: by country</h2>
    ${countsTable(
      'Country',
      s.byCountry.map((c) => [
        `${h(COUNTRY_NAMES[c.country] ?? c.country)} <small>${fmtInt(c.debtors)} debtors</small>`,
        c,
      ]),
    )}
    <h2>By channel</h2>
    ${countsTable(
      'Channel',
      s.byChannel.map((c) => [h(c.channel), c]),
    )}
  </div>
</section>`);

  if (warnings.length > 0) {
    sections.push(`<section class="card">
  <h2>Warnings by rule</h2>
  <p class="sub">Findings of severity <i>warn</i>: the contact was allowed, but a policy default advises against how it was made. They do not count as violations.</p>
  ${ruleTable(warnings, t.records, C.warn)}
</section>`);
  }

  sections.push(`<section class="card">
  <h2>When: records not allowed by local weekday and hour</h2>
  <p class="sub">In the debtor's local time. The number in a cell is the records not allowed in that hour, its shade their count; a pale green cell had contacts, all allowed. The last columns: records not allowed and all records, per weekday.</p>
  ${heatmap(s)}
</section>`);

  sections.push(`<section class="card">
  <h2>By local date</h2>
  <p class="sub">Records per day, by the debtor's local date; the number above a bar is its total. Public holidays are marked.</p>
  ${dailyChart(s)}
</section>`);

  sections.push(`<section class="card">
  <h2>Debtors with most records not allowed</h2>
  ${
    s.topDebtors.length === 0
      ? '<p class="none">None.</p>'
      : `<table>
    <thead><tr><th>Debtor</th><th>Countries</th><th class="n">Records</th><th class="n">Not allowed</th><th class="n">Violations</th><th>Most frequent rules</th></tr></thead>
    <tbody>${s.topDebtors.map((d) => `<tr><td class="id"><code>${h(d.debtorId)}</code></td><td>${h(d.countries.join(', '))}</td><td class="n">${fmtInt(d.records)}</td><td class="n">${fmtInt(d.notAllowed)}</td><td class="n">${fmtInt(d.violations)}</td><td class="small">${d.topRules.map((r) => `<code>${h(r)}</code>`).join(' ')}</td></tr>`).join('')}</tbody>
  </table>`
  }
</section>`);

  sections.push(`<section class="card">
  <h2>Rejected lines</h2>
  ${
    a.rejected === 0
      ? '<p class="none">None: every record was judged.</p>'
      : `<table class="compact">
    <thead><tr><th>Field</th><th>Code</th><th class="n">Lines</th><th class="n">First line</th></tr></thead>
    <tbody>${s.rejectedBy.map((r) => `<tr><td class="field"><code>${h(r.path)}</code></td><td>${h(r.code)}</td><td class="n">${fmtInt(r.count)}</td><td class="n">${r.firstLine}</td></tr>`).join('')}</tbody>
  </table>
  <p class="sub">${mdToHtml(capNote(listing.rejections.length, listing.rejectionsTotal, 'rejected lines'))}</p>
  <table class="listing">
    <thead><tr><th class="n">Line</th><th>Field</th><th>Code</th><th>Message</th><th>Line as read</th></tr></thead>
    <tbody>${listing.rejections.map((r) => r.issues.map((i, k) => `<tr>${k === 0 ? `<td class="n" rowspan="${r.issues.length}">${r.line}</td>` : ''}<td class="field"><code>${h(i.path)}</code></td><td>${h(i.code)}</td><td>${h(i.message)}</td>${k === 0 ? `<td rowspan="${r.issues.length}" class="excerpt"><code>${h(r.excerpt)}</code></td>` : ''}</tr>`).join('')).join('')}</tbody>
  </table>`
  }
</section>`);

  sections.push(`<section class="card">
  <h2>Records not allowed</h2>
  ${
    listing.recordsTotal === 0
      ? '<p class="none">None.</p>'
      : `<p class="sub">${mdToHtml(capNote(listing.records.length, listing.recordsTotal, 'records not allowed'))}</p>
  <table class="listing">
    <thead><tr><th class="n">Line</th><th>Id · debtor</th><th>Country · channel</th><th>Local time</th><th>Verdict</th><th>What broke the rule (and, for frequency, the earlier contact that counted)</th><th>Next allowed (local)</th></tr></thead>
    <tbody>${listing.records
      .map((r) => {
        const d = r.decision;
        return `<tr><td class="n">${r.line}</td><td class="nowrap">${h(d.attemptId ?? '–')}<br><code class="debtor">${h(r.debtorId)}</code></td><td>${h(r.country)} · ${h(r.channel)}</td>
      <td class="nowrap">${h(fmtLocal(d.context.localTime))}<br><small>${h(d.context.timeZone)}</small></td>
      <td><span class="verdict ${h(d.verdict)}">${h(d.verdict)}</span></td>
      <td class="findings">${d.violations.map((v) => `<div><code>${h(v.ruleId)}</code> ${h(v.message)}${earlierHtml(v, d.context.timeZone)}</div>`).join('')}</td>
      <td class="nowrap">${d.nextAllowedAt ? h(localOf(d.nextAllowedAt)) : '–'}</td></tr>`;
      })
      .join('')}</tbody>
  </table>`
  }
</section>`);

  sections.push(`<section class="card method">
  <h2>Method</h2>
  <ul>${methodNotes(s)
    .map((n) => `<li>${mdToHtml(n)}</li>`)
    .join('')}</ul>
</section>`);

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Contact-log audit — ${h(s.source.name)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${sections.join('\n')}
<footer>cobranza-compliance${s.provenance ? ` ${h(s.provenance.library.version)}` : ''} · audit report format ${s.formatVersion} · rules ${h(s.ruleset.version)}</footer>
</main>
</body>
</html>
`;
}

function ruleTable(rules: AuditSummary['byRule'], judged: number, color: string): string {
  return `<table class="rules">
    <thead><tr><th>Rule, an example of its message, and what it cites</th><th>Kind</th><th>Category</th><th class="n">Records</th><th class="bar-col">Share of records judged (bar: 0–100 %)</th><th>Channels</th></tr></thead>
    <tbody>${rules
      .map(
        (r) => `<tr>
      <td><code>${h(r.ruleId)}</code>
        <div class="example">${h(r.example)}</div>
        <div class="cite">${citeLink(r.citation)}, ${h(r.citation.article)}</div></td>
      <td>${r.statutory ? '<span class="badge law">law</span>' : '<span class="badge policy">policy</span>'}</td>
      <td>${h(r.category)}</td>
      <td class="n">${fmtInt(r.records)}</td>
      <td class="bar-col"><div class="hbar" title="${h(pct(r.records, judged))} of the records judged"><span style="width:${(judged === 0 ? 0 : Math.max(0.5, (r.records / judged) * 100)).toFixed(2)}%;background:${color}"></span></div><small>${pct(r.records, judged)}</small></td>
      <td class="small nowrap">${Object.entries(r.byChannel)
        .map(([c, n]) => `${h(c)} ${fmtInt(n)}`)
        .join('<br>')}</td>
    </tr>`,
      )
      .join('')}</tbody>
  </table>`;
}

/** The instrument, linked only when the citation's URL is http(s): a rule file is untrusted. */
function citeLink(c: AuditSummary['byRule'][number]['citation']): string {
  const href = httpUrl(c.url);
  return href === undefined
    ? `${h(c.instrument)} <small>(${h(c.url)}, not linked: not an http(s) URL)</small>`
    : `<a href="${h(href)}">${h(c.instrument)}</a>`;
}

function kpi(label: string, n: number, sub: string, kind = ''): string {
  return `<div class="kpi ${kind}"><div class="label">${h(label)}</div><div class="value">${fmtInt(n)}</div><div class="subv">${h(sub)}&nbsp;</div></div>`;
}

/** Allowed / delayed / blocked as one horizontal bar (CSS). */
function stackBar(c: VerdictCounts, labels = false): string {
  if (c.records === 0) return '<div class="stack empty"></div>';
  const seg = (n: number, color: string, name: string): string =>
    n === 0
      ? ''
      : `<span style="flex:${n} 1 0;background:${color}" title="${name}: ${fmtInt(n)}">${labels && n / c.records > 0.06 ? `${name} ${pct(n, c.records)}` : ''}</span>`;
  return `<div class="stack${labels ? ' big' : ''}">${seg(c.allowed, C.allow, 'allowed')}${seg(c.delayed, C.delay, 'delayed')}${seg(c.blocked, C.block, 'blocked')}</div>`;
}

function countsTable(label: string, rows: Array<[string, VerdictCounts]>): string {
  if (rows.length === 0) return '<p class="none">No records.</p>';
  return `<table class="counts">
    <thead><tr><th>${h(label)}</th><th class="n">Records</th><th class="n">Delayed</th><th class="n">Blocked</th><th class="n">Not allowed</th><th class="bar-col">Allowed · delayed · blocked</th></tr></thead>
    <tbody>${rows.map(([name, c]) => `<tr><td>${name}</td><td class="n">${fmtInt(c.records)}</td><td class="n">${fmtInt(c.delayed)}</td><td class="n">${fmtInt(c.blocked)}</td><td class="n">${pct(c.delayed + c.blocked, c.records)}</td><td class="bar-col">${stackBar(c)}</td></tr>`).join('')}</tbody>
  </table>`;
}

/**
 * Findings by category, violations and warnings as two bar charts side by side, each on its own scale
 * with its count written: stacked, 232 warnings would make a category with 10 violations look worst.
 */
function categoryChart(s: AuditSummary): string {
  if (s.byCategory.length === 0) return '<p class="none">No findings.</p>';
  const rows = s.byCategory;
  const maxV = Math.max(1, ...rows.map((r) => r.violations));
  const maxW = Math.max(1, ...rows.map((r) => r.warnings));
  const left = 104;
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
      return `<text x="${left - 8}" y="${y + 13}" text-anchor="end" class="lbl">${h(r.category)}</text>
      <rect x="${left}" y="${y}" width="${wv.toFixed(1)}" height="16" fill="${C.block}"/><text x="${(left + wv + 4).toFixed(1)}" y="${y + 12}" class="val">${fmtInt(r.violations)}</text>
      <rect x="${x2}" y="${y}" width="${ww.toFixed(1)}" height="16" fill="${C.warn}"/><text x="${(x2 + ww + 4).toFixed(1)}" y="${y + 12}" class="val">${fmtInt(r.warnings)}</text>`;
    })
    .join('');
  return `<svg class="chart cat" viewBox="0 0 ${W} ${H}" width="${W}" role="img" aria-label="Violations and warnings by category">
    <text x="${left}" y="11" class="lgd" fill="${C.block}">violations (not allowed)</text><text x="${x2}" y="11" class="lgd">warnings (allowed)</text>
    <line x1="${left}" x2="${left}" y1="${top - 2}" y2="${H - 4}" class="grid"/><line x1="${x2}" x2="${x2}" y1="${top - 2}" y2="${H - 4}" class="grid"/>${bars}</svg>`;
}

function heatmap(s: AuditSummary): string {
  const { records, notAllowed } = s.heatmap;
  const max = Math.max(1, ...notAllowed.flat());
  const head = `<tr><th></th>${Array.from({ length: 24 }, (_, hr) => `<th>${String(hr).padStart(2, '0')}</th>`).join('')}<th class="n sum">Σ not<br>allowed</th><th class="n sum">Σ all<br>records</th></tr>`;
  const body = records
    .map((row, d) => {
      const cells = row
        .map((n, hr) => {
          const bad = notAllowed[d]![hr]!;
          const shade = bad === 0 ? (n === 0 ? '#fafafa' : '#e8f5e9') : heat(bad / max);
          const dark = bad / max > 0.45;
          return `<td style="background:${shade}${dark ? ';color:#fff' : ''}" title="${WEEKDAYS[d]} ${String(hr).padStart(2, '0')}:00–${String(hr).padStart(2, '0')}:59 · ${fmtInt(bad)} not allowed of ${fmtInt(n)}">${bad === 0 ? '' : short(bad)}</td>`;
        })
        .join('');
      const sum = notAllowed[d]!.reduce((x, y) => x + y, 0);
      const all = row.reduce((x, y) => x + y, 0);
      return `<tr><th>${WEEKDAYS[d]}</th>${cells}<td class="n sum">${fmtInt(sum)}</td><td class="n sum">${fmtInt(all)}</td></tr>`;
    })
    .join('');
  return `<table class="heat"><thead>${head}</thead><tbody>${body}</tbody></table>
  <p class="legend"><span class="sw" style="background:#e8f5e9"></span> contacts, all allowed <span class="sw" style="background:${heat(0.1)}"></span><span class="sw" style="background:${heat(0.5)}"></span><span class="sw" style="background:${heat(1)}"></span> fewer → more records not allowed (max ${fmtInt(max)} in one cell)</p>`;
}

/** A count that fits a heat-map cell: 12,345 → 12k. */
function short(n: number): string {
  return n < 10_000 ? fmtInt(n) : n < 1_000_000 ? `${Math.round(n / 1000)}k` : `${(n / 1_000_000).toFixed(1)}M`;
}

function heat(x: number): string {
  // From a pale amber to a deep red.
  const l = 90 - 58 * Math.min(1, Math.max(0, x));
  const hue = 40 - 40 * Math.min(1, x);
  return `hsl(${hue.toFixed(0)} 85% ${l.toFixed(0)}%)`;
}

function dailyChart(s: AuditSummary): string {
  if (s.byDate.length === 0) return '<p class="none">No records.</p>';
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
      `<line x1="${left}" x2="${W - 10}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/><text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" class="axis">${fmtInt(v)}</text>`,
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
        return `<rect x="${x.toFixed(1)}" y="${y1.toFixed(1)}" width="${w.toFixed(1)}" height="${hgt.toFixed(1)}" fill="${color}"><title>${d.date}: ${fmtInt(n)} ${name}</title></rect>`;
      };
      const wd = WEEKDAYS[(new Date(`${d.date}T00:00:00Z`).getUTCDay() + 6) % 7];
      const hol = holidays.get(d.date);
      const label =
        i % labelEvery === 0 || hol
          ? `<text transform="translate(${(x + w / 2).toFixed(1)} ${H - bottom + 10}) rotate(-55)" text-anchor="end" class="axis${hol ? ' hol' : wd === 'Sun' || wd === 'Sat' ? ' we' : ''}">${hol ? `${h(hol.map((x) => x.country).join('+'))} ◆ ` : ''}${d.date.slice(5)} ${wd}</text>`
          : '';
      const band = hol
        ? `<rect x="${(left + i * bw).toFixed(1)}" y="${top}" width="${bw.toFixed(1)}" height="${plotH}" class="holband"/>`
        : '';
      const total =
        totals && d.records > 0
          ? `<text x="${(x + w / 2).toFixed(1)}" y="${(y(d.records) - 3).toFixed(1)}" text-anchor="middle" class="tot">${short(d.records)}</text>`
          : '';
      return (
        band +
        seg(d.allowed, C.allow, 'allowed') +
        seg(d.delayed, C.delay, 'delayed') +
        seg(d.blocked, C.block, 'blocked') +
        total +
        label
      );
    })
    .join('');
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="Records per local date">${grid.join('')}${bars}</svg>
  <p class="legend"><span class="sw" style="background:${C.allow}"></span> allowed <span class="sw" style="background:${C.delay}"></span> delayed <span class="sw" style="background:${C.block}"></span> blocked · weekends in red · <span class="sw" style="background:${HOLIDAY_BAND}"></span> ◆ public holiday${holidayList(s)}</p>`;
}

/** Every date from the first to the last (a day without records is a gap, not a missing bar), up to 2 years. */
function withEmptyDays(byDate: AuditSummary['byDate']): AuditSummary['byDate'] {
  const DAY = 86_400_000;
  const first = Date.parse(`${byDate[0]!.date}T00:00:00Z`);
  const last = Date.parse(`${byDate[byDate.length - 1]!.date}T00:00:00Z`);
  if ((last - first) / DAY > 731) return byDate;
  const have = new Map(byDate.map((d) => [d.date, d]));
  const out: Array<AuditSummary['byDate'][number]> = [];
  for (let t = first; t <= last; t += DAY) {
    const date = new Date(t).toISOString().slice(0, 10);
    out.push(have.get(date) ?? { date, records: 0, allowed: 0, delayed: 0, blocked: 0, violations: 0, warnings: 0 });
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
function holidayList(s: AuditSummary): string {
  const list = s.holidays ?? [];
  if (list.length === 0) return ' (none in the period)';
  return `: ${list.map((x) => `<b>${h(x.country)}</b> ${h(x.date)} ${WEEKDAYS[(new Date(`${x.date}T00:00:00Z`).getUTCDay() + 6) % 7]} ${h(x.name)}`).join(' · ')} <small>(national; regional holidays are applied per debtor but not marked)</small>`;
}

/** The period of each country in its debtors' local time (the reference zone named), else the UTC period. */
function periodHtml(s: AuditSummary): string {
  const local = s.localPeriod ?? [];
  if (local.length === 0)
    return s.period.from === null
      ? 'period –'
      : `period <b>${h(fmtUtc(s.period.from))}</b> → <b>${h(fmtUtc(s.period.to!))}</b>`;
  return `period, in the debtors' local time: ${local.map((p) => `${h(COUNTRY_NAMES[p.country] ?? p.country)} <b>${h(localOf(p.from))}</b> → <b>${h(localOf(p.to))}</b> <small>(${h(p.timeZone)})</small>`).join(' · ')}`;
}

/** A frequency finding's earlier contact: its log line, local time, channel and outcome. */
function earlierHtml(f: Finding, zone: string): string {
  const c = f.evidence?.earlierContact;
  if (c === undefined) return '';
  const ms = Date.parse(c.at);
  const when = Number.isNaN(ms) ? c.at : localOf(formatInstant(ms, zone));
  return `<div class="earlier">earlier contact${c.line !== undefined ? `: line ${c.line}` : ''}, ${h(when)}, ${h(c.channel)}${c.outcome ? ` (${h(c.outcome)})` : ''}</div>`;
}

function fmtBytes(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(0)} kB` : `${n} B`;
}

/** The few Markdown marks the shared notes use: `code`, **bold**, _italic_. */
function mdToHtml(s: string): string {
  return h(s)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>')
    .replace(/(^|\s)_([^_]+)_/g, '$1<i>$2</i>');
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
.card h2{font-size:17px;margin:0 0 10px}
.card.two{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.25fr);gap:28px}
.card.two h2+table{margin-bottom:18px}
.sub,.none{color:var(--muted);margin:4px 0 10px}
.kpis{display:grid;grid-template-columns:repeat(6,1fr);gap:10px;margin-bottom:12px}
.kpi{border:1px solid var(--line);border-left:5px solid #8a93a6;border-radius:8px;padding:8px 12px}
.kpi .label{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.kpi .value{font-size:24px;font-weight:650}
.kpi .subv{font-size:12px;color:var(--muted)}
.kpi.allow{border-left-color:${C.allow}}.kpi.delay{border-left-color:${C.delay}}.kpi.block{border-left-color:${C.block}}.kpi.reject{border-left-color:${C.reject}}
.stack{display:flex;height:12px;border-radius:4px;overflow:hidden;background:#eee;min-width:120px}
.stack.big{height:26px;margin:4px 0 10px}
.stack span{display:block;min-width:0;white-space:nowrap;overflow:hidden}
.stack.big span{color:#fff;font-size:12px;font-weight:600;line-height:26px;padding-left:8px}
.accounting{padding:8px 12px;border-radius:6px;margin:8px 0 0}
.accounting.ok{background:#eef7ef;border:1px solid #cfe8d1}.accounting.bad{background:#fdecea;border:1px solid #f5c2bd}
.card.notice.bad{background:#fdecea;border:2px solid ${C.block}}.card.notice ul{margin:6px 0 0;padding-left:20px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{font-size:12px;color:var(--muted);font-weight:600;background:#fafbfc}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.small,.small{font-size:12px}
td.nowrap{white-space:nowrap}
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
.findings div{margin:0 0 3px}.findings .earlier{color:var(--muted);font-size:11px;margin:1px 0 0 12px}
code.debtor{font-size:11px}
.heat{table-layout:fixed;font-size:11px}
.heat th,.heat td{text-align:center;padding:5px 0;border:1px solid #fff}
.heat th{background:none}
.heat tbody th{text-align:left;padding-left:4px;width:42px}
.heat td.sum{background:#f4f5f8;font-weight:600;text-align:right;padding-right:6px;width:54px}
.heat thead th.sum{width:54px;line-height:1.1;text-align:right;padding-right:6px}
.legend{font-size:12px;color:var(--muted);margin:8px 0 0}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-2px;margin:0 2px 0 8px;border:1px solid rgba(0,0,0,.08)}
.verdict{font-size:11px;font-weight:700;text-transform:uppercase;padding:1px 6px;border-radius:4px;color:#fff}
.verdict.delay{background:${C.delay}}.verdict.block{background:${C.block}}.verdict.allow{background:${C.allow}}
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
  .example,.cite,td.small,.small,.sub,.legend,.listing td,.kpi .label,.kpi .subv{font-size:9px}
  main{max-width:none;padding:0}
  .card{box-shadow:none;border:1px solid #ccc;padding:10px 12px;margin-bottom:10px}
  .card.two,.kpis,.heat,.chart,.accounting,.provenance{break-inside:avoid}
  .card.two{grid-template-columns:minmax(0,1fr) minmax(0,1.25fr)}
  .kpis{grid-template-columns:repeat(6,1fr)}
  .chart.cat{max-width:115mm}
  .provenance dl{grid-template-columns:repeat(3,1fr)}
  .provenance dt,.provenance dd{font-size:9px}
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
