import type { AuditSummary } from '../auditTypes.js';
import { escapeHtml as h, markdownCode, mdCell } from './format.js';
import type { ReportText } from './reportText.js';

/**
 * The block on the first screen of every human report when the rules are not the shipped defaults
 * (they change what the report means): acknowledged deviations from the shipped statutory rules first
 * and prominent, then the overrides in force, then whether the rule files are custom.
 */

type Ruleset = AuditSummary['ruleset'];

/** Markdown lines (a block quote), or none. */
export function rulesetNoticeMarkdown(r: Ruleset, t: ReportText): string[] {
  const out: string[] = [];
  const q = (line = ''): void => {
    out.push(line === '' ? '>' : `> ${line}`);
  };
  if (r.deviations?.length) {
    q(`**⚠ ${mdCell(t.deviationsTitle)}** — ${mdCell(t.deviationsNote)}`);
    q();
    for (const d of r.deviations)
      q(`- ${markdownCode(d.ruleId)} **${mdCell(d.kind)}** (${mdCell(d.source)}): ${mdCell(d.detail)}`);
  }
  if (r.overrides?.length) {
    if (out.length) q();
    q(
      `**${mdCell(t.overridesLabel)}:** ${r.overrides.map((o) => `${markdownCode(o.ruleId)} ${mdCell(o.change)} (${o.statutory ? t.law : t.policy})`).join(' · ')}`,
    );
  }
  if (r.customRules) {
    if (out.length) q();
    q(`**${mdCell(t.customLabel)}:** ${mdCell(t.customNote)}`);
  }
  if (out.length) out.push('');
  return out;
}

/** An HTML section, or ''. */
export function rulesetNoticeHtml(r: Ruleset, t: ReportText): string {
  const parts: string[] = [];
  if (r.deviations?.length) {
    parts.push(`<h2>⚠ ${h(t.deviationsTitle)}</h2>
  <p class="sub">${h(t.deviationsNote)}</p>
  <ul>${r.deviations.map((d) => `<li><code>${h(d.ruleId)}</code> <b>${h(d.kind)}</b> (${h(d.source)}): ${h(d.detail)}</li>`).join('')}</ul>`);
  }
  if (r.overrides?.length)
    parts.push(
      `<p><b>${h(t.overridesLabel)}:</b> ${r.overrides.map((o) => `<code>${h(o.ruleId)}</code> ${h(o.change)} (${o.statutory ? t.law : t.policy})`).join(' · ')}</p>`,
    );
  if (r.customRules) parts.push(`<p><b>${h(t.customLabel)}:</b> ${h(t.customNote)}</p>`);
  return parts.length
    ? `<section class="card notice${r.deviations?.length ? ' bad' : ''}">\n  ${parts.join('\n  ')}\n</section>`
    : '';
}
